"""Erasing a citizen's data makes their answers unlinkable, and changes no figure.

One citizen is followed from the return of their dossier to the erasure:
afterwards no query path from their response (every relational field of the
response and of what it reaches, and every record of the module, of the
chatter or of the SMS queue that points back to one of them, up to a bounded
depth) reaches their name, phone number, e-mail address or dossier. Every
report figure (satisfaction index, unit/period report, quotas, a computed
scorecard) is read before and after: equal.
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ..satisfaction_survey import periods
from .common import SatisfactionCommon

NAME = "Hoàng Thị Ẩn Danh"
PHONE = "0913 579 246"
EMAIL = "an.danh.private@example.com"
CONSISTENT = {"answer_stat": 0, "answer_rollup": 0, "request_stat": 0, "period_stat": 0}
# Records that hold one citizen's data or point to one: followed both ways.
# Reference data shared by every citizen (units, officers, procedures,
# questionnaires, users, companies) ends a path: it leads to everyone.
PER_CITIZEN_MODELS = (
    "satisfaction.request",
    "satisfaction.response",
    "satisfaction.response.line",
    "satisfaction.followup",
    "satisfaction.consent",
    "satisfaction.dossier",
    "satisfaction.request.stat",
    "satisfaction.audit.log",
    "satisfaction.privacy.request",
    "mail.message",
    "mail.tracking.value",
    "mail.activity",
    "mail.mail",
    "sms.sms",
)
MAX_DEPTH = 4


def _is_per_citizen(model):
    return model in PER_CITIZEN_MODELS


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestUnlinkability(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # requests already past retention (demo data) are anonymised first:
        # the cron's counts below are this class's own requests
        cls.env["satisfaction.request"]._cron_anonymise()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.low_score_threshold", "3"
        )
        # a dossier returned late (appointment yesterday), rated low, with
        # consent to be contacted and personal details in the comment
        cls.dossiers, cls.request = cls._return_dossiers(
            1,
            cls.unit_a,
            citizen_name=NAME,
            citizen_phone=PHONE,
            citizen_email=EMAIL,
            date_appointment=fields.Datetime.now() - timedelta(days=2),
        )
        cls.dossier = cls.dossiers
        cls.assertTrue(cls, cls.dossier.is_late)
        cls.ref = cls.dossier.code
        form = cls._build_form(
            cls.request,
            2,
            comment="Tôi là Hoàng Thị Ẩn Danh, hồ sơ %s, gọi %s" % (cls.ref, PHONE),
        )
        form.update(reason="Chờ lâu, nhà tôi ở số 3 ngõ 5 phố Huế", contact_consent="1")
        cls.response, errors = cls.request.sudo()._record_answers(
            form, require_reason=True
        )
        assert not errors, errors
        # others of the same unit, untouched by the erasure
        _dossiers, others = cls._return_dossiers(3, cls.unit_a)
        for other in others:
            cls._answer(other, 4)
        cls.others = others
        cls.register = cls.env["satisfaction.privacy.request"].create(
            {
                "kind": "erase",
                "channel": "counter",
                "requester_name": NAME,
                "requester_phone": PHONE,
                "identity_method": "id_card",
            }
        )
        cls.register.action_check_identity()

    # ------------------------------------------------------------
    # FIGURES
    # ------------------------------------------------------------

    def _groups(self, model, measures, groupby):
        rows = self.env[model].read_group([], measures, groupby, lazy=False, orderby="")
        return {
            tuple(str(row.get(name)) for name in groupby): {
                name.split(":")[0]: row.get(name.split(":")[0]) for name in measures
            }
            for row in rows
        }

    def _figures(self):
        self.env.flush_all()
        self.env.invalidate_all()
        figures = {}
        for groupby in (
            ["unit_id", "month:month"],
            ["officer_id", "month:month"],
            ["procedure_id", "criterion_id"],
            ["criterion_id", "channel"],
            ["questionnaire_id"],
        ):
            figures["index " + ",".join(groupby)] = self._groups(
                "satisfaction.index.report",
                ["answer_count", "satisfied_count", "satisfaction_index"],
                groupby,
            )
        figures["unit period"] = self._groups(
            "satisfaction.unit.period.report",
            [
                "request_count",
                "answered_count",
                "dissatisfied_count",
                "overdue_count",
                "response_count",
                "answer_count",
                "satisfied_count",
                "satisfaction_index",
                "officer_index",
            ],
            ["unit_id", "month:month"],
        )
        figures["quota"] = sorted(
            tuple(str(row[name]) for name in sorted(row))
            for row in self.env["satisfaction.quota.report"].search_read(
                [],
                [
                    "scope",
                    "period",
                    "date",
                    "unit_id",
                    "officer_id",
                    "rating_count",
                    "quota",
                    "shortfall",
                ],
            )
        )
        year = periods.local_date(fields.Datetime.now()).year
        card = self.env["satisfaction.scorecard"].create(
            {"year": year, "period_type": "year"}
        )
        card.action_compute()
        figures["scorecard"] = {
            line.unit_id.id: (
                line.request_count,
                line.answered_count,
                line.response_count,
                line.answer_count,
                line.satisfied_count,
                line.satisfaction_index,
                line.officer_index,
                line.response_rate,
                line.total_points,
                line.rank,
            )
            for line in card.line_ids
        }
        card.unlink()
        return figures

    # ------------------------------------------------------------
    # PATHS
    # ------------------------------------------------------------

    def _neighbours(self, record):
        """Records one query away from ``record``: its relational fields, and
        the per-citizen records whose fields point to it."""
        found = []
        for name, field in record._fields.items():
            if field.type in ("many2one", "one2many", "many2many"):
                found.append((name, record[name]))
            elif field.type == "many2one_reference" and record[name]:
                model = record[field.model_field]
                if model in self.env:
                    found.append((name, self.env[model].sudo().browse(record[name])))
        for model in PER_CITIZEN_MODELS:
            Model = self.env[model].sudo().with_context(active_test=False)
            for name, field in Model._fields.items():
                if not field.store:
                    continue
                if field.type == "many2one" and field.comodel_name == record._name:
                    domain = [(name, "=", record.id)]
                elif field.type == "many2one_reference":
                    domain = [
                        (field.model_field, "=", record._name),
                        (name, "=", record.id),
                    ]
                else:
                    continue
                found.append((f"{model}.{name}", Model.search(domain)))
        return found

    def _texts(self, record):
        for name, field in record._fields.items():
            if field.type in ("char", "text", "html") and record[name]:
                yield name, str(record[name])

    def _paths_to_the_citizen(self, start, secrets):
        """Every path from ``start`` to a record that holds one of
        ``secrets`` or is the dossier, breadth first, ``MAX_DEPTH`` steps."""
        leaks = []
        seen = {(start._name, start.id)}
        frontier = [(start, start._name)]
        for _depth in range(MAX_DEPTH):
            following = []
            for record, path in frontier:
                for name, targets in self._neighbours(record):
                    for target in targets.sudo().exists():
                        key = (target._name, target.id)
                        if key in seen:
                            continue
                        seen.add(key)
                        step = f"{path} -{name}-> {target._name}({target.id})"
                        if key == (self.dossier._name, self.dossier.id):
                            leaks.append(step)
                        for fname, text in self._texts(target):
                            if _is_per_citizen(target._name) and any(
                                secret in text for secret in secrets
                            ):
                                leaks.append(f"{step}.{fname}")
                        if _is_per_citizen(target._name):
                            following.append((target, step))
            frontier = following
        return leaks, seen

    # ------------------------------------------------------------
    # TESTS
    # ------------------------------------------------------------

    def _secrets(self):
        return (NAME, PHONE, PHONE.replace(" ", ""), EMAIL, self.ref)

    def test_before_erasure_the_response_leads_to_the_citizen(self):
        """The check finds the paths that exist while the link exists."""
        leaks, _seen = self._paths_to_the_citizen(self.response.sudo(), self._secrets())
        self.assertTrue(leaks)
        self.assertTrue(any("satisfaction.dossier" in leak for leak in leaks), leaks)

    def test_erasure_cuts_every_path_and_keeps_every_figure(self):
        figures_before = self._figures()
        self.assertEqual(self.env["satisfaction.stat.engine"]._check(), CONSISTENT)
        response = self.response.sudo()
        request = self.request.sudo()
        kept = {
            "unit": response.unit_id,
            "procedure": response.procedure_id,
            "questionnaire": response.questionnaire_id,
            "channel": response.channel,
            "officers": response.line_ids.officer_id,
            "values": sorted(response.line_ids.mapped("value")),
            "month": response.date.strftime("%Y-%m"),
        }
        self.assertEqual(request.consent_ids.mapped("purpose"), ["contact_low"])

        wizard = self.env["satisfaction.privacy.wizard"].create(
            {"privacy_request_id": self.register.id, "phone": PHONE}
        )
        self.assertEqual(wizard.request_ids, self.request)
        wizard.action_erase()

        # the answers and their dimensions stay
        self.env.invalidate_all()
        self.assertEqual(response.unit_id, kept["unit"])
        self.assertEqual(response.procedure_id, kept["procedure"])
        self.assertEqual(response.questionnaire_id, kept["questionnaire"])
        self.assertEqual(response.channel, kept["channel"])
        self.assertEqual(response.line_ids.officer_id, kept["officers"])
        self.assertEqual(sorted(response.line_ids.mapped("value")), kept["values"])
        # the date keeps its month, not the time of day
        local = periods.to_local(response.date)
        self.assertEqual((local.day, local.hour, local.minute), (1, 0, 0))
        self.assertEqual(local.strftime("%Y-%m"), kept["month"])
        # the request has no dossier, no contact data and a link never sent
        self.assertFalse(request.res_model or request.res_id or request.dossier_ref)
        self.assertTrue(request.is_late, "the overdue flag moved onto the request")
        self.assertFalse(self.dossier.satisfaction_request_ids)
        self.assertTrue(self.dossier.exists(), "the register keeps its dossier")
        self.assertEqual(self.dossier.citizen_name, NAME)

        # no query path from the response to the citizen
        leaks, seen = self._paths_to_the_citizen(response, self._secrets())
        self.assertFalse(leaks, "\n".join(leaks))
        self.assertIn(("satisfaction.request", request.id), seen)
        followup = (
            self.env["satisfaction.followup"]
            .sudo()
            .search([("response_id", "=", response.id)])
        )
        self.assertTrue(followup)
        self.assertIn(("satisfaction.followup", followup.id), seen)
        # nor from the register entry of the erasure to the answers
        _leaks, seen = self._paths_to_the_citizen(self.register.sudo(), ())
        self.assertNotIn(("satisfaction.response", response.id), seen)
        self.assertNotIn(("satisfaction.request", request.id), seen)
        self.assertEqual(self.register.result_count, 1)

        # every figure is the same
        self.assertEqual(self.env["satisfaction.stat.engine"]._check(), CONSISTENT)
        self.assertEqual(self._figures(), figures_before)

    def test_retention_anonymisation_keeps_every_figure(self):
        self.env.flush_all()
        old = fields.Datetime.now() - timedelta(days=400)
        requests = self.request | self.others
        self.env.cr.execute(
            "UPDATE satisfaction_request SET create_date = %s WHERE id IN %s",
            (old, tuple(requests.ids)),
        )
        self.env.invalidate_all()
        figures_before = self._figures()
        self.assertEqual(self.env["satisfaction.request"]._cron_anonymise(), 4)
        self.assertEqual(self.env["satisfaction.stat.engine"]._check(), CONSISTENT)
        self.assertEqual(self._figures(), figures_before)
        leaks, _seen = self._paths_to_the_citizen(self.response.sudo(), self._secrets())
        self.assertFalse(leaks, "\n".join(leaks))
