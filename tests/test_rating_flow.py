import logging
from datetime import timedelta
from unittest.mock import patch

from psycopg2 import IntegrityError

import odoo.models
from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.satisfaction_survey.satisfaction_survey import indices, tokens

from .common import BASE_URL, SatisfactionCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestRatingFlow(SatisfactionCommon):
    # ------------------------------------------------------------
    # RETURN -> REQUEST
    # ------------------------------------------------------------

    def test_return_creates_one_request(self):
        dossier = self._create_dossiers(
            1, self.unit_a, procedure_id=self.procedure_land.id
        )
        self.assertFalse(
            self._requests_of(dossier), "no request before the result is returned"
        )
        before = fields.Datetime.now()
        dossier.action_return()
        self.assertEqual(dossier.state, "returned")
        self.assertTrue(dossier.date_returned)

        request = self._requests_of(dossier)
        self.assertEqual(len(request), 1)
        self.assertEqual(request.res_model, "satisfaction.dossier")
        self.assertEqual(request.res_id, dossier.id)
        self.assertEqual(request.dossier_ref, dossier.code)
        self.assertEqual(request.procedure_id, self.procedure_land)
        self.assertEqual(request.unit_id, self.unit_a)
        self.assertEqual(
            request.officer_ids,
            self.officer_a1 | self.officer_a2,
            "receiving and handling officers are rated",
        )
        self.assertEqual(request.questionnaire_id, self.questionnaire)
        self.assertEqual(request.citizen_name, dossier.citizen_name)
        self.assertEqual(request.citizen_phone, dossier.citizen_phone)
        self.assertEqual(dossier.satisfaction_request_ids, request)
        # a valid phone number: sent at once by SMS
        self.assertEqual(request.state, "sent")
        self.assertEqual(request.channel, "sms")
        self.assertEqual(request.send_count, 1)
        self.assertFalse(request.contact_error)

        # secret link
        self.assertGreaterEqual(len(request.access_token), 22)
        self.assertEqual(request.rating_url, f"{BASE_URL}/r/{request.access_token}")
        self.assertEqual(request._get_by_token(request.access_token), request)
        self.assertIsNone(
            request._get_by_token(
                request.access_token[:-1]
                + ("A" if request.access_token[-1] != "A" else "B")
            )
        )

        # validity: 30 days by default
        self.assertAlmostEqual(
            (request.expiry_date - before).total_seconds(),
            timedelta(days=30).total_seconds(),
            delta=120,
        )

    def test_response_takes_the_company_of_its_request(self):
        """Answered on the public page (the public user's company is the
        main one), a request of another company gives a response of its own
        company, which that company's staff read."""
        other = self.env["res.company"].create({"name": "Tỉnh khác"})
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        request.sudo().company_id = other
        public = self.env.ref("base.public_user")
        self.assertNotEqual(public.company_id, other)
        response, errors = (
            request.with_user(public).sudo()._record_answers(self._build_form(request))
        )
        self.assertFalse(errors)
        self.assertEqual(response.company_id, other)

    def test_tokens_unique_and_validity_parameter(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.validity_days", "7"
        )
        before = fields.Datetime.now()
        _dossiers, requests = self._return_dossiers(20, self.unit_a)
        self.assertEqual(len(requests), 20)
        tokens = requests.mapped("access_token")
        self.assertEqual(len(set(tokens)), 20, "every request has its own token")
        self.assertTrue(all(len(token) >= 22 for token in tokens))
        for request in requests:
            self.assertAlmostEqual(
                (request.expiry_date - before).total_seconds(),
                timedelta(days=7).total_seconds(),
                delta=120,
            )

    def _indexes(self, table):
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table]
        )
        return dict(self.env.cr.fetchall())

    def test_one_unique_index_per_token_and_per_response_request(self):
        """The token and the response's request are each indexed once, by their
        unique constraint: a plain index on either column is dropped on update."""
        cases = (
            ("satisfaction.request", "access_token"),
            ("satisfaction.response", "request_id"),
        )
        for model, column in cases:
            table = self.env[model]._table
            old_index = f"{table}__{column}_index"
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX %s ON %s (%s)",
                    SQL.identifier(old_index),
                    SQL.identifier(table),
                    SQL.identifier(column),
                )
            )
            self.assertIn(old_index, self._indexes(table))
            self.env[model].init()  # what a module update runs
            indexes = self._indexes(table)
            self.assertNotIn(old_index, indexes)
            on_column = [
                definition
                for definition in indexes.values()
                if definition.endswith(f"({column})")
            ]
            self.assertEqual(len(on_column), 1, indexes)
            self.assertIn("UNIQUE", on_column[0])

    def test_missing_contact_data(self):
        dossier = self._create_dossiers(
            1, self.unit_a, citizen_phone=False, citizen_email=False
        )
        dossier.action_return()
        request = self._requests_of(dossier)
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "pending")
        self.assertTrue(request.contact_error)
        self.assertFalse(request.channel)
        self.assertEqual(request.send_count, 0)

    def test_invalid_phone_is_missing_contact(self):
        dossier = self._create_dossiers(
            1, self.unit_a, citizen_phone="12345", citizen_email="not an email"
        )
        dossier.action_return()
        request = self._requests_of(dossier)
        self.assertEqual(request.state, "pending")
        self.assertTrue(request.contact_error)

    def test_cancelled_dossier_cannot_be_returned(self):
        dossiers = self._create_dossiers(2, self.unit_a)
        dossiers[0].action_cancel()
        self.assertEqual(dossiers[0].state, "cancelled")
        with self.assertRaises(UserError):
            dossiers.action_return()
        self.assertFalse(self._requests_of(dossiers))

    def test_action_send_rating_request_requires_returned(self):
        dossier = self._create_dossiers(1, self.unit_a)
        with self.assertRaises(UserError):
            dossier.action_send_rating_request()
        self.assertFalse(self._requests_of(dossier))

    # ------------------------------------------------------------
    # IDEMPOTENCE
    # ------------------------------------------------------------

    def test_idempotence(self):
        dossier = self._create_dossiers(1, self.unit_a)
        dossier.action_return()
        request = self._requests_of(dossier)
        self.assertEqual(len(request), 1)

        dossier.action_return()
        dossier.write({"state": "returned"})
        dossier.write({"citizen_phone": "0987654321", "citizen_name": "Công dân khác"})
        self.assertEqual(
            dossier._satisfaction_on_returned(), self.env["satisfaction.request"]
        )
        dossier.action_send_rating_request()
        self.assertEqual(
            self._requests_of(dossier), request, "still one request per dossier"
        )
        self.assertEqual(
            request.send_count, 2, "the button sends the existing request again"
        )

        # created already returned: one request too, and not another on return
        dossier2 = self._create_dossiers(1, self.unit_a, state="returned")
        self.assertEqual(len(self._requests_of(dossier2)), 1)
        dossier2.action_return()
        self.assertEqual(len(self._requests_of(dossier2)), 1)

    def test_send_rating_request_creates_missing_request(self):
        """A dossier returned before the module (or with sending off) gets its
        request from the button."""
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.auto_send", "False"
        )
        dossier = self._create_dossiers(1, self.unit_a)
        dossier.action_return()
        request = self._requests_of(dossier)
        self.assertEqual(request.state, "pending", "auto-send off: created, not sent")
        request.sudo().unlink()
        self.assertFalse(self._requests_of(dossier))
        dossier.action_send_rating_request()
        request = self._requests_of(dossier)
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "sent")
        self.assertEqual(request.send_count, 1)

    def test_answered_request_not_resent(self):
        dossier = self._create_dossiers(1, self.unit_a)
        dossier.action_return()
        request = self._requests_of(dossier)
        self._answer(request)
        with self.assertRaises(UserError):
            dossier.action_send_rating_request()
        self.assertEqual(self._requests_of(dossier), request)

    # ------------------------------------------------------------
    # BATCH
    # ------------------------------------------------------------

    def test_batch_return(self):
        dossiers = self._create_dossiers(50, self.unit_a)
        dossiers.action_return()
        requests = self._requests_of(dossiers)
        self.assertEqual(len(requests), 50)
        self.assertEqual(set(requests.mapped("res_id")), set(dossiers.ids))
        self.assertEqual(set(requests.mapped("state")), {"sent"})
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search(
                [
                    (
                        "number",
                        "in",
                        [
                            "+84" + phone[1:]
                            for phone in dossiers.mapped("citizen_phone")
                        ],
                    )
                ]
            )
        )
        self.assertEqual(len(sms), 50, "one SMS queued per request")

    def test_batch_return_query_count(self):
        """Returning 1,000 dossiers in one write costs as many queries as 100.

        As in production: chatter tracking on (each dossier logs its return),
        one SMS queued per mobile number, one e-mail per e-mail-only citizen.
        The ORM writes rows in chunks of 100 per INSERT or UPDATE and mail
        renders e-mails in chunks of ``mail.batch_size``: both are widened
        here, so that the count shows what grows with each dossier: nothing.
        """
        self.env["ir.config_parameter"].sudo().set_param("mail.batch_size", "5000")

        def dossiers(n):
            # every fifth citizen can only be reached by e-mail
            email_only = self._create_dossiers(
                n // 5,
                self.unit_a,
                citizen_phone=False,
                citizen_email="dan@example.com",
            )
            by_phone = self._create_dossiers(n - n // 5, self.unit_a)
            return by_phone | email_only, email_only

        def measure(n):
            records, email_only = dossiers(n)
            count = self._count_queries(records.action_return)
            requests = self._requests_of(records)
            self.assertEqual(len(requests), n)
            self.assertEqual(set(requests.mapped("state")), {"sent"})
            by_email = requests.filtered(lambda r: r.channel == "email")
            self.assertEqual(set(by_email.mapped("res_id")), set(email_only.ids))
            self.assertEqual(
                self.env["sms.sms"]
                .sudo()
                .search_count([("satisfaction_request_id", "in", requests.ids)]),
                n - len(email_only),
            )
            self.assertEqual(
                self.env["mail.mail"]
                .sudo()
                .search_count(
                    [
                        ("model", "=", "satisfaction.request"),
                        ("res_id", "in", by_email.ids),
                    ]
                ),
                len(email_only),
            )
            tracked = self.env["mail.message"].search(
                [("model", "=", records._name), ("res_id", "in", records.ids)]
            )
            self.assertEqual(
                len(tracked.filtered("tracking_value_ids")), n, "one return log each"
            )
            return count

        with (
            patch.object(odoo.models, "INSERT_BATCH_SIZE", 2000),
            patch.object(odoo.models, "UPDATE_BATCH_SIZE", 2000),
        ):
            measure(10)  # warm-up: caches of templates, parameters, fields
            queries_100, queries_1000 = measure(100), measure(1000)
        _logger.info(
            "Returning dossiers: %s queries for 100, %s for 1,000",
            queries_100,
            queries_1000,
        )
        self.assertEqual(queries_100, queries_1000)

    def test_batch_return_tracks_each_dossier(self):
        """The return is logged in each dossier's chatter as with one dossier: the
        state and the return date, in one message per dossier."""
        records = self._create_dossiers(3, self.unit_a)
        single = self._create_dossiers(1, self.unit_a)
        # returned in a later transaction: changes made in the creating one are
        # not tracked
        self.env.flush_all()
        self.cr.flush()
        records.action_return()
        single.action_return()
        self.env.flush_all()
        self.cr.flush()  # the precommit hooks log the tracking

        def logs(dossier):
            messages = dossier.message_ids.filtered("tracking_value_ids").sudo()
            return [
                (
                    message.message_type,
                    message.subtype_id,
                    message.author_id,
                    message.body,
                    message.email_from,
                    message.reply_to,
                    message.is_internal,
                    message.record_name,
                    message.partner_ids,
                    message.attachment_ids,
                    message.email_add_signature,
                    bool(message.message_id),
                    sorted(
                        (
                            value.field_id.name,
                            value.old_value_char,
                            value.new_value_char,
                            value.old_value_datetime,
                            # the return moment: the dossier's
                            value.new_value_datetime
                            and value.new_value_datetime == dossier.date_returned,
                        )
                        for value in message.tracking_value_ids
                    ),
                )
                for message in messages
            ]

        expected = logs(single)
        self.assertEqual(len(expected), 1)
        self.assertEqual(
            [value[0] for value in expected[0][-1]], ["date_returned", "state"]
        )
        self.assertEqual([value[-1] for value in expected[0][-1]], [True, False])
        for dossier in records:
            self.assertEqual(logs(dossier), expected)
            values = dossier.message_ids.sudo().tracking_value_ids
            self.assertEqual(
                values.filtered(lambda v: v.field_id.name == "state").new_value_char,
                "Returned",
            )

    def test_batch_writes_tracked_as_single_writes(self):
        """A batch write keeps the initial values of the fields it writes only:
        what the chatter logs is what the same writes log on one dossier,
        earlier and later writes of the transaction included."""

        def steps(dossiers, renamed):
            self.env.flush_all()
            self.cr.flush()  # changes of the creating transaction are not tracked
            dossiers.write({"state": "processing"})
            dossiers.action_return()
            if renamed:
                renamed.citizen_name = "Tên đã sửa"
            dossiers.write({"citizen_phone": "0912000999"})
            self.env.flush_all()
            self.cr.flush()  # the precommit hooks log the tracking

        def logs(dossier):
            messages = dossier.message_ids.filtered("tracking_value_ids").sudo()
            return sorted(
                sorted(
                    (
                        value.field_id.name,
                        # each dossier had a number of its own
                        "OLD"
                        if value.old_value_char == phones[dossier.id]
                        else value.old_value_char,
                        value.new_value_char,
                        value.old_value_datetime,
                        bool(value.new_value_datetime),
                    )
                    for value in message.tracking_value_ids
                )
                for message in messages
            )

        batch = self._create_dossiers(3, self.unit_a)
        single = self._create_dossiers(3, self.unit_a)
        phones = {dossier.id: dossier.citizen_phone for dossier in batch | single}
        steps(batch, batch[0])
        for dossier in single:
            steps(dossier, dossier if dossier == single[0] else None)
        self.assertEqual([logs(d) for d in batch], [logs(d) for d in single])
        self.assertEqual(
            [[value[:3] for value in message] for message in logs(batch[0])],
            [
                [
                    ("citizen_name", "Công dân 1", "Tên đã sửa"),
                    ("citizen_phone", "OLD", "0912000999"),
                ],
                [
                    ("date_returned", False, False),
                    ("state", "Received", "Returned"),
                ],
            ],
            "the return logged from the state at the first write",
        )

    def test_batch_return_sms_as_created_one_by_one(self):
        """The SMS of a batch return (written in one INSERT) are the rows that
        sms.sms's create() gives the SMS of a single return."""
        batch = self._create_dossiers(3, self.unit_a)
        single = self._create_dossiers(1, self.unit_a)
        batch.action_return()
        single.action_return()
        fields = [
            "number",
            "body",
            "state",
            "failure_type",
            "partner_id",
            "mail_message_id",
            "to_delete",
            "satisfaction_reminder",
            "satisfaction_attempts",
            "create_uid",
        ]

        def rows(dossiers):
            requests = self._requests_of(dossiers)
            sms = (
                self.env["sms.sms"]
                .sudo()
                .search([("satisfaction_request_id", "in", requests.ids)])
            )
            self.assertEqual(sms.satisfaction_request_id, requests)
            values_list = []
            for one in sms:
                request = one.satisfaction_request_id
                values = one.read(fields, load=None)[0]
                # what differs from one request to the next
                values["body"] = (
                    values["body"]
                    .replace(request.rating_url, "LINK")
                    .replace(request.dossier_ref, "REF")
                )
                values["number"] = bool(values["number"])
                values_list.append(values)
            return sms, values_list

        batch_sms, batch_rows = rows(batch)
        single_sms, single_rows = rows(single)
        self.assertEqual(
            sorted(batch_sms.mapped("number")),
            sorted("+84" + phone[1:] for phone in batch.mapped("citizen_phone")),
        )
        self.assertIn("LINK", single_rows[0]["body"])
        for values in batch_rows:
            self.assertEqual(values | {"id": 0}, single_rows[0] | {"id": 0})
        uuids = (batch_sms | single_sms).mapped("uuid")
        self.assertEqual(len(set(uuids)), 4)
        self.assertTrue(all(len(uuid) == 32 for uuid in uuids))
        self.assertEqual(set(batch_sms.mapped("state")), {"outgoing"})

    def test_batch_return_requests(self):
        """An officer returns dossiers in one write: one request each, each with
        a token of its own; the officer does not follow the requests (they
        hold the citizen's contact data and their chatter notifies nobody)."""
        records = self._create_dossiers(5, self.unit_a)
        records.with_user(self.user_officer_a).action_return()
        requests = self._requests_of(records)
        self.assertEqual(sorted(requests.mapped("res_id")), sorted(records.ids))
        token_list = requests.mapped("access_token")
        self.assertEqual(len(set(token_list)), 5)
        self.assertTrue(all(tokens.is_well_formed(token) for token in token_list))
        self.assertFalse(requests.message_follower_ids)
        self.assertEqual(set(requests.mapped("state")), {"sent"})
        self.assertEqual(
            requests.mapped("create_uid"), self.user_officer_a, "created by the officer"
        )
        # idempotent: returning again creates nothing
        records.with_user(self.user_officer_a).action_return()
        records._satisfaction_on_returned()
        self.assertEqual(self._requests_of(records), requests)

    def test_batch_return_read_in_same_transaction(self):
        """The requests and chatter logs of a batch return are written in bulk,
        outside the ORM's cache: what was read of the dossiers before the
        return must not hide them afterwards, in the same transaction."""
        records = self._create_dossiers(4, self.unit_a)
        self.env.flush_all()
        self.cr.flush()
        # cached before the return: no request, no return log
        self.assertFalse(records.satisfaction_request_ids)
        logs_before = {dossier: dossier.message_ids for dossier in records}
        records.action_return()
        self.cr.flush()  # the precommit hooks log the tracking
        for dossier in records:
            request = dossier.sudo().satisfaction_request_ids
            self.assertEqual(len(request), 1)
            self.assertEqual(request.res_model, dossier._name)
            self.assertEqual(request.procedure_id, dossier.procedure_id)
            self.assertEqual(request.unit_id, dossier.unit_id)
            self.assertEqual(request.competent_unit_id, dossier.competent_unit_id)
            self.assertEqual(request.officer_ids, dossier.officer_ids)
            self.assertTrue(request.access_token)
            self.assertEqual(request.state, "sent")
            new_logs = (dossier.message_ids - logs_before[dossier]).sudo()
            self.assertEqual(len(new_logs), 1, "one return log")
            self.assertEqual(
                set(new_logs.tracking_value_ids.field_id.mapped("name")),
                {"state", "date_returned"},
            )
        self.assertEqual(records.mapped("satisfaction_request_state"), ["sent"] * 4)

    # ------------------------------------------------------------
    # EXPIRY
    # ------------------------------------------------------------

    def test_cron_expire(self):
        _dossiers, requests = self._return_dossiers(3, self.unit_a)
        old, fresh, answered = requests.sorted("id")
        self._answer(answered)
        token = old.access_token
        old.expiry_date = fields.Datetime.now() - timedelta(minutes=1)
        answered.expiry_date = fields.Datetime.now() - timedelta(minutes=1)
        # past its date, the link is dead even before the cron ran
        self.assertIsNone(self.env["satisfaction.request"]._get_by_token(token))

        self.env["satisfaction.request"]._cron_expire()
        self.assertEqual(old.state, "expired")
        self.assertEqual(fresh.state, "sent")
        self.assertEqual(answered.state, "answered", "answered requests never expire")
        self.assertIsNone(self.env["satisfaction.request"]._get_by_token(token))
        self.assertEqual(
            self.env["satisfaction.request"]._get_by_token(fresh.access_token), fresh
        )

    def test_cron_expire_data(self):
        cron = self.env.ref("satisfaction_survey.ir_cron_satisfaction_request_expire")
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        request.expiry_date = fields.Datetime.now() - timedelta(days=1)
        cron.method_direct_trigger()
        self.assertEqual(request.state, "expired")

    def test_get_by_token_rejects_garbage(self):
        Request = self.env["satisfaction.request"]
        for token in (None, "", "short", "x" * 200, "../../etc/passwd", 42):
            self.assertIsNone(Request._get_by_token(token))

    # ------------------------------------------------------------
    # ANSWERING
    # ------------------------------------------------------------

    def test_answer_creates_response_and_lines(self):
        dossier = self._create_dossiers(1, self.unit_a)
        dossier.action_return()
        request = self._requests_of(dossier)
        response = self._answer(
            request,
            5,
            overrides={("attitude", self.officer_a2): 2, "overall": 4},
            comment="Cán bộ nhiệt tình",
        )
        self.assertEqual(request.state, "answered")
        self.assertTrue(request.date_answered)
        self.assertEqual(response.request_id, request)
        self.assertEqual(response.questionnaire_id, self.questionnaire)
        self.assertEqual(response.unit_id, self.unit_a)
        self.assertEqual(response.procedure_id, self.procedure_birth)
        self.assertEqual(
            response.channel, "sms", "the channel the request went through"
        )
        self.assertEqual(response.comment, "Cán bộ nhiệt tình")
        # 4 officer criteria x 2 officers + overall
        lines = response.line_ids
        self.assertEqual(len(lines), 4 * 2 + 1)
        officer_lines = lines.filtered("criterion_id.is_officer_criterion")
        self.assertEqual(len(officer_lines), 8)
        self.assertEqual(officer_lines.officer_id, self.officer_a1 | self.officer_a2)
        for officer in (self.officer_a1, self.officer_a2):
            self.assertEqual(
                set(
                    officer_lines.filtered(
                        lambda line, o=officer: line.officer_id == o
                    ).criterion_id.mapped("code")
                ),
                {"attitude", "manner", "responsibility", "effectiveness"},
            )
        overall = lines.filtered("criterion_id.is_overall")
        self.assertEqual(len(overall), 1)
        self.assertFalse(overall.officer_id)
        self.assertEqual(overall.value, 4)
        low = lines.filtered(
            lambda line: (
                line.criterion_id.code == "attitude"
                and line.officer_id == self.officer_a2
            )
        )
        self.assertEqual(low.value, 2)
        self.assertFalse(low.is_satisfied)
        self.assertTrue(overall.is_satisfied)
        self.assertEqual(response.answer_count, 9)
        self.assertEqual(response.satisfied_count, 8)
        self.assertEqual(request.sudo().response_ids, response)

        # single use: the page finds it answered, the database refuses a second answer
        self.assertEqual(
            self.env["satisfaction.request"]._get_by_token(request.access_token).state,
            "answered",
        )
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self._answer(request, 1)
        self.assertEqual(
            self.env["satisfaction.response"].search([("request_id", "=", request.id)]),
            response,
        )

    def test_answer_invalid_form_writes_nothing(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        form = self._build_form(request, 5, overrides={"overall": 9})
        response, errors = request._record_answers(form)
        self.assertFalse(response)
        self.assertEqual(errors, {f"q{self.criterion_overall.id}": "out_of_range"})
        self.assertEqual(request.state, "sent")
        self.assertFalse(
            self.env["satisfaction.response"].search([("request_id", "=", request.id)])
        )

        form = self._build_form(request, 5, overrides={"manner": None})
        response, errors = request._record_answers(form)
        self.assertFalse(response)
        self.assertEqual(set(errors.values()), {"required"})
        self.assertEqual(len(errors), 2, "one missing answer per officer")

    def test_answer_creates_index_rows(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        self._answer(request, 5, overrides={("attitude", self.officer_a2): 1})
        Report = self.env["satisfaction.index.report"]
        rows = Report.search([("unit_id", "=", self.unit_a.id)])
        # one row per (criterion, officer): 4 x 2 officer rows + overall
        self.assertEqual(len(rows), 9)
        row = rows.filtered(
            lambda r: (
                r.criterion_id == self.criteria["attitude"]
                and r.officer_id == self.officer_a1
            )
        )
        self.assertEqual(
            (row.answer_count, row.satisfied_count, row.satisfaction_index),
            (1, 1, 100.0),
        )
        self.assertEqual(row.procedure_id, self.procedure_birth)
        self.assertEqual(row.questionnaire_id, self.questionnaire)
        self.assertEqual(row.channel, "sms")
        row = rows.filtered(
            lambda r: (
                r.criterion_id == self.criteria["attitude"]
                and r.officer_id == self.officer_a2
            )
        )
        self.assertEqual(
            (row.answer_count, row.satisfied_count, row.satisfaction_index), (1, 0, 0.0)
        )

        # a second answer on the same unit adds to the counts of the same rows
        _dossiers, request2 = self._return_dossiers(1, self.unit_a)
        self._answer(request2, 4, overrides={"overall": 3})
        Report.invalidate_model()  # the rows (same ids) were read before
        rows = Report.search([("unit_id", "=", self.unit_a.id)])
        self.assertEqual(len(rows), 9)
        row = rows.filtered(
            lambda r: (
                r.criterion_id == self.criteria["attitude"]
                and r.officer_id == self.officer_a2
            )
        )
        self.assertEqual(
            (row.answer_count, row.satisfied_count, row.satisfaction_index),
            (2, 1, 50.0),
        )
        overall = rows.filtered(lambda r: r.criterion_id == self.criterion_overall)
        self.assertEqual(
            (overall.answer_count, overall.satisfied_count, overall.satisfaction_index),
            (2, 1, 50.0),
        )
        self.assertFalse(overall.officer_id)

    def test_index_rows_match_core(self):
        """Every SQL row's index is the core's index of its own counts."""
        values = [5, 4, 3, 2, 1, 5, 3]
        for i, value in enumerate(values):
            unit = self.unit_a if i % 2 else self.unit_b
            _dossiers, request = self._return_dossiers(1, unit)
            self._answer(
                request, value, overrides={"overall": values[(i + 3) % len(values)]}
            )
        rows = self.env["satisfaction.index.report"].search(
            [("unit_id", "in", (self.unit_a | self.unit_b).ids)]
        )
        self.assertTrue(rows)
        fractional = False
        for row in rows:
            expected = indices.satisfaction_index(row.satisfied_count, row.answer_count)
            self.assertEqual(
                row.satisfaction_index,
                expected,
                f"row {row.criterion_id.code}/{row.officer_id.name}",
            )
            fractional |= expected not in (0.0, 50.0, 100.0)
        self.assertTrue(fractional, "the data must exercise rounding")

    def test_read_group_recomputes_index_from_counts(self):
        """Unit A 1/1 and unit B 1/3 on the overall question.

        Overall 2/4 = 50 %, not the mean of the indices 66.67 %.
        """
        answers = [
            (self.unit_a, 5),
            (self.unit_b, 5),
            (self.unit_b, 2),
            (self.unit_b, 1),
        ]
        for unit, value in answers:
            _dossiers, request = self._return_dossiers(1, unit)
            self._answer(request, value)
        Report = self.env["satisfaction.index.report"]
        domain = [
            ("criterion_id", "=", self.criterion_overall.id),
            ("unit_id", "in", (self.unit_a | self.unit_b).ids),
        ]
        fields_spec = ["answer_count:sum", "satisfied_count:sum", "satisfaction_index"]

        by_unit = {
            g["unit_id"][0]: g
            for g in Report.read_group(domain, fields_spec, ["unit_id"])
        }
        self.assertEqual(by_unit[self.unit_a.id]["satisfaction_index"], 100.0)
        self.assertEqual(by_unit[self.unit_b.id]["satisfaction_index"], 33.33)
        self.assertEqual(by_unit[self.unit_b.id]["answer_count"], 3)
        self.assertEqual(by_unit[self.unit_b.id]["satisfied_count"], 1)

        [total] = Report.read_group(domain, fields_spec, [])
        self.assertEqual((total["satisfied_count"], total["answer_count"]), (2, 4))
        self.assertEqual(total["satisfaction_index"], 50.0)
        self.assertNotEqual(total["satisfaction_index"], round((100.0 + 33.33) / 2, 2))
        # also without asking for the counts, with the ":avg" spec the UI sends
        [total] = Report.read_group(domain, ["satisfaction_index:avg"], [])
        self.assertEqual(total["satisfaction_index"], 50.0)

        # by officer: A1 rated by one citizen (5), B1 rated by three (5, 2, 1)
        officer_domain = [
            ("is_officer_criterion", "=", True),
            ("unit_id", "in", (self.unit_a | self.unit_b).ids),
        ]
        by_officer = {
            g["officer_id"][0]: g
            for g in Report.read_group(officer_domain, fields_spec, ["officer_id"])
        }
        self.assertEqual(by_officer[self.officer_a1.id]["satisfaction_index"], 100.0)
        self.assertEqual(by_officer[self.officer_a2.id]["satisfaction_index"], 100.0)
        self.assertEqual(by_officer[self.officer_b1.id]["answer_count"], 12)
        self.assertEqual(by_officer[self.officer_b1.id]["satisfaction_index"], 33.33)
        [total] = Report.read_group(officer_domain, fields_spec, [])
        # A1 4/4 + A2 4/4 + B1 4/12 = 12/20
        self.assertEqual(
            total["satisfaction_index"], indices.satisfaction_index(12, 20)
        )

        # sorting by the recomputed index
        groups = Report.read_group(
            domain, fields_spec, ["unit_id"], orderby="satisfaction_index asc"
        )
        self.assertEqual(
            [g["unit_id"][0] for g in groups], [self.unit_b.id, self.unit_a.id]
        )
