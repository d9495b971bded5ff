from types import SimpleNamespace

from satisfaction_survey import layout

ACCESS = layout.PageElement(id=1, name="Access")
OFFICERS = layout.PageElement(id=2, name="Officers")
CRITERIA = (
    layout.PageCriterion(10, "a1", "Easy to find", "scale", True, False, ACCESS),
    layout.PageCriterion(20, "o1", "Attitude", "scale", True, True, OFFICERS),
    layout.PageCriterion(21, "o2", "Diligence", "scale", False, True, OFFICERS),
    layout.PageCriterion(30, "c1", "Anything else?", "text", False, True, OFFICERS),
)
A, B = SimpleNamespace(id=7), SimpleNamespace(id=8)


def test_officer_criteria_repeat_per_officer():
    items = layout.question_items(CRITERIA, [A, B])
    assert [item["key"] for item in items] == [
        "q10",
        "q20_e7",
        "q20_e8",
        "q21_e7",
        "q21_e8",
        "q30",  # a text question is never asked per officer
    ]
    assert [item["officer"] for item in items] == [False, A, B, A, B, False]


def test_no_officer_known_asks_each_criterion_once():
    items = layout.question_items(CRITERIA, [])
    assert [item["key"] for item in items] == ["q10", "q20", "q21", "q30"]
    assert not any(item["officer"] for item in items)


def test_group_items_by_element_then_officer_numbered_in_page_order():
    groups = layout.group_items(layout.question_items(CRITERIA, [A, B]))
    assert [block["element"].name for block in groups] == ["Access", "Officers"]
    officers = groups[1]["groups"]
    assert [group["officer"] for group in officers] == [A, B, False]
    assert [item["key"] for item in officers[0]["items"]] == ["q20_e7", "q21_e7"]
    numbers = [
        item["number"]
        for block in groups
        for group in block["groups"]
        for item in group["items"]
    ]
    # numbered as shown: officer A's questions, then officer B's
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert officers[1]["items"][0]["key"] == "q20_e8"


def test_layout_values_and_low_values():
    levels = (
        layout.PageLevel(5, "Very satisfied", "", False),
        layout.PageLevel(2, "Dissatisfied", "", True),
        layout.PageLevel(1, "Very dissatisfied", "", True),
    )
    page = layout.PageLayout(CRITERIA, levels, True, "Comments", None)
    assert page.scale_values == (5, 2, 1)
    assert page.low_values == {1, 2}


OVERALL = layout.PageElement(id=3, name="Overall")


def test_quick_page_asks_the_first_overall_scale_question_not_per_officer():
    criteria = CRITERIA + (
        layout.PageCriterion(
            40, "ov_t", "Overall, in words", "text", False, False, OVERALL, True
        ),
        layout.PageCriterion(
            41, "ov_o", "Overall officer", "scale", True, True, OVERALL, True
        ),
        layout.PageCriterion(42, "ov", "Overall", "scale", True, False, OVERALL, True),
        layout.PageCriterion(43, "ov2", "Again", "scale", True, False, OVERALL, True),
    )
    items = layout.quick_items(layout.question_items(criteria, [A, B]))
    assert [item["key"] for item in items] == ["q42"]
    # without an overall question there is no quick page
    assert layout.quick_items(layout.question_items(CRITERIA, [A])) == []


def test_reason_key_and_reasons_composed_in_page_order():
    assert layout.reason_key("q20_e7") == "reason_q20_e7"
    # a single box without a question: kept as typed
    assert layout.compose_reasons([("", "Chờ lâu")]) == "Chờ lâu"
    assert (
        layout.compose_reasons(
            [("Attitude (A)", "Thái độ"), ("Overall", ""), ("", None), ("", "Khác")]
        )
        == "Attitude (A): Thái độ\nKhác"
    )
    assert layout.compose_reasons([("Overall", "Chờ lâu")]) == "Overall: Chờ lâu"
    assert layout.compose_reasons([]) == ""
