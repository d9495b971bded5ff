"""Unguessable single-use rating tokens and the public links built from them."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from urllib.parse import quote

TOKEN_BYTES = 16  # 128 bits of entropy -> 22 url-safe base64 characters

_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22,64}")

# Form tokens of the public page: valid for FORM_TOKEN_MAX_AGE_SLOTS slots of
# FORM_TOKEN_SLOT_SECONDS after the page view (47-48 hours): a citizen may
# open the link in the evening and send the form the next day.
FORM_TOKEN_SLOT_SECONDS = 3600
FORM_TOKEN_MAX_AGE_SLOTS = 48
_FORM_TOKEN_RE = re.compile(r"([0-9]{1,12})\.([0-9a-f]{32})")


def new_token() -> str:
    """A fresh random token (22 url-safe characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_well_formed(token: object) -> bool:
    """True for a str of 22-64 characters from [A-Za-z0-9_-]."""
    return isinstance(token, str) and _TOKEN_RE.fullmatch(token) is not None


def tokens_equal(a: object, b: object) -> bool:
    """Constant-time comparison; False unless both are str."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    try:
        return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
    except UnicodeEncodeError:  # lone surrogates
        return False


def rating_url(base_url: str, token: str, prefix: str = "/r/") -> str:
    """Public link of a token: ``base_url`` (without trailing slash) + ``prefix``
    + token (``/r/`` for a rating, the complaint's page for a PAKN)."""
    return f"{base_url.rstrip('/')}{prefix}{quote(token, safe='')}"


def _form_mac(secret: str, token: str, slot: int) -> str:
    message = b"satisfaction-form\0%s\0%d" % (token.encode("utf-8"), slot)
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()[:32]


def form_token(
    secret: str, token: str, now: float, slot_seconds: int = FORM_TOKEN_SLOT_SECONDS
) -> str:
    """The anti-forgery token of the form of the page of rating ``token``.

    ``<slot>.<HMAC-SHA256(secret, token, slot)>`` (128 bits), where ``slot``
    is the time slot of ``now`` (epoch seconds): bound to this link and to the
    time of the page view, checked by :func:`form_token_valid` without any
    server-side state (no session).
    """
    if not secret:
        raise ValueError("a form token needs a secret")
    slot = int(now // slot_seconds)
    return "%d.%s" % (slot, _form_mac(secret, token, slot))


def form_token_valid(
    secret: str,
    token: str,
    value: object,
    now: float,
    slot_seconds: int = FORM_TOKEN_SLOT_SECONDS,
    max_age_slots: int = FORM_TOKEN_MAX_AGE_SLOTS,
) -> bool:
    """True when ``value`` is a form token of ``token`` issued at most
    ``max_age_slots`` slots before ``now`` (and not in the future)."""
    if not secret or not isinstance(value, str) or not isinstance(token, str):
        return False
    match = _FORM_TOKEN_RE.fullmatch(value)
    if not match:
        return False
    slot = int(match.group(1))
    current = int(now // slot_seconds)
    if not current - max_age_slots < slot <= current:
        return False
    try:
        expected = _form_mac(secret, token, slot)
    except UnicodeEncodeError:  # lone surrogates in the token
        return False
    return hmac.compare_digest(match.group(2), expected)


# Kiosk codes: printed on the receipt or sent by SMS, typed at the counter
# kiosk. 8 characters of Crockford's base32 (no I, L, O, U: nothing to
# confuse) = 40 bits; with the kiosk's attempts limited to a few dozen per
# ten minutes, guessing any open code of a unit stays out of reach.
KIOSK_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
KIOSK_CODE_LENGTH = 8
# What a citizen may type for a letter of the alphabet that it lacks
_KIOSK_CODE_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_kiosk_code() -> str:
    """A fresh kiosk code, shown as two groups of four: ``"7KQ2-M9XD"``."""
    code = "".join(
        secrets.choice(KIOSK_CODE_ALPHABET) for _i in range(KIOSK_CODE_LENGTH)
    )
    return "%s-%s" % (code[:4], code[4:])


def normalize_kiosk_code(value: object) -> str | None:
    """The canonical form of a typed kiosk code, or None when it cannot be one.

    Case, spaces and dashes do not matter; I, L, O and U read as 1, 1, 0, V.
    """
    if not isinstance(value, str) or len(value) > 32:
        return None
    code = re.sub(r"[\s-]", "", value).upper().translate(_KIOSK_CODE_ALIASES)
    if len(code) != KIOSK_CODE_LENGTH or any(
        char not in KIOSK_CODE_ALPHABET for char in code
    ):
        return None
    return code


def kiosk_code_hash(secret: str, value: object) -> str | None:
    """HMAC-SHA256 (hex) of a kiosk code, the only form stored; None when
    ``value`` is not a kiosk code."""
    if not secret:
        raise ValueError("a kiosk code hash needs a secret")
    code = normalize_kiosk_code(value)
    if code is None:
        return None
    message = b"satisfaction-kiosk-code\0" + code.encode("ascii")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


_RATING_LINK_RE = re.compile(r"(?:^|/)r/([A-Za-z0-9_-]{22,64})/?$")


def token_of_rating_link(value: object) -> str | None:
    """The token of a scanned rating link (``https://host/r/<token>``), else None."""
    if not isinstance(value, str) or len(value) > 512:
        return None
    match = _RATING_LINK_RE.search(value.strip())
    return match.group(1) if match else None
