"""Data shared by the report tests (XLSX export, PDF scorecard, public results).

A one-question questionnaire (the overall question only), so one rating is
exactly one answer; every dossier is returned and rated in March 2027
(12:00 in Hà Nội):

=======  ========  ============================  ==========  ===========
unit     dossiers  answers (values)              unanswered  officers
=======  ========  ============================  ==========  ===========
A        12        5,5,5,5,5,4,4,4,4,2           2           -
B        3         5,5,1                         0           -
C        1         officer questionnaire: B1     0           B1 (4 crit.)
=======  ========  ============================  ==========  ===========

Hand-computed figures (minimum answers 5, small-group size 3: threshold 5):

* A: 9 satisfied of 10 answers -> index 90.00 %; Wilson 95 % (z = 1.96):
  centre = (0.9 + 1.96²/20) / (1 + 1.96²/10) = 1.09207 / 1.38415 = 0.78899,
  half = 1.96·sqrt(0.9·0.1/10 + 1.96²/400) / 1.38415 = 0.19314
  -> 59.58 – 98.21 %; dossiers 12, rated 10 -> response rate 83.33 %;
  flagged 1 (the "2") -> QĐ 766 ratio 11/12 = 91.67 %; rule "index >= 90:
  2 points" -> 2 points, rank 1; target 2027 85 % -> met, gap +5.00 pp.
* B: 2 of 3 -> 66.67 %, 3 ratings < 5: "not enough answers", 0 points.
* C: 1 rating; officer B1 answers attitude 2, manner/responsibility/
  effectiveness 5 -> 3 of 4 -> 75.00 % on the officer criteria; overall 5.
"""

from datetime import datetime

from odoo import Command

from .common import SatisfactionCommon

MARCH_2027 = datetime(2027, 3, 15, 5, 0)  # 12:00 in Hà Nội
SECRET_COMMENT = "Bình luận bí mật XYZZY của công dân"


class ReportsCommon(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        icp = cls.env["ir.config_parameter"].sudo()
        icp.set_param("satisfaction_survey.minimum_answers", "5")
        icp.set_param("satisfaction_survey.min_group_size", "3")
        # Only this rule scores; the only target is the one below.
        cls.env["satisfaction.cchc.rule"].search([]).active = False
        cls.rule_index = cls.env["satisfaction.cchc.rule"].create(
            {
                "name": "SIPAS index",
                "sequence": 1,
                "component": "sipas_index",
                "method": "threshold",
                "max_points": 3.0,
                "minimum_answers": 5,
                "line_ids": [
                    Command.create({"min_value": v, "points": p})
                    for v, p in ((95, 3.0), (90, 2.0), (80, 1.0))
                ],
            }
        )
        cls.env["satisfaction.target"].search([]).unlink()
        cls.env["satisfaction.target"].create({"year": 2027, "target_index": 85.0})

        cls.questionnaire_overall = cls._create_overall_questionnaire(
            "ss_test_reports_overall", ask_comment=True
        )
        cls.procedure_simple = cls.env["satisfaction.procedure"].create(
            {
                "name": "Xác nhận tình trạng hôn nhân",
                "code": "SS-TEST-RPT-1",
                "questionnaire_id": cls.questionnaire_overall.id,
            }
        )
        cls.unit_c = cls.env["hr.department"].create(
            {"name": "Bộ phận Một cửa phường C"}
        )

        for i, value in enumerate([5, 5, 5, 5, 5, 4, 4, 4, 4, 2]):
            cls._rated(cls.unit_a, value, comment=SECRET_COMMENT if i == 0 else None)
        cls._dated(
            cls._return_dossiers(2, cls.unit_a, procedure_id=cls.procedure_simple.id)[1]
        )
        for value in [5, 5, 1]:
            cls._rated(cls.unit_b, value)
        _dossiers, requests = cls._return_dossiers(
            1,
            cls.unit_c,
            receiving_officer_id=cls.officer_b1.id,
            handling_officer_ids=[Command.clear()],
        )
        cls._dated(requests)
        cls._dated_response(cls._answer(requests, 5, overrides={"attitude": 2}))
        cls.env.flush_all()

    @classmethod
    def _dated(cls, requests):
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE satisfaction_request SET create_date = %s WHERE id IN %s",
            [MARCH_2027, tuple(requests.ids)],
        )
        requests.invalidate_recordset(["create_date"])
        return requests

    @classmethod
    def _dated_response(cls, response):
        response.date = MARCH_2027
        return response

    @classmethod
    def _rated(cls, unit, value, comment=None):
        _dossiers, requests = cls._return_dossiers(
            1, unit, procedure_id=cls.procedure_simple.id
        )
        cls._dated(requests)
        return cls._dated_response(cls._answer(requests, value, comment=comment))

    @classmethod
    def _scorecard(cls, publish=False, **vals):
        card = cls.env["satisfaction.scorecard"].create(
            {
                "year": 2027,
                "minimum_answers": 5,
                "unit_ids": [Command.set((cls.unit_a | cls.unit_b).ids)],
                **vals,
            }
        )
        card.action_compute()
        if publish:
            card.action_publish()
        return card
