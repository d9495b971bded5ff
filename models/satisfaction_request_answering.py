from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from ..satisfaction_survey import answers as core_answers
from ..satisfaction_survey import layout, qr, tokens
from .batch_rows import create_rows
from .satisfaction_privacy_notice import PURPOSE_CONTACT_LOW

# What a page may record about how the answers came
RESPONSE_METADATA = ("kiosk_id", "seconds_on_page", "from_office_network")

# What the public page and the kiosk read of a request (``_get_by_token``)
PAGE_FIELDS = [
    "access_token",
    "company_id",
    "state",
    "expiry_date",
    "questionnaire_id",
    "procedure_id",
    "unit_id",
    "competent_unit_id",
    "channel",
    "derived_return_time",
    "derived_supplement_count",
    "derived_supplements_known",
]

# where a consent ticked with the answers was given
CONSENT_CHANNEL_BY_RESPONSE_CHANNEL = {
    "kiosk": "kiosk",
    "staff": "counter",
    "surveyor": "counter",
}


class SatisfactionRequest(models.Model):
    """Answering a request through its link: token, answers, expiry."""

    _inherit = "satisfaction.request"

    # ------------------------------------------------------------
    # ANSWERING (public page)
    # ------------------------------------------------------------

    @api.model
    def _get_by_token(self, token):
        """The open request of ``token``, or None; unknown and expired look the same to
        callers.
        """
        if not tokens.is_well_formed(token):
            return None
        # one query: the request with what its pages read of it
        request_sudo = self.sudo().search_fetch(
            [("access_token", "=", token)], PAGE_FIELDS, limit=1
        )
        if not request_sudo or not tokens.tokens_equal(
            request_sudo.access_token, token
        ):
            return None
        if (
            request_sudo.state in ("expired", "cancelled")
            or request_sudo._is_past_expiry()
        ):
            return None
        return request_sudo

    def _check_answer_entry(self):
        """Staff enter answers (phone, interview, paper) for open requests of their unit
        only.
        """
        self.ensure_one()
        self.check_access("write")
        if self.state not in ("pending", "sent") or self._is_past_expiry():
            raise UserError(
                _("Answers can only be entered while the request waits for an answer.")
            )
        # NĐ 118/2025 Điều 29: evaluations are objective; whoever served the
        # dossier would be rating their own work.
        own = self.sudo().officer_ids & self.env.user.sudo().employee_ids
        if own:
            raise UserError(
                _(
                    "You served this dossier: answers about it must be entered by "
                    "someone who did not receive or handle it."
                )
            )

    def _is_past_expiry(self):
        self.ensure_one()
        return self.state != "answered" and self.expiry_date < fields.Datetime.now()

    def _served_officers(self):
        """The officers to rate, with only their names read.

        Reading ``officer_ids`` normally fetches every stored column of
        hr.employee (about 70, each through hr's field access checks): a
        third of the public page's time, for one name per officer.
        """
        self.ensure_one()
        # one query: the active officers of the relation, with their names
        # (reading officer_ids takes three: relation, active, names)
        field = self._fields["officer_ids"]
        return self.env["hr.employee"].search_fetch(
            [
                (
                    "id",
                    "in",
                    SQL(
                        "(SELECT %s FROM %s WHERE %s = %s)",
                        SQL.identifier(field.column2),
                        SQL.identifier(field.relation),
                        SQL.identifier(field.column1),
                        self.id,
                    ),
                )
            ],
            ["name"],
        )

    def _question_items(self):
        self.ensure_one()
        return self.questionnaire_id._question_items(self._served_officers())

    def _question_specs(self, items, with_comment=True):
        page_layout = self.questionnaire_id._page_layout()
        scale_values = page_layout.scale_values
        specs = [
            core_answers.QuestionSpec(
                key=item["key"],
                kind=item["criterion"].question_type,
                required=item["criterion"].required,
                allowed_values=scale_values
                if item["criterion"].question_type == "scale"
                else (),
            )
            for item in items
        ]
        if page_layout.ask_comment and with_comment:
            specs.append(
                core_answers.QuestionSpec(key="comment", kind="text", required=False)
            )
        return specs

    def _quick_items(self):
        """The question of the quick page (a list of zero or one item)."""
        return layout.quick_items(self._question_items())

    def _parse_page_answers(
        self, form, items, require_reason, with_comment=True, derived=None
    ):
        """Validate ``form`` for the questions ``items``.

        Returns (values, reason, low_items, low_reasons, errors). The reason
        of a low answer is typed under its question (``reason_<key>``) or, from
        pages with a single box, in ``reason``; ticking a predefined reason
        (``low_reason_<id>``) answers "why" as well. With ``require_reason``
        one of them is required after a low answer. A low level kept as the
        dossier pre-filled it (``derived``: a late return) asks for no reason:
        the dossier gives it.
        """
        derived = derived or {}
        values, errors = core_answers.parse_answers(
            form, self._question_specs(items, with_comment=with_comment)
        )
        low_values = self.questionnaire_id._page_layout().low_values
        low_items = [
            item
            for item in items
            if item["criterion"].question_type == "scale"
            and values.get(item["key"]) in low_values
            and values.get(item["key"]) != derived.get(item["key"])
        ]
        low_reasons = self._ticked_low_reasons(form) if low_items else None
        reasons, reason_errors = core_answers.parse_answers(
            form,
            [
                core_answers.QuestionSpec(
                    key=layout.reason_key(item["key"]), kind="text", required=False
                )
                for item in low_items
            ]
            + [core_answers.QuestionSpec(key="reason", kind="text", required=False)],
        )
        errors.update(reason_errors)
        reason = layout.compose_reasons(
            [
                (
                    self._reason_label(item),
                    reasons.get(layout.reason_key(item["key"])),
                )
                for item in low_items
            ]
            + [("", reasons.get("reason"))]
        )
        if (
            low_items
            and require_reason
            and not reason
            and not low_reasons
            and not reason_errors
        ):
            errors["reason"] = "required"
        return values, reason, low_items, low_reasons, errors

    def _reason_label(self, item):
        if item["officer"]:
            return "%s (%s)" % (item["criterion"].name, item["officer"].name)
        return item["criterion"].name

    @api.model
    def _followup_reason(self, reason, low_reasons):
        """The follow-up's "why": the ticked reasons, then the typed ones."""
        ticked = "; ".join(low_reasons.mapped("name")) if low_reasons else ""
        return "\n".join(text for text in (ticked, reason) if text) or False

    def _answer_lines(self, items, values, derived=None):
        """Values of the answer lines; their stored related and computed
        fields given from the cached page layout (no read of the criteria)."""
        derived = derived or {}
        satisfied_values = self.questionnaire_id._page_layout().satisfied_values
        satisfied = self.env["satisfaction.response.line"]._satisfied
        return [
            {
                "criterion_id": item["criterion"].id,
                "element_id": item["criterion"].element.id,
                "is_satisfied": item["criterion"].question_type == "scale"
                and satisfied(values[item["key"]], satisfied_values),
                "officer_id": item["officer"].id if item["officer"] else False,
                "value": values[item["key"]]
                if item["criterion"].question_type == "scale"
                else False,
                "text_value": values[item["key"]]
                if item["criterion"].question_type == "text"
                else False,
                "derived_value": derived.get(item["key"], False),
                "answer_origin": "derived"
                if item["key"] in derived
                and values[item["key"]] == derived[item["key"]]
                else "answered",
            }
            for item in items
            if item["key"] in values
        ]

    def _record_answers(
        self,
        form,
        channel=None,
        entered_by=None,
        require_reason=False,
        prefilled=False,
        metadata=None,
        quick=False,
    ):
        """Validate ``form`` and store the response; returns (response, errors).

        Nothing is written when a value is invalid, so the page can show the
        form again with what the citizen typed. ``entered_by``: the user who
        typed in answers given by phone, interview or on paper.
        A low answer (see satisfaction.followup._low_values) opens a follow-up
        for the unit leader with the reasons ticked or typed under the low
        answers and ``contact_consent``; ``require_reason``: a reason is then
        required (citizen-facing pages).
        ``prefilled``: the form showed the levels pre-filled from the dossier
        (``_derived_levels``); each answer records whether it kept its one.
        ``metadata``: how the answers came (``kiosk_id``, ``seconds_on_page``,
        ``from_office_network``), for the integrity signals.
        ``quick``: the overall question alone (the quick page); the other
        questions may follow (``_record_details``).
        """
        self.ensure_one()
        items = self._quick_items() if quick else self._question_items()
        if quick and not items:
            # a questionnaire without an overall question has no quick page
            return self.env["satisfaction.response"], {"form": "no_quick_question"}
        derived = self._derived_levels(items) if prefilled else {}
        values, reason, low_items, low_reasons, errors = self._parse_page_answers(
            form, items, require_reason, with_comment=not quick, derived=derived
        )
        if errors:
            return self.env["satisfaction.response"], errors
        is_low = bool(low_items)
        # A concurrent submit of the same link fails on the unique request_id
        # (handled by the caller's savepoint): keep its query, which holds the
        # citizen's comment, out of the logs.
        # The response and its lines through the ORM's bulk path: defaults
        # asked once per model instead of once per line, conversions,
        # precomputed fields, constraints and cache kept (``create_rows``);
        # the only ``create`` override of either model finds the comment's
        # themes, called below once the lines exist. In the request's
        # company: its defaults, and no read of the current user to find one.
        responses = (
            self.env["satisfaction.response"].sudo().with_company(self.company_id)
        )
        with mute_logger("odoo.sql_db"):
            response = create_rows(
                responses,
                [
                    {
                        "request_id": self.id,
                        "questionnaire_id": self.questionnaire_id.id,
                        "channel": channel or self.channel or "web",
                        "unit_id": self.unit_id.id,
                        "competent_unit_id": self.competent_unit_id.id,
                        "procedure_id": self.procedure_id.id,
                        # the request's, not the user's: on the public page
                        # that is the public user's company
                        "company_id": self.company_id.id,
                        "comment": values.get("comment") or False,
                        "entered_by_id": entered_by.id if entered_by else False,
                        "low_score_reason": is_low and reason or False,
                        # given only when ticked: a new record's empty
                        # many2many is then known without a query
                        **(
                            {"low_reason_ids": [(6, 0, low_reasons.ids)]}
                            if low_reasons
                            else {}
                        ),
                        "is_quick": quick,
                        **{
                            key: value
                            for key, value in (metadata or {}).items()
                            if key in RESPONSE_METADATA
                        },
                    }
                ],
                # a caller's default_* keys apply, as with create() (the demo
                # dates its history with default_date)
                context_defaults=True,
            )
        create_rows(
            responses.env["satisfaction.response.line"],
            [
                dict(line, response_id=response.id)
                for line in self._answer_lines(items, values, derived)
            ],
            context_defaults=True,
        )
        response._find_new_themes()
        consent = is_low and form.get("contact_consent") in ("1", "on", "true", "True")
        now = fields.Datetime.now()
        # date_answered records it; no chatter message on the busiest public write.
        self.sudo().with_context(tracking_disable=True).write(
            {
                "state": "answered",
                "date_answered": now,
                "contact_consent": consent,
                "contact_consent_date": consent and now,
            }
        )
        if consent:
            self._record_contact_consent(response)
        if is_low:
            self.env["satisfaction.followup"].sudo()._create_from_response(
                response,
                reason=self._followup_reason(reason, low_reasons),
                contact_allowed=consent,
            )
        return response, {}

    @api.model
    def _ticked_low_reasons(self, form):
        """The active predefined reasons ticked in ``form`` (``low_reason_<id>``)."""
        ids = set()
        for name, value in form.items():
            if (
                isinstance(name, str)
                and name.startswith("low_reason_")
                and name[11:].isdigit()
                and len(name) < 24
                and value in ("1", "on")
            ):
                ids.add(int(name[11:]))
        if not ids:
            return self.env["satisfaction.low.reason"].sudo().browse()
        return (
            self.env["satisfaction.low.reason"]
            .sudo()
            .search([("id", "in", sorted(ids)), ("active", "=", True)])
        )

    def _record_contact_consent(self, response):
        # the proof: which notice (version, language) the ticked box showed
        self.env["satisfaction.consent"]._record(
            self,
            PURPOSE_CONTACT_LOW,
            CONSENT_CHANNEL_BY_RESPONSE_CHANNEL.get(response.channel, "web"),
            lang=self.env.lang,
        )

    # ------------------------------------------------------------
    # DETAILS OF A QUICK ANSWER
    # ------------------------------------------------------------

    def _quick_response(self):
        """The quick answer of this request whose other questions are still
        open (sudo), or an empty recordset."""
        self.ensure_one()
        if self.state != "answered" or self.expiry_date < fields.Datetime.now():
            return self.env["satisfaction.response"].sudo()
        return (
            self.env["satisfaction.response"]
            .sudo()
            .search(
                [
                    ("request_id", "=", self.id),
                    ("is_quick", "=", True),
                    ("details_date", "=", False),
                ],
                limit=1,
            )
        )

    def _detail_items(self, response):
        """The questions a quick answer left open, in page order."""
        answered = {
            layout.question_key(line.criterion_id.id, line.officer_id.id)
            for line in response.line_ids
        }
        return [item for item in self._question_items() if item["key"] not in answered]

    def _record_details(self, form, require_reason=False):
        """Add the other questions' answers to this request's quick answer, once.

        Returns (response, errors), or (None, None) when there is no quick
        answer waiting for details (already given, or the link expired).
        Two submits at once update the same response row: the second one
        fails on the concurrent update and, retried, finds the details given.
        """
        self.ensure_one()
        response = self._quick_response()
        if not response:
            return None, None
        items = self._detail_items(response)
        derived = self._derived_levels(items)
        values, reason, low_items, low_reasons, errors = self._parse_page_answers(
            form, items, require_reason, derived=derived
        )
        if errors:
            return self.env["satisfaction.response"], errors
        now = fields.Datetime.now()
        vals = {
            "details_date": now,
            "line_ids": [
                (0, 0, line) for line in self._answer_lines(items, values, derived)
            ],
        }
        if values.get("comment"):
            vals["comment"] = values["comment"]
        if low_items and reason:
            vals["low_score_reason"] = "\n".join(
                text for text in (response.low_score_reason, reason) if text
            )
        if low_reasons:
            vals["low_reason_ids"] = [(4, low_reason.id) for low_reason in low_reasons]
        response.write(vals)
        if not low_items:
            return response, {}
        consent = form.get("contact_consent") in ("1", "on", "true", "True")
        if consent and not self.contact_consent:
            self.sudo().with_context(tracking_disable=True).write(
                {"contact_consent": True, "contact_consent_date": now}
            )
            self._record_contact_consent(response)
        Followup = self.env["satisfaction.followup"].sudo()
        followup = Followup.search([("response_id", "=", response.id)], limit=1)
        if not followup:
            Followup._create_from_response(
                response,
                reason=self._followup_reason(reason, low_reasons),
                contact_allowed=self.contact_consent,
            )
            return response, {}
        new_lines = (
            response.line_ids.filtered(
                lambda line: (
                    line.value in self.questionnaire_id._page_layout().low_values
                )
            )
            - followup.low_line_ids
        )
        followup.write(
            {
                "low_line_ids": [(4, line.id) for line in new_lines],
                "low_criteria": "\n".join(
                    [followup.low_criteria or ""]
                    + [Followup._describe_line(line) for line in new_lines]
                ).strip(),
                "reason": "\n".join(
                    text
                    for text in (
                        followup.reason,
                        self._followup_reason(reason, low_reasons),
                    )
                    if text
                ),
                "contact_allowed": followup.contact_allowed or self.contact_consent,
            }
        )
        return response, {}

    def _receipt_qr_data_uri(self):
        """The rating link as a QR code (PNG data URI), for receipts printed at the
        counter.
        """
        self.ensure_one()
        return qr.qr_data_uri(self.sudo().rating_url)

    # ------------------------------------------------------------
    # EXPIRY (cron)
    # ------------------------------------------------------------

    @api.model
    def _cron_expire(self):
        expired = self.sudo().search(
            [
                ("state", "in", ("pending", "sent")),
                ("expiry_date", "<", fields.Datetime.now()),
            ]
        )
        expired.write({"state": "expired"})
        return len(expired)
