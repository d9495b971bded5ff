"""Validation of a submitted public rating form (pure, never raises on input).

Error codes: "required", "not_a_number", "out_of_range", "too_long",
"invalid_text". Text is kept as typed (minus control characters); escaping
it is the renderer's job.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

KINDS = ("scale", "text")

# canonical integer: no sign other than "-", no leading zeros, ASCII digits
_INT_RE = re.compile(r"-?(?:0|[1-9][0-9]*)")
_MAX_INT_CHARS = 12


@dataclass(frozen=True)
class QuestionSpec:
    """One question of the form. ``kind`` is "scale" or "text"."""

    key: str
    kind: str
    required: bool
    allowed_values: tuple[int, ...] = ()
    max_length: int = 2000

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.kind == "scale" and not self.allowed_values:
            raise ValueError(f"scale question {self.key!r} needs allowed_values")


def _clean_text(text: str) -> str:
    """Drop control characters except newline and tab ("\\r\\n" -> "\\n")."""
    text = text.replace("\r\n", "\n")
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc"
    ).strip()


def _parse_scale(value: object, question: QuestionSpec) -> tuple[int | None, str]:
    """Return ``(number, "")`` or ``(None, error_code)``."""
    if not isinstance(value, str):
        return None, "not_a_number"
    text = value.strip()
    if not _INT_RE.fullmatch(text):
        return None, "not_a_number"
    if len(text) > _MAX_INT_CHARS:
        return None, "out_of_range"
    number = int(text)
    if number not in question.allowed_values:
        return None, "out_of_range"
    return number, ""


def _parse_text(value: object, question: QuestionSpec) -> tuple[str | None, str]:
    """Return ``(clean_text, "")`` or ``(None, error_code)``."""
    if not isinstance(value, str):
        return None, "invalid_text"
    if any(unicodedata.category(ch) == "Cs" for ch in value):  # lone surrogates
        return None, "invalid_text"
    text = _clean_text(value)
    if len(text) > question.max_length:
        return None, "too_long"
    return text, ""


def parse_answers(
    form: Mapping[str, object], questions: Sequence[QuestionSpec]
) -> tuple[dict[str, int | str], dict[str, str]]:
    """Validate ``form`` against ``questions``.

    Returns ``(values, errors)``: clean values (int for scales, str for text)
    and an error code per question key. Scale answers must be exact integer
    strings ("4") among ``allowed_values``; non-str values (lists, ints,
    bytes) are rejected. Missing optional answers and empty optional text are
    omitted. Keys not in ``questions`` are ignored.
    """
    values: dict[str, int | str] = {}
    errors: dict[str, str] = {}
    for question in questions:
        try:
            raw = form.get(question.key)
        except Exception:  # not a mapping, odd key type...
            raw = None
        missing = raw is None or (isinstance(raw, str) and not _clean_text(raw))
        if missing:
            if question.required:
                errors[question.key] = "required"
            continue
        parse = _parse_scale if question.kind == "scale" else _parse_text
        value, error = parse(raw, question)
        if error:
            errors[question.key] = error
        else:
            values[question.key] = value
    return values, errors
