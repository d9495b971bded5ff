"""Exchange with the national public service portal (Cổng DVCQG) (pure).

Payloads sent to the portal and figures read from its published files.

Field names: the portal's older dossier-sync API carried MaHoSo, MaTTHC,
NgayTiepNhan, NgayHenTra, NgayTra, TrangThaiHoSo, HinhThuc and DonViXuLy,
and no rating; TT 04/2025/TT-VPCP lists the data shared between the portal
and the provinces' systems but its rating fields are not known (see
/work/shared/methodology.md §2). Every other name below is this module's
choice, marked [verify] in the README, and the administrator maps each key
to the name the portal expects (``apply_mapping``).

No personal data beyond what the portal needs: the dossier code (the portal
already holds the dossier it identifies), codes of procedure and unit,
dates, channel and the answers' levels. Never the citizen's name, phone,
e-mail, comment (free text may hold anything) nor the officers rated.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from .periods import to_local
from .unit_codes import normalize_unit_code

# internal key -> portal field name; keys documented in the README
EVALUATION_FIELDS = {
    "dossier_code": "MaHoSo",
    "procedure_code": "MaTTHC",
    "unit_code": "DonViXuLy",
    "date_returned": "NgayTra",
    "date_rated": "NgayDanhGia",
    "channel": "KenhDanhGia",
    "liked": "HaiLong",
    "overall_level": "MucDoHaiLong",
    "answers": "ChiTietDanhGia",
    "criterion_code": "MaTieuChi",
    "level": "GiaTri",
}
AGGREGATE_FIELDS = {
    "unit_code": "MaDonVi",
    # "receiving" or "competent": whose figures these are (two-level local
    # government: the receiving centre and the agency that decided may differ)
    "unit_role": "VaiTroDonVi",
    "month": "KyBaoCao",
    "dossier_count": "TongSoHoSo",
    "rated_count": "SoHoSoDuocDanhGia",
    "overdue_count": "SoHoSoQuaHan",
    "complained_count": "SoHoSoPAKNHoacKhongHaiLong",
    "pakn_count": "TongSoPAKN",
    "pakn_on_time_count": "SoPAKNDungHan",
    "pakn_first_count": "SoPAKNTiepNhanMoi",
    "pakn_flagged_count": "SoPAKNKhongHaiLong",
    "ratio_52": "TyLe52",
    "points_52": "Diem52",
    "ratio_53": "TyLe53",
    "points_53": "Diem53",
    "ratio_54": "TyLe54",
    "points_54": "Diem54",
}
DEFAULT_MAPPING = {"evaluation": EVALUATION_FIELDS, "aggregate": AGGREGATE_FIELDS}
# The portal's dates: yyyyMMddHHmmss in Vietnam time [verify].
DATETIME_FORMAT = "%Y%m%d%H%M%S"


def portal_datetime(moment: datetime | None) -> str | None:
    """``moment`` (naive means UTC) in Vietnam time as the portal writes it."""
    if not moment:
        return None
    return to_local(moment).strftime(DATETIME_FORMAT)


def check_mapping(mapping: object) -> dict:
    """The mapping as a dict of {kind: {key: name}}; ValueError when malformed.

    A kind or a key left out keeps the default name; an unknown key is an
    error (a typo would silently send the default). ``constants`` holds
    fields added as they are to every payload (a code or version the portal
    asks for, e.g. one TT 04/2025 adds): {field name: text or number}.
    """
    if not isinstance(mapping, Mapping):
        raise ValueError("the mapping is a JSON object")
    for kind, names in mapping.items():
        if kind not in (*DEFAULT_MAPPING, "constants"):
            raise ValueError(f"unknown kind {kind!r}")
        if not isinstance(names, Mapping):
            raise ValueError(f"{kind}: an object of key: field name")
        for key, name in names.items():
            if kind == "constants":
                if not str(key).strip() or not isinstance(name, str | int | float):
                    raise ValueError(f"constants.{key}: a field name and a value")
                continue
            if key not in DEFAULT_MAPPING[kind]:
                raise ValueError(f"{kind}: unknown key {key!r}")
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"{kind}.{key}: the field name is a non-empty text")
    return {kind: dict(names) for kind, names in mapping.items()}


def field_names(kind: str, mapping: Mapping | None = None) -> dict:
    """{key: portal field name} of ``kind``, the defaults overridden by
    ``mapping``."""
    names = dict(DEFAULT_MAPPING[kind])
    names.update((mapping or {}).get(kind, {}))
    return names


def apply_mapping(kind: str, values: Mapping, mapping: Mapping | None = None) -> dict:
    """``values`` (internal keys) renamed to the portal's field names.

    Lists of dicts (the answers) are renamed too; keys without a name are
    dropped, so that nothing unnamed leaves.
    """
    names = field_names(kind, mapping)
    result = {}
    for key, value in values.items():
        if key not in names:
            continue
        if isinstance(value, list):
            value = [
                {names[k]: v for k, v in item.items() if k in names}
                if isinstance(item, Mapping)
                else item
                for item in value
            ]
        result[names[key]] = value
    result.update((mapping or {}).get("constants", {}))
    return result


def canonical_json(payload: object) -> str:
    """The payload as sent: sorted keys, UTF-8 text, no spaces."""
    return json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def digest(payload: object) -> str:
    """SHA-256 of the canonical JSON: tells two sends of the same data."""
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def retry_delay_minutes(attempts: int, base_minutes: int) -> int:
    """Exponential backoff: the wait after the ``attempts``-th failure."""
    if attempts < 1:
        raise ValueError("attempts starts at 1")
    return base_minutes * 2 ** (attempts - 1)


def is_retryable(status: int | None) -> bool:
    """A network error (no status), a timeout or a server error may pass
    later; any other refusal will not, the same payload being sent."""
    return status is None or status in (408, 429) or status >= 500


# ------------------------------------------------------------
# Published 766 figures (CSV / XLSX)
# ------------------------------------------------------------

# normalised header -> field; several spellings the portal's exports and
# provinces' sheets use [verify]
HEADERS = {
    "unit_code": ("ma don vi", "madonvi", "ma dv", "unit code", "unit_code"),
    "unit_name": ("don vi", "ten don vi", "tendonvi", "unit", "unit name"),
    "month": ("thang", "ky", "ky bao cao", "month", "period"),
    "year": ("nam", "year"),
    "ratio_52": ("ty le 5.2", "5.2 (%)", "ratio 5.2", "tyle52", "5.2 ty le"),
    "points_52": ("diem 5.2", "5.2", "points 5.2", "diem52"),
    "ratio_53": ("ty le 5.3", "5.3 (%)", "ratio 5.3", "tyle53", "5.3 ty le"),
    "points_53": ("diem 5.3", "5.3", "points 5.3", "diem53"),
    "ratio_54": ("ty le 5.4", "5.4 (%)", "ratio 5.4", "tyle54", "5.4 ty le"),
    "points_54": ("diem 5.4", "5.4", "points 5.4", "diem54"),
    "dossier_count": ("tong so ho so", "so ho so", "dossiers", "tongsohoso"),
    "pakn_count": ("tong so pakn", "so pakn", "pakn", "tongsopakn"),
}
FIGURE_FIELDS = (
    "ratio_52",
    "points_52",
    "ratio_53",
    "points_53",
    "ratio_54",
    "points_54",
)
COUNT_FIELDS = ("dossier_count", "pakn_count")


def normalize_header(text: object) -> str:
    """Lower case, no diacritics (đ → d), single spaces."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d")
    text = text.replace("Đ", "d")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"\s+", " ", text.replace("_", " ")).strip()


_HEADER_INDEX = {
    normalize_header(spelling): name
    for name, spellings in HEADERS.items()
    for spelling in spellings
}


class FigureError(ValueError):
    """A bad file or line: ``code`` and ``params`` let the caller word it in
    the user's language; ``str()`` is the English message."""

    MESSAGES = {
        "not_utf8": "the CSV file is not UTF-8 text",
        "no_header": "no header row with a unit (code or name) and a month",
        "not_number": "{column}: {value} is not a number",
        "not_count": "{column}: {value} is not a count",
        "out_of_range": "{column}: {value} outside {low}-{high}",
        "no_unit": "no unit code nor name",
        "bad_month": "month {value} not understood (05/2026 or 2026-05)",
        "no_figure": "no figure (5.2, 5.3 or 5.4)",
        "duplicate": "same unit and month as line {line}",
    }

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(self.MESSAGES[code].format(**params))


@dataclass
class FigureRow:
    line: int
    values: dict = field(default_factory=dict)


@dataclass
class ParsedFigures:
    rows: list[FigureRow]
    errors: list[tuple[int, FigureError]]


def read_csv(content: bytes) -> list[list[str]]:
    """Rows of a CSV file (UTF-8, with or without BOM; comma or semicolon)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FigureError("not_utf8") from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _number(text: object) -> float | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, int | float):
        return float(text)
    cleaned = str(text).strip().replace("%", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned)


def _month(value: object, year: object) -> date:
    """The first day of the month: "05/2026", "2026-05", "5" with a year
    column, or a date cell."""
    if isinstance(value, datetime | date):
        return date(value.year, value.month, 1)
    text = str(value or "").strip()
    day = None
    try:
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", text)
        if match:
            day = date(int(match[2]), int(match[1]), 1)
        match = re.fullmatch(r"(\d{4})[/.-](\d{1,2})(?:[/.-]\d{1,2})?", text)
        if match:
            day = date(int(match[1]), int(match[2]), 1)
        if re.fullmatch(r"\d{1,2}(\.0)?", text) and year not in (None, ""):
            day = date(int(float(str(year))), int(float(text)), 1)
    except ValueError:
        day = None  # a month or year out of range: not understood either
    if day:
        return day
    raise FigureError("bad_month", value=repr(text))


def _find_header(rows: list[list[object]]) -> tuple[int, dict]:
    """(index, {field: column}) of the first row naming a unit and a month."""
    for index, row in enumerate(rows):
        found = {}
        for position, cell in enumerate(row):
            name = _HEADER_INDEX.get(normalize_header(cell))
            if name and name not in found:
                found[name] = position
        if ("unit_code" in found or "unit_name" in found) and "month" in found:
            return index, found
    raise FigureError("no_header")


def _checked_number(name: str, value: object, count: bool = False) -> float | None:
    try:
        number = _number(value)
    except ValueError as exc:
        raise FigureError("not_number", column=name, value=repr(value)) from exc
    if number is None:
        return None
    if count:
        if number < 0 or number != int(number):
            raise FigureError("not_count", column=name, value=number)
        return int(number)
    top = 100 if name.startswith("ratio") else 6
    low = -100 if name == "ratio_54" else 0
    if not low <= number <= top:
        raise FigureError("out_of_range", column=name, value=number, low=low, high=top)
    return number


def _row_values(row: list[object], columns: dict) -> dict:
    """The values of one data row; ValueError says what is wrong."""

    def cell(name):
        position = columns.get(name)
        if position is None or position >= len(row):
            return None
        value = row[position]
        return value.strip() if isinstance(value, str) else value

    code = cell("unit_code")
    if isinstance(code, float) and code == int(code):
        code = int(code)
    values = {
        "unit_code": normalize_unit_code(str(code if code is not None else "")),
        "unit_name": str(cell("unit_name") or "").strip() or None,
    }
    if not (values["unit_code"] or values["unit_name"]):
        raise FigureError("no_unit")
    values["month"] = _month(cell("month"), cell("year"))
    for name in FIGURE_FIELDS:
        values[name] = _checked_number(name, cell(name))
    for name in COUNT_FIELDS:
        values[name] = _checked_number(name, cell(name), count=True)
    if all(values[name] is None for name in FIGURE_FIELDS):
        raise FigureError("no_figure")
    return values


def parse_figures(rows: Iterable[Iterable[object]]) -> ParsedFigures:
    """The published figures of a sheet: one per unit and month.

    The first row that names a unit and a month is the header. Each data row
    needs a unit (code or name), a month and at least one figure; ratios are
    percentages (0-100) and points 0-6. A bad row gives an error with its
    line number (1-based, as a spreadsheet shows it) and is not kept.
    """
    rows = [list(row) for row in rows]
    header_at, columns = _find_header(rows)
    parsed, errors, seen = [], [], {}
    for index in range(header_at + 1, len(rows)):
        row, line = rows[index], index + 1
        if not any(str(c).strip() for c in row if c is not None):
            continue
        try:
            values = _row_values(row, columns)
            key = (values["unit_code"] or values["unit_name"], values["month"])
            if key in seen:
                raise FigureError("duplicate", line=seen[key])
        except FigureError as exc:
            errors.append((line, exc))
            continue
        seen[key] = line
        parsed.append(FigureRow(line, values))
    return ParsedFigures(parsed, errors)
