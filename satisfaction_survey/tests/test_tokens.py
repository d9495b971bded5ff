from satisfaction_survey import (
    KIOSK_CODE_ALPHABET,
    KIOSK_CODE_LENGTH,
    TOKEN_BYTES,
    form_token,
    form_token_valid,
    is_well_formed,
    kiosk_code_hash,
    new_kiosk_code,
    new_token,
    normalize_kiosk_code,
    rating_url,
    token_of_rating_link,
    tokens_equal,
)


def test_new_tokens_unique_and_well_formed():
    assert TOKEN_BYTES == 16
    tokens = [new_token() for _ in range(1000)]
    assert len(set(tokens)) == 1000
    assert all(len(t) == 22 and is_well_formed(t) for t in tokens)


def test_is_well_formed():
    assert is_well_formed("A" * 22)
    assert is_well_formed("aZ09_-" * 4)
    assert is_well_formed("x" * 64)
    assert not is_well_formed("x" * 21)
    assert not is_well_formed("x" * 65)
    assert not is_well_formed("x" * 21 + "=")
    assert not is_well_formed("x" * 21 + "/")
    assert not is_well_formed("x" * 22 + "\n")
    assert not is_well_formed("é" * 22)
    assert not is_well_formed(None)
    assert not is_well_formed(b"x" * 22)


def test_tokens_equal():
    token = new_token()
    assert tokens_equal(token, str(token))
    assert not tokens_equal(token, new_token())
    assert not tokens_equal(token, token[:-1])
    assert not tokens_equal(token, None)
    assert not tokens_equal(token.encode(), token.encode())
    assert tokens_equal("é", "é")
    assert not tokens_equal(
        "\ud800", "\ud800"
    )  # unencodable: never equal, never raises


def test_rating_url():
    token = "A" * 22
    assert (
        rating_url("https://dichvucong.example.vn/", token)
        == "https://dichvucong.example.vn/r/" + token
    )
    assert rating_url("https://x.vn//", token) == "https://x.vn/r/" + token
    assert (
        rating_url("https://x.vn", token, prefix="/satisfaction/pakn/")
        == "https://x.vn/satisfaction/pakn/" + token
    )


def test_form_token_bound_to_link_secret_and_time():
    secret, token, now = "s3cret", "A" * 22, 1_800_000_000.0
    value = form_token(secret, token, now)
    assert form_token_valid(secret, token, value, now)
    # valid for 47 to 48 hours after the page view, not before it was issued
    assert form_token_valid(secret, token, value, now + 47 * 3600)
    assert not form_token_valid(secret, token, value, now + 48 * 3600 + 1)
    assert not form_token_valid(secret, token, value, now - 3600)
    # another link, another secret: refused
    assert not form_token_valid(secret, "B" * 22, value, now)
    assert not form_token_valid("other", token, value, now)
    # a token of another time slot cannot be made from this one
    slot, mac = value.split(".")
    assert not form_token_valid(secret, token, "%d.%s" % (int(slot) - 1, mac), now)


def test_form_token_rejects_junk():
    secret, token, now = "s3cret", "A" * 22, 1_800_000_000.0
    value = form_token(secret, token, now)
    for junk in (None, "", "forged", value + "0", value.upper(), b"x", 12, [value]):
        assert not form_token_valid(secret, token, junk, now), junk
    assert not form_token_valid("", token, value, now)
    assert not form_token_valid(secret, "\ud800" * 22, value, now)
    assert not form_token_valid(secret, None, value, now)


def test_kiosk_code_shape_and_entropy():
    codes = {new_kiosk_code() for _i in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 9 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(KIOSK_CODE_ALPHABET)
    # 8 characters of a 32-letter alphabet: 40 bits
    assert len(KIOSK_CODE_ALPHABET) == 32 and KIOSK_CODE_LENGTH == 8


def test_kiosk_code_typed_loosely_hashes_the_same():
    secret = "s3cret"
    expected = kiosk_code_hash(secret, "7KQ2-M9XD")
    assert len(expected) == 64
    for typed in ("7kq2m9xd", " 7KQ2 M9XD ", "7KQ2-M9XD", "7kq2-m9xd"):
        assert kiosk_code_hash(secret, typed) == expected, typed
    # I, L, O, U are not in the alphabet: read as 1, 1, 0, V
    assert normalize_kiosk_code("ILOU-0000") == "110V0000"
    assert kiosk_code_hash(secret, "0000-0000") == kiosk_code_hash(secret, "OOOO-oooo")
    assert kiosk_code_hash("other", "7KQ2-M9XD") != expected


def test_kiosk_code_rejects_junk():
    for junk in (None, "", "7KQ2-M9X", "7KQ2-M9XDA", "7KQ2-M9X!", 12, "x" * 40):
        assert normalize_kiosk_code(junk) is None, junk
        assert kiosk_code_hash("s", junk) is None


def test_token_of_rating_link():
    token = "Ab_-" + "x" * 18
    assert token_of_rating_link("https://dvc.example.vn/r/%s" % token) == token
    assert token_of_rating_link(" /r/%s/ " % token) == token
    for junk in (None, "", "https://x.vn/r/short", "https://x.vn/q/%s" % token, 3):
        assert token_of_rating_link(junk) is None, junk
