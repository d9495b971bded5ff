from satisfaction_survey import (
    TOKEN_BYTES,
    is_well_formed,
    new_token,
    rating_url,
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
