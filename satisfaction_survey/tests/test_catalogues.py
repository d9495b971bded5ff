from satisfaction_survey import (
    DERIVE_RETURN_TIME,
    DERIVE_SUPPLEMENTS,
    ND118_CRITERIA,
    ND118_POINT_I,
    OFFICER_CRITERIA,
    OVERALL_CRITERION,
    SIPAS_ELEMENTS,
)


def test_sipas_catalogue_shape():
    assert [e.code for e in SIPAS_ELEMENTS] == [
        "access",
        "procedure",
        "officer",
        "result",
        "feedback",
    ]
    assert [len(e.criteria) for e in SIPAS_ELEMENTS] == [4, 5, 6, 3, 4]
    codes = [c.code for e in SIPAS_ELEMENTS for c in e.criteria]
    assert len(codes) == 22
    assert len(set(codes)) == 22
    assert codes[0] == "access_1" and codes[-1] == "feedback_4"
    assert SIPAS_ELEMENTS[1].name_vi == "Thủ tục hành chính"
    for element in SIPAS_ELEMENTS:
        for criterion in element.criteria:
            assert criterion.code.startswith(element.code + "_")
            assert criterion.name_en and criterion.name_vi


def test_officer_catalogue():
    assert OFFICER_CRITERIA.code == "officer_conduct"
    assert OFFICER_CRITERIA.name_vi == "Cán bộ tiếp nhận và trả kết quả"
    assert [c.code for c in OFFICER_CRITERIA.criteria] == [
        "attitude",
        "manner",
        "responsibility",
        "effectiveness",
    ]
    assert all(c.officer for c in OFFICER_CRITERIA.criteria)
    assert OFFICER_CRITERIA.criteria[0].name_vi == "Thái độ phục vụ"


def test_overall_criterion_not_in_other_catalogues():
    assert OVERALL_CRITERION.code == "overall"
    assert not OVERALL_CRITERION.officer
    all_codes = {
        c.code for e in (*SIPAS_ELEMENTS, OFFICER_CRITERIA) for c in e.criteria
    }
    assert OVERALL_CRITERION.code not in all_codes


def test_nd118_catalogue_points_a_to_i():
    # Điều 33.1 lists a, b, c, d, đ, e, g, h, i (the Vietnamese alphabet has no f)
    assert [c.point for c in (*ND118_CRITERIA, ND118_POINT_I)] == list("abcdđeghi")
    codes = [c.code for c in ND118_CRITERIA]
    assert len(set(codes)) == len(codes) == 8
    assert OVERALL_CRITERION.code not in codes
    # the dossier pre-fills a) from its dates and c) from its supplement requests
    assert {c.point: c.derive for c in ND118_CRITERIA if c.derive} == {
        "a": DERIVE_RETURN_TIME,
        "c": DERIVE_SUPPLEMENTS,
    }
    # đ) is about the officers who served: asked per officer
    assert [c.point for c in ND118_CRITERIA if c.officer] == ["đ"]
    assert ND118_CRITERIA[0].name_vi == (
        "Thời gian trả kết quả giải quyết, xử lý hồ sơ thủ tục hành chính so "
        "với quy định hoặc yêu cầu của cơ quan, đơn vị chủ trì"
    )
    for criterion in (*ND118_CRITERIA, ND118_POINT_I):
        assert criterion.name_en and criterion.name_vi
        assert not criterion.name_vi.endswith((";", "."))
