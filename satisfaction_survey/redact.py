"""Strip personal details from free text (pure, never raises on input).

Used when the retention period of a rating is over, or when a citizen asks to
be forgotten: the scores stay, the comment stays readable, but e-mail
addresses, phone numbers and identity-card numbers (CMND 9 digits, CCCD 12
digits) are replaced by placeholders. Names cannot be told apart from other
words reliably and are not touched: the request that tied the comment to a
citizen loses its contact data at the same time.
"""

from __future__ import annotations

import re

EMAIL_PLACEHOLDER = "[email]"
PHONE_PLACEHOLDER = "[phone]"
ID_PLACEHOLDER = "[id]"

_EMAIL_RE = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+\s?@\s?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+",
    re.ASCII,
)
# Digits with single separators (space, dot, dash) and an optional leading
# "+" or "(+84)" / "(024)" group: "0912 345 678", "+84.912.345.678", "(024) 3825 1234".
_NUMBER_RE = re.compile(
    r"(?<![0-9A-Za-z+])(?:\+|\(\+?[0-9]{1,4}\)[ .\-]?)?"
    r"[0-9](?:[ .\-]?[0-9])*(?![0-9A-Za-z])",
    re.ASCII,
)
# 100.000.000 or 1,500,000: an amount of money, not a phone or an ID number
_THOUSANDS_RE = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*", re.ASCII)


def _classify(text: str) -> str | None:
    """Placeholder for one number as written, or None to keep it."""
    digits = re.sub(r"[^0-9]", "", text)
    international = text.startswith("+") or text.startswith("(+")
    if _THOUSANDS_RE.fullmatch(text):
        return None
    if international and 9 <= len(digits) <= 13:
        return PHONE_PLACEHOLDER
    if digits.startswith("0") and len(digits) in (10, 11):
        return PHONE_PLACEHOLDER
    if digits.startswith("84") and len(digits) in (11, 12):
        return PHONE_PLACEHOLDER
    if len(digits) in (9, 12):
        return ID_PLACEHOLDER
    return None


def _redact_number(match: re.Match) -> str:
    text = match.group(0)
    placeholder = _classify(text)
    if placeholder:
        return placeholder
    digits = sum(ch.isdigit() for ch in text)
    if digits > 12 and " " in text:
        # several numbers written one after the other: "0912345678 0987654321"
        return " ".join(_classify(part) or part for part in text.split(" "))
    return text


def redact_text(text: object) -> object:
    """``text`` with e-mails, phone numbers and ID numbers replaced by placeholders.

    Anything that is not a str (None, False) is returned unchanged.
    """
    if not isinstance(text, str) or not text:
        return text
    text = _EMAIL_RE.sub(EMAIL_PLACEHOLDER, text)
    return _NUMBER_RE.sub(_redact_number, text)


def contains_personal_details(text: object) -> bool:
    """True when ``redact_text`` would change ``text``."""
    return isinstance(text, str) and redact_text(text) != text
