from collections import defaultdict

from odoo import models

from .batch_rows import create_rows

# key of the precommit data holding the tracking logs being collected
LOGS_KEY = "satisfaction.batch.tracking.logs"
# values of a chatter log that mail.message's create() would have to process
# (attachments, recipients, tracking values): such logs take the usual path
PROCESSED_KEYS = ("attachment_ids", "partner_ids", "tracking_value_ids")
# values that mail.message's create() computes when they are missing
COMPUTED_KEYS = ("email_from", "message_id", "reply_to", "record_name")


class SatisfactionBatchTrackingMixin(models.AbstractModel):
    """Chatter tracking of a batch write logged with a few queries, not two per record.

    ``mail.thread`` logs the tracked changes of each record with a message of
    its own and then its tracking values: two INSERTs per record, whatever the
    batch. Returning 10,000 dossiers in one write made 20,000 queries. Here
    ``mail.thread`` still decides what is tracked and how; only the logging of
    plain tracking messages (no subtype, so no notification) is collected,
    then done once for the batch: the messages in one create, their tracking
    values in another, both through the ORM's bulk path (``create_rows``:
    defaults asked once, not once per row). The chatter shows the same
    messages.
    """

    _name = "satisfaction.batch.tracking.mixin"
    _inherit = ["mail.thread"]
    _description = "Satisfaction: batch chatter tracking"

    def _message_track(self, fields_iter, initial_values_dict):
        if len(self) < 2:
            return super()._message_track(fields_iter, initial_values_dict)
        logs = self.env.cr.precommit.data.setdefault(LOGS_KEY, [])
        start = len(logs)
        tracking = super(
            SatisfactionBatchTrackingMixin,
            self.with_context(satisfaction_batch_tracking=True),
        )._message_track(fields_iter, initial_values_dict)
        self._satisfaction_log_tracking(logs[start:])
        del logs[start:]
        return tracking

    def _message_log(self, *, body="", author_id=None, tracking_value_ids=False, **kw):
        # only the plain tracking log of _message_track is collected
        plain = kw.get("message_type", "notification") == "notification" and not any(
            value for key, value in kw.items() if key != "message_type"
        )
        if not (
            plain
            and self.env.context.get("satisfaction_batch_tracking")
            and tracking_value_ids
            and all(
                len(command) == 3 and command[0] == 0 for command in tracking_value_ids
            )
        ):
            return super()._message_log(
                body=body,
                author_id=author_id,
                tracking_value_ids=tracking_value_ids,
                **kw,
            )
        self.ensure_one()
        self.env.cr.precommit.data.setdefault(LOGS_KEY, []).append(
            (self.id, author_id, body, tracking_value_ids)
        )
        return self.env["mail.message"]

    def _satisfaction_log_tracking(self, logs):
        """Create the messages of ``logs`` (record id, author id, body, tracking
        value commands), then all their tracking values in one create.
        """
        by_author = defaultdict(list)
        for log in logs:
            by_author[log[1]].append(log)
        values_list = []
        for author_id, author_logs in by_author.items():
            records = self.browse([log[0] for log in author_logs]).with_context(
                satisfaction_bulk_log=True
            )
            messages = records._message_log_batch(
                bodies={log[0]: log[2] for log in author_logs}, author_id=author_id
            )
            for message, log in zip(messages, author_logs, strict=True):
                values_list += [
                    dict(command[2], mail_message_id=message.id) for command in log[3]
                ]
        if values_list:
            # mail.tracking.value has no create() of its own
            create_rows(self.env["mail.tracking.value"].sudo(), values_list, lean=True)

    def _message_create(self, values_list):
        """The plain logs of ``_satisfaction_log_tracking`` created in bulk.

        ``_message_log_batch`` prepared them (author, sender, reply-to, message
        id, subtype), so mail.message's create() has nothing to add but the
        invalidation of the documents' messages, done here for the batch.
        """
        ignored = self._get_message_create_ignore_field_names()
        if not (
            self.env.context.get("satisfaction_bulk_log")
            and all(
                not any(values.get(key) for key in PROCESSED_KEYS)
                and all(key in values for key in COMPUTED_KEYS)
                # embedded images become attachments in create()
                and "data:image" not in str(values.get("body") or "")
                and values.get("model") == self._name
                for values in values_list
            )
        ):
            return super()._message_create(values_list)
        rows = [
            {
                key: value
                for key, value in values.items()
                if key not in PROCESSED_KEYS and key not in ignored
            }
            for values in values_list
        ]
        messages = create_rows(
            self.env["mail.message"].with_context(satisfaction_bulk_log=False),
            rows,
            lean=True,
        )
        self.browse([row["res_id"] for row in rows]).invalidate_recordset(
            ["message_ids", "message_needaction", "message_needaction_counter"]
        )
        return messages
