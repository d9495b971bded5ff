"""Fuzzing the public rating page /r/<token> with hypothesis.

Well over a thousand malformed requests (GET and POST): wrong types,
repeated keys, huge fields, missing fields, invalid UTF-8 bytes, script in
comments, out-of-range and odd scores, broken tokens. Checked for each: never
a 500 (only 200, 400 or 404, or Odoo's 303 for a path without a token), no
unescaped markup echoed back; and at the
end: every stored answer is a value of the scale, every comment fits.
The run is derandomized (same examples every time) and takes well under a
minute; the rate limiter is off (its setting is "0" in the test data).
"""

import logging
import string
import time
import unittest
from urllib.parse import quote, quote_from_bytes

from odoo.tests import HttpCase, tagged

from ..satisfaction_survey.tokens import form_token
from .common import SatisfactionCommon

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - installed by .ci/run
    st = None

_logger = logging.getLogger(__name__)

# 303: Odoo's own redirect of a path outside the route (e.g. "/r/" without a token)
ALLOWED_STATUSES = {200, 303, 400, 404}
XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "</textarea><script>alert(2)</script>",
    "javascript:alert(1)",
    "{{7*7}}<t t-out='1'/>",
    "';alert(String.fromCharCode(88))//",
]
RAW_MARKERS = ("<script>alert", "<img src=x", "<svg/onload", "<t t-out")
ODD_SCORES = [
    "",
    " ",
    "0",
    "6",
    "-1",
    "4.0",
    "+4",
    "04",
    " 4",
    "4 ",
    "４",
    "٤",
    "NaN",
    "inf",
    "1e1",
    "0x4",
    "5\x00",
    "\x00",
    "99999999999999999999999",
    "-99999999999999999999",
    "true",
    "null",
    "[]",
    "{}",
    "3; DROP TABLE satisfaction_response",
    "1' OR '1'='1",
]
EXAMPLES_POST = 900
EXAMPLES_BYTES = 300
EXAMPLES_GET = 250


def _strategies(keys, tokens):
    """Hypothesis strategies for the form values, comments, forms and URLs."""
    valid = st.sampled_from(["1", "2", "3", "4", "5"])
    scores = st.one_of(
        valid,
        valid,
        st.sampled_from(ODD_SCORES),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.text(max_size=20),
    )
    comments = st.one_of(
        st.text(max_size=200),
        st.sampled_from(XSS),
        st.tuples(st.sampled_from(XSS), st.text(max_size=50)).map("".join),
        st.integers(min_value=1900, max_value=60_000).map(
            lambda n: "Ý kiến " * (n // 7)
        ),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=100),
    )
    junk_keys = st.one_of(
        st.sampled_from(
            ["lang", "fs", "hc", "q0", "q-1", "q99999999", "comment[]", "reason"]
        ),
        st.text(max_size=12),
    )
    forms = st.tuples(
        st.dictionaries(st.sampled_from(keys), scores, max_size=len(keys)),
        st.booleans(),  # answer everything validly first, then override
        st.one_of(st.none(), comments),
        st.lists(st.tuples(junk_keys, st.one_of(scores, comments)), max_size=4),
        st.lists(st.tuples(st.sampled_from(keys), scores), max_size=3),  # repeated keys
    )
    bad_tokens = st.one_of(
        st.text(max_size=80),
        st.text(alphabet=string.ascii_letters + "-_", min_size=22, max_size=64),
        st.sampled_from(
            ["", "%00", "..%2F..%2Fetc%2Fpasswd", "A" * 300, "%FF%FE", "%C0%AF"]
        ),
    )
    return scores, comments, forms, st.one_of(st.sampled_from(tokens), bad_tokens)


@tagged("post_install", "-at_install", "satisfaction_survey")
@unittest.skipIf(st is None, "hypothesis is not installed (pip install hypothesis)")
class TestFuzzPublicPage(HttpCase, SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossiers, cls.requests = cls._return_dossiers(40, cls.unit_a)
        cls.tokens = [request.sudo().access_token for request in cls.requests]
        request = cls.requests[0]
        cls.keys = [item["key"] for item in request._question_items()] + ["comment"]
        cls.scale_values = set(cls.scale.level_ids.mapped("value"))
        cls.sent = 0
        cls.started = time.monotonic()

    @classmethod
    def tearDownClass(cls):
        _logger.info(
            "fuzz: %s requests to /r/<token> in %.1f s",
            cls.sent,
            time.monotonic() - cls.started,
        )
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.rate_limit_ip", "0"
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.rate_limit_token", "0"
        )
        page = self.url_open("/r/%s" % self.tokens[-1])
        self.csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        self.secret = (
            self.env["ir.config_parameter"].sudo().get_param("database.secret")
        )

    def _form_token(self, token):
        """The form token of the page of ``token`` (the page's own for a
        valid link, so that fuzzed forms get through)."""
        try:
            return form_token(self.secret, token, time.time())
        except UnicodeEncodeError:  # lone surrogates: not a link anyway
            return self.csrf

    def _check(self, response, sent_text=""):
        type(self).sent += 1
        self.assertLess(response.status_code, 500, response.text[:500])
        self.assertIn(response.status_code, ALLOWED_STATUSES, response.text[:500])
        body = response.text
        for marker in RAW_MARKERS:
            if marker in sent_text:
                self.assertNotIn(marker, body, "markup echoed unescaped")
        self.assertNotIn("Traceback", body)

    def _check_database(self):
        self.env.flush_all()
        responses = (
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "in", self.requests.ids)])
        )
        for response in responses:
            self.assertEqual(response.request_id.state, "answered")
            self.assertLessEqual(len(response.comment or ""), 2000)
            for line in response.line_ids:
                if line.criterion_id.question_type == "scale":
                    self.assertIn(
                        line.value, self.scale_values, "stored value off the scale"
                    )
                else:
                    self.assertFalse(line.value)
            required = {
                (c.id, o.id)
                for c in response.questionnaire_id.criterion_ids.filtered("required")
                for o in (
                    response.request_id.officer_ids
                    if c.is_officer_criterion
                    else [self.env["hr.employee"]]
                )
            }
            stored = {
                (line.criterion_id.id, line.officer_id.id) for line in response.line_ids
            }
            self.assertLessEqual(
                required, stored, "a stored response misses a required answer"
            )
        return len(responses)

    def test_fuzz_post_forms(self):
        _scores, _comments, forms, tokens = _strategies(self.keys, self.tokens)
        valid_form = {key: "4" for key in self.keys if key != "comment"}

        @settings(
            max_examples=EXAMPLES_POST,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )
        @given(token=tokens, form=forms)
        def run(token, form):
            values, fill, comment, junk, repeated = form
            pairs = list(({**valid_form, **values} if fill else values).items())
            if comment is not None:
                pairs.append(("comment", comment))
            pairs += junk + repeated + [("csrf_token", self._form_token(token))]
            response = self.url_open(
                "/r/%s" % quote(token, safe=""), data=pairs, allow_redirects=False
            )
            self._check(response, "".join(str(v) for _k, v in pairs))

        run()
        answered = self._check_database()
        _logger.info(
            "fuzz POST: %s examples, %s responses stored", EXAMPLES_POST, answered
        )
        self.assertGreater(answered, 0, "some fuzzed forms were valid and got through")

    def test_fuzz_raw_bytes(self):
        """Invalid UTF-8 and raw bytes in keys and values, and odd encodings."""

        @settings(
            max_examples=EXAMPLES_BYTES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )
        @given(
            token=st.sampled_from(self.tokens),
            chunks=st.lists(
                st.tuples(
                    st.sampled_from([k.encode() for k in self.keys])
                    | st.binary(max_size=8),
                    st.binary(max_size=64),
                ),
                max_size=8,
            ),
            tail=st.binary(max_size=64),
            content_type=st.sampled_from(
                [
                    "application/x-www-form-urlencoded",
                    "application/x-www-form-urlencoded; charset=latin-1",
                    "multipart/form-data; boundary=xyz",
                    "text/plain",
                    "application/json",
                ]
            ),
        )
        def run(token, chunks, tail, content_type):
            body = b"&".join(
                quote_from_bytes(key).encode() + b"=" + quote_from_bytes(value).encode()
                for key, value in chunks
            )
            body += b"&csrf_token=" + self._form_token(token).encode() + b"&" + tail
            response = self.url_open(
                "/r/%s" % token,
                data=body,
                headers={"Content-Type": content_type},
                allow_redirects=False,
            )
            self._check(response, body.decode("latin-1"))

        run()
        self._check_database()

    def test_fuzz_get(self):
        """GET never writes, whatever the path and query string."""
        _scores, _comments, _forms, tokens = _strategies(self.keys, self.tokens)
        self.env.flush_all()
        before = {r.id: (r.state, r.write_date) for r in self.requests.sudo()}

        @settings(
            max_examples=EXAMPLES_GET,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )
        @given(
            token=tokens,
            query=st.lists(
                st.tuples(
                    st.sampled_from(self.keys + ["lang", "fs", "hc"])
                    | st.text(max_size=10),
                    st.text(max_size=40) | st.sampled_from(XSS),
                ),
                max_size=6,
            ),
            raw=st.binary(max_size=20),
        )
        def run(token, query, raw):
            qs = "&".join(
                "%s=%s" % (quote(k, safe=""), quote(v, safe="")) for k, v in query
            )
            qs += "&x=" + quote_from_bytes(raw)
            response = self.url_open(
                "/r/%s?%s" % (quote(token, safe=""), qs), allow_redirects=False
            )
            self._check(response, qs + "".join(v for _k, v in query))

        run()
        self.env.invalidate_all()
        after = {r.id: (r.state, r.write_date) for r in self.requests.sudo()}
        self.assertEqual(after, before, "a GET wrote something")
        self.assertFalse(
            self.env["satisfaction.response"]
            .sudo()
            .search_count([("request_id", "in", self.requests.ids)])
        )
