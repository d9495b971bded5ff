from . import controllers, models, reports, wizards
from .hooks import post_init_hook, uninstall_hook
