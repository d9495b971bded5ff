"""Typed reading of the module's settings (``ir.config_parameter`` values).

A stored setting is a string, or absent. Each ``parse_*`` function returns
``(value, problem)``: ``problem`` is None, or a sentence for the log saying
why ``value`` is not what was stored (unreadable: the default is used; out
of range: the nearest bound is used). An absent or blank setting gives the
default without a problem: it was never set.
"""

from __future__ import annotations

import math

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def _text(raw: object) -> str | None:
    """``raw`` stripped, or None when absent or blank."""
    if raw is None or raw is False:
        return None
    text = str(raw).strip()
    return text or None


def parse_bool(raw: object, default: bool) -> tuple[bool, str | None]:
    """``"True"``, ``"1"``, ``"yes"``, ``"on"`` (any case) -> True; their
    opposites -> False."""
    text = _text(raw)
    if text is None:
        return default, None
    word = text.lower()
    if word in TRUE_WORDS:
        return True, None
    if word in FALSE_WORDS:
        return False, None
    return default, f"{text!r} is neither true nor false, using {default}"


def _clamp(value, minimum, maximum):
    if minimum is not None and value < minimum:
        return minimum, f"{value} is below the minimum {minimum}, using {minimum}"
    if maximum is not None and value > maximum:
        return maximum, f"{value} is above the maximum {maximum}, using {maximum}"
    return value, None


def parse_int(
    raw: object,
    default: int,
    minimum: int | None = None,
    maximum: int | None = None,
) -> tuple[int, str | None]:
    """A whole number, kept within ``minimum`` and ``maximum`` when given."""
    text = _text(raw)
    if text is None:
        return default, None
    try:
        value = int(text)
    except ValueError:
        return default, f"{text!r} is not a whole number, using {default}"
    return _clamp(value, minimum, maximum)


def parse_float(
    raw: object,
    default: float,
    minimum: float | None = None,
    maximum: float | None = None,
) -> tuple[float, str | None]:
    """A decimal number (``.`` as separator), kept within the bounds given."""
    text = _text(raw)
    if text is None:
        return default, None
    try:
        value = float(text)
    except ValueError:
        return default, f"{text!r} is not a number, using {default}"
    if not math.isfinite(value):
        return default, f"{text!r} is not a finite number, using {default}"
    return _clamp(value, minimum, maximum)


def parse_str(
    raw: object, default: str | None, choices: tuple[str, ...] | None = None
) -> tuple[str | None, str | None]:
    """The text stripped; with ``choices``, only one of them."""
    text = _text(raw)
    if text is None:
        return default, None
    if choices is not None and text not in choices:
        allowed = ", ".join(choices)
        return default, f"{text!r} is not one of {allowed}, using {default!r}"
    return text, None
