"""SMS text helpers: Vietnamese diacritics, segment counting, gateway parameters.

A Vietnamese text with its tone marks needs the UCS-2 encoding (70 characters
per SMS); without them it fits the GSM 03.38 alphabet (160 characters), so a
rating link that would take two or three paid segments fits in one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import NamedTuple

# GSM 03.38 basic character set (one septet each); ESC (0x1B) is excluded.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: ESC + character, two septets each.
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67

# Letters that Unicode does not decompose into base letter + combining mark.
_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})
# Typography that word processors and templates slip in, outside GSM-7.
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u00ab": '"',
        "\u00bb": '"',
        "\t": " ",
    }
)


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese (and other Latin) diacritics: ``"Đăng ký" -> "Dang ky"``.

    Handles every tone mark (sắc, huyền, hỏi, ngã, nặng) on every vowel,
    the vowel marks (ă â ê ô ơ ư), composed or decomposed input, and đ/Đ.
    """
    if not text:
        return text or ""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare)


def sms_safe(text: str) -> str:
    """``strip_diacritics`` plus plain quotes, dashes and spaces: GSM-7 friendly."""
    return strip_diacritics(text).translate(_PUNCTUATION)


def is_gsm7(text: str) -> bool:
    """True when every character of ``text`` is in the GSM-7 alphabet (with
    extension).
    """
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


class Segments(NamedTuple):
    encoding: str  # "gsm7" or "ucs2"
    length: int  # septets (gsm7) or UTF-16 code units (ucs2)
    segments: int


def _pack(units: list[int], single: int, multi: int) -> int:
    """Segments needed for characters of ``units`` size, never splitting one."""
    total = sum(units)
    if total <= single:
        return 1
    segments, used = 1, 0
    for size in units:
        if used + size > multi:
            segments += 1
            used = 0
        used += size
    return segments


def gsm7_segments(text: str) -> Segments:
    """Encoding, length and number of SMS segments that ``text`` is sent as.

    GSM-7 when every character is in the GSM alphabet: 160 septets in one
    SMS, 153 per part of a concatenated one (extension characters count 2).
    Otherwise UCS-2: 70 code units, 67 per part (a character outside the
    BMP counts 2). An empty text is still one (empty) message.
    """
    text = text or ""
    if is_gsm7(text):
        units = [2 if ch in GSM7_EXTENDED else 1 for ch in text]
        return Segments("gsm7", sum(units), _pack(units, GSM7_SINGLE, GSM7_MULTI))
    units = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    return Segments("ucs2", sum(units), _pack(units, UCS2_SINGLE, UCS2_MULTI))


def fits_one_segment(text: str) -> bool:
    """True when ``text`` is sent as a single SMS."""
    return gsm7_segments(text).segments == 1


# ----------------------------------------------------------------------
# Message templates
# ----------------------------------------------------------------------


def fill_parts(parts, values: dict) -> str:
    """The text of a template parsed once, for one recipient.

    ``parts``: ``(literal, key, default)`` triples, as a template parser
    splits ``"Hello {{ name ||| friend }}!"``: the literal text, then the key
    of the placeholder that follows it (``""`` for none) and the text written
    when its value is empty. ``values``: key -> value for this recipient. An
    empty value (None, False, ``""``, 0, an empty list) gives the default;
    any other is written with ``str``. Values are never scanned for
    placeholders, and braces in the literal text stay as they are.
    """
    out = []
    for literal, key, default in parts:
        out.append(literal)
        if key:
            value = values[key] or default
            if value:
                out.append(str(value))
    return "".join(out)


# ----------------------------------------------------------------------
# Gateway parameter templates
# ----------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _substitute(value: str, mapping: dict) -> str:
    def repl(match):
        name = match.group(1)
        if name not in mapping:
            raise ValueError(f"unknown placeholder {{{name}}}")
        return str(mapping[name] if mapping[name] is not None else "")

    return _PLACEHOLDER.sub(repl, value)


def _substitute_json(node, mapping):
    if isinstance(node, str):
        return _substitute(node, mapping)
    if isinstance(node, list):
        return [_substitute_json(item, mapping) for item in node]
    if isinstance(node, dict):
        return {key: _substitute_json(item, mapping) for key, item in node.items()}
    return node


def template_format(template: str) -> str:
    """``"json"`` when the template is a JSON object, else ``"form"``."""
    return "json" if (template or "").lstrip().startswith("{") else "form"


def _form_pairs(template: str) -> list[tuple[str, str]]:
    pairs = []
    for chunk in re.split(r"[\r\n&]+", template or ""):
        chunk = chunk.strip()
        if not chunk:
            continue
        key, sep, value = chunk.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"form field without 'name=': {chunk!r}")
        pairs.append((key.strip(), value.strip()))
    return pairs


def render_params(template: str, mapping: dict) -> tuple[str, object]:
    """Fill the gateway's parameter ``template`` with ``mapping``.

    Two template formats:

    - a JSON object, e.g. ``{"Phone": "{phone}", "Content": "{message}"}``:
      placeholders are replaced inside string values only, so a message with
      quotes or braces can never change the structure; returns
      ``("json", object)`` for the HTTP client to encode;
    - form fields, one ``name=value`` per line (or joined by ``&``): returns
      ``("form", [(name, value), ...])``, to be URL-encoded by the client.

    Values are never re-scanned for placeholders. An unknown placeholder
    raises ``ValueError``, as does malformed JSON.
    """
    mapping = dict(mapping or {})
    if template_format(template) == "json":
        try:
            parsed = json.loads(template)
        except ValueError as exc:
            raise ValueError(f"invalid JSON template: {exc}") from exc
        if not isinstance(parsed, dict):
            raise ValueError("the JSON template must be an object")
        return "json", _substitute_json(parsed, mapping)
    return "form", [
        (key, _substitute(value, mapping)) for key, value in _form_pairs(template)
    ]


def template_placeholders(template: str) -> set[str]:
    """Names of the placeholders used by ``template``."""
    return set(_PLACEHOLDER.findall(template or ""))


# ----------------------------------------------------------------------
# Gateway answers
# ----------------------------------------------------------------------


def _json_path(data, path: str):
    for part in path.split("."):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            raise KeyError(path)
    return data


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def response_ok(
    status: int, body: str, check: str = "status", expected: str = ""
) -> tuple[bool, str]:
    """Did the gateway accept the message? Returns ``(ok, reason)``.

    ``check``: ``"status"`` (HTTP 2xx), ``"substring"`` (2xx and ``expected``
    in the body) or ``"json"`` (2xx and the body's JSON value at the dotted
    path equals the value in ``expected``, written ``path=value``, e.g.
    ``CodeResult=100`` or ``data.status=success``).
    """
    if not 200 <= int(status) < 300:
        return False, f"HTTP {status}"
    if check in (None, "", "status"):
        return True, f"HTTP {status}"
    if check == "substring":
        if expected and expected not in (body or ""):
            return False, f"HTTP {status}, {expected!r} not in the answer"
        return True, f"HTTP {status}"
    if check == "json":
        path, sep, value = (expected or "").partition("=")
        if not sep or not path.strip():
            raise ValueError("the JSON success check is written path=value")
        try:
            found = _json_path(json.loads(body or ""), path.strip())
        except (ValueError, KeyError):
            return False, f"HTTP {status}, no {path.strip()!r} in the answer"
        if _as_text(found) != value.strip():
            return False, f"HTTP {status}, {path.strip()}={_as_text(found)}"
        return True, f"HTTP {status}"
    raise ValueError(f"unknown success check {check!r}")
