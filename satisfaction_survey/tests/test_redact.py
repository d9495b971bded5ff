import pytest

from satisfaction_survey.redact import (
    EMAIL_PLACEHOLDER,
    ID_PLACEHOLDER,
    PHONE_PLACEHOLDER,
    redact_text,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gọi tôi: 0912345678", "Gọi tôi: [phone]"),
        ("sđt 0912 345 678.", "sđt [phone]."),
        ("sđt 0912.345.678", "sđt [phone]"),
        ("sđt 0912-345-678, cảm ơn", "sđt [phone], cảm ơn"),
        ("+84 912 345 678", "[phone]"),
        ("+84912345678", "[phone]"),
        ("84912345678", "[phone]"),
        ("(+84) 912 345 678", "[phone]"),
        ("bàn (024) 3825 1234", "bàn [phone]"),
        ("02438251234", "[phone]"),
        ("CCCD 001099012345 của tôi", "CCCD [id] của tôi"),
        ("CMND: 123456789", "CMND: [id]"),
        ("email nguyen.van.a@example.com.vn nhé", "email [email] nhé"),
        ("Email: A.B+c@Gov.VN", "Email: [email]"),
        ("hai số 0912345678 0987654321", "hai số [phone] [phone]"),
        ("0912345678/0987654321", "[phone]/[phone]"),
    ],
)
def test_redacts(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Cán bộ hướng dẫn rất tận tình, 5 sao!",
        "Lệ phí 100.000.000 đồng là quá cao",
        "Phí 1,500,000 đồng",
        "Chờ 45 phút, ngày 12/03/2024",
        "Hồ sơ 2024-03-12 số 000.00.12.H12-240101-0001",
        "Mã 12345678",  # 8 digits: not a phone or an ID number
        "Năm 2024 tốt hơn năm 2023",
        "",
        "<script>alert(1)</script>",
    ],
)
def test_keeps_ordinary_text(text):
    assert redact_text(text) == text


def test_non_str_unchanged():
    for value in (None, False, 0, b"0912345678"):
        assert redact_text(value) == value


def test_idempotent_and_placeholders_stable():
    text = "0912345678 / a@b.vn / 001099012345"
    once = redact_text(text)
    assert once == f"{PHONE_PLACEHOLDER} / {EMAIL_PLACEHOLDER} / {ID_PLACEHOLDER}"
    assert redact_text(once) == once


def test_long_text_fast():
    text = ("Ý kiến 0912345678 a@b.vn " * 2000) + "9" * 5000
    out = redact_text(text)
    assert "0912345678" not in out and "@" not in out


# ---------------------------------------------------------------- names, addresses
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name after "tôi là", "em là", "tên ... là", "họ tên:"
        (
            "Tôi là Nguyễn Văn An, cán bộ rất nhiệt tình",
            "Tôi là [name], cán bộ rất nhiệt tình",
        ),
        (
            "toi la Nguyen Van An, can bo rat nhiet tinh",
            "toi la [name], can bo rat nhiet tinh",
        ),
        ("Em là Lan, cảm ơn chị Hoa", "Em là [name], cảm ơn chị [name]"),
        ("em la Lan, cam on chi Hoa", "em la [name], cam on chi [name]"),
        ("Mình là Trần Thị Bích Ngọc.", "Mình là [name]."),
        ("Tên tôi là Lê Hoàng", "Tên tôi là [name]"),
        ("ten toi la Le Hoang", "ten toi la [name]"),
        ("Họ tên: Trần Thị Bình", "Họ tên: [name]"),
        ("Ho va ten: Tran Thi Binh", "Ho va ten: [name]"),
        ("TÔI LÀ NGUYỄN VĂN AN", "TÔI LÀ [name]"),
        ("Cháu là Minh, con bà Tư", "Cháu là [name], con bà [name]"),
        # a name after a title
        ("Chị Mai ở quầy 3 rất chu đáo", "Chị [name] ở quầy 3 rất chu đáo"),
        ("chi Mai o quay 3 rat chu dao", "chi [name] o quay 3 rat chu dao"),
        ("cảm ơn anh Hùng và chị Lan Hương", "cảm ơn anh [name] và chị [name]"),
        ("Ông Phạm Văn Đồng giải quyết nhanh", "Ông [name] giải quyết nhanh"),
        ("ong Pham Van Dong giai quyet nhanh", "ong [name] giai quyet nhanh"),
        ("Bà Sáu hàng xóm đi cùng", "Bà [name] hàng xóm đi cùng"),
        ("cô Thảo hướng dẫn kỹ", "cô [name] hướng dẫn kỹ"),
        ("chú Ba bảo vệ rất vui", "chú [name] bảo vệ rất vui"),
        ("đ/c Hùng giải quyết nhanh", "đ/c [name] giải quyết nhanh"),
        ("Đồng chí Tuấn rất tận tâm", "Đồng chí [name] rất tận tâm"),
        # addresses: a house number with a street or ward, a lane, a hamlet
        (
            "Nhà tôi ở số 12 đường Trần Hưng Đạo, phường Cửa Nam",
            "Nhà tôi ở [address]",
        ),
        (
            "nha toi o so 12 duong Tran Hung Dao, phuong Cua Nam",
            "nha toi o [address]",
        ),
        ("ngõ 34 ngách 5 phố Huế, Hà Nội", "[address], Hà Nội"),
        ("ngo 34 ngach 5 pho Hue", "[address]"),
        ("Tôi ở hẻm 12 Lê Lợi, quận 1", "Tôi ở [address]"),
        ("hem 12/4 Le Loi", "[address]"),
        ("Tổ dân phố 5, phường Bạch Đằng", "[address]"),
        ("to dan pho 5 phuong Bach Dang", "[address]"),
        ("12/3 đường Lê Lợi", "[address]"),
        ("nhà số 45B đường số 7, TP. Thủ Đức", "[address]"),
        ("xóm Chùa, xã Yên Phụ", "[address]"),
        ("ấp 3, xã Tân Phú, huyện Cai Lậy", "[address]"),
        ("kiệt 20 Trần Phú, Đà Nẵng", "[address], Đà Nẵng"),
        # everything at once
        (
            "Tôi là Lê Văn Tám, nhà số 8 ngõ 2 phố Hàng Bông, sđt 0912345678",
            "Tôi là [name], [address], sđt [phone]",
        ),
    ],
)
def test_redacts_names_and_addresses(text, expected):
    assert redact_text(text) == expected
    assert redact_text(expected) == expected


@pytest.mark.parametrize(
    "text",
    [
        "anh ấy rất nhiệt tình",
        "anh ay rat nhiet tinh",
        "chị cán bộ rất nhiệt tình",
        "chi can bo rat nhiet tinh",
        "ông bà tôi đến làm thủ tục",
        "Anh chị ở bộ phận một cửa rất chu đáo",
        "Ông Bà đi cùng con cháu",
        "ông Chủ tịch phường rất tốt",
        "anh Công an hướng dẫn tận tình",
        "Tôi là Người dân phường này",
        "tôi là người dân, chờ hơi lâu",
        "Em là sinh viên, thủ tục nhanh",
        "Cán bộ phường Bến Nghé rất tốt",
        "Quầy số 3 chờ lâu",
        "Hồ sơ số 12 bị trả muộn",
        "Thành phố Hồ Chí Minh đẹp",
        "Đường đi lại khó khăn",
        "đường dây nóng không ai nghe",
        "Chờ 45 phút ở phường",
        "Tôi ở phố Bà Triệu",
        "Trụ sở trên đường Lê Lợi, phường Bến Thành",
        "Bãi xe ở số 5 chật quá",
        "tôi là nguyễn văn an",  # lower case: a stated limit
    ],
)
def test_keeps_text_without_names_or_addresses(text):
    assert redact_text(text) == text


def test_decomposed_diacritics():
    """Text typed with combining marks (NFD) is matched like composed text."""
    import unicodedata

    text = unicodedata.normalize("NFD", "Tôi là Nguyễn Văn An")
    assert redact_text(text) == "Tôi là [name]"
    plain = unicodedata.normalize("NFD", "Cán bộ tốt")
    assert redact_text(plain) == plain
