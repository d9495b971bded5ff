"""Unguessable single-use rating tokens and the public links built from them."""

from __future__ import annotations

import hmac
import re
import secrets
from urllib.parse import quote

TOKEN_BYTES = 16  # 128 bits of entropy -> 22 url-safe base64 characters

_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22,64}")


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


def rating_url(base_url: str, token: str) -> str:
    """Public rating link: ``base_url`` (without trailing slash) + ``/r/`` + token."""
    return f"{base_url.rstrip('/')}/r/{quote(token, safe='')}"
