from . import satisfaction_index_report
