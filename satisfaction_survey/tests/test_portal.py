"""Exchange with the national portal: payload names, digest, backoff, and the
published 766 figures read from a sheet."""

from datetime import date, datetime

import pytest

from satisfaction_survey import portal


def test_default_names_follow_the_dossier_sync_fields():
    payload = portal.apply_mapping(
        "evaluation",
        {
            "dossier_code": "000.00.01.H12-260515-0001",
            "procedure_code": "1.001234",
            "unit_code": "000.00.01.H12",
            "answers": [{"criterion_code": "overall", "level": 4}],
            "citizen_name": "Nguyễn Văn A",  # no name: never sent
        },
    )
    assert payload == {
        "MaHoSo": "000.00.01.H12-260515-0001",
        "MaTTHC": "1.001234",
        "DonViXuLy": "000.00.01.H12",
        "ChiTietDanhGia": [{"MaTieuChi": "overall", "GiaTri": 4}],
    }


def test_mapping_overrides_and_checks():
    mapping = portal.check_mapping({"evaluation": {"liked": "HaiLongTT04"}})
    payload = portal.apply_mapping("evaluation", {"liked": 1}, mapping)
    assert payload == {"HaiLongTT04": 1}
    mapping = portal.check_mapping({"constants": {"PhienBanTT04": "2025"}})
    assert portal.apply_mapping("aggregate", {"month": "202605"}, mapping) == {
        "KyBaoCao": "202605",
        "PhienBanTT04": "2025",
    }
    for bad in (
        [],
        {"x": {}},
        {"evaluation": {"nope": "A"}},
        {"aggregate": {"month": ""}},
        {"constants": {"A": [1]}},
    ):
        with pytest.raises(ValueError):
            portal.check_mapping(bad)


def test_digest_ignores_key_order():
    assert portal.digest({"a": 1, "b": "đ"}) == portal.digest({"b": "đ", "a": 1})
    assert portal.digest({"a": 1}) != portal.digest({"a": 2})


def test_portal_datetime_is_vietnam_time():
    # 17:30 UTC on 14/05 is 00:30 on 15/05 in Vietnam
    assert portal.portal_datetime(datetime(2026, 5, 14, 17, 30)) == "20260515003000"
    assert portal.portal_datetime(None) is None


def test_backoff_and_retryable():
    assert [portal.retry_delay_minutes(n, 5) for n in (1, 2, 3)] == [5, 10, 20]
    assert portal.is_retryable(None) and portal.is_retryable(500)
    assert portal.is_retryable(429)
    assert not portal.is_retryable(400)


def test_parse_csv_with_vietnamese_headers_and_bad_lines():
    content = (
        "\ufeffMã đơn vị;Đơn vị;Tháng;Tỷ lệ 5.2;Điểm 5.2;Điểm 5.3;Điểm 5.4;"
        "Tổng số hồ sơ\n"
        "H12.01;Trung tâm A;05/2026;83,33;5;1,2;1,67;4\n"
        "H12.02;Trung tâm B;2026-05;;6;6;abc;\n"
        ";;05/2026;;6;;;\n"
        "H12.03;Trung tâm C;13/2026;;6;;;\n"
        "H12.01;Trung tâm A;05/2026;;6;;;\n"
        "H12.04;Trung tâm D;05/2026;;7;;;\n"
    ).encode()
    parsed = portal.parse_figures(portal.read_csv(content))
    assert [row.line for row in parsed.rows] == [2]
    row = parsed.rows[0].values
    assert row["unit_code"] == "H12.01"
    assert row["month"] == date(2026, 5, 1)
    assert (row["ratio_52"], row["points_52"], row["points_53"]) == (83.33, 5.0, 1.2)
    assert row["dossier_count"] == 4
    assert [line for line, _message in parsed.errors] == [3, 4, 5, 6, 7]
    assert "points_54" in str(parsed.errors[0][1])
    assert parsed.errors[0][1].code == "not_number"
    assert "same unit and month as line 2" in str(parsed.errors[3][1])
    assert parsed.errors[4][1].code == "out_of_range"


def test_parse_without_header_is_refused():
    with pytest.raises(ValueError):
        portal.parse_figures([["a", "b"], ["1", "2"]])


def test_month_with_year_column_and_date_cell():
    parsed = portal.parse_figures(
        [
            ["Unit code", "Year", "Month", "Points 5.4"],
            ["H12.01", 2026, 5, 6],
            ["H12.02", "", datetime(2026, 6, 1), 3.5],
        ]
    )
    assert not parsed.errors
    assert [r.values["month"] for r in parsed.rows] == [
        date(2026, 5, 1),
        date(2026, 6, 1),
    ]
