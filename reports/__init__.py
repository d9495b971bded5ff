from . import satisfaction_index_report
from . import satisfaction_quota_report
from . import satisfaction_unit_period_report
from . import satisfaction_index_report_privacy
from . import satisfaction_scorecard_report
from . import satisfaction_trend_report
from . import satisfaction_index_respondent
from . import satisfaction_comment_theme_report
