from collections import defaultdict

from odoo import models

from .batch_rows import create_rows

# key of the precommit data holding the tracking logs being collected
LOGS_KEY = "satisfaction.batch.tracking.logs"
# key of the precommit data naming the batch write being prepared for
# tracking: (model name, record ids, names of the fields written)
WRITING_KEY = "satisfaction.batch.tracking.writing"
# key of the precommit data holding the tracking values already prepared for
# the batch being tracked: {changes: (changed names, tracking commands)}
PREPARED_KEY = "satisfaction.batch.tracking.prepared"
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
    defaults asked once, not once per row). The tracking values of a change
    are prepared once per batch: the dossiers of a batch return share theirs
    (same fields, same old and new values). And a batch write keeps, for the
    comparison at commit, the initial values of the fields it writes and of
    the computed ones only, not of every tracked field (the others change
    only by a later write, which keeps theirs). The chatter shows the same
    messages.
    """

    _name = "satisfaction.batch.tracking.mixin"
    _inherit = ["mail.thread"]
    _description = "Satisfaction: batch chatter tracking"

    def write(self, vals):
        if len(self) < 2:
            return super().write(vals)
        data = self.env.cr.precommit.data
        data[WRITING_KEY] = (self._name, self._ids, frozenset(vals))
        try:
            return super().write(vals)
        finally:
            data.pop(WRITING_KEY, None)

    def _track_prepare(self, fields_iter):
        # mail.thread's write asks for every field; a batch write can change
        # the fields it writes and the computed ones, nothing else
        writing = self.env.cr.precommit.data.pop(WRITING_KEY, None)
        if writing and writing[0] == self._name and writing[1] == self._ids:
            fields_iter = [
                name
                for name in fields_iter
                if name in writing[2]
                or getattr(self._fields.get(name), "compute", None)
            ]
        return super()._track_prepare(fields_iter)

    def _message_track(self, fields_iter, initial_values_dict):
        if len(self) < 2:
            return super()._message_track(fields_iter, initial_values_dict)
        data = self.env.cr.precommit.data
        logs = data.setdefault(LOGS_KEY, [])
        start = len(logs)
        outer_prepared = data.get(PREPARED_KEY)
        data[PREPARED_KEY] = {}
        try:
            tracking = super(
                SatisfactionBatchTrackingMixin,
                self.with_context(satisfaction_batch_tracking=True),
            )._message_track(fields_iter, initial_values_dict)
        finally:
            data[PREPARED_KEY] = outer_prepared
        self._satisfaction_log_tracking(logs[start:])
        del logs[start:]
        return tracking

    def _mail_track(self, tracked_fields, initial_values):
        """mail.thread's tracking values of one record, prepared once per batch
        for each distinct change (field, old value, new value): preparing them
        (the tracked field's record, the selection labels, the display names)
        costs more than comparing the values.
        """
        prepared = self.env.cr.precommit.data.get(PREPARED_KEY)
        if prepared is None or not self.env.context.get("satisfaction_batch_tracking"):
            return super()._mail_track(tracked_fields, initial_values)
        changes = []
        for name in tracked_fields:
            if name not in initial_values:
                continue
            # as mail.thread: falsy values are all "no value"
            initial, new = initial_values[name], self[name]
            if new == initial or (not new and not initial):
                continue
            if tracked_fields[name]["type"] == "monetary":
                # its currency is read from the record: not shared
                return super()._mail_track(tracked_fields, initial_values)
            changes.append((name, initial, new))
        try:
            key = tuple(changes)
            hash(key)
        except TypeError:
            return super()._mail_track(tracked_fields, initial_values)
        if key not in prepared:
            prepared[key] = super()._mail_track(tracked_fields, initial_values)
        updated, commands = prepared[key]
        return set(updated), [
            [command[0], command[1], dict(command[2])] for command in commands
        ]

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
