# ruff: noqa: E501  (SQL text: long lines read better than split ones)
"""Triggers that keep the statistics up to date as answers, responses,
requests, officers, dossiers and criteria change.

Writers never update a shared row: a trigger only appends signed deltas to
the journals (``satisfaction_answer_stat_delta``,
``satisfaction_period_stat_delta``, ``satisfaction_request_stat_delta``) and
rewrites the per-request rows (``satisfaction_request_stat``) of the
requests it touched. Odoo runs in REPEATABLE READ, where two transactions
updating one counter row make one of them fail and retry; a journal has no
such row, so simultaneous ratings of one unit never conflict.

Every path that changes answers goes through these triggers: the ORM,
cascades, recomputed stored fields and plain SQL. They are statement-level
with transition tables: a batch of 1,000 answers costs one trigger run.

The answer triggers share one shape: a CTE ``delta_lines`` lists the changed
answers with a sign, (sign, response_id, request_id, month, the response's
dimensions, the line's dimensions, value, is_satisfied), and
``apply_lines`` turns it into journal rows: the answer journal, one row per
answer, and the officer ratings. The unit scopes' answer counts of the
period statistics are not journaled apart: the reads and the consolidation
derive them from the answer journal (``dimensions.journal_unit_answer_rows``),
which keeps the per-rating statement small.

A rating saved by a public page is counted after its commit instead: its
insert triggers only put its ids in the inbox, and ``drain_function``
counts them on a connection that keeps its plans (``engine._deferred``).

A rating (a response, then its answers) does not refresh its request's state
row: it updates the few columns it changes in place (``update_states``:
answered, then dissatisfied when the overall answer is), each old and new
row journaled by the same statement. The full refresh
(``satisfaction_stat_refresh_requests``) serves every other change.
"""

from odoo.tools import SQL

from .dimensions import (
    DEFERRED_SETTING,
    FINE_COUNTS,
    FINE_DIMS,
    INBOX,
    LEVELS,
    REQUEST_JOURNAL,
    REQUEST_STATE,
    UNIT_SCOPES,
    columns,
    is_assisted,
    month_of,
)

NOTHING = SQL()
TRUE = SQL("TRUE")
DECLARE_REQUEST_IDS = SQL("request_ids integer[];")
TRIGGER = SQL("trigger")
RETURN_NULL = SQL("RETURN NULL;")
PLUS = SQL("1")
MINUS = SQL("-1")
RESPONSE_DIMS = (
    "questionnaire_id",
    *(unit_scope.column for unit_scope in UNIT_SCOPES),
    "procedure_id",
    "channel",
    "company_id",
)
LINE_FIELDS = ("criterion_id", "element_id", "officer_id", "value", "is_satisfied")
# The columns the update triggers compare. The request's trigger is a row
# trigger ``AFTER UPDATE OF`` them: the usual update (a request answered,
# sent, reminded) sets none of them and fires nothing, where a statement
# trigger would be planned and run at every submit (PostgreSQL refuses a
# column list with transition tables).
LINE_WATCHED = ("response_id", *LINE_FIELDS)
REQUEST_WATCHED = (
    *(unit_scope.column for unit_scope in UNIT_SCOPES),
    "create_date",
    "res_model",
    "res_id",
    "is_late",
)
NO_REQUESTS = SQL("SELECT NULL INTO request_ids")
GENERIC_PLAN = SQL("SET plan_cache_mode = force_generic_plan")
REFRESH_REQUESTS = SQL.identifier("satisfaction_stat_refresh_requests")
# Most statements touch no request's state (a request written without a
# change of what the statistics read, a satisfied answer): no call then.
PERFORM_REFRESH = SQL(
    """IF cardinality(request_ids) > 0 THEN
        PERFORM %s(request_ids);
    END IF;""",
    REFRESH_REQUESTS,
)
REBUILD_PERIODS = SQL.identifier("satisfaction_stat_rebuild_periods")
# The criteria sets, read once per statement (an init plan): a join with
# satisfaction_criterion costs more to plan than the statement costs to run,
# and a served request plans every statement anew (Odoo resets a pooled
# connection with DISCARD ALL when it lends it). Where a response's answers
# are read, the sets filter an aggregate over them (FILTER, bool_or), never
# the scan: the response is then the only index condition, whatever the
# statistics (on a new table, a scan by criterion or officer was chosen,
# which reads more at every rating as answers accumulate).
OFFICER_CRITERIA = SQL(
    "ARRAY(SELECT id FROM satisfaction_criterion WHERE is_officer_criterion)"
)
OVERALL_CRITERIA = SQL("ARRAY(SELECT id FROM satisfaction_criterion WHERE is_overall)")


def plpgsql(
    name,
    body,
    arguments=NOTHING,
    declare=DECLARE_REQUEST_IDS,
    returns=TRIGGER,
    result=RETURN_NULL,
    settings=NOTHING,
):
    """``CREATE OR REPLACE FUNCTION name(arguments)`` running ``body`` (SQL)."""
    return SQL(
        """
CREATE OR REPLACE FUNCTION %(name)s(%(arguments)s) RETURNS %(returns)s
LANGUAGE plpgsql %(settings)s AS $body$
%(declare)s
BEGIN
%(body)s
    %(result)s
END
$body$""",
        name=SQL.identifier(name),
        arguments=arguments,
        returns=returns,
        settings=settings,
        declare=SQL("DECLARE %s", declare) if declare else SQL(),
        body=body,
        result=result,
    )


# ----------------------------------------------------------------------
# Answers: delta_lines -> journals
# ----------------------------------------------------------------------


def delta_lines_from(source, sign, response="r", line="l"):
    """delta_lines rows for the answer lines of ``source`` (SQL, alias ``line``)
    with the request and the dimensions of the response ``response``."""
    return SQL(
        "SELECT %s AS sign, %s, %s, %s AS month, %s, %s FROM %s",
        sign,
        SQL.identifier(line, "response_id"),
        SQL.identifier(response, "request_id"),
        month_of(SQL.identifier(response, "date")),
        columns(RESPONSE_DIMS, response),
        columns(LINE_FIELDS, line),
        source,
    )


def fine_delta_cte():
    """The answer journal: one row per answer (with a value). Not grouped by
    fine key: the reads and the consolidation sum the journal anyway, and a
    rating's answers have distinct keys, so grouping only cost planning.
    Its consolidated row is not looked up here (the reads match journal rows
    by key)."""
    counts = [
        SQL("sign"),
        SQL("CASE WHEN is_satisfied THEN sign ELSE 0 END"),
        *(SQL("CASE WHEN value = %s THEN sign ELSE 0 END", level) for level in LEVELS),
    ]
    return SQL(
        """
    fine_delta AS (
        INSERT INTO satisfaction_answer_stat_delta (%(dims)s, %(counts)s)
        SELECT %(dims)s, %(values)s
          FROM delta_lines
         WHERE value > 0
    )""",
        dims=columns(FINE_DIMS),
        counts=columns(FINE_COUNTS),
        values=SQL(", ").join(counts),
    )


def officer_pairs():
    """SQL: the (response, officer) pairs of the delta lines on officer
    criteria, with the net count of their lines the statement added (``net``)."""
    return SQL(
        """SELECT d.officer_id, d.month, %s AS assisted, d.response_id,
                       sum(d.sign) AS net
                  FROM delta_lines d
                 WHERE d.officer_id IS NOT NULL
                   AND d.criterion_id = ANY(%s)
              GROUP BY d.officer_id, d.month, 3, d.response_id""",
        is_assisted(SQL("d.channel")),
        OFFICER_CRITERIA,
    )


# The lines of pair ``p`` on officer criteria in the table, after the
# statement: read by the response alone (its index), the officer and the
# criteria only filter the count.
OFFICER_LINES_AFTER = SQL(
    """SELECT count(*) FILTER (
                           WHERE line.officer_id = p.officer_id
                             AND line.criterion_id = ANY(%s)
                       )
                  FROM satisfaction_response_line line
                 WHERE line.response_id = p.response_id""",
    OFFICER_CRITERIA,
)


def officer_lines_delta_cte():
    """Officer ratings after answer lines changed: a response rates an officer
    when it has at least one line on an officer criterion for them. The count
    of such lines after the statement is read from the table; before it, it
    was after minus the lines the statement added (net of those it removed).
    One journal row per (response, officer) pair whose rating changed."""
    return SQL(
        """
    officer_delta AS (
        INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, assisted, response_count)
        SELECT 'officer', p.officer_id, p.month, p.assisted,
               (a.after_count > 0)::int - ((a.after_count - p.net) > 0)::int
          FROM (%s) p,
       LATERAL (%s) a (after_count)
         WHERE (a.after_count > 0) <> ((a.after_count - p.net) > 0)
    )""",
        officer_pairs(),
        OFFICER_LINES_AFTER,
    )


def officer_lines_inserted_cte():
    """``officer_lines_delta_cte`` for answers added: a (response, officer)
    pair becomes rated when all its answers on officer criteria are new
    (their count in the table is the count added), and no pair stops being
    rated. A simpler statement to plan, for the usual rating."""
    return SQL(
        """
    officer_delta AS (
        INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, assisted, response_count)
        SELECT 'officer', p.officer_id, p.month, p.assisted, 1
          FROM (%s) p
         WHERE p.net = (%s)
    )""",
        officer_pairs(),
        OFFICER_LINES_AFTER,
    )


def officer_responses_delta_cte():
    """Officer ratings when whole responses move (date changed) or go: each
    (response, officer) pair counts once."""
    return SQL(
        """
    officer_delta AS (
        INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, assisted, response_count)
        SELECT 'officer', p.officer_id, p.month, p.assisted, sum(p.sign)
          FROM (
                SELECT DISTINCT d.sign, d.response_id, d.officer_id, d.month,
                       %s AS assisted
                  FROM delta_lines d
                 WHERE d.officer_id IS NOT NULL
                   AND d.criterion_id = ANY(%s)
               ) p
      GROUP BY p.officer_id, p.month, p.assisted
        HAVING sum(p.sign) <> 0
    )""",
        is_assisted(SQL("d.channel")),
        OFFICER_CRITERIA,
    )


def apply_lines(delta_lines, officer_cte, refresh_when=TRUE, then=PERFORM_REFRESH):
    """Statements applying ``delta_lines`` (SQL): answer journal (which holds
    the unit scopes' answer counts too: ``journal_unit_answer_rows``), officer
    ratings; then ``then`` for the requests whose overall answer may have
    changed (``refresh_when``: condition on the delta line ``d``; None: none;
    ``then``: a statement on ``request_ids``, a refresh by default)."""
    if refresh_when is None:
        tail = SQL("%s;", NO_REQUESTS)
    else:
        tail = SQL(
            """
        SELECT array_agg(DISTINCT d.request_id) INTO request_ids
          FROM delta_lines d
         WHERE d.criterion_id = ANY(%s) AND %s;
        %s""",
            OVERALL_CRITERIA,
            refresh_when,
            then,
        )
    return SQL(
        """
        WITH delta_lines AS (%s),%s,%s
        %s""",
        delta_lines,
        fine_delta_cte(),
        officer_cte,
        tail,
    )


# ----------------------------------------------------------------------
# Requests: the per-request state and the dossier counts
# ----------------------------------------------------------------------


def current_request_state(where):
    """SQL: the current state row of the requests matching ``where`` (on alias
    ``request``), found by index (few requests)."""
    return SQL(
        """
            SELECT request.id AS request_id, %(units)s,
                   %(month)s AS month,
                   response.id IS NOT NULL AS answered,
                   -- the overall question answered, but not satisfied
                   coalesce((
                       SELECT bool_or(%(dissatisfied)s)
                         FROM satisfaction_response_line line
                        WHERE line.response_id = response.id
                   ), false) AS dissatisfied,
                   coalesce((
                       SELECT dossier.is_late FROM satisfaction_dossier dossier
                        WHERE request.res_model = 'satisfaction.dossier' AND dossier.id = request.res_id
                   ), request.is_late, false) AS late,
                   %(assisted)s AS assisted,
                   %(response_units)s,
                   %(response_month)s AS response_month
              FROM satisfaction_request request
         LEFT JOIN satisfaction_response response ON response.request_id = request.id
             WHERE %(where)s""",
        units=request_units(),
        response_units=response_units(),
        month=month_of(SQL("request.create_date")),
        response_month=month_of(SQL("response.date")),
        assisted=is_assisted(SQL("response.channel")),
        dissatisfied=SQL(
            "line.criterion_id = ANY(%s) AND line.value > 0 AND NOT line.is_satisfied",
            OVERALL_CRITERIA,
        ),
        where=where,
    )


def request_units():
    """``request.unit_id, request.competent_unit_id`` (REQUEST_STATE names)."""
    return columns((unit_scope.column for unit_scope in UNIT_SCOPES), "request")


def response_units():
    """``response.unit_id AS response_unit_id, ...`` (REQUEST_STATE names)."""
    return SQL(", ").join(
        SQL(
            "%s AS %s",
            SQL.identifier("response", unit_scope.column),
            SQL.identifier(unit_scope.response_column),
        )
        for unit_scope in UNIT_SCOPES
    )


def refresh_requests_function():
    """``satisfaction_stat_refresh_requests(ids)``: replace the state rows of
    the requests and journal the old rows (sign -1) and the new ones (+1).
    What they stand for in the period statistics is derived where the
    journal is read or folded (``dimensions.journal_request_rows``): the
    statement is planned at every served request, and deriving the counts
    here cost more to plan than all the rest."""
    body = SQL(
        """
    IF request_ids IS NULL OR cardinality(request_ids) = 0 THEN
        RETURN;
    END IF;
    WITH old AS (
        DELETE FROM satisfaction_request_stat WHERE request_id = ANY(request_ids)
        RETURNING %(state)s
    ), cur AS (%(current)s
    ), saved AS (
        INSERT INTO satisfaction_request_stat (%(state)s) SELECT %(state)s FROM cur
    )
    INSERT INTO %(journal)s (sign, %(state)s)
    SELECT 1, %(state)s FROM cur
     UNION ALL
    SELECT -1, %(state)s FROM old;""",
        current=current_request_state(SQL("request.id = ANY(request_ids)")),
        state=columns(REQUEST_STATE),
        journal=REQUEST_JOURNAL,
    )
    # The statement's custom plan for the given ids never looks cheaper than
    # the generic one, so PL/pgSQL kept planning it anew at every call
    # (bench/README.md, "Statistics cost of one rating"). The generic plan
    # reads the requests by index, whatever the ids.
    return plpgsql(
        "satisfaction_stat_refresh_requests",
        body,
        arguments=SQL("request_ids integer[]"),
        declare=SQL(),
        returns=SQL("void"),
        result=SQL(),
        settings=GENERIC_PLAN,
    )


def update_states(changes, sources, where, tail=NO_REQUESTS):
    """SQL: one statement changing the request state rows ``s`` joined with
    ``sources`` (SQL) under ``where`` (SQL), and journaling each changed row.

    ``changes``: (column, new value, old value) triples (SQL values). Only
    rows whose columns hold the old values are changed, so the old row is
    the new one with the old values put back: no second read of the row,
    and one statement, a fraction of a full refresh to plan (a served
    rating plans its statements anew every time). ``tail``: the final
    ``SELECT ... INTO``, which may read the CTE ``changed`` (request_id)."""
    names = [name for name, _new, _old in changes]
    old_values = {name: old for name, _new, old in changes}
    return SQL(
        """
    WITH changed AS (
        UPDATE satisfaction_request_stat s
           SET (%(names)s) = ROW(%(new)s)
          FROM %(sources)s
         WHERE %(where)s AND (%(current)s) IS NOT DISTINCT FROM (%(old)s)
     RETURNING %(returning)s
    ), journaled AS (
        INSERT INTO %(journal)s (sign, %(state)s)
        SELECT 1, %(state)s FROM changed
         UNION ALL
        SELECT -1, %(old_state)s FROM changed
    )
    %(tail)s;""",
        names=columns(names),
        new=SQL(", ").join(new for _name, new, _old in changes),
        sources=sources,
        where=where,
        current=columns(names, "s"),
        old=SQL(", ").join(old for _name, _new, old in changes),
        returning=columns(REQUEST_STATE, "s"),
        state=columns(REQUEST_STATE),
        journal=REQUEST_JOURNAL,
        old_state=SQL(", ").join(
            old_values.get(name, SQL.identifier(name)) for name in REQUEST_STATE
        ),
        tail=tail,
    )


def answered_requests(responses):
    """Statements making the requests of the new ``responses`` (SQL, alias
    ``n``) answered. A response changes only the response part of its
    request's state (answered, assisted, the response's units and month),
    so the state rows are updated in place (``update_states``), from the
    unanswered state to the answered one. Its answers come after it (their
    foreign key), so it is not dissatisfied yet (``DISSATISFIED``). A
    request whose row is not in the unanswered state, or has none, is
    refreshed."""
    null = SQL("NULL")
    false = SQL("FALSE")
    response_part = (
        ("answered", TRUE, false),
        ("dissatisfied", false, false),
        ("assisted", is_assisted(SQL("n.channel")), false),
        *(
            (unit_scope.response_column, SQL.identifier("n", unit_scope.column), null)
            for unit_scope in UNIT_SCOPES
        ),
        ("response_month", month_of(SQL("n.date")), null),
    )
    return SQL(
        "%s\n%s",
        update_states(
            response_part,
            responses,
            SQL("s.request_id = n.request_id"),
            tail=SQL(
                """SELECT array_agg(DISTINCT n.request_id) INTO request_ids
      FROM %s
     WHERE n.request_id NOT IN (SELECT request_id FROM changed)""",
                responses,
            ),
        ),
        PERFORM_REFRESH,
    )


# New dissatisfied overall answers (``request_ids``: their requests) make
# their requests dissatisfied: an answer added cannot undo it.
DISSATISFIED = SQL(
    """IF cardinality(request_ids) > 0 THEN%s
    END IF;""",
    update_states(
        (("dissatisfied", TRUE, SQL("FALSE")),),
        SQL("unnest(request_ids) AS d (request_id)"),
        SQL("s.request_id = d.request_id"),
    ),
)


def lines_added(lines, where=None):
    """Statements counting the new answer lines ``lines`` (SQL: a FROM item,
    alias ``l``; ``where``: SQL condition on it, if any)."""
    # New answers change a request's state only when one is a dissatisfied
    # overall answer (answered, late and the response's unit and month come
    # from the response), and then only its flag (DISSATISFIED): the usual
    # satisfied rating plans no statement for it.
    return apply_lines(
        delta_lines_from(
            SQL(
                "%s JOIN satisfaction_response r ON r.id = l.response_id%s",
                lines,
                SQL(" WHERE %s", where) if where else NOTHING,
            ),
            PLUS,
        ),
        officer_lines_inserted_cte(),
        refresh_when=SQL("d.value > 0 AND NOT d.is_satisfied"),
        then=DISSATISFIED,
    )


# ----------------------------------------------------------------------
# Ratings counted after their commit (the inbox)
# ----------------------------------------------------------------------

DEFERRED = SQL("current_setting(%s, true) = 'on'", DEFERRED_SETTING)


def to_inbox(column):
    """A deferred transaction's new rows (responses or answers) go to the
    inbox by their id (``column``), and nothing else is done."""
    return SQL(
        """
    IF %s THEN
        INSERT INTO %s (%s) SELECT id FROM new_rows;
        RETURN NULL;
    END IF;""",
        DEFERRED,
        INBOX,
        SQL.identifier(column),
    )


def drain_function():
    """``satisfaction_stat_drain()``: count the ratings in the inbox, as the
    insert triggers would have counted them (the same statements, on the
    rows by id), and return how many inbox rows were taken.

    Run on a kept connection after the deferred transaction commits: its
    plans stay, where a served request plans every statement anew. Rows
    another drain is taking are waited for, then left to it (at READ
    COMMITTED; at REPEATABLE READ, the transaction fails with a
    serialization error and Odoo runs it again). Before any other
    change of responses or answers the inbox is drained in that change's
    transaction (``drain_first_function``): what the other triggers
    journal assumes every earlier rating counted."""
    responses = SQL(
        "(SELECT * FROM satisfaction_response WHERE id = ANY(response_ids)) n"
    )
    body = SQL(
        """
    WITH taken AS (DELETE FROM %(inbox)s RETURNING response_id, line_id)
    SELECT array_agg(response_id) FILTER (WHERE response_id IS NOT NULL),
           array_agg(line_id) FILTER (WHERE line_id IS NOT NULL),
           count(*)
      INTO response_ids, line_ids, taken
      FROM taken;
    -- responses first: their answers' statements expect them answered
    IF response_ids IS NOT NULL THEN%(responses)s
    END IF;
    IF line_ids IS NOT NULL THEN%(lines)s
    END IF;""",
        inbox=INBOX,
        responses=answered_requests(responses),
        lines=lines_added(
            SQL("satisfaction_response_line l"), SQL("l.id = ANY(line_ids)")
        ),
    )
    # Its statements take the ids as parameters: PostgreSQL's choice between
    # a plan for the given ids and a generic one kept planning them anew at
    # every call (three times the cost, bench/README.md, "Public ratings
    # counted after their commit"); the generic plans read by index.
    return plpgsql(
        "satisfaction_stat_drain",
        body,
        declare=SQL(
            "request_ids integer[]; response_ids integer[]; line_ids integer[];"
            " taken integer;"
        ),
        returns=SQL("integer"),
        result=SQL("RETURN taken;"),
        settings=GENERIC_PLAN,
    )


def drain_first_function():
    """Statement trigger before any change of responses or answers outside a
    deferred transaction: the inbox is drained first."""
    body = SQL(
        """
    IF (%s) IS NOT TRUE AND EXISTS (SELECT 1 FROM %s) THEN
        PERFORM satisfaction_stat_drain();
    END IF;""",
        DEFERRED,
        INBOX,
    )
    return plpgsql("satisfaction_stat_drain_first", body, declare=SQL())


def refresh(request_ids):
    """Refresh the requests ``request_ids`` (SQL query), if any."""
    return SQL("request_ids := ARRAY(%s);\n%s", request_ids, PERFORM_REFRESH)


# ----------------------------------------------------------------------
# The trigger functions, per table
# ----------------------------------------------------------------------


def line_functions():
    changed = SQL(
        """
            SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (%s) IS DISTINCT FROM (%s)""",
        columns(LINE_WATCHED, "o"),
        columns(LINE_WATCHED, "n"),
    )
    update = SQL(
        "%s UNION ALL %s",
        delta_lines_from(
            SQL(
                "old_rows l JOIN satisfaction_response r ON r.id = l.response_id"
                " WHERE l.id IN (%s)",
                changed,
            ),
            MINUS,
        ),
        delta_lines_from(
            SQL(
                "new_rows l JOIN satisfaction_response r ON r.id = l.response_id"
                " WHERE l.id IN (%s)",
                changed,
            ),
            PLUS,
        ),
    )
    # answers deleted with their response are counted off by the response's trigger
    delete = delta_lines_from(
        SQL("old_rows l JOIN satisfaction_response r ON r.id = l.response_id"), MINUS
    )
    officer = officer_lines_delta_cte()
    return [
        plpgsql(
            "satisfaction_stat_line_insert",
            SQL("%s%s", to_inbox("line_id"), lines_added(SQL("new_rows l"))),
        ),
        plpgsql("satisfaction_stat_line_update", apply_lines(update, officer)),
        plpgsql("satisfaction_stat_line_delete", apply_lines(delete, officer)),
    ]


def response_functions():
    def dims(alias):
        return SQL(
            "(%s, %s)",
            columns(RESPONSE_DIMS, alias),
            month_of(SQL.identifier(alias, "date")),
        )

    moved = SQL(
        """
            SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE %s IS DISTINCT FROM %s""",
        dims("o"),
        dims("n"),
    )
    update_lines = SQL(
        "%s UNION ALL %s",
        delta_lines_from(
            SQL(
                "old_rows r JOIN satisfaction_response_line l ON l.response_id = r.id"
                " WHERE r.id IN (%s)",
                moved,
            ),
            MINUS,
        ),
        delta_lines_from(
            SQL(
                "new_rows r JOIN satisfaction_response_line l ON l.response_id = r.id"
                " WHERE r.id IN (%s)",
                moved,
            ),
            PLUS,
        ),
    )

    def request_key(alias):
        return SQL(
            "(%s, %s, %s, %s)",
            SQL.identifier(alias, "request_id"),
            columns((unit_scope.column for unit_scope in UNIT_SCOPES), alias),
            month_of(SQL.identifier(alias, "date")),
            is_assisted(SQL.identifier(alias, "channel")),
        )

    requests_moved = SQL(
        """
        SELECT array_agg(DISTINCT request_id) INTO request_ids FROM (
            SELECT o.request_id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE %(old)s IS DISTINCT FROM %(new)s
            UNION ALL
            SELECT n.request_id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE %(old)s IS DISTINCT FROM %(new)s
        ) requests;
        %(refresh)s""",
        old=request_key("o"),
        new=request_key("n"),
        refresh=PERFORM_REFRESH,
    )
    update = SQL(
        "%s%s",
        apply_lines(update_lines, officer_responses_delta_cte(), refresh_when=None),
        requests_moved,
    )
    # Row-level BEFORE DELETE: the answers are still there, the response too
    before_delete_lines = SQL(
        """
        SELECT -1 AS sign, l.response_id, OLD.request_id, %s AS month, %s, %s
          FROM satisfaction_response_line l WHERE l.response_id = OLD.id""",
        month_of(SQL("OLD.date")),
        columns(RESPONSE_DIMS, "old"),
        columns(LINE_FIELDS, "l"),
    )
    before_delete = apply_lines(
        before_delete_lines, officer_responses_delta_cte(), refresh_when=None
    )
    return [
        plpgsql(
            "satisfaction_stat_response_insert",
            SQL("%s%s", to_inbox("response_id"), answered_requests(SQL("new_rows n"))),
        ),
        plpgsql("satisfaction_stat_response_update", update),
        plpgsql(
            "satisfaction_stat_response_before_delete",
            before_delete,
            result=SQL("RETURN OLD;"),
        ),
        plpgsql(
            "satisfaction_stat_response_delete",
            refresh(SQL("SELECT DISTINCT request_id FROM old_rows")),
        ),
    ]


def request_update_function():
    """Row trigger, fired only when a watched column changed (REQUEST_WATCHED,
    ``request_changed``)."""
    old_month = month_of(SQL("OLD.create_date"))
    new_month = month_of(SQL("NEW.create_date"))
    # a request re-dated (an import, backdated demo data) moves its officers' request counts
    body = SQL(
        """
        IF %(old)s IS DISTINCT FROM %(new)s THEN
            INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, request_count)
            SELECT 'officer', rel.hr_employee_id, m.month, m.sign
              FROM (VALUES (-1, %(old)s), (1, %(new)s)) m (sign, month)
              JOIN hr_employee_satisfaction_request_rel rel
                ON rel.satisfaction_request_id = NEW.id
             WHERE m.month IS NOT NULL;
        END IF;
        PERFORM %(refresh)s(ARRAY[NEW.id]);""",
        old=old_month,
        new=new_month,
        refresh=REFRESH_REQUESTS,
    )
    return plpgsql("satisfaction_stat_request_update", body, declare=SQL())


def request_changed():
    """The WHEN condition of the request's row trigger."""
    return SQL(
        "(%s) IS DISTINCT FROM (%s)",
        columns(REQUEST_WATCHED, "old"),
        columns(REQUEST_WATCHED, "new"),
    )


def request_functions():

    # Officers named on a request (quota activity), by the month the request
    # was created. The officers of a deleted request are counted off before it
    # goes: the cascade deleting them runs when the request is gone, and the
    # join below skips them.
    def officers(rows, sign):
        return SQL(
            """
        INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, request_count)
        SELECT 'officer', rel.hr_employee_id, %s, %s * count(*)
          FROM %s rel
          JOIN satisfaction_request request ON request.id = rel.satisfaction_request_id
         WHERE request.create_date IS NOT NULL
      GROUP BY 2, 3;""",
            month_of(SQL("request.create_date")),
            sign,
            rows,
        )

    before_delete = SQL(
        """
        INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, request_count)
        SELECT 'officer', rel.hr_employee_id, %s, -count(*)
          FROM hr_employee_satisfaction_request_rel rel
         WHERE rel.satisfaction_request_id = OLD.id AND OLD.create_date IS NOT NULL
      GROUP BY 2, 3;""",
        month_of(SQL("OLD.create_date")),
    )

    def requests_of_dossiers(dossiers):
        return SQL(
            """SELECT request.id FROM satisfaction_request request
                WHERE request.res_model = 'satisfaction.dossier' AND request.res_id IN (%s)""",
            dossiers,
        )

    return [
        plpgsql(
            "satisfaction_stat_request_insert", refresh(SQL("SELECT id FROM new_rows"))
        ),
        request_update_function(),
        plpgsql(
            "satisfaction_stat_request_before_delete",
            before_delete,
            declare=SQL(),
            result=SQL("RETURN OLD;"),
        ),
        plpgsql(
            "satisfaction_stat_request_delete", refresh(SQL("SELECT id FROM old_rows"))
        ),
        plpgsql(
            "satisfaction_stat_officer_rel_insert", officers(SQL("new_rows"), PLUS)
        ),
        plpgsql(
            "satisfaction_stat_officer_rel_delete", officers(SQL("old_rows"), MINUS)
        ),
        plpgsql(
            "satisfaction_stat_dossier_update",
            refresh(
                requests_of_dossiers(
                    SQL(
                        "SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id"
                        " WHERE o.is_late IS DISTINCT FROM n.is_late"
                    )
                )
            ),
        ),
        plpgsql(
            "satisfaction_stat_dossier_delete",
            refresh(requests_of_dossiers(SQL("SELECT id FROM old_rows"))),
        ),
    ]


def criterion_functions():
    """A criterion answered already becomes (or stops being) the overall or an
    officer criterion: what depends on the flags is recomputed (the answer
    statistics themselves do not: the reports read the flags at query time)."""
    body = SQL(
        """
        IF EXISTS (
            SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.is_overall, o.is_officer_criterion)
                   IS DISTINCT FROM (n.is_overall, n.is_officer_criterion)
               AND EXISTS (SELECT 1 FROM satisfaction_response_line l WHERE l.criterion_id = n.id)
        ) THEN
            PERFORM %s();
        END IF;""",
        REBUILD_PERIODS,
    )
    return [plpgsql("satisfaction_stat_criterion_update", body, declare=SQL())]


def functions():
    return [
        refresh_requests_function(),
        drain_function(),
        drain_first_function(),
        *line_functions(),
        *response_functions(),
        *request_functions(),
        *criterion_functions(),
    ]


# (trigger, table, event, transition tables, level, function)
INSERTED = SQL("REFERENCING NEW TABLE AS new_rows")
UPDATED = SQL("REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows")
DELETED = SQL("REFERENCING OLD TABLE AS old_rows")
AFTER_INSERT = SQL("AFTER INSERT")
AFTER_UPDATE = SQL("AFTER UPDATE")
AFTER_DELETE = SQL("AFTER DELETE")
BEFORE_DELETE = SQL("BEFORE DELETE")
STATEMENT = SQL("STATEMENT")
ROW = SQL("ROW")
BEFORE_CHANGE = SQL("BEFORE INSERT OR UPDATE OR DELETE")
TRIGGERS = (
    ("satisfaction_stat_line_drain", "satisfaction_response_line", BEFORE_CHANGE, SQL(), STATEMENT, "satisfaction_stat_drain_first"),
    ("satisfaction_stat_response_drain", "satisfaction_response", BEFORE_CHANGE, SQL(), STATEMENT, "satisfaction_stat_drain_first"),
    ("satisfaction_stat_line_ins", "satisfaction_response_line", AFTER_INSERT, INSERTED, STATEMENT, "satisfaction_stat_line_insert"),
    ("satisfaction_stat_line_upd", "satisfaction_response_line", AFTER_UPDATE, UPDATED, STATEMENT, "satisfaction_stat_line_update"),
    ("satisfaction_stat_line_del", "satisfaction_response_line", AFTER_DELETE, DELETED, STATEMENT, "satisfaction_stat_line_delete"),
    ("satisfaction_stat_response_ins", "satisfaction_response", AFTER_INSERT, INSERTED, STATEMENT, "satisfaction_stat_response_insert"),
    ("satisfaction_stat_response_upd", "satisfaction_response", AFTER_UPDATE, UPDATED, STATEMENT, "satisfaction_stat_response_update"),
    ("satisfaction_stat_response_bdel", "satisfaction_response", BEFORE_DELETE, SQL(), ROW, "satisfaction_stat_response_before_delete"),
    ("satisfaction_stat_response_del", "satisfaction_response", AFTER_DELETE, DELETED, STATEMENT, "satisfaction_stat_response_delete"),
    ("satisfaction_stat_request_ins", "satisfaction_request", AFTER_INSERT, INSERTED, STATEMENT, "satisfaction_stat_request_insert"),
    ("satisfaction_stat_request_upd", "satisfaction_request", SQL("AFTER UPDATE OF %s", columns(REQUEST_WATCHED)), SQL(), SQL("ROW WHEN (%s)", request_changed()), "satisfaction_stat_request_update"),
    ("satisfaction_stat_request_bdel", "satisfaction_request", BEFORE_DELETE, SQL(), ROW, "satisfaction_stat_request_before_delete"),
    ("satisfaction_stat_request_del", "satisfaction_request", AFTER_DELETE, DELETED, STATEMENT, "satisfaction_stat_request_delete"),
    ("satisfaction_stat_officer_rel_ins", "hr_employee_satisfaction_request_rel", AFTER_INSERT, INSERTED, STATEMENT, "satisfaction_stat_officer_rel_insert"),
    ("satisfaction_stat_officer_rel_del", "hr_employee_satisfaction_request_rel", AFTER_DELETE, DELETED, STATEMENT, "satisfaction_stat_officer_rel_delete"),
    ("satisfaction_stat_dossier_upd", "satisfaction_dossier", AFTER_UPDATE, UPDATED, STATEMENT, "satisfaction_stat_dossier_update"),
    ("satisfaction_stat_dossier_del", "satisfaction_dossier", AFTER_DELETE, DELETED, STATEMENT, "satisfaction_stat_dossier_delete"),
    ("satisfaction_stat_criterion_upd", "satisfaction_criterion", AFTER_UPDATE, UPDATED, STATEMENT, "satisfaction_stat_criterion_update"),
)  # fmt: skip


def trigger_statements():
    statements = []
    for name, table, event, transitions, level, function in TRIGGERS:
        statements.append(
            SQL(
                "DROP TRIGGER IF EXISTS %s ON %s",
                SQL.identifier(name),
                SQL.identifier(table),
            )
        )
        statements.append(
            SQL(
                "CREATE TRIGGER %s %s ON %s %s FOR EACH %s EXECUTE FUNCTION %s()",
                SQL.identifier(name),
                event,
                SQL.identifier(table),
                transitions,
                level,
                SQL.identifier(function),
            )
        )
    return statements
