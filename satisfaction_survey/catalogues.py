"""Default questionnaire catalogues, as plain data.

The SIPAS elements and criteria follow the questionnaire of the Ministry of
Home Affairs, QĐ 2640/QĐ-BNV (2017); QĐ 1001/QĐ-BNV (2023) is the
ministry's 2023-2026 method, a household survey, not a counter
questionnaire. The exact wording MUST be checked against the current
questionnaire before shipping; in Odoo they are loaded as editable records,
never used as hard-coded truth.

The citizen's evaluation of a dossier follows NĐ 118/2025/NĐ-CP Điều 33
khoản 1, points a) to i): ``ND118_CRITERIA`` keeps the decree's Vietnamese
wording exactly; the English names are translations (the English source
strings of the shipped questionnaire). The wording is the one quoted from a
copy of the decree in the project's methodology notes; no copy of the
decree was found among the stored sources to check it again [verify]: the
questions are editable records. The decree sets no point scale: the
answers are asked on the questionnaire's scale.
"""

from __future__ import annotations

from dataclasses import dataclass


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


# --- Citizen evaluation of a dossier (NĐ 118/2025/NĐ-CP Điều 33.1) -------------------

# How a criterion's answer can be pre-filled from the dossier
# (``evaluation.derived_level``): the time of return (point a) and the
# supplement requests (point c).
DERIVE_RETURN_TIME = "return_time"
DERIVE_SUPPLEMENTS = "supplements"


@dataclass(frozen=True)
class LegalCriterionSpec:
    """A point of a legal text asked as a question. ``point``: its letter in
    the article; ``derive``: how the dossier pre-fills the answer, if it can;
    ``officer``: asked once per officer who served the dossier."""

    point: str
    code: str
    name_en: str
    name_vi: str
    derive: str | None = None
    officer: bool = False


ND118_LEGAL_BASIS = "NĐ 118/2025/NĐ-CP, Điều 33 khoản 1"

ND118_CRITERIA: tuple[LegalCriterionSpec, ...] = (
    LegalCriterionSpec(
        "a",
        "nd118_a",
        "Time taken to return the result of handling the administrative "
        "procedure dossier, compared with the rules or with the requirement "
        "of the lead agency or unit",
        "Thời gian trả kết quả giải quyết, xử lý hồ sơ thủ tục hành chính so "
        "với quy định hoặc yêu cầu của cơ quan, đơn vị chủ trì",
        derive=DERIVE_RETURN_TIME,
    ),
    LegalCriterionSpec(
        "b",
        "nd118_b",
        "Number of agencies, units and organisations that had to be contacted "
        "to complete the administrative procedure dossier",
        "Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ "
        "thủ tục hành chính",
    ),
    LegalCriterionSpec(
        "c",
        "nd118_c",
        "Number of times the receiving agency had to be contacted to complete "
        "the administrative procedure dossier",
        "Số lần phải liên hệ với cơ quan tiếp nhận để hoàn thiện hồ sơ thủ tục "
        "hành chính",
        derive=DERIVE_SUPPLEMENTS,
    ),
    LegalCriterionSpec(
        "d",
        "nd118_d",
        "Accuracy, completeness and timeliness of the published information "
        "on the administrative procedure, compared with the rules",
        "Tính chính xác, đầy đủ, kịp thời của thông tin thủ tục hành chính "
        "được công khai so với quy định",
    ),
    LegalCriterionSpec(
        "đ",
        "nd118_dd",
        "Conduct of the cadres, civil servants and public employees who "
        "guide, receive the dossier and handle the administrative procedure",
        "Thái độ ứng xử của cán bộ, công chức, viên chức hướng dẫn, tiếp nhận "
        "hồ sơ, giải quyết thủ tục hành chính",
        officer=True,
    ),
    LegalCriterionSpec(
        "e",
        "nd118_e",
        "Lawfulness of the result of the administrative procedure and of its "
        "cost; costs arising outside the law when carrying out the "
        "administrative procedure",
        "Sự phù hợp với pháp luật của kết quả giải quyết thủ tục hành chính "
        "và chi phí thực hiện thủ tục hành chính; các chi phí phát sinh ngoài "
        "quy định của pháp luật khi thực hiện các thủ tục hành chính",
    ),
    LegalCriterionSpec(
        "g",
        "nd118_g",
        "Time and quality of the explanations given by the competent agency "
        "and its cadres, civil servants and public employees in response to "
        "the feedback, petitions, complaints and denunciations of "
        "organisations and individuals",
        "Thời gian và chất lượng ý kiến giải trình của cơ quan có thẩm quyền, "
        "cán bộ, công chức, viên chức đối với các ý kiến phản ánh, kiến nghị, "
        "khiếu nại, tố cáo của tổ chức, cá nhân",
    ),
    LegalCriterionSpec(
        "h",
        "nd118_h",
        "Progress and quality of the online public services provided by the "
        "competent agency",
        "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến của cơ quan "
        "có thẩm quyền",
    ),
)

# Point i) is open: asked as the questionnaire's comment box.
ND118_POINT_I = LegalCriterionSpec(
    "i",
    "nd118_i",
    "Other matters, as evaluated by the organisation or individual",
    "Các nội dung khác theo đánh giá của tổ chức, cá nhân",
)
