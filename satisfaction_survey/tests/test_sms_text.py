import json
import unicodedata

import pytest

from satisfaction_survey.sms_text import (
    fill_parts,
    fits_one_segment,
    gsm7_segments,
    is_gsm7,
    render_params,
    response_ok,
    sms_safe,
    strip_diacritics,
    template_format,
    template_placeholders,
)

# Every Vietnamese vowel with every tone, lower and upper case.
VOWELS = {
    "a": "aàáảãạ",
    "ă": "ăằắẳẵặ",
    "â": "âầấẩẫậ",
    "e": "eèéẻẽẹ",
    "ê": "êềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọ",
    "ô": "ôồốổỗộ",
    "ơ": "ơờớởỡợ",
    "u": "uùúủũụ",
    "ư": "ưừứửữự",
    "y": "yỳýỷỹỵ",
}
BASE = {
    "a": "a",
    "ă": "a",
    "â": "a",
    "e": "e",
    "ê": "e",
    "i": "i",
    "o": "o",
    "ô": "o",
    "ơ": "o",
    "u": "u",
    "ư": "u",
    "y": "y",
}


# ----------------------------------------------------------------------
# strip_diacritics
# ----------------------------------------------------------------------


@pytest.mark.parametrize("vowel", sorted(VOWELS))
def test_strip_every_vowel_and_tone(vowel):
    for ch in VOWELS[vowel]:
        assert strip_diacritics(ch) == BASE[vowel], ch
        assert strip_diacritics(ch.upper()) == BASE[vowel].upper(), ch.upper()


def test_strip_d_bar_and_sentences():
    assert strip_diacritics("đ Đ") == "d D"
    assert strip_diacritics("Đăng ký khai sinh") == "Dang ky khai sinh"
    assert (
        strip_diacritics("Ủy ban nhân dân phường Bến Nghé")
        == "Uy ban nhan dan phuong Ben Nghe"
    )
    assert (
        strip_diacritics("Quét mã để đánh giá sự hài lòng")
        == "Quet ma de danh gia su hai long"
    )
    assert strip_diacritics("HỒ SƠ ĐÃ CÓ KẾT QUẢ") == "HO SO DA CO KET QUA"


def test_strip_decomposed_input_and_untouched_text():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    assert decomposed != "Nguyễn Thị Hường"
    assert strip_diacritics(decomposed) == "Nguyen Thi Huong"
    plain = "HS-2025-000001: https://dvc.example.gov.vn/r/AbC_dEf-123?x=1&y={2}"
    assert strip_diacritics(plain) == plain
    assert strip_diacritics("") == ""
    assert strip_diacritics(None) == ""


def test_sms_safe_typography():
    text = "“Hồ sơ” – đã xong… xin cảm ơn\u00a0bạn"
    assert sms_safe(text) == '"Ho so" - da xong... xin cam on ban'
    assert is_gsm7(sms_safe(text))


def test_every_stripped_vietnamese_letter_is_gsm7():
    alphabet = "".join(VOWELS.values()) + "bcdđghklmnpqrstvx"
    alphabet += alphabet.upper()
    assert not is_gsm7(alphabet)
    assert is_gsm7(strip_diacritics(alphabet))


# ----------------------------------------------------------------------
# segments
# ----------------------------------------------------------------------


def test_gsm7_single_and_multipart_limits():
    assert gsm7_segments("a" * 160) == ("gsm7", 160, 1)
    assert gsm7_segments("a" * 161) == ("gsm7", 161, 2)
    assert gsm7_segments("a" * 306).segments == 2
    assert gsm7_segments("a" * 307).segments == 3
    assert gsm7_segments("").segments == 1


def test_gsm7_extension_characters_count_twice_and_are_not_split():
    assert gsm7_segments("€" * 80) == ("gsm7", 160, 1)
    assert gsm7_segments("€" * 80 + "a").segments == 2
    # 152 septets, then an escaped character that must not straddle the parts
    info = gsm7_segments("a" * 152 + "{" + "a" * 10)
    assert info.length == 164
    assert info.segments == 2
    assert gsm7_segments("a" * 152 + "{" + "a" * 152).segments == 3


def test_ucs2_limits():
    assert gsm7_segments("ư" * 70) == ("ucs2", 70, 1)
    assert gsm7_segments("ư" * 71) == ("ucs2", 71, 2)
    assert gsm7_segments("ư" * 134).segments == 2
    assert gsm7_segments("ư" * 135).segments == 3
    # one Vietnamese letter is enough to switch the whole message to UCS-2
    assert gsm7_segments("a" * 69 + "đ") == ("ucs2", 70, 1)
    assert gsm7_segments("a" * 70 + "đ").segments == 2
    # astral characters take two code units
    assert gsm7_segments("😀" * 35) == ("ucs2", 70, 1)
    assert gsm7_segments("😀" * 36).segments == 2


def test_stripping_makes_a_rating_sms_fit_one_segment():
    text = (
        "UBND phường Bến Nghé: hồ sơ HS-2025-000123 đã có kết quả. "
        "Mời ông/bà đánh giá sự hài lòng: https://dichvucong.example.gov.vn/r/AbCdEfGhIjKlMnOpQrStUv"
    )
    assert not fits_one_segment(text)
    assert gsm7_segments(text).segments == 3
    assert fits_one_segment(sms_safe(text))


# ----------------------------------------------------------------------
# render_params
# ----------------------------------------------------------------------


def test_render_json_template():
    template = (
        '{"ApiKey": "{token}", "Phone": "{phone}", "Content": "{message}", '
        '"Brandname": "{brandname}", "SmsType": 2, "Tags": ["{brandname}", "x"]}'
    )
    assert template_format(template) == "json"
    kind, data = render_params(
        template,
        {
            "token": "k",
            "phone": "84912345678",
            "message": 'Say "hi" {phone} }',
            "brandname": "UBND",
        },
    )
    assert kind == "json"
    assert data == {
        "ApiKey": "k",
        "Phone": "84912345678",
        "Content": 'Say "hi" {phone} }',
        "Brandname": "UBND",
        "SmsType": 2,
        "Tags": ["UBND", "x"],
    }
    json.dumps(data)  # still serialisable


def test_render_json_values_cannot_inject_structure():
    kind, data = render_params(
        '{"to": "{phone}", "text": "{message}"}',
        {"phone": '1", "admin": "true', "message": "m"},
    )
    assert data == {"to": '1", "admin": "true', "text": "m"}
    assert "admin" not in data


def test_render_form_template():
    template = (
        "user={username}\npass={password}\nto={phone}&text={message}\n\n"
        "sender={brandname}"
    )
    assert template_format(template) == "form"
    kind, data = render_params(
        template,
        {
            "username": "u",
            "password": "p&x=1",
            "phone": "0912",
            "message": "a=b&c\nd",
            "brandname": "",
        },
    )
    assert kind == "form"
    assert data == [
        ("user", "u"),
        ("pass", "p&x=1"),
        ("to", "0912"),
        ("text", "a=b&c\nd"),
        ("sender", ""),
    ]


def test_render_errors():
    with pytest.raises(ValueError, match="unknown placeholder"):
        render_params("to={phone}&x={secret}", {"phone": "1"})
    with pytest.raises(ValueError, match="invalid JSON"):
        render_params('{"to": "{phone}"', {"phone": "1"})
    with pytest.raises(ValueError, match="name="):
        render_params("to={phone}\njunk", {"phone": "1"})
    assert template_placeholders('{"a": "{phone}-{message}"}') == {"phone", "message"}


# ----------------------------------------------------------------------
# response_ok
# ----------------------------------------------------------------------


def test_response_status_check():
    assert response_ok(200, "")[0]
    assert response_ok(204, "", "status")[0]
    ok, reason = response_ok(500, "boom")
    assert not ok and "500" in reason
    assert not response_ok(302, "")[0]


def test_response_substring_check():
    assert response_ok(200, "OK:123", "substring", "OK")[0]
    assert not response_ok(200, "ERR:12", "substring", "OK")[0]
    assert not response_ok(500, "OK", "substring", "OK")[0]


def test_response_json_check():
    assert response_ok(
        200, '{"CodeResult": "100", "SMSID": "x"}', "json", "CodeResult=100"
    )[0]
    assert response_ok(200, '{"CodeResult": 100}', "json", "CodeResult=100")[0]
    assert response_ok(200, '{"data": {"ok": true}}', "json", "data.ok=true")[0]
    assert response_ok(200, '{"items": [{"s": "sent"}]}', "json", "items.0.s=sent")[0]
    ok, reason = response_ok(200, '{"CodeResult": "99"}', "json", "CodeResult=100")
    assert not ok and "CodeResult=99" in reason
    assert not response_ok(200, "not json", "json", "CodeResult=100")[0]
    assert not response_ok(200, '{"other": 1}', "json", "CodeResult=100")[0]
    with pytest.raises(ValueError):
        response_ok(200, "{}", "json", "no-equal-sign")
    with pytest.raises(ValueError):
        response_ok(200, "{}", "regex", "x")


def test_fill_parts_literals_values_and_defaults():
    parts = [
        ("Ho so ", "ref", ""),
        (" cua ", "name", "ban"),
        (": {x} {{y}} ", "url", ""),
        ("", "count", "0"),
        (".", "", ""),
    ]
    values = {"ref": "HS-01", "name": "An", "url": "https://a.vn/r/t", "count": 3}
    assert (
        fill_parts(parts, values) == "Ho so HS-01 cua An: {x} {{y}} https://a.vn/r/t3."
    )
    # empty values give the default, or nothing
    empty = {"ref": False, "name": None, "url": "", "count": 0}
    assert fill_parts(parts, empty) == "Ho so  cua ban: {x} {{y}} 0."
    # a value is written as it is, never read as a template
    assert fill_parts([("", "v", "")], {"v": "{url} {{ object.name }}"}) == (
        "{url} {{ object.name }}"
    )
    assert fill_parts([], {}) == ""
    with pytest.raises(KeyError):
        fill_parts([("a", "missing", "")], {})
