"""Exchange with the national portal: the portal is the only thing mocked."""

import json
from datetime import timedelta
from unittest.mock import MagicMock, patch

import requests

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..satisfaction_survey import periods
from .common import SatisfactionCommon

LOGGER = "odoo.addons.satisfaction_survey.models.satisfaction_portal_sync_log"
POST = LOGGER + ".requests.post"


def answer(status, text="{}"):
    return MagicMock(status_code=status, text=text)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestPortalConnector(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit_a.satisfaction_unit_code = "000.00.12.H12"
        cls.connector = cls.env["satisfaction.portal.connector"].create(
            {
                "name": "Cổng DVCQG (test)",
                "provider": "http_json",
                "endpoint_url": "https://dvc.example.test/api/danhgia",
                "aggregate_url": "https://dvc.example.test/api/tonghop",
                "token": "s3cret",
                "max_attempts": 3,
                "retry_delay": 5,
                "sync_from": cls.env.cr.now() - timedelta(seconds=1),
                "sequence": -100,
            }
        )
        cls.Log = cls.env["satisfaction.portal.sync.log"]
        dossiers, requests_ = cls._return_dossiers(1, cls.unit_a)
        cls.dossier = dossiers
        cls.response = cls._answer(requests_, 5)

    def _log_of_response(self):
        return self.Log.search([("response_id", "=", self.response.id)])

    def test_evaluation_payload_without_personal_data(self):
        self.connector._queue_evaluations()
        log = self._log_of_response()
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.kind, log.state, log.unit_id), ("evaluation", "pending", self.unit_a)
        )
        payload = json.loads(log.payload)
        self.assertEqual(payload["MaHoSo"], self.dossier.code)
        self.assertEqual(payload["MaTTHC"], self.dossier.procedure_id.code or None)
        self.assertEqual(payload["DonViXuLy"], "000.00.12.H12")
        self.assertEqual(payload["HaiLong"], 1, "the overall answer is satisfied")
        self.assertTrue(payload["ChiTietDanhGia"])
        self.assertEqual(len(log.payload_digest), 64)
        for personal in (
            self.dossier.citizen_name,
            self.dossier.citizen_phone,
            self.dossier.citizen_email,
        ):
            if personal:
                self.assertNotIn(personal, log.payload)
        # queued once
        self.connector._queue_evaluations()
        self.assertEqual(len(self._log_of_response()), 1)

    def test_success(self):
        self.connector._queue_evaluations()
        log = self._log_of_response()
        with patch(POST, return_value=answer(200, '{"error_code": 0}')) as post:
            log._send()
        self.assertEqual(post.call_count, 1)
        url = post.call_args.args[0]
        self.assertEqual(url, "https://dvc.example.test/api/danhgia")
        kwargs = post.call_args.kwargs
        self.assertEqual(kwargs["headers"]["Authorization"], "Bearer s3cret")
        self.assertEqual(kwargs["data"].decode(), log.payload)
        self.assertEqual(
            (log.state, log.attempts, log.response_status), ("sent", 1, 200)
        )
        self.assertTrue(log.date_sent)

    @mute_logger(LOGGER)
    def test_server_error_retried_then_failed(self):
        self.connector._queue_evaluations()
        log = self._log_of_response()
        with patch(POST, return_value=answer(500, "Internal Server Error")) as post:
            log._send()
            self.assertEqual((log.state, log.attempts), ("pending", 1))
            delay = log.next_attempt - fields.Datetime.now()
            self.assertGreater(delay, timedelta(minutes=4))
            self.Log._send_due(self.connector)
            self.assertEqual(post.call_count, 1, "not due yet")
            log.next_attempt = fields.Datetime.now() - timedelta(seconds=1)
            self.Log._send_due(self.connector)
            self.assertEqual((log.state, log.attempts), ("pending", 2))
            delay = log.next_attempt - fields.Datetime.now()
            self.assertGreater(delay, timedelta(minutes=9), "the delay doubles")
            log.next_attempt = fields.Datetime.now() - timedelta(seconds=1)
            self.Log._send_due(self.connector)
            self.assertEqual((log.state, log.attempts), ("failed", 3))
            self.assertEqual(post.call_count, 3)
            self.Log._send_due(self.connector)
            self.assertEqual(post.call_count, 3, "a failed send stays failed")
        self.assertIn("500", log.error)
        log.action_retry()
        self.assertEqual((log.state, log.attempts), ("pending", 0))

    @mute_logger(LOGGER)
    def test_refusal_and_network_error(self):
        self.connector._queue_evaluations()
        log = self._log_of_response()
        with patch(POST, side_effect=requests.ConnectionError("no route")):
            log._send()
        self.assertEqual((log.state, log.attempts), ("pending", 1))
        log.next_attempt = fields.Datetime.now() - timedelta(seconds=1)
        with patch(POST, return_value=answer(400, "MaHoSo khong hop le")):
            log._send()
        self.assertEqual(log.state, "failed", "a refused payload is not sent again")
        self.assertEqual(log.response_body, "MaHoSo khong hop le")

    def test_dry_run_logs_without_sending(self):
        self.connector.provider = "dry_run"
        with patch(POST) as post:
            self.connector._cron_portal_sync()
        post.assert_not_called()
        log = self._log_of_response()
        self.assertEqual(log.state, "dry_run")
        self.assertIn(self.dossier.code, log.payload)

    def test_disabled_sends_nothing(self):
        self.connector._queue_evaluations()
        self.connector.provider = "disabled"
        with patch(POST) as post:
            self.connector._cron_portal_sync()
            self._log_of_response()._send()
        post.assert_not_called()
        self.assertEqual(self._log_of_response().state, "pending")
        self.connector.unlink()
        with patch(POST) as post:
            self.env["satisfaction.portal.connector"]._cron_portal_sync()
        post.assert_not_called()

    def test_monthly_figures_once_per_unit(self):
        month = periods.local_month(self.response.request_id.create_date)
        self.connector._queue_monthly_aggregates(month)
        log = self.Log.search(
            [
                ("kind", "=", "aggregate"),
                ("unit_id", "=", self.unit_a.id),
                ("month", "=", month),
            ]
        )
        self.assertEqual(len(log), 1)
        payload = json.loads(log.payload)
        self.assertEqual(payload["MaDonVi"], "000.00.12.H12")
        self.assertEqual(payload["KyBaoCao"], month.strftime("%Y%m"))
        self.assertEqual(payload["TongSoHoSo"], 1)
        self.assertEqual(payload["Diem52"], 6.0, "no PAKN: full points")
        self.connector._queue_monthly_aggregates(month)
        self.assertEqual(
            self.Log.search_count(
                [("kind", "=", "aggregate"), ("unit_id", "=", self.unit_a.id)]
            ),
            1,
        )
        with patch(POST, return_value=answer(201)) as post:
            log._send()
        self.assertEqual(post.call_args.args[0], "https://dvc.example.test/api/tonghop")
        self.assertEqual(log.state, "sent")

    def test_field_mapping(self):
        self.connector.field_mapping = json.dumps(
            {"evaluation": {"liked": "HaiLongTT04"}}
        )
        self.connector._queue_evaluations()
        payload = json.loads(self._log_of_response().payload)
        self.assertEqual(payload["HaiLongTT04"], 1)
        self.assertNotIn("HaiLong", payload)
        for bad in ("not json", '{"evaluation": {"nope": "X"}}', "[]"):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                self.connector.field_mapping = bad
