"""Themes of citizens' comments and low-score reasons (pure, never raises on input).

A lexicon maps theme codes (waiting time, guidance, attitude...) to keywords;
:func:`find_themes` returns the themes a Vietnamese text speaks of, with the
phrases matched and their spans, so a report can show why a comment was
counted.

Keywords, one per line (lines starting with ``#`` are comments):

- ``chờ lâu``: a complaint;
- ``+nhiệt tình``: praise;
- ``~hướng dẫn``: a mention of the topic, neither complaint nor praise;
- ``...`` inside a keyword stands for 0 to 3 words ("chờ ... lâu" matches
  "chờ lâu", "chờ rất lâu", "chờ đến lượt quá lâu"), never a negation word
  nor a punctuation mark;
- ``#`` inside a keyword stands for a number ("đi lại # lần": "đi lại 3 lần").

Matching:

- Whole words and phrases only: a text is cut into words (letters and
  digits), and a keyword matches a run of words, never part of a word
  ("phí" is not found in "phía").
  A phrase does not run across punctuation ("chờ. Lâu" is not "chờ lâu").
- Case and diacritics are ignored (đ = d): "CHO LAU", "cho lau" and "Chờ
  lâu" all match "chờ lâu". Comments typed without diacritics are common
  (phones, SMS habits). One refinement: in a text written with diacritics
  (at least 40 % of its words carry one), a keyword word written with
  diacritics must have the same vowel letters (ă â ê ô ơ ư đ), tone marks
  still ignored: there "cho" (for) is not "chờ" (wait), "nông" is not
  "nóng", while "hoà" and "hòa" (two ways of placing the tone) are the same.
- Common abbreviations are expanded first (:data:`DEFAULT_ABBREVIATIONS`):
  ko, k, kg, kh, khg, khong = không; dc, đc, duoc = được; ns = nói;
  tg = thời gian; nv = nhân viên; cb = cán bộ; hs = hồ sơ...
- Negation: a keyword is *negated* when the words just before it, in the
  same clause (no punctuation in between), are a negation word (không,
  chẳng, chưa, thiếu, kém) followed by at most three linking words (phải,
  bị, có, hề, cần, được, thấy, còn, ai, người, gặp, nào). "không phải chờ
  lâu", "ko bị cáu gắt", "không có ai hướng dẫn", "thiếu nhiệt tình" are
  negated; "không hài lòng vì chờ lâu" is not (the words between are not
  linking words). A negated complaint counts as praise ("không phải chờ
  lâu": waiting time, praised), negated praise or a negated mention as a
  complaint ("không nhiệt tình", "không được hướng dẫn"). A keyword that
  starts inside a negated one of the same theme is negated too ("không
  phải đưa tiền ngoài": "đưa tiền" and "tiền ngoài"). A negation after
  the keyword ("chờ có lâu đâu") is not seen: write such phrases as
  keywords of their own when they matter.
- Within a theme, a match inside a longer one is dropped ("thái độ" inside
  "thái độ không tốt").
- Only the first 10,000 characters of a text are read (comments and
  reasons hold at most 2,000).

What it cannot do: understand irony, questions ("có phải chờ lâu không?"
is a complaint), or texts without diacritics where two words collide
("cho doi" may be "chờ đợi" or "cho đổi"). It is a lexicon, not a model:
the themes are a reading aid, and the examples let a reader check them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from .indices import _part_of
from .sms_text import strip_diacritics

COMPLAINT = "complaint"
PRAISE = "praise"
MENTION = "mention"
TONES = (COMPLAINT, PRAISE, MENTION)

MAX_GAP = 3  # words a "..." of a keyword stands for
MAX_LINKING = 3  # words between a negation word and the keyword
ACCENTED_SHARE = 0.4  # share of words with diacritics of a text "written with them"
MAX_CHARS = 10000  # only the start of a longer text is read (comments hold 2,000)

# Folded (no diacritics, lower case) abbreviation -> the words it stands for.
DEFAULT_ABBREVIATIONS = {
    "ko": "không",
    "k": "không",
    "kg": "không",
    "kh": "không",
    "khg": "không",
    "khong": "không",
    "hok": "không",
    "dc": "được",
    "duoc": "được",
    "ns": "nói",
    "tg": "thời gian",
    "nv": "nhân viên",
    "cb": "cán bộ",
    "hs": "hồ sơ",
    "dvc": "dịch vụ công",
    "onl": "online",
    "vs": "với",
    "ng": "người",
}
NEGATIONS = ("không", "chẳng", "chưa", "thiếu", "kém")
LINKING_WORDS = (
    "phải",
    "bị",
    "có",
    "hề",
    "cần",
    "được",
    "thấy",
    "còn",
    "ai",
    "người",
    "gặp",
    "nào",
)

# The shipped lexicon: theme code -> keywords (the Odoo module loads it into
# its configurable themes on installation). Words that are ambiguous alone
# are given in phrases: "bồi dưỡng" is also training ("tiền bồi dưỡng",
# "phải bồi dưỡng"), "nóng" and "chật" lose their diacritics into other words
# ("nóng quá", "chật chội"), "quát" (shout) folds like "quạt" (fan).
DEFAULT_LEXICON = {
    "waiting": (
        "chờ ... lâu",
        "đợi ... lâu",
        "chờ đợi",
        "chờ mãi",
        "chờ cả buổi",
        "chờ cả ngày",
        "chờ cả sáng",
        "chờ từ sáng",
        "chờ hơn",
        "chờ # tiếng",
        "chờ # giờ",
        "chờ # ngày",
        "đợi # tiếng",
        "mất # tiếng",
        "xếp hàng",
        "hàng dài",
        "đông người",
        "trễ hẹn",
        "lỡ hẹn",
        "sai hẹn",
        "quá hẹn",
        "chậm hẹn",
        "quá hạn",
        "trễ hạn",
        "trễ # ngày",
        "chậm # ngày",
        "chậm trễ",
        "chậm chạp",
        "giải quyết chậm",
        "xử lý chậm",
        "làm chậm",
        "chậm quá",
        "quá chậm",
        "rất chậm",
        "lâu quá",
        "quá lâu",
        "rất lâu",
        "mất nhiều thời gian",
        "mất thời gian",
        "tốn thời gian",
        "mất cả buổi",
        "mất cả ngày",
        "kéo dài",
        "đứng chờ",
        "+đúng hẹn",
        "+trước hẹn",
        "+sớm hơn hẹn",
        "+nhanh chóng",
        "+nhanh gọn",
        "+giải quyết nhanh",
        "+xử lý nhanh",
        "+rất nhanh",
        "~thời gian chờ",
        "~thời gian giải quyết",
    ),
    "guidance": (
        "~hướng dẫn",
        "~giải thích",
        "~tư vấn",
        "~giải đáp",
        "~niêm yết",
        "không rõ",
        "chưa rõ",
        "khó hiểu",
        "không hiểu",
        "mơ hồ",
        "hướng dẫn sai",
        "hướng dẫn không đầy đủ",
        "hướng dẫn chưa đầy đủ",
        "hướng dẫn mỗi lần một kiểu",
        "mỗi người một kiểu",
        "thiếu thông tin",
        "thông tin không rõ",
        "không ai trả lời",
        "+hướng dẫn tận tình",
        "+hướng dẫn chu đáo",
        "+hướng dẫn rõ ràng",
        "+hướng dẫn kỹ",
        "+hướng dẫn cụ thể",
        "+hướng dẫn đầy đủ",
        "+giải thích rõ",
        "+giải thích cặn kẽ",
        "+dễ hiểu",
        "+rõ ràng",
    ),
    "attitude": (
        "~thái độ",
        "~tác phong",
        "cáu gắt",
        "gắt gỏng",
        "quát tháo",
        "quát mắng",
        "quát nạt",
        "to tiếng",
        "lớn tiếng",
        "hách dịch",
        "cửa quyền",
        "thờ ơ",
        "vô cảm",
        "lạnh lùng",
        "coi thường",
        "hạch sách",
        "làm khó",
        "gây khó dễ",
        "gây khó khăn",
        "nói trống không",
        "thái độ không tốt",
        "thái độ chưa tốt",
        "thái độ kém",
        "thái độ tệ",
        "chơi điện thoại",
        "bấm điện thoại",
        "xem điện thoại",
        "làm việc riêng",
        "nói chuyện riêng",
        "+nhiệt tình",
        "+niềm nở",
        "+vui vẻ",
        "+lịch sự",
        "+chu đáo",
        "+tận tình",
        "+tận tâm",
        "+thân thiện",
        "+ân cần",
        "+nhã nhặn",
        "+hòa nhã",
        "+chuyên nghiệp",
        "+tôn trọng",
        "+thái độ tốt",
        "+thái độ phục vụ tốt",
    ),
    "repeat_visits": (
        "đi lại nhiều lần",
        "đi lại nhiều",
        "đi lại mấy lần",
        "đi lại vài lần",
        "đi lại # lần",
        "đi đi lại lại",
        "phải đi lại",
        "đi # lần",
        "lên # lần",
        "quay lại # lần",
        "quay lại nhiều lần",
        "bổ sung nhiều lần",
        "bổ sung # lần",
        "bổ sung mấy lần",
        "bổ sung lắt nhắt",
        "bổ sung nhiều",
        "sửa nhiều lần",
        "sửa # lần",
        "làm lại nhiều lần",
        "nộp lại nhiều lần",
        "hẹn đi hẹn lại",
        "hẹn lên hẹn xuống",
        "hành dân",
        "hành người dân",
        "+đi một lần",
        "+một lần là xong",
        "~yêu cầu bổ sung",
    ),
    "informal_fees": (
        "phí ngoài",
        "chi phí ngoài",
        "tiền ngoài",
        "ngoài quy định",
        "chi phí không chính thức",
        "tiền bồi dưỡng",
        "phải bồi dưỡng",
        "đòi bồi dưỡng",
        "xin bồi dưỡng",
        "bồi dưỡng cho",
        "tiền cà phê",
        "tiền cafe",
        "tiền cf",
        "tiền trà nước",
        "tiền uống nước",
        "tiền nước",
        "phong bì",
        "lót tay",
        "đưa tiền",
        "bôi trơn",
        "tiêu cực",
        "nhũng nhiễu",
        "vòi vĩnh",
        "thu thêm",
        "cò hồ sơ",
        "qua cò",
    ),
    "online": (
        "~dịch vụ công trực tuyến",
        "~dịch vụ công",
        "~cổng dịch vụ công",
        "~nộp online",
        "~nộp trực tuyến",
        "~nộp qua mạng",
        "~trực tuyến",
        "~online",
        "~vneid",
        "~chữ ký số",
        "~ký số",
        "~thanh toán trực tuyến",
        "~thanh toán online",
        "lỗi hệ thống",
        "hệ thống lỗi",
        "hệ thống bị lỗi",
        "hệ thống ... chậm",
        "lỗi mạng",
        "mất mạng",
        "mạng chậm",
        "web lỗi",
        "trang web lỗi",
        "web chậm",
        "bị treo",
        "hệ thống treo",
        "không đăng nhập được",
        "đăng nhập không được",
        "không truy cập được",
        "không nộp được",
        "không thanh toán được",
        "không tải được",
        "lỗi tải",
    ),
    "facilities": (
        "~chỗ ngồi",
        "~ghế ngồi",
        "~ghế chờ",
        "~phòng chờ",
        "~máy lấy số",
        "~số thứ tự",
        "~bãi xe",
        "~bãi đỗ xe",
        "~chỗ để xe",
        "~chỗ gửi xe",
        "~gửi xe",
        "~nhà vệ sinh",
        "~điều hòa",
        "~máy lạnh",
        "~quạt",
        "~nước uống",
        "~wifi",
        "~máy photo",
        "~cơ sở vật chất",
        "chật chội",
        "chật hẹp",
        "phòng chật",
        "chỗ chật",
        "quá chật",
        "chật quá",
        "nóng bức",
        "nóng nực",
        "oi bức",
        "nóng quá",
        "quá nóng",
        "rất nóng",
        "phòng nóng",
        "ngột ngạt",
        "bí bách",
        "ồn ào",
        "thiếu ghế",
        "mất vệ sinh",
        "xuống cấp",
        "máy ... hỏng",
        "máy ... không hoạt động",
        "+sạch sẽ",
        "+khang trang",
        "+thoáng mát",
        "+rộng rãi",
        "+tiện nghi",
        "+mát mẻ",
    ),
}

_WORD_RE = re.compile(r"\w+")
# Marks that set the tone of a syllable (huyền, sắc, ngã, hỏi, nặng); the
# others (breve, circumflex, horn) make another letter.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Between two words, these do not end a phrase: "cà-phê", "và/hoặc".
_JOINERS = frozenset(" \t\u00a0-/'_&")
_GAP, _NUMBER = "...", "#"


class _Word(NamedTuple):
    fold: str  # lower case, no diacritics
    skeleton: str  # lower case, no tone marks
    accented: bool  # written with diacritics
    start: int
    end: int
    boundary: bool  # punctuation between this word and the previous one
    abbreviation: bool = False


class Keyword(NamedTuple):
    theme: str
    text: str  # as written, without its prefix
    kind: str  # complaint, praise or mention
    pattern: tuple  # _Word, _GAP or _NUMBER


class Lexicon(NamedTuple):
    themes: tuple  # theme codes, in order
    keywords: tuple  # Keyword
    abbreviations: dict  # folded abbreviation -> expansion
    by_first_word: dict  # folded first word (or "#") -> keywords starting with it


class Match(NamedTuple):
    theme: str
    keyword: str
    tone: str  # complaint, praise or mention (after negation)
    negated: bool
    start: int  # span in the NFC form of the text
    end: int
    text: str


class ThemeHit(NamedTuple):
    theme: str
    complaint: bool
    praise: bool
    matches: tuple  # Match, in text order


def _skeleton(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    return unicodedata.normalize("NFC", kept)


def _fold(text: str) -> str:
    return strip_diacritics(text).lower()


def normalize(text: object) -> str:
    """Lower case, without diacritics (đ -> d), words separated by one space:
    ``"Chờ  LÂU, quá!"`` -> ``"cho lau qua"``. Not a str: ``""``."""
    if not isinstance(text, str):
        return ""
    return " ".join(_WORD_RE.findall(_fold(unicodedata.normalize("NFC", text))))


@functools.lru_cache(maxsize=8192)
def _forms(lower: str) -> tuple[str, str]:
    """(fold, skeleton) of a lower-case word: words repeat, normalising does not."""
    return _fold(lower), _skeleton(lower)


def _words(text: str, abbreviations: Mapping[str, str]) -> list[_Word]:
    """The words of ``text`` (NFC), abbreviations expanded in place."""
    words, previous_end = [], 0
    for found in _WORD_RE.finditer(text):
        between = text[previous_end : found.start()]
        boundary = bool(words) and any(ch not in _JOINERS for ch in between)
        previous_end = found.end()
        lower = found.group().lower()
        fold, skeleton = _forms(lower)
        expansion = abbreviations.get(fold)
        if expansion is None:
            words.append(
                _Word(
                    fold,
                    skeleton,
                    fold != lower,
                    found.start(),
                    found.end(),
                    boundary,
                )
            )
            continue
        for position, part in enumerate(expansion.lower().split()):
            words.append(
                _Word(
                    _fold(part),
                    _skeleton(part),
                    _fold(part) != part,
                    found.start(),
                    found.end(),
                    boundary and position == 0,
                    True,
                )
            )
    return words


def _is_accented_text(words: list[_Word]) -> bool:
    counted = [w for w in words if not w.abbreviation and not w.fold.isdigit()]
    if not counted:
        return False
    return sum(w.accented for w in counted) >= ACCENTED_SHARE * len(counted)


def _same(word: _Word, expected: _Word, accented_text: bool) -> bool:
    if accented_text and expected.accented:
        return word.skeleton == expected.skeleton
    return word.fold == expected.fold


def _parse_keyword(theme: str, line: str, abbreviations) -> Keyword | None:
    line = " ".join(line.split())
    if not line or line.startswith("#"):
        return None
    kind = {"+": PRAISE, "~": MENTION}.get(line[0], COMPLAINT)
    text = line[1:].strip() if kind != COMPLAINT else line
    pattern = []
    for piece in text.split():
        if piece in (_GAP, "…"):
            pattern.append(_GAP)
        elif piece == _NUMBER:
            pattern.append(_NUMBER)
        else:
            pattern.extend(_words(unicodedata.normalize("NFC", piece), abbreviations))
    while pattern and pattern[0] == _GAP:
        pattern.pop(0)
    while pattern and pattern[-1] == _GAP:
        pattern.pop()
    if not any(isinstance(item, _Word) for item in pattern):
        return None
    return Keyword(theme, text, kind, tuple(pattern))


def parse_keywords(text: object) -> list[str]:
    """The keyword lines of a text field: stripped, without blanks and ``#``
    comments."""
    if not isinstance(text, str):
        return []
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def compile_lexicon(
    themes: Mapping[str, Iterable[str] | str],
    abbreviations: Mapping[str, str] | None = None,
) -> Lexicon:
    """A :class:`Lexicon` from ``{theme code: keywords}`` (an iterable of
    lines, or one text of lines). Keywords that hold no word are skipped."""
    abbreviations = dict(
        DEFAULT_ABBREVIATIONS if abbreviations is None else abbreviations
    )
    abbreviations = {_fold(key): value for key, value in abbreviations.items()}
    keywords = []
    for theme, lines in themes.items():
        if isinstance(lines, str):
            lines = parse_keywords(lines)
        for line in lines:
            keyword = _parse_keyword(theme, line, abbreviations)
            if keyword is not None:
                keywords.append(keyword)
    by_first_word: dict[str, list[Keyword]] = {}
    for keyword in keywords:
        first = keyword.pattern[0]
        key = _NUMBER if first == _NUMBER else first.fold
        by_first_word.setdefault(key, []).append(keyword)
    return Lexicon(
        tuple(themes),
        tuple(keywords),
        abbreviations,
        {key: tuple(found) for key, found in by_first_word.items()},
    )


_NEGATION_WORDS = tuple(_words(word, {})[0] for word in NEGATIONS)
_LINKING = tuple(_words(word, {})[0] for word in LINKING_WORDS)


def _one_of(word: _Word, choices, accented_text: bool) -> bool:
    return any(_same(word, choice, accented_text) for choice in choices)


def _match_at(words, index, pattern, accented_text):
    """End (exclusive) of ``pattern`` matched from ``words[index]``, or None."""
    if not pattern:
        return index
    item, rest = pattern[0], pattern[1:]
    if item == _GAP:
        for skip in range(MAX_GAP + 1):
            gap = words[index : index + skip]
            if len(gap) < skip or any(
                w.boundary or _one_of(w, _NEGATION_WORDS, accented_text) for w in gap
            ):
                return None
            end = _match_at(words, index + skip, rest, accented_text)
            if end is not None:
                return end
        return None
    if index >= len(words) or words[index].boundary:
        return None
    word = words[index]
    if item == _NUMBER:
        matched = word.fold.isdigit()
    else:
        matched = _same(word, item, accented_text)
    return _match_at(words, index + 1, rest, accented_text) if matched else None


def _negated(words, index, accented_text) -> bool:
    """True when a negation word, then at most MAX_LINKING linking words, come
    just before ``words[index]`` in the same clause."""
    linking = 0
    position = index - 1
    while position >= 0 and not words[position + 1].boundary:
        word = words[position]
        if _one_of(word, _NEGATION_WORDS, accented_text):
            return True
        if linking >= MAX_LINKING or not _one_of(word, _LINKING, accented_text):
            return False
        linking += 1
        position -= 1
    return False


_FLIP = {COMPLAINT: PRAISE, PRAISE: COMPLAINT, MENTION: COMPLAINT}


def _match_from(text, words, index, keyword, accented_text):
    """The :class:`Match` of ``keyword`` starting at ``words[index]``, or None."""
    word, first = words[index], keyword.pattern[0]
    if first != _NUMBER and not _same(word, first, accented_text):
        return None
    end = _match_at(words, index + 1, keyword.pattern[1:], accented_text)
    if end is None:
        return None
    negated = _negated(words, index, accented_text)
    start, stop = word.start, words[end - 1].end
    return Match(
        keyword.theme,
        keyword.text,
        _FLIP[keyword.kind] if negated else keyword.kind,
        negated,
        start,
        stop,
        text[start:stop],
    )


def _drop_nested(matches: list[Match]) -> list[Match]:
    """Matches of one theme without those inside a longer (or equal, earlier)
    one; a match that starts inside a negated one is negated too ("không phải
    đưa tiền ngoài": "tiền ngoài" as well as "đưa tiền")."""
    kept: list[Match] = []
    kept_end = negated_end = -1  # furthest end of the kept (negated) matches
    for match in sorted(matches, key=lambda m: (m.start, m.start - m.end)):
        if match.end <= kept_end:
            continue
        if not match.negated and match.start < negated_end:
            match = match._replace(negated=True, tone=_FLIP[match.tone])
        kept.append(match)
        kept_end = max(kept_end, match.end)
        if match.negated:
            negated_end = max(negated_end, match.end)
    return kept


def find_matches(text: object, lexicon: Lexicon) -> list[Match]:
    """Every keyword of ``lexicon`` found in ``text``, in text order (spans
    in ``unicodedata.normalize("NFC", text)``). Not a str: ``[]``."""
    if not isinstance(text, str) or not text.strip():
        return []
    text = unicodedata.normalize("NFC", text)[:MAX_CHARS]
    words = _words(text, lexicon.abbreviations)
    accented_text = _is_accented_text(words)
    by_theme: dict[str, list[Match]] = {}
    for index, word in enumerate(words):
        candidates = lexicon.by_first_word.get(word.fold, ())
        if word.fold.isdigit():
            candidates += lexicon.by_first_word.get(_NUMBER, ())
        for keyword in candidates:
            match = _match_from(text, words, index, keyword, accented_text)
            if match is not None:
                by_theme.setdefault(match.theme, []).append(match)
    result = [m for matches in by_theme.values() for m in _drop_nested(matches)]
    return sorted(result, key=lambda m: (m.start, m.end, m.theme))


def find_themes(texts: object, lexicon: Lexicon) -> dict[str, ThemeHit]:
    """Themes of ``texts`` (one text, or several: a comment and a reason),
    in the lexicon's theme order: ``{code: ThemeHit}``; a theme is present
    when at least one keyword matched, whatever its tone."""
    if not isinstance(texts, list | tuple):
        texts = [texts]
    matches: dict[str, list[Match]] = {}
    for text in texts:
        for match in find_matches(text, lexicon):
            matches.setdefault(match.theme, []).append(match)
    return {
        theme: ThemeHit(
            theme,
            any(m.tone == COMPLAINT for m in matches[theme]),
            any(m.tone == PRAISE for m in matches[theme]),
            tuple(matches[theme]),
        )
        for theme in lexicon.themes
        if theme in matches
    }


def low_share(low: int, mentions: int) -> float | None:
    """Share of the ratings that mention a theme which are rated low, in percent
    (``None`` without ratings)."""
    return _part_of(low, mentions, "low", "mentions")
