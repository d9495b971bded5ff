import base64

from satisfaction_survey import qr_data_uri, qr_png

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_qr_png():
    png = qr_png("https://x.vn/r/" + "A" * 22)
    assert png.startswith(PNG_MAGIC)


def test_qr_data_uri():
    uri = qr_data_uri("hello")
    prefix = "data:image/png;base64,"
    assert uri.startswith(prefix)
    assert base64.b64decode(uri[len(prefix) :]).startswith(PNG_MAGIC)
