"""Strip personal details from free text (pure, never raises on input).

Used when the retention period of a rating is over, or when a citizen asks to
be forgotten: the scores stay, the comment stays readable, but personal
details are replaced by placeholders:

- e-mail addresses -> ``[email]``;
- phone numbers (Vietnamese mobile and landline, national or +84) -> ``[phone]``;
- identity-card numbers (CMND 9 digits, CCCD 12 digits) -> ``[id]``;
- a person's name in the places where Vietnamese comments give one: after
  "tôi là", "em là", "mình là", "cháu là", "tên (tôi) là", "họ (và) tên:",
  and after a kinship or courtesy title (anh, chị, ông, bà, cô, chú, bác,
  cháu, em, dì, cậu, bạn, đồng chí / đ/c) -> ``[name]``;
- an address that holds a house number or a lane: "số 12 đường Lê Lợi",
  "12/3 phố Huế", "ngõ 34 ngách 5", "hẻm 12", "kiệt 7", "tổ dân phố 5",
  "tổ 3", "thôn", "xóm", "ấp", "khu phố", with the street, ward, commune,
  district, city and province that follow it -> ``[address]``.

Every pattern works with and without diacritics ("toi la Nguyen Van An",
"so 12 duong Le Loi").

What this heuristic cannot do (stated, not hidden):

- A name is recognised only by its capital letters after one of the
  triggers above. A name written in lower case ("tôi là nguyễn văn an"), a
  name without a trigger ("Nguyễn Văn An phàn nàn..."), a lone initial
  ("a H.") or a nickname written in lower case stays. An officer's name after
  a title ("chị Lan ở quầy 3") is removed too: the rule cannot tell the
  citizen from the officer, and the answers name the officers anyway.
- A capitalised word after a title that is not a name ("anh Công an" is
  kept, but an unknown capitalised word such as "anh Hai Lúa" or "bà Tổ
  trưởng" when written with an unusual capital) may be removed.
- A street name alone ("đường Lê Lợi", "phường Bến Nghé") is kept: it names a
  place, not a home. An address without a number, a lane or a hamlet word
  ("ở cạnh chợ Bến Thành") stays. Unaccented text has homographs: "pho"
  (phở) before a capitalised word, "to 3" may be taken for an address part.
- Anything else that identifies a person by its content (a rare job, an
  event, a licence plate, a dossier code) is not recognised.

So the redaction lowers the risk in free text; it does not make free text
anonymous. The rating keeps no link to the citizen once the request is
anonymised (see models/satisfaction_request_privacy.py); free text is the
remaining channel, which is why administrators, not officers, read it.
"""

from __future__ import annotations

import re
import unicodedata

EMAIL_PLACEHOLDER = "[email]"
PHONE_PLACEHOLDER = "[phone]"
ID_PLACEHOLDER = "[id]"
NAME_PLACEHOLDER = "[name]"
ADDRESS_PLACEHOLDER = "[address]"

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

# ---------------------------------------------------------------- names
_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_CAP_WORD = f"[{_UPPER}][{_LOWER}]*"
_CAPS_WORD = f"[{_UPPER}]{{2,}}"
# A name: one to four capitalised syllables ("Lan", "Nguyễn Văn An").
_NAME = rf"{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}}"
# After "tôi là" a name may also be written in capitals ("TÔI LÀ NGUYỄN VĂN AN").
_NAME_OR_CAPS = rf"(?:{_NAME}|{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD}){{0,3}})"
_SELF_TRIGGER = (
    r"(?i:(?:họ\s+và\s+tên|họ\s+tên|ho\s+va\s+ten|ho\s+ten)\s*:?"
    r"|(?:tên\s+(?:của\s+)?(?:tôi|em|mình|cháu|con)\s+là|ten\s+(?:cua\s+)?"
    r"(?:toi|em|minh|chau|con)\s+la|tên\s+là|ten\s+la|tên\s*:|ten\s*:)"
    r"|(?:tôi|em|mình|cháu|con|toi|minh|chau)\s+(?:là|la|tên\s+là|ten\s+la))"
)
_TITLES = (
    r"(?i:đồng\s+chí|dong\s+chi|đ/c|anh|chị|ông|bà|cô|chú|bác|cháu|em|dì|cậu"
    r"|thím|mợ|bạn|chi|ong|ba|co|chu|bac|chau)"
)
_SELF_RE = re.compile(
    rf"(?<!\w)(?P<trigger>{_SELF_TRIGGER})(?P<gap>\s+)(?P<name>{_NAME_OR_CAPS})(?!\w)"
)
_TITLE_RE = re.compile(
    rf"(?<!\w)(?P<trigger>{_TITLES})(?P<gap>[ \t]+)(?P<name>{_NAME})(?!\w)"
)

# Capitalised words after a title or "tôi là" that are roles, bodies or
# places, not names (compared without diacritics, lower case): "chị Cán bộ",
# "ông Chủ tịch", "anh Công an", "tôi là Người dân".
_NOT_NAMES = (
    "ay",
    "nay",
    "do",
    "kia",
    "bo phan",
    "can bo",
    "chu tich",
    "pho chu tich",
    "giam doc",
    "pho giam doc",
    "truong phong",
    "pho truong phong",
    "truong ban",
    "to truong",
    "cong an",
    "cong chuc",
    "vien chuc",
    "chuyen vien",
    "lanh dao",
    "ke toan",
    "van thu",
    "bao ve",
    "dia chinh",
    "tu phap",
    "ho tich",
    "mot cua",
    "nguoi dan",
    "cong dan",
    "uy ban",
    "ubnd",
    "hdnd",
    "trung tam",
    "phuong",
    "xa",
    "thi tran",
    "quan",
    "huyen",
    "tinh",
    "thanh pho",
    "so",
    "bo",
    "nha nuoc",
    "chinh phu",
    "viet nam",
    "ha noi",
    "ho chi minh",
    # "Ông Bà", "Anh Chị" written with capitals; not "Ba", "Chu", "Cô"...: names too
    "anh",
    "chi",
    "ong",
    "em",
)
# Single words compared with their diacritics: "Quận" is a district, "Quân" a name.
_NOT_NAME_WORDS = frozenset(
    {"phường", "xã", "quận", "huyện", "tỉnh", "sở", "bộ", "ủy", "uỷ", "ấy", "này"}
    | {"bà", "cô", "chú", "bác", "cháu", "dì", "cậu", "chị", "ông"}
)

# ---------------------------------------------------------------- addresses
_NUM = r"\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*"
_PLACE_NAME = rf"(?:{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,4}}|\d+[A-Za-z]?)"
_STREET_WORDS = r"(?:đường|duong|phố|pho|ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet)"
# A house number: "số 12", "nhà số 12A", "12/3", or a bare number before a street word.
_HOUSE = (
    rf"(?i:(?:nhà\s+|nha\s+)?(?:số|so)\s+{_NUM})"
    rf"|\d+[A-Za-z]?(?:/\d+[A-Za-z]?)+"
    rf"|\d+[A-Za-z]?(?=\s+(?i:{_STREET_WORDS})\s)"
)
# Lanes and hamlets: they point to a few houses ("ngõ 34", "tổ dân phố 5", "xóm Chùa").
_LANE = (
    rf"(?i:ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet)\s+(?:(?i:số|so)\s+)?{_NUM}"
    rf"(?:[ \t]+{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,4}})?"
    rf"|(?i:tổ\s+dân\s+phố|to\s+dan\s+pho|tổ|khu\s+phố|khu\s+pho)\s+(?:(?i:số|so)\s+)?\d+"
    rf"|(?i:thôn|thon|xóm|xom|ấp|bản|khóm|khom)\s+{_PLACE_NAME}"
)
_STREET = (
    rf"(?<!(?i:thành) )(?<!(?i:thanh) )(?i:đường|duong|phố|pho)\s+"
    rf"(?:(?i:số|so)\s+\d+|{_PLACE_NAME})"
)
_AREA = (
    rf"(?i:phường|phuong|xã|xa|thị\s+trấn|thi\s+tran|quận|quan|huyện|huyen"
    rf"|thành\s+phố|thanh\s+pho|tp\.?|tỉnh|tinh)\s*{_PLACE_NAME}"
)
_PART = rf"(?:{_HOUSE}|{_LANE}|{_STREET}|{_AREA})"
_SEP = r"(?:\s*[,\-–]\s*|\s+)"
_ADDRESS_RE = re.compile(rf"(?<!\w){_PART}(?:{_SEP}{_PART})*(?!\w)")
# the parts of one address, to tell what it holds
_PART_RE = re.compile(rf"(?P<house>{_HOUSE})|(?P<lane>{_LANE})|{_STREET}|{_AREA}")


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


def _plain(text: str) -> str:
    """Lower case without diacritics ("Đường" -> "duong")."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def _is_not_a_name(name: str, following: str) -> bool:
    """``name`` (with the ``following`` text) is a role, a body or a place:
    "Chủ tịch", "Công an" (the second word in lower case), "Quận 3"."""
    first = name.split()[0]
    if first.lower() in _NOT_NAME_WORDS:
        return True
    plain = " ".join(_plain(following).split()) + " "
    return any(plain.startswith(stop + " ") for stop in _NOT_NAMES)


# "phố Bà Triệu", "đường Cô Giang": a title inside a street or place name
_PLACE_BEFORE_RE = re.compile(
    rf"(?i:{_STREET_WORDS}|phường|phuong|xã|quận|huyện|tỉnh|thôn|xóm|ấp|chợ|cho"
    rf"|trường|truong|chùa|chua|cầu|cau)\s+$"
)


def _redact_name(match: re.Match) -> str:
    before = match.string[max(match.start() - 12, 0) : match.start()]
    following = match.string[match.start("name") : match.start("name") + 40]
    if _is_not_a_name(match.group("name"), following) or _PLACE_BEFORE_RE.search(
        before
    ):
        return match.group(0)
    return match.group("trigger") + match.group("gap") + NAME_PLACEHOLDER


def _redact_address(match: re.Match) -> str:
    text = match.group(0)
    parts = list(_PART_RE.finditer(text))
    has_lane = any(part.group("lane") for part in parts)
    has_house = any(part.group("house") for part in parts)
    # A lane or hamlet points to a home; a house number does with a street
    # or a ward next to it. A street or a ward alone names a place.
    if has_lane or (has_house and len(parts) > 1):
        return ADDRESS_PLACEHOLDER
    return text


def redact_text(text: object) -> object:
    """``text`` with e-mails, phone numbers, ID numbers, names and addresses
    replaced by placeholders (see the module's docstring for the limits).

    Anything that is not a str (None, False) is returned unchanged; a text
    with nothing to redact is returned as it was.
    """
    if not isinstance(text, str) or not text:
        return text
    normalized = unicodedata.normalize("NFC", text)
    result = _EMAIL_RE.sub(EMAIL_PLACEHOLDER, normalized)
    result = _NUMBER_RE.sub(_redact_number, result)
    result = _ADDRESS_RE.sub(_redact_address, result)
    result = _SELF_RE.sub(_redact_name, result)
    result = _TITLE_RE.sub(_redact_name, result)
    return text if result == normalized else result
