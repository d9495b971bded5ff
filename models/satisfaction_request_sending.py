from collections import defaultdict
from datetime import timedelta
from functools import reduce

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize
from odoo.tools.rendering_tools import parse_inline_template

from ..satisfaction_survey import phones, sms_text
from .batch_rows import create_rows

DEFAULT_REMINDER_DELAY_DAYS = 3
DEFAULT_REMINDER_MAX = 2


class SatisfactionRequest(models.Model):
    """Sending the rating link by SMS or e-mail, its delivery, and the reminders."""

    _inherit = "satisfaction.request"

    # ------------------------------------------------------------
    # SENDING
    # ------------------------------------------------------------

    @api.model
    def _auto_send_enabled(self):
        return self.env["satisfaction.settings"]._get_bool(
            "satisfaction_survey.auto_send", True
        )

    @api.model
    def _preferred_channel(self):
        return self.env["satisfaction.settings"]._get_str(
            "satisfaction_survey.preferred_channel", "sms", choices=("sms", "email")
        )

    def action_send(self):
        """Send, or send again, the link to the citizen (button for one-stop staff)."""
        self.check_access("write")
        closed = self.filtered(lambda r: r.state not in ("pending", "sent"))
        if closed:
            raise UserError(
                _(
                    "Only pending or sent requests can be sent; %(dossier)s is "
                    "%(state)s.",
                    dossier=closed[0].dossier_ref,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        closed[0].state
                    ],
                )
            )
        self.sudo()._send()
        return True

    @api.model
    def _contact_channel(self, phone, email, preferred):
        """The channel that reaches a citizen ("sms" or "email"), or False."""
        has_email = bool(email_normalize(email or ""))
        # An SMS only reaches a mobile number, not a landline.
        has_phone = phones.is_mobile(phones.normalize_vn_phone(phone))
        if has_phone and (preferred == "sms" or not has_email):
            return "sms"
        return "email" if has_email else False

    @api.model
    def _sending_plan(self, phone, email, preferred, sms_provider):
        """(channel or False, values to write): where the link goes, and why
        not by SMS when the citizen would get one but no SMS provider is
        configured (no contact data leaves for a service nobody chose)."""
        channel = self._contact_channel(phone, email, preferred)
        if channel == "sms" and not sms_provider:
            no_provider = {
                "sms_state": "error",
                "sms_error": _("No SMS provider configured"),
            }
            if email_normalize(email or ""):
                return "email", no_provider
            return False, no_provider | {
                "contact_error": _(
                    "No SMS provider configured and no e-mail address: hand the "
                    "link over at the counter."
                )
            }
        if not channel:
            return False, {"contact_error": self._unreachable_error()}
        return channel, {}

    @api.model
    def _unreachable_error(self):
        return _(
            "No valid phone number or e-mail address: hand the link over at the "
            "counter."
        )

    @api.model
    def _add_sending_values(self, vals_list):
        """Complete the values of new requests so that they are created sent (or
        with their contact error); ``_queue_messages`` then queues their SMS and
        e-mails. The same outcome as ``_send`` on created requests, written once.
        """
        preferred = self._preferred_channel()
        sms_provider = self.env["sms.sms"]._satisfaction_provider()
        now = fields.Datetime.now()
        for vals in vals_list:
            channel, values = self._sending_plan(
                vals.get("citizen_phone"),
                vals.get("citizen_email"),
                preferred,
                sms_provider,
            )
            vals.update(values)
            if not channel:
                continue
            vals.update(state="sent", channel=channel, date_sent=now, send_count=1)
            if channel == "sms":
                vals.update(sms_state="outgoing", sms_attempts=0)

    def _queue_messages(self):
        """Queue the SMS or e-mail of requests created sent, by their channel."""
        by_channel = defaultdict(list)
        for request in self:
            if request.state == "sent":
                by_channel[request.channel].append(request.id)
        if by_channel["email"]:
            self.browse(by_channel["email"])._send_email()
        by_sms = self.browse(by_channel["sms"])
        if by_sms and not by_sms._queue_sms(batch=True):
            by_sms.write({"sms_state": False})

    def _send(self):
        """Queue the e-mail or SMS of each request; missing contact data is reported,
        not raised.

        Nothing leaves here: the mail and SMS queue crons send, and report
        the outcome (``_on_sms_outcome``, ``_on_email_outcome``). An SMS is
        only chosen when an SMS provider is configured (``sms.sms``
        ``_satisfaction_provider``): otherwise the e-mail is used.
        """
        preferred = self._preferred_channel()
        sms_provider = self.env["sms.sms"]._satisfaction_provider()
        by_plan = defaultdict(list)
        for request in self:
            channel, values = self._sending_plan(
                request.citizen_phone, request.citizen_email, preferred, sms_provider
            )
            by_plan[channel, tuple(sorted(values.items()))].append(request.id)
        by_channel = {"email": self.browse(), "sms": self.browse()}
        for (channel, values), ids in by_plan.items():
            requests = self.browse(ids)
            if values:
                requests.write(dict(values))
            if channel:
                by_channel[channel] |= requests
        if by_channel["email"]:
            by_channel["email"]._send_email()
        if by_channel["sms"]:
            by_channel["sms"]._send_sms()
        sent = by_channel["email"] | by_channel["sms"]
        now = fields.Datetime.now()
        for channel, requests in by_channel.items():
            # One write per (channel, previous count): a batch of new requests is one
            # UPDATE.
            for send_count in set(requests.mapped("send_count")):
                requests.filtered(
                    lambda r, count=send_count: r.send_count == count
                ).write(
                    {
                        "state": "sent",
                        "channel": channel,
                        "date_sent": now,
                        "send_count": send_count + 1,
                        "contact_error": False,
                    }
                )
        return sent

    def _send_email(
        self, template_xmlid="satisfaction_survey.mail_template_rating_request"
    ):
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            self.write(
                {
                    "contact_error": _(
                        "The e-mail template of rating requests is missing."
                    )
                }
            )
            return
        mails = template.send_mail_batch(
            self.ids, email_layout_xmlid="mail.mail_notification_light"
        )
        for mail in mails:
            mail.satisfaction_request_id = mail.res_id
        self.write({"email_state": "outgoing", "email_error": False})
        # Queued, not sent inline, like the SMS.
        self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()

    def _send_sms(
        self,
        template_xmlid="satisfaction_survey.sms_template_rating_request",
        reminder=False,
    ):
        if self._queue_sms(template_xmlid, reminder=reminder):
            self.write({"sms_state": "outgoing", "sms_attempts": 0, "sms_error": False})

    def _queue_sms(
        self,
        template_xmlid="satisfaction_survey.sms_template_rating_request",
        reminder=False,
        batch=False,
    ):
        """Create the SMS of these requests; False when the template is missing.

        ``batch``: the SMS of a batch of new requests, written in one INSERT
        (``create_rows``) when there is more than one.
        """
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            self.write(
                {"contact_error": _("The SMS template of rating requests is missing.")}
            )
            return False
        bodies = self._sms_bodies(template)
        vals_list = [
            {
                "number": phones.normalize_vn_phone(request.citizen_phone),
                "body": bodies[request.id],
                "satisfaction_request_id": request.id,
                "satisfaction_reminder": reminder,
            }
            for request in self
        ]
        sms_sudo = self.env["sms.sms"].sudo()
        if batch and len(vals_list) > 1:
            # sms.sms has no create() of its own: its create() would only ask
            # the defaults (state "outgoing", a UUID) once per SMS
            create_rows(sms_sudo, vals_list, fresh_defaults=("uuid",), lean=True)
        else:
            # create() itself: what extends the SMS queue (other apps, Odoo's
            # SMS test helpers) sees the SMS of a request sent or reminded
            sms_sudo.create(vals_list)
        # Queued, not sent inline: a batch of returns must not wait on the gateway.
        self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()
        return True

    def _sms_bodies(self, template):
        """{request id: SMS text} of ``template``, as its rendering in each
        request's language gives it.

        Odoo evaluates each expression of the template for each record (about
        a millisecond each). Here the template, and its language, are parsed
        once per language, and each request's values read from the prefetched
        batch fill them in (``sms_text.fill_parts``). Only templates whose
        expressions are field paths (``object.dossier_ref``,
        ``object.company_id.name``) are read so; others are rendered by Odoo.
        """
        if template.model != self._name:
            return template._render_field("body", self.ids, compute_lang=True)
        by_lang = {"": self.ids}
        if template.lang:
            parsed = self._template_field_paths(template.lang)
            if parsed is None:
                return template._render_field("body", self.ids, compute_lang=True)
            by_lang = defaultdict(list)
            for request in self:
                by_lang[self._fill_template(request, *parsed)].append(request.id)
        bodies = {}
        for lang, ids in by_lang.items():
            # as mail.render.mixin: an empty language renders in the current one
            lang_template = template.with_context(lang=lang) if lang else template
            requests = self.browse(ids).with_context(lang=lang_template.env.lang)
            parsed = self._template_field_paths(lang_template.body)
            if parsed is None:
                bodies.update(lang_template._render_field("body", ids))
                continue
            for request in requests:
                bodies[request.id] = self._fill_template(request, *parsed)
        return bodies

    @api.model
    def _template_field_paths(self, text):
        """(parts, {expression: field names}) of an inline template, or None
        when one of its expressions is not a path of fields of this model."""
        parts = parse_inline_template(str(text or ""))
        paths = {}
        for _literal, expression, _default in parts:
            if not expression or expression in paths:
                continue
            names = expression.split(".")
            if names[0] != "object" or len(names) < 2:
                return None
            model = self
            for position, name in enumerate(names[1:], start=2):
                field = model._fields.get(name)
                if field is None:
                    return None
                if position < len(names):
                    if not field.relational:
                        return None
                    model = self.env[field.comodel_name]
            paths[expression] = names[1:]
        return parts, paths

    @api.model
    def _fill_template(self, record, parts, paths):
        values = {
            expression: reduce(lambda value, name: value[name], names, record)
            for expression, names in paths.items()
        }
        return sms_text.fill_parts(parts, values)

    # ------------------------------------------------------------
    # DELIVERY OUTCOME (reported by the SMS and mail queues)
    # ------------------------------------------------------------

    def _on_sms_outcome(self, status, detail, attempts=1, reminder=False):
        """An SMS of this request was sent, delivered, failed or will be retried.

        A final failure falls back, once, to the citizen's e-mail address;
        without one, the request goes back to "pending" with the reason.
        """
        self.ensure_one()
        values = {"sms_state": status, "sms_attempts": attempts}
        values["sms_error"] = detail if status in ("outgoing", "error") else False
        self.write(values)
        if status == "error":
            self._fall_back_to_email(
                _("The SMS could not be sent: %s", detail), reminder=reminder
            )

    def _on_email_outcome(self, status, detail):
        """The mail queue sent this request's e-mail, or failed to."""
        self.ensure_one()
        if status == "sent":
            self.write({"email_state": "sent", "email_error": False})
            return
        self.write({"email_state": "error", "email_error": detail})
        if self.channel == "email":
            self._mark_undelivered(_("The e-mail could not be sent: %s", detail))

    def _fall_back_to_email(self, reason, reminder=False):
        # Only from the SMS channel: the e-mail never falls back to an SMS, and
        # a request falls back once per sending (it is then on the e-mail channel).
        if self.channel != "sms" or self.state not in ("pending", "sent"):
            return
        if email_normalize(self.citizen_email or ""):
            self.write({"channel": "email", "contact_error": False})
            self._send_email(
                "satisfaction_survey.mail_template_rating_reminder"
                if reminder
                else "satisfaction_survey.mail_template_rating_request"
            )
            return
        self._mark_undelivered(reason)

    def _mark_undelivered(self, reason):
        """Nothing reached the citizen: say why, and no longer show it as sent."""
        values = {
            "contact_error": _(
                "%s. Hand the link over at the counter or correct the contact data.",
                reason,
            )
        }
        if self.state == "sent":
            values["state"] = "pending"
        self.write(values)

    # ------------------------------------------------------------
    # REMINDERS (cron)
    # ------------------------------------------------------------

    @api.model
    def _reminder_settings(self):
        """(delay in days, maximum number of reminders) from the settings."""
        get_int = self.env["satisfaction.settings"]._get_int
        return (
            get_int(
                "satisfaction_survey.reminder_delay_days",
                DEFAULT_REMINDER_DELAY_DAYS,
                minimum=1,
            ),
            get_int(
                "satisfaction_survey.reminder_max", DEFAULT_REMINDER_MAX, minimum=0
            ),
        )

    @api.model
    def _cron_send_reminders(self, limit=1000):
        """Remind citizens who have not answered yet, by the channel that reached them.

        A request gets at most ``reminder_max`` reminders, each one at least
        ``reminder_delay_days`` after the last sending or reminder, so running
        the cron twice in a row sends nothing twice; ``_cron_expire`` then
        closes what is still unanswered. Returns the number of reminders sent.
        """
        delay_days, max_count = self._reminder_settings()
        if not max_count:
            return 0
        now = fields.Datetime.now()
        cutoff = now - timedelta(days=delay_days)
        requests = self.sudo().search(
            [
                ("state", "=", "sent"),
                ("channel", "in", ("email", "sms")),
                ("expiry_date", ">", now),
                ("reminder_count", "<", max_count),
                ("no_contact", "=", False),
                ("date_sent", "<=", cutoff),
                "|",
                ("date_last_reminder", "=", False),
                ("date_last_reminder", "<=", cutoff),
            ],
            order="date_sent, id",
            limit=limit,
        )
        sms_provider = self.env["sms.sms"]._satisfaction_provider()
        by_sms = requests.filtered(
            lambda r: (
                r.channel == "sms"
                and sms_provider
                and phones.is_mobile(phones.normalize_vn_phone(r.citizen_phone))
            )
        )
        # E-mail: the requests it reached, and those the SMS can no longer reach
        by_email = (requests - by_sms).filtered(
            lambda r: email_normalize(r.citizen_email or "")
        )
        if by_email:
            by_email.filtered(lambda r: r.channel != "email").channel = "email"
            by_email._send_email("satisfaction_survey.mail_template_rating_reminder")
        if by_sms:
            by_sms._send_sms(
                "satisfaction_survey.sms_template_rating_reminder", reminder=True
            )
        reminded = by_email | by_sms
        # Contact data removed since: not reminded, looked at again after the delay.
        (requests - reminded).write({"date_last_reminder": now})
        for count in set(reminded.mapped("reminder_count")):
            reminded.filtered(lambda r, c=count: r.reminder_count == c).write(
                {"reminder_count": count + 1, "date_last_reminder": now}
            )
        if len(requests) == limit:
            cron = self.env.ref(
                "satisfaction_survey.ir_cron_satisfaction_request_remind",
                raise_if_not_found=False,
            )
            if cron:
                cron._trigger()
        return len(reminded)
