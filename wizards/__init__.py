from . import satisfaction_answer_entry
from . import satisfaction_answer_entry_line
from . import satisfaction_period_compare
from . import satisfaction_period_compare_line
from . import satisfaction_answer_correction
from . import satisfaction_privacy_wizard
from . import satisfaction_xlsx_export
from . import satisfaction_portal_figure_import
