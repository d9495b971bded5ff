from . import controllers, models, stats_engine, reports, wizards
from .hooks import post_init_hook, uninstall_hook
