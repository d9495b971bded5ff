import pytest

from satisfaction_survey import themes
from satisfaction_survey.themes import (
    COMPLAINT,
    DEFAULT_LEXICON,
    MENTION,
    PRAISE,
    compile_lexicon,
    find_matches,
    find_themes,
    low_share,
    normalize,
    parse_keywords,
)

LEXICON = compile_lexicon(DEFAULT_LEXICON)


def _summary(text):
    """{theme: "c" complaint, "p" praise, "cp" both, "m" mention only}."""
    result = {}
    for code, hit in find_themes(text, LEXICON).items():
        tone = ("c" if hit.complaint else "") + ("p" if hit.praise else "")
        result[code] = tone or "m"
    return result


# Comments and low-score reasons as citizens write them: with and without
# diacritics, with abbreviations, and the theme(s) each one is about.
SENTENCES = [
    # waiting time
    ("Phải chờ rất lâu mới đến lượt", {"waiting": "c"}),
    ("Chờ lâu quá, 2 tiếng mới xong", {"waiting": "c"}),
    ("cho lau qua, xep hang tu sang", {"waiting": "c"}),
    ("Xếp hàng từ 7h sáng đến 10h", {"waiting": "c"}),
    ("Hồ sơ trễ hẹn 5 ngày mà không ai báo", {"waiting": "c"}),
    ("ho so qua han 1 tuan roi", {"waiting": "c"}),
    ("Tôi phải chờ 3 tiếng", {"waiting": "c"}),
    ("tg cho doi qua lau", {"waiting": "c"}),
    ("Không phải chờ lâu, thủ tục gọn", {"waiting": "p"}),
    ("ko phai cho lau", {"waiting": "p"}),
    ("k bị trễ hẹn, trả kết quả đúng hẹn", {"waiting": "p"}),
    ("Giải quyết nhanh chóng, trước hẹn 2 ngày", {"waiting": "p"}),
    ("Tôi không hài lòng vì chờ lâu", {"waiting": "c"}),
    # guidance
    ("Cán bộ không hướng dẫn gì cả", {"guidance": "c"}),
    ("ko dc huong dan, phai tu hoi", {"guidance": "c"}),
    ("Hướng dẫn không rõ ràng, mỗi người một kiểu", {"guidance": "c"}),
    ("Thủ tục khó hiểu, không ai giải thích", {"guidance": "c"}),
    ("Được hướng dẫn tận tình, dễ hiểu", {"guidance": "p", "attitude": "p"}),
    ("nv giai thich ro rang", {"guidance": "p"}),
    ("Chưa được tư vấn về lệ phí", {"guidance": "c"}),
    # attitude
    ("Cán bộ thái độ không tốt, cáu gắt với dân", {"attitude": "c"}),
    ("cb cau gat, hach dich", {"attitude": "c"}),
    ("Nhân viên thờ ơ, vừa làm vừa chơi điện thoại", {"attitude": "c"}),
    ("Cán bộ rất nhiệt tình và vui vẻ", {"attitude": "p"}),
    ("can bo nhiet tinh, niem no", {"attitude": "p"}),
    ("Cán bộ A1 thiếu nhiệt tình", {"attitude": "c"}),
    ("nv ko nhiet tinh, ns truong khong", {"attitude": "c"}),
    ("Cán bộ không hề cáu gắt dù đông người", {"attitude": "p", "waiting": "c"}),
    ("Thái độ phục vụ tốt", {"attitude": "p"}),
    ("Thái độ bình thường", {"attitude": "m"}),
    # repeated visits
    ("Phải đi lại nhiều lần mới xong hồ sơ", {"repeat_visits": "c"}),
    ("di lai 4 lan, moi lan bo sung 1 giay", {"repeat_visits": "c"}),
    ("hs bổ sung nhiều lần, lần nào cũng thiếu", {"repeat_visits": "c"}),
    ("Hẹn đi hẹn lại mãi", {"repeat_visits": "c"}),
    ("Không phải đi lại nhiều lần như trước", {"repeat_visits": "p"}),
    # informal fees
    ("Phải bồi dưỡng cho cán bộ mới được làm nhanh", {"informal_fees": "c"}),
    ("bi doi tien ca phe 200k", {"informal_fees": "c"}),
    ("Có người gợi ý đưa phong bì", {"informal_fees": "c"}),
    ("thu them tien ngoai quy dinh", {"informal_fees": "c"}),
    ("Có chi phí không chính thức", {"informal_fees": "c"}),
    ("Không phải đưa tiền ngoài, rất minh bạch", {"informal_fees": "p"}),
    # online service
    ("Nộp hồ sơ trên cổng dịch vụ công bị lỗi hệ thống", {"online": "c"}),
    ("nop online ko dc, web loi suot", {"online": "c"}),
    ("Không đăng nhập được VNeID", {"online": "c"}),
    ("Dịch vụ công trực tuyến tiện lợi", {"online": "m"}),
    ("dvc bi treo ca buoi sang", {"online": "c"}),
    # facilities
    ("Phòng chờ chật chội, nóng bức", {"facilities": "c"}),
    ("Không có chỗ ngồi, phải đứng chờ", {"facilities": "c", "waiting": "c"}),
    ("may lay so hong, khong co bai xe", {"facilities": "c"}),
    ("Máy lấy số không hoạt động", {"facilities": "c"}),
    ("Trụ sở khang trang, sạch sẽ, có điều hoà", {"facilities": "p"}),
    ("Phòng chờ không có quạt", {"facilities": "c"}),
    # several themes
    (
        "Chờ lâu, cán bộ cáu gắt, lại phải đi lại 3 lần",
        {"waiting": "c", "attitude": "c", "repeat_visits": "c"},
    ),
    (
        "Cán bộ nhiệt tình nhưng hệ thống lỗi mạng nên chờ mãi",
        {"attitude": "p", "online": "c", "waiting": "c"},
    ),
    # no theme
    ("Tốt", {}),
    ("Hài lòng", {}),
    ("rat hai long, cam on", {}),
    ("Cảm ơn cán bộ phường", {}),
    ("Cán bộ cho đổi lịch hẹn sang thứ hai", {}),
    ("Hồ sơ đất nông nghiệp của gia đình", {}),
    ("ok", {}),
    ("", {}),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_sentences(text, expected):
    assert _summary(text) == expected


def test_enough_sentences():
    assert len(SENTENCES) >= 40
    assert sum(1 for _text, expected in SENTENCES if not expected) >= 5


def test_accents_and_case_are_ignored():
    variants = ("Chờ lâu", "chờ lâu", "CHỜ LÂU", "cho lau", "CHO LAU", "Cho   lau!")
    for text in variants:
        assert _summary(text) == {"waiting": "c"}, text


def test_decomposed_input():
    decomposed = "Cha\u0300o, cho\u031b\u0300 la\u0302u qua\u0301"  # NFD
    assert _summary(decomposed) == {"waiting": "c"}


def test_tone_placement_does_not_matter():
    lexicon = compile_lexicon({"facilities": ["~điều hòa"]})
    assert find_themes("Không có điều hoà", lexicon)["facilities"].complaint


def test_vowel_letters_count_in_accented_text():
    """Written with diacritics, "cho" (for) is not "chờ" (wait); without them,
    it may be."""
    lexicon = compile_lexicon({"waiting": ["chờ đợi"]})
    assert not find_themes("Cán bộ cho đổi lịch hẹn", lexicon)
    assert find_themes("can bo cho doi lich hen", lexicon)
    assert find_themes("Tôi phải chờ đợi", lexicon)


def test_keyword_without_diacritics_matches_any_text():
    lexicon = compile_lexicon({"online": ["nop online"]})
    assert find_themes("Nộp online rất nhanh", lexicon)


def test_whole_words_only():
    lexicon = compile_lexicon({"fees": ["phí"], "hot": ["nóng"]})
    assert not find_themes("Quầy phía bên trái", lexicon)
    assert not find_themes("Phường có nhiều nông dân", lexicon)
    assert find_themes("Thu phí cao", lexicon)
    assert not find_themes("nóngnực", lexicon)


def test_phrase_does_not_cross_punctuation():
    assert _summary("Tôi chờ. Lâu lắm mới có người") == {}
    assert _summary("Chờ-lâu") == {"waiting": "c"}


def test_abbreviations():
    lexicon = compile_lexicon({"t": ["không được hướng dẫn", "cán bộ nói", "hồ sơ"]})
    for text in ("ko dc huong dan", "k đc hướng dẫn", "kg duoc huong dan"):
        assert find_themes(text, lexicon), text
    assert find_themes("cb ns vay", lexicon)
    assert find_themes("nop hs", lexicon)
    assert find_themes("tg chờ", compile_lexicon({"t": ["thời gian chờ"]}))
    # a number with k is not "không"
    assert not find_themes("5k", compile_lexicon({"t": ["không"]}))


def test_negation_window():
    lexicon = compile_lexicon({"waiting": ["chờ lâu"]})

    def tone(text):
        return find_themes(text, lexicon)["waiting"].matches[0].tone

    assert tone("Không phải chờ lâu") == PRAISE
    assert tone("không cần phải chờ lâu") == PRAISE
    assert tone("chẳng hề phải chờ lâu") == PRAISE
    assert tone("Chưa bao giờ chờ lâu") == COMPLAINT  # "bao giờ" is not linking
    assert tone("Không, phải chờ lâu") == COMPLAINT  # punctuation ends the clause
    assert tone("không ai bị bắt chờ lâu") == COMPLAINT  # too far / not linking
    assert tone("Tôi không hài lòng vì chờ lâu") == COMPLAINT
    match = find_themes("ko phai cho lau", lexicon)["waiting"].matches[0]
    assert match.negated and match.tone == PRAISE


def test_negated_mention_is_a_complaint():
    hit = find_themes("Không được hướng dẫn", LEXICON)["guidance"]
    assert hit.complaint and not hit.praise
    hit = find_themes("Được hướng dẫn", LEXICON)["guidance"]
    assert not hit.complaint and not hit.praise
    assert hit.matches[0].tone == MENTION


def test_gap_stops_at_negation():
    assert _summary("Chờ đến lượt không lâu lắm") == {}
    assert _summary("chờ đến lượt khá lâu") == {"waiting": "c"}
    assert _summary("Chờ một hai ba bốn lâu") == {}  # more than three words


def test_spans_point_into_the_text():
    text = "Cán bộ cáu gắt, phải chờ rất lâu."
    matches = find_matches(text, LEXICON)
    assert [(m.theme, m.text) for m in matches] == [
        ("attitude", "cáu gắt"),
        ("waiting", "chờ rất lâu"),
    ]
    for match in matches:
        assert text[match.start : match.end] == match.text
    assert matches[1].keyword == "chờ ... lâu"


def test_spans_of_an_abbreviation():
    matches = find_matches("ko phai cho lau, cb cau gat", LEXICON)
    assert [m.text for m in matches] == ["cho lau", "cau gat"]


def test_nested_matches_of_a_theme_are_dropped():
    hit = find_themes("Thái độ không tốt", LEXICON)["attitude"]
    assert [m.keyword for m in hit.matches] == ["thái độ không tốt"]


def test_several_texts():
    hits = find_themes(["Chờ lâu", None, "Cán bộ cáu gắt"], LEXICON)
    assert list(hits) == ["waiting", "attitude"]


def test_theme_order_follows_the_lexicon():
    text = "Phòng chờ nóng quá và phải chờ rất lâu"
    assert list(find_themes(text, LEXICON)) == ["waiting", "facilities"]


def test_keyword_syntax():
    lexicon = compile_lexicon(
        {"x": "# a comment\n\n+tốt lắm\n~chủ đề\n  xấu   quá  \n...\n..."}
    )
    assert [(k.text, k.kind) for k in lexicon.keywords] == [
        ("tốt lắm", PRAISE),
        ("chủ đề", MENTION),
        ("xấu quá", COMPLAINT),
    ]
    assert parse_keywords("a\n# b\n  c  d \n") == ["a", "c d"]
    assert parse_keywords(None) == []


def test_number_placeholder():
    lexicon = compile_lexicon({"r": ["đi lại # lần"]})
    assert find_themes("đi lại 5 lần", lexicon)
    assert not find_themes("đi lại năm lần", lexicon)


def test_custom_abbreviations():
    lexicon = compile_lexicon({"t": ["cán bộ"]}, abbreviations={"cbo": "cán bộ"})
    assert find_themes("cbo tốt", lexicon)
    assert not find_themes("cb tốt", lexicon)


def test_never_raises_on_odd_input():
    for value in (None, False, 0, b"bytes", "   ", "!!!", "\x00\u200b", "a" * 10000):
        assert isinstance(find_themes(value, LEXICON), dict)
        assert isinstance(find_matches(value, LEXICON), list)


def test_long_text_is_read_up_to_max_chars():
    filler = "x" * (themes.MAX_CHARS - 20) + " "
    assert _summary(filler + "chờ lâu") == {"waiting": "c"}
    assert _summary(filler + "a" * 30 + " chờ lâu") == {}


def test_normalize():
    assert normalize("Chờ  LÂU, quá!") == "cho lau qua"
    assert normalize("Đường đi") == "duong di"
    assert normalize(None) == ""


def test_default_lexicon_themes():
    assert set(DEFAULT_LEXICON) == {
        "waiting",
        "guidance",
        "attitude",
        "repeat_visits",
        "informal_fees",
        "online",
        "facilities",
    }
    for code, lines in DEFAULT_LEXICON.items():
        compiled = compile_lexicon({code: lines})
        assert len(compiled.keywords) == len(lines), code


def test_low_share():
    assert low_share(3, 4) == 75.0
    assert low_share(0, 0) is None
    assert low_share(1, 3) == 33.33
    with pytest.raises(ValueError):
        low_share(5, 4)


def test_tones_constant():
    assert set(themes.TONES) == {COMPLAINT, PRAISE, MENTION}
