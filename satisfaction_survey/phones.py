"""Vietnamese phone numbers, normalised to E.164 (+84...)."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-()]")
# national significant numbers (without the leading 0)
_MOBILE = re.compile(r"[35789][0-9]{8}")
_LANDLINE = re.compile(r"2[0-9]{9}")


def normalize_vn_phone(raw: str | None) -> str | None:
    """Return ``+84...`` for a valid Vietnamese mobile (0[35789]xxxxxxxx) or
    landline (02xxxxxxxxx) number written as 0..., +84... or 84...;
    ``None`` when empty or invalid."""
    if not isinstance(raw, str):
        return None
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+84"):
        national = digits[3:]
    elif digits.startswith("0084"):
        national = digits[4:]
    elif digits.startswith("84"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return None
    if digits[0] != "0" and national.startswith("0"):  # "+84 (0) 912 ..."
        national = national[1:]
    if _MOBILE.fullmatch(national) or _LANDLINE.fullmatch(national):
        return "+84" + national
    return None


def is_mobile(e164: str | None) -> bool:
    """True for an E.164 Vietnamese mobile number (+84[35789]xxxxxxxx)."""
    return (
        isinstance(e164, str)
        and e164.startswith("+84")
        and bool(_MOBILE.fullmatch(e164[3:]))
    )
