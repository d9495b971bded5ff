"""Pure-Python core of the satisfaction_survey addon (no Odoo imports).

Imported by Odoo as ``odoo.addons.satisfaction_survey.satisfaction_survey``
and by the tests as ``satisfaction_survey``: keep imports relative.
"""

from .answers import KINDS, QuestionSpec, parse_answers
from .catalogues import (
    DERIVE_RETURN_TIME,
    DERIVE_SUPPLEMENTS,
    ND118_CRITERIA,
    ND118_LEGAL_BASIS,
    ND118_POINT_I,
    OFFICER_CRITERIA,
    OVERALL_CRITERION,
    SIPAS_ELEMENTS,
    CriterionSpec,
    ElementSpec,
    LegalCriterionSpec,
)
from .indices import (
    Z_95,
    aggregate_counts,
    meets_minimum,
    qd766_satisfaction_ratio,
    required_sample_size,
    response_rate,
    satisfaction_index,
    weighted_score,
    wilson_interval,
)
from .periods import LOCAL_TZ, add_months, local_month, month_start, quarter_of
from .phones import is_mobile, normalize_vn_phone
from .qr import qr_data_uri, qr_png
from .scales import QD766_3, SCALES, SIPAS_5, Level, Scale
from .tokens import (
    KIOSK_CODE_ALPHABET,
    KIOSK_CODE_LENGTH,
    TOKEN_BYTES,
    form_token,
    form_token_valid,
    is_well_formed,
    kiosk_code_hash,
    new_kiosk_code,
    new_token,
    normalize_kiosk_code,
    rating_url,
    token_of_rating_link,
    tokens_equal,
)

__all__ = [
    "DERIVE_RETURN_TIME",
    "DERIVE_SUPPLEMENTS",
    "ND118_CRITERIA",
    "ND118_LEGAL_BASIS",
    "ND118_POINT_I",
    "LegalCriterionSpec",
    "KINDS",
    "LOCAL_TZ",
    "OFFICER_CRITERIA",
    "OVERALL_CRITERION",
    "QD766_3",
    "SCALES",
    "SIPAS_5",
    "SIPAS_ELEMENTS",
    "TOKEN_BYTES",
    "Z_95",
    "CriterionSpec",
    "ElementSpec",
    "Level",
    "QuestionSpec",
    "Scale",
    "add_months",
    "aggregate_counts",
    "form_token",
    "form_token_valid",
    "is_mobile",
    "is_well_formed",
    "local_month",
    "meets_minimum",
    "month_start",
    "new_token",
    "normalize_vn_phone",
    "parse_answers",
    "qd766_satisfaction_ratio",
    "qr_data_uri",
    "qr_png",
    "quarter_of",
    "rating_url",
    "required_sample_size",
    "response_rate",
    "satisfaction_index",
    "tokens_equal",
    "weighted_score",
    "wilson_interval",
    "KIOSK_CODE_ALPHABET",
    "KIOSK_CODE_LENGTH",
    "kiosk_code_hash",
    "new_kiosk_code",
    "normalize_kiosk_code",
    "token_of_rating_link",
]
