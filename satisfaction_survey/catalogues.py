"""Default questionnaire catalogues, as plain data.

The SIPAS elements and criteria follow the questionnaire of the Ministry of
Home Affairs, QĐ 2640/QĐ-BNV (2017); QĐ 1001/QĐ-BNV (2023) is the
ministry's 2023-2026 method, a household survey, not a counter
questionnaire. The exact wording MUST be checked against the current
questionnaire before shipping; in Odoo they are loaded as editable records,
never used as hard-coded truth.

The per-dossier indicators (9 × 2/1/0 = 18 points) come from TT
01/2018/TT-VPCP, which guided NĐ 61/2018/NĐ-CP; NĐ 61/2018 ceased to have
effect on 1 July 2025 (NĐ 118/2025/NĐ-CP Điều 40.1), so the scheme has no
current national basis and is kept for provinces that still run it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class CriterionSpec:
    """A question. ``officer=True``: the answer is attributed to the officer
    who handled the dossier (per-officer results and quotas)."""

    code: str
    name_en: str
    name_vi: str
    officer: bool = False


@dataclass(frozen=True)
class ElementSpec:
    """A group of criteria (SIPAS "yếu tố")."""

    code: str
    name_en: str
    name_vi: str
    criteria: tuple[CriterionSpec, ...]


def _c(element: str, n: int, en: str, vi: str) -> CriterionSpec:
    return CriterionSpec(f"{element}_{n}", en, vi)


SIPAS_ELEMENTS: tuple[ElementSpec, ...] = (
    ElementSpec(
        "access",
        "Access to the service",
        "Tiếp cận dịch vụ",
        (
            _c(
                "access",
                1,
                "The waiting area has enough seats",
                "Nơi ngồi chờ có đủ chỗ ngồi",
            ),
            _c(
                "access",
                2,
                "Service equipment is sufficient",
                "Trang thiết bị phục vụ đầy đủ",
            ),
            _c("access", 3, "Service equipment is modern", "Trang thiết bị hiện đại"),
            _c(
                "access",
                4,
                "Service equipment is easy to use",
                "Trang thiết bị dễ sử dụng",
            ),
        ),
    ),
    ElementSpec(
        "procedure",
        "Administrative procedure",
        "Thủ tục hành chính",
        (
            _c(
                "procedure",
                1,
                "The procedure is fully posted in public",
                "Thủ tục được niêm yết công khai đầy đủ",
            ),
            _c(
                "procedure",
                2,
                "The posted procedure is accurate",
                "Thủ tục được niêm yết công khai chính xác",
            ),
            _c(
                "procedure",
                3,
                "The documents required are as prescribed",
                "Thành phần hồ sơ đúng quy định",
            ),
            _c(
                "procedure",
                4,
                "Fees and charges are as prescribed",
                "Phí, lệ phí đúng quy định",
            ),
            _c(
                "procedure",
                5,
                "The processing time is as prescribed",
                "Thời hạn giải quyết đúng quy định",
            ),
        ),
    ),
    ElementSpec(
        "officer",
        "Officers handling the work",
        "Công chức giải quyết công việc",
        (
            _c(
                "officer",
                1,
                "Officers communicate politely",
                "Công chức có thái độ giao tiếp lịch sự",
            ),
            _c(
                "officer",
                2,
                "Officers listen attentively",
                "Công chức chú ý lắng nghe ý kiến của người dân, tổ chức",
            ),
            _c(
                "officer",
                3,
                "Officers answer and explain fully",
                "Công chức trả lời, giải thích đầy đủ các ý kiến",
            ),
            _c(
                "officer",
                4,
                "Officers guide the filling-in of the dossier thoroughly",
                "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo",
            ),
            _c(
                "officer",
                5,
                "Officers' guidance is easy to understand",
                "Công chức hướng dẫn kê khai hồ sơ dễ hiểu",
            ),
            _c(
                "officer",
                6,
                "Officers comply with the rules",
                "Công chức tuân thủ đúng quy định trong giải quyết công việc",
            ),
        ),
    ),
    ElementSpec(
        "result",
        "Result of the procedure",
        "Kết quả giải quyết thủ tục hành chính",
        (
            _c("result", 1, "The result is as prescribed", "Kết quả đúng quy định"),
            _c(
                "result",
                2,
                "The result contains complete information",
                "Kết quả có thông tin đầy đủ",
            ),
            _c(
                "result",
                3,
                "The result contains accurate information",
                "Kết quả có thông tin chính xác",
            ),
        ),
    ),
    ElementSpec(
        "feedback",
        "Receiving and handling feedback",
        "Tiếp nhận, xử lý ý kiến góp ý, phản ánh, kiến nghị",
        (
            _c(
                "feedback",
                1,
                "A channel for feedback is provided",
                "Có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị",
            ),
            _c(
                "feedback",
                2,
                "Giving feedback is easy",
                "Dễ dàng thực hiện góp ý, phản ánh, kiến nghị",
            ),
            _c(
                "feedback",
                3,
                "Feedback is received and handled actively",
                "Tiếp nhận, xử lý tích cực các góp ý, phản ánh, kiến nghị",
            ),
            _c(
                "feedback",
                4,
                "The outcome of feedback is notified promptly",
                "Thông báo kết quả xử lý góp ý, phản ánh, kiến nghị kịp thời",
            ),
        ),
    ),
)

OFFICER_CRITERIA = ElementSpec(
    "officer_conduct",
    "Officer conduct",
    "Cán bộ tiếp nhận và trả kết quả",
    (
        CriterionSpec("attitude", "Service attitude", "Thái độ phục vụ", officer=True),
        CriterionSpec("manner", "Working manner", "Tác phong làm việc", officer=True),
        CriterionSpec(
            "responsibility",
            "Sense of responsibility",
            "Tinh thần trách nhiệm",
            officer=True,
        ),
        CriterionSpec(
            "effectiveness",
            "Effectiveness in handling the work",
            "Hiệu quả giải quyết công việc",
            officer=True,
        ),
    ),
)

OVERALL_CRITERION = CriterionSpec(
    "overall",
    "Overall, how satisfied are you with this service?",
    "Nhìn chung, Ông/Bà hài lòng thế nào với dịch vụ này?",
)


# --- Per-dossier evaluation (TT 01/2018/TT-VPCP) -------------------------------------


@dataclass(frozen=True)
class DossierCriterionSpec:
    """One of the nine per-dossier indicators, each scored 2 / 1 / 0.
    ``automatic``: scored from the dossier's dates, not asked."""

    code: str
    name_en: str
    name_vi: str
    automatic: bool


DOSSIER_MAX_SCORE = 18

DOSSIER_EVALUATION_CRITERIA: tuple[DossierCriterionSpec, ...] = (
    DossierCriterionSpec(
        "total_time",
        "Total handling time against the legal time limit",
        "Tổng thời gian giải quyết thủ tục hành chính so với thời gian quy định",
        True,
    ),
    DossierCriterionSpec(
        "agency_time",
        "Time taken at each agency involved",
        "Thời gian thực hiện tại từng cơ quan, đơn vị tham gia giải quyết",
        True,
    ),
    DossierCriterionSpec(
        "return_visits",
        "Times the applicant had to come back to complete the dossier",
        "Số lần tổ chức, cá nhân phải liên hệ để hoàn thiện hồ sơ",
        False,
    ),
    DossierCriterionSpec(
        "contact_points",
        "Bodies the applicant had to contact",
        "Số cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ",
        False,
    ),
    DossierCriterionSpec(
        "one_stop_handling",
        "Extent handled by the one-stop office itself",
        "Mức độ tiếp nhận, giải quyết hồ sơ tại Bộ phận Một cửa",
        False,
    ),
    DossierCriterionSpec(
        "publicity",
        "Publicity of the procedure (posted and online)",
        "Công khai thủ tục hành chính",
        False,
    ),
    DossierCriterionSpec(
        "officer_attitude",
        "Attitude of officers",
        "Thái độ của cán bộ, công chức, viên chức khi giải quyết hồ sơ",
        False,
    ),
    DossierCriterionSpec(
        "feedback_handling",
        "Receiving and handling of feedback",
        "Tiếp nhận, xử lý phản ánh, kiến nghị",
        False,
    ),
    DossierCriterionSpec(
        "online_service",
        "Quality of the online public service",
        "Chất lượng dịch vụ công trực tuyến",
        False,
    ),
)

DEFAULT_GRADE_BANDS: tuple[tuple[int, str], ...] = (
    (16, "excellent"),
    (12, "good"),
    (9, "fair"),
    (6, "average"),
    (0, "weak"),
)


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date or datetime, got {type(value).__name__}")


def score_timeliness(appointment: date | datetime, returned: date | datetime) -> int:
    """Score indicators 1-2 of TT 01/2018/TT-VPCP from calendar dates:
    returned before the appointment day = 2, on that day = 1, later = 0."""
    due, done = _as_date(appointment), _as_date(returned)
    if done < due:
        return 2
    if done == due:
        return 1
    return 0


def dossier_grade(
    total: int, bands: tuple[tuple[int, str], ...] = DEFAULT_GRADE_BANDS
) -> str:
    """Grade a dossier's total score (0-18): the first band whose threshold
    ``total`` reaches (``total >= threshold``, thresholds tried from highest).

    The default bands are one province's rule, not a national one (verify);
    they are configurable.
    """
    if isinstance(total, bool) or not isinstance(total, int):
        raise TypeError("total must be an int")
    if total < 0:
        raise ValueError("total must not be negative")
    for threshold, grade in sorted(bands, key=lambda band: band[0], reverse=True):
        if total >= threshold:
            return grade
    raise ValueError(f"no grade band covers a total of {total}")
