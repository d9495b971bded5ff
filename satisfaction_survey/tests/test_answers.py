import pytest

from satisfaction_survey import QuestionSpec, parse_answers

Q = (
    QuestionSpec("overall", "scale", required=True, allowed_values=(1, 2, 3, 4, 5)),
    QuestionSpec("officer", "scale", required=False, allowed_values=(1, 2, 3)),
    QuestionSpec("comment", "text", required=False, max_length=20),
    QuestionSpec("name", "text", required=True),
)


def test_valid_form():
    values, errors = parse_answers(
        {
            "overall": "4",
            "officer": "3",
            "comment": "  Tốt lắm  ",
            "name": "An",
            "csrf_token": "x",
        },
        Q,
    )
    assert errors == {}
    assert values == {"overall": 4, "officer": 3, "comment": "Tốt lắm", "name": "An"}


def test_missing_required_and_optional_omitted():
    values, errors = parse_answers({"comment": "   "}, Q)
    assert values == {}
    assert errors == {"overall": "required", "name": "required"}
    values, errors = parse_answers({"overall": "", "name": "\x00\x01"}, Q)
    assert errors == {"overall": "required", "name": "required"}


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("6", "out_of_range"),
        ("0", "out_of_range"),
        ("-1", "out_of_range"),
        ("9" * 5000, "out_of_range"),  # huge, never hits int() digit limits
        ("abc", "not_a_number"),
        ("4.0", "not_a_number"),
        ("04", "not_a_number"),
        ("+4", "not_a_number"),
        ("4_0", "not_a_number"),
        ("٤", "not_a_number"),  # Arabic-Indic four: int() would accept it
        (["4"], "not_a_number"),
        (4, "not_a_number"),
        (b"4", "not_a_number"),
        ({"a": 1}, "not_a_number"),
    ],
)
def test_scale_errors(raw, code):
    values, errors = parse_answers({"overall": raw, "name": "An"}, Q)
    assert errors == {"overall": code}
    assert "overall" not in values


def test_text_rules():
    values, errors = parse_answers(
        {
            "overall": "5",
            "name": "<script>alert(1)</script>",
            "comment": "a\x00b\r\nc\td\x1b\x7f",
        },
        Q,
    )
    assert errors == {}
    assert (
        values["name"] == "<script>alert(1)</script>"
    )  # escaping is the renderer's job
    assert values["comment"] == "ab\nc\td"
    _, errors = parse_answers({"overall": "5", "name": "An", "comment": "x" * 21}, Q)
    assert errors == {"comment": "too_long"}
    _, errors = parse_answers({"overall": "5", "name": ["An"], "comment": 3}, Q)
    assert errors == {"name": "invalid_text", "comment": "invalid_text"}
    _, errors = parse_answers({"overall": "5", "name": "\ud800"}, Q)
    assert errors == {"name": "invalid_text"}


@pytest.mark.parametrize("form", [None, 42, "overall=4", [("overall", "4")], object()])
def test_never_raises_on_garbage(form):
    values, errors = parse_answers(form, Q)
    assert values == {}
    assert errors == {"overall": "required", "name": "required"}


def test_question_spec_validation():
    with pytest.raises(ValueError):
        QuestionSpec("x", "choice", required=True)
    with pytest.raises(ValueError):
        QuestionSpec("x", "scale", required=True)
