from . import main
from . import kiosk
from . import rate_limit
from . import results
from . import report
from . import privacy
from . import pakn
