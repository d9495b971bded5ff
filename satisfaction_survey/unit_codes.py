"""National codes of the agencies and units that handle administrative
procedures.

The electronic identifier of a state agency (mã định danh điện tử của cơ
quan, tổ chức, QĐ 20/2020/QĐ-TTg) has four levels separated by dots, the
last one a letter and two digits, e.g. ``000.00.15.H29`` (13 characters).
The structure is the one the national portal's dossier codes carry
(NĐ 118/2025 Điều 28, TT 03/2025/TT-VPCP Điều 13); the exact level widths
are to be checked against the identifier list of the province [verify].
"""

from __future__ import annotations

import re

UNIT_CODE_EXAMPLE = "000.00.15.H29"
_UNIT_CODE = re.compile(r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}")


def normalize_unit_code(raw: str | None) -> str | None:
    """The code without surrounding blanks, in capitals; ``None`` when empty."""
    if not isinstance(raw, str):
        return None
    code = raw.strip().upper()
    return code or None


def is_valid_unit_code(code: str | None) -> bool:
    """True for a code of the form ``XXX.XX.XX.Ynn`` (X: digit or capital
    letter, Y: capital letter, n: digit), as normalised."""
    return isinstance(code, str) and _UNIT_CODE.fullmatch(code) is not None
