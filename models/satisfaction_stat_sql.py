# ruff: noqa: E501  (SQL text: long lines read better than split ones)
"""SQL of the pre-aggregated statistics behind the reports (issue #3, item 6: scale).

The reports (``satisfaction.index.report``, ``satisfaction.unit.period.report``,
``satisfaction.quota.report``) used to aggregate the raw answers at every
read: about 10 s on a province's 10 million answers. They now read small
tables kept up to date *incrementally* by PostgreSQL triggers:

``satisfaction_answer_stat``
    scale answers counted per month × questionnaire × element × criterion ×
    officer × unit × procedure × channel × company (the grain of the index
    report): answers, satisfied answers, answers per level 1-5;
``satisfaction_answer_rollup``
    the same counts at coarser grains (``ROLLUPS``: the answers hardly
    aggregate at the full grain, 7.1 M keys for 10.1 M answers): the index
    report's grouped reads use the smallest grain that holds their fields;
``satisfaction_period_stat``
    counts per unit and month (scope ``unit``: every count of the unit
    period report) and per officer and month (scope ``officer``: the
    officer's ratings and rating requests, for the quota report);
``satisfaction_request_stat``
    one row per rating request with what it contributes to the dossier
    counts (unit and month of return, answered, rated dissatisfied,
    overdue, unit and month of its response): the "before" state from which
    a change's exact delta is computed.

Writers never update a shared row: a trigger only INSERTs signed deltas
into a journal (``satisfaction_answer_stat_delta``,
``satisfaction_period_stat_delta``) and replaces the per-request row of the
requests it touched. Odoo runs in REPEATABLE READ, where two transactions
updating the same counter row make one of them fail and retry; the journal
has no such hot row, so simultaneous ratings of the same unit never
conflict. The reports read the consolidated row plus the pending deltas, so
they are exact at any time; ``satisfaction_stat_consolidate()`` (a cron
every few minutes) folds the journal into the consolidated tables and the
roll-ups, one writer at a time. ``satisfaction_stat_rebuild()`` recomputes
everything from the raw tables (after a bulk load with triggers disabled);
``satisfaction_stat_rebuild_periods()`` only what depends on the criteria's
*overall* and *officer* flags (called when an answered criterion's flags
change). Both delete only the journal rows they have seen, so they are safe
beside writers.

Every path that changes answers goes through the triggers: the ORM
(create, corrections, unlink), cascades (a response deleted with its
answers), recomputed stored fields (``is_satisfied``, ``element_id``) and
plain SQL. Triggers are statement-level with transition tables: a batch
of 1,000 answers costs one trigger run, not 1,000.

Months are calendar months in Vietnam's time zone, as in the reports.
"""

import hashlib
import json

LOCAL_TZ = "Asia/Ho_Chi_Minh"
FUNCTION_PREFIX = "satisfaction_stat_"  # every function below, for their clean-up  # same as reports.satisfaction_index_report.LOCAL_TZ

FINE_DIMS = (
    "month",
    "questionnaire_id",
    "element_id",
    "criterion_id",
    "officer_id",
    "unit_id",
    "procedure_id",
    "channel",
    "company_id",
)
LEVELS = (1, 2, 3, 4, 5)
FINE_COUNTS = ("answer_count", "satisfied_count") + tuple(
    f"level{level}_count" for level in LEVELS
)
# dossier family (by the month the request was created), then ratings and answers (month of the response)
DOSSIER_COUNTS = (
    "request_count",
    "answered_count",
    "dissatisfied_count",
    "overdue_count",
    "flagged_count",
)
ANSWER_COUNTS = (
    "answer_count",
    "satisfied_count",
    "officer_answer_count",
    "officer_satisfied_count",
    "overall_answer_count",
    "overall_satisfied_count",
) + tuple(f"level{level}_count" for level in LEVELS)
PERIOD_COUNTS = DOSSIER_COUNTS + ("response_count",) + ANSWER_COUNTS
REQUEST_STATE = (
    "request_id",
    "unit_id",
    "month",
    "answered",
    "dissatisfied",
    "late",
    "response_unit_id",
    "response_month",
)

# NULL-safe unique keys (an expression index serves ON CONFLICT and lookups)
FINE_KEY = (
    "month",
    "coalesce(questionnaire_id, 0)",
    "coalesce(element_id, 0)",
    "coalesce(criterion_id, 0)",
    "coalesce(officer_id, 0)",
    "coalesce(unit_id, 0)",
    "coalesce(procedure_id, 0)",
    "coalesce(channel, '')",
    "coalesce(company_id, 0)",
)
PERIOD_KEY = ("scope", "coalesce(subject_id, 0)", "month")
ROLLUP_KEY = ("grain",) + FINE_KEY
# Coarser grains of the answer statistics (satisfaction_answer_rollup): the
# dimensions each keeps; the others are NULL. The index report reads the first
# grain holding every field of a query, so they go from the smallest up. Rows
# on the province data set (bench/README.md, "Reviewer groupings at province
# scale"): unit 70 K, officer 128 K, procedure_criterion 137 K,
# officer_channel 145 K, channel 469 K, procedure 502 K, officer_procedure
# 755 K (fine: 7.1 M). Without the unit, procedure × criterion keeps 137 K
# rows (3.5 M with it): a unit filter on it reads the full grain.
ROLLUPS = {
    "unit": (
        "month",
        "questionnaire_id",
        "element_id",
        "criterion_id",
        "unit_id",
        "company_id",
    ),
    "officer": (
        "month",
        "questionnaire_id",
        "element_id",
        "criterion_id",
        "officer_id",
        "unit_id",
        "company_id",
    ),
    "procedure_criterion": (
        "month",
        "questionnaire_id",
        "element_id",
        "criterion_id",
        "procedure_id",
        "company_id",
    ),
    "officer_channel": (
        "month",
        "questionnaire_id",
        "officer_id",
        "unit_id",
        "channel",
        "company_id",
    ),
    "channel": (
        "month",
        "questionnaire_id",
        "element_id",
        "criterion_id",
        "unit_id",
        "channel",
        "company_id",
    ),
    "procedure": (
        "month",
        "questionnaire_id",
        "unit_id",
        "procedure_id",
        "channel",
        "company_id",
    ),
    "officer_procedure": (
        "month",
        "questionnaire_id",
        "officer_id",
        "unit_id",
        "procedure_id",
        "company_id",
    ),
}
DIM_TYPES = {"month": "date", "channel": "varchar"}  # the other dimensions are integers

# (trigger, table, timing and event, transition tables, level, function)
TRIGGERS = (
    (
        "satisfaction_stat_line_ins",
        "satisfaction_response_line",
        "AFTER INSERT",
        "NEW TABLE AS new_rows",
        "STATEMENT",
        "satisfaction_stat_line_insert",
    ),
    (
        "satisfaction_stat_line_upd",
        "satisfaction_response_line",
        "AFTER UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "STATEMENT",
        "satisfaction_stat_line_update",
    ),
    (
        "satisfaction_stat_line_del",
        "satisfaction_response_line",
        "AFTER DELETE",
        "OLD TABLE AS old_rows",
        "STATEMENT",
        "satisfaction_stat_line_delete",
    ),
    (
        "satisfaction_stat_response_ins",
        "satisfaction_response",
        "AFTER INSERT",
        "NEW TABLE AS new_rows",
        "STATEMENT",
        "satisfaction_stat_response_insert",
    ),
    (
        "satisfaction_stat_response_upd",
        "satisfaction_response",
        "AFTER UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "STATEMENT",
        "satisfaction_stat_response_update",
    ),
    (
        "satisfaction_stat_response_bdel",
        "satisfaction_response",
        "BEFORE DELETE",
        "",
        "ROW",
        "satisfaction_stat_response_before_delete",
    ),
    (
        "satisfaction_stat_response_del",
        "satisfaction_response",
        "AFTER DELETE",
        "OLD TABLE AS old_rows",
        "STATEMENT",
        "satisfaction_stat_response_delete",
    ),
    (
        "satisfaction_stat_request_ins",
        "satisfaction_request",
        "AFTER INSERT",
        "NEW TABLE AS new_rows",
        "STATEMENT",
        "satisfaction_stat_request_insert",
    ),
    (
        "satisfaction_stat_request_upd",
        "satisfaction_request",
        "AFTER UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "STATEMENT",
        "satisfaction_stat_request_update",
    ),
    (
        "satisfaction_stat_request_bdel",
        "satisfaction_request",
        "BEFORE DELETE",
        "",
        "ROW",
        "satisfaction_stat_request_before_delete",
    ),
    (
        "satisfaction_stat_request_del",
        "satisfaction_request",
        "AFTER DELETE",
        "OLD TABLE AS old_rows",
        "STATEMENT",
        "satisfaction_stat_request_delete",
    ),
    (
        "satisfaction_stat_officer_rel_ins",
        "hr_employee_satisfaction_request_rel",
        "AFTER INSERT",
        "NEW TABLE AS new_rows",
        "STATEMENT",
        "satisfaction_stat_officer_rel_insert",
    ),
    (
        "satisfaction_stat_officer_rel_del",
        "hr_employee_satisfaction_request_rel",
        "AFTER DELETE",
        "OLD TABLE AS old_rows",
        "STATEMENT",
        "satisfaction_stat_officer_rel_delete",
    ),
    (
        "satisfaction_stat_dossier_upd",
        "satisfaction_dossier",
        "AFTER UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "STATEMENT",
        "satisfaction_stat_dossier_update",
    ),
    (
        "satisfaction_stat_dossier_del",
        "satisfaction_dossier",
        "AFTER DELETE",
        "OLD TABLE AS old_rows",
        "STATEMENT",
        "satisfaction_stat_dossier_delete",
    ),
    (
        "satisfaction_stat_criterion_upd",
        "satisfaction_criterion",
        "AFTER UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "STATEMENT",
        "satisfaction_stat_criterion_update",
    ),
)


def month_of(column):
    """SQL of the first day of the local month of a UTC timestamp column."""
    return f"date_trunc('month', ({column} AT TIME ZONE 'UTC') AT TIME ZONE '{LOCAL_TZ}')::date"


def _cols(names, prefix=""):
    return ", ".join(prefix + name for name in names)


def _nonzero(names, prefix=""):
    """SQL: at least one of the counts is not 0."""
    return "(%s) <> (%s)" % (_cols(names, prefix), ", ".join("0" for _name in names))


def _key_match(left, right, key):
    """SQL: ``left`` and ``right`` have the same (NULL-safe) ``key``."""
    return " AND ".join(
        f"{_on(left, expression)} = {_on(right, expression)}" for expression in key
    )


def _on(alias, expression):
    """``coalesce(unit_id, 0)`` -> ``coalesce(alias.unit_id, 0)``; ``month`` -> ``alias.month``."""
    if expression.startswith("coalesce("):
        return f"coalesce({alias}.{expression[len('coalesce(') :]}"
    return f"{alias}.{expression}"


def _projected(grain, alias=""):
    """The fine dimensions as kept by ``grain`` (NULL for those it drops), from ``alias``."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(
        f"{prefix}{dim}"
        if dim in ROLLUPS[grain]
        else f"NULL::{DIM_TYPES.get(dim, 'integer')}"
        for dim in FINE_DIMS
    )


def _rollup_select(grain, source, alias="s"):
    """SQL: rows of ``grain`` aggregated from fine rows ``source`` (alias ``alias``)."""
    kept = ", ".join(f"{alias}.{dim}" for dim in FINE_DIMS if dim in ROLLUPS[grain])
    sums = ", ".join(f"sum({alias}.{name})" for name in FINE_COUNTS)
    return f"SELECT '{grain}', {_projected(grain, alias)}, {sums} FROM {source} {alias} GROUP BY {kept}"


# ----------------------------------------------------------------------
# Deltas of scale answers. Each block reads a CTE ``delta_lines``:
# (sign, response_id, month, questionnaire_id, unit_id, procedure_id, channel,
#  company_id, criterion_id, element_id, officer_id, value, is_satisfied)
# ----------------------------------------------------------------------

LINE_COLUMNS = "criterion_id, element_id, officer_id, value, is_satisfied"


def _delta_lines_from(source, sign, response, line="l"):
    """delta_lines rows for the lines ``source`` (alias ``line``) with the dims of ``response``."""
    return f"""
        SELECT {sign} AS sign, {line}.response_id, {month_of(response + ".date")} AS month,
               {response}.questionnaire_id, {response}.unit_id, {response}.procedure_id, {response}.channel,
               {response}.company_id, {line}.criterion_id, {line}.element_id, {line}.officer_id, {line}.value,
               {line}.is_satisfied
          FROM {source}"""


def _fine_delta_cte():
    level_sums = ",\n".join(
        f"                   sum(CASE WHEN value = {level} THEN sign ELSE 0 END) AS level{level}_count"
        for level in LEVELS
    )
    return f"""
    fine_delta AS (
        INSERT INTO satisfaction_answer_stat_delta (stat_id, {_cols(FINE_DIMS)}, {_cols(FINE_COUNTS)})
        SELECT stat.id, {_cols(FINE_DIMS, "g.")}, {_cols(FINE_COUNTS, "g.")}
          FROM (
                SELECT {_cols(FINE_DIMS)},
                       sum(sign) AS answer_count,
                       sum(CASE WHEN is_satisfied THEN sign ELSE 0 END) AS satisfied_count,
{level_sums}
                  FROM delta_lines
                 WHERE value > 0
              GROUP BY {_cols(FINE_DIMS)}
               ) g
     LEFT JOIN satisfaction_answer_stat stat ON {_key_match("stat", "g", FINE_KEY)}
         WHERE {_nonzero(FINE_COUNTS, "g.")}
    )"""


def _unit_answers_delta_cte():
    level_sums = ",\n".join(
        f"                       sum(CASE WHEN d.value = {level} AND scale.code = 'sipas5' THEN d.sign ELSE 0 END)"
        for level in LEVELS
    )
    return f"""
    unit_answers_delta AS (
        INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, {_cols(ANSWER_COUNTS)})
        SELECT 'unit', g.* FROM (
                SELECT d.unit_id, d.month,
                       sum(d.sign),
                       sum(CASE WHEN d.is_satisfied THEN d.sign ELSE 0 END),
                       sum(CASE WHEN criterion.is_officer_criterion THEN d.sign ELSE 0 END),
                       sum(CASE WHEN criterion.is_officer_criterion AND d.is_satisfied THEN d.sign ELSE 0 END),
                       sum(CASE WHEN criterion.is_overall THEN d.sign ELSE 0 END),
                       sum(CASE WHEN criterion.is_overall AND d.is_satisfied THEN d.sign ELSE 0 END),
{level_sums}
                  FROM delta_lines d
                  JOIN satisfaction_criterion criterion ON criterion.id = d.criterion_id
                  JOIN satisfaction_questionnaire questionnaire ON questionnaire.id = d.questionnaire_id
                  JOIN satisfaction_scale scale ON scale.id = questionnaire.scale_id
                 WHERE d.value > 0
              GROUP BY d.unit_id, d.month
               ) g(unit_id, month, {_cols(ANSWER_COUNTS)})
         WHERE {_nonzero(ANSWER_COUNTS, "g.")}
    )"""


def _officer_lines_delta_cte():
    """Officer ratings after answer lines changed: a response rates an officer
    when it has at least one line on an officer criterion for them. The count
    of such lines after the statement is read from the table, before it is
    after - added + removed."""
    change = (
        "((p.after_count > 0)::int - ((p.after_count - p.added + p.removed) > 0)::int)"
    )
    return f"""
    officer_delta AS (
        INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, response_count)
        SELECT 'officer', p.officer_id, p.month, sum{change}
          FROM (
                SELECT d.officer_id, d.month, d.response_id,
                       count(*) FILTER (WHERE d.sign > 0) AS added,
                       count(*) FILTER (WHERE d.sign < 0) AS removed,
                       (SELECT count(*)
                          FROM satisfaction_response_line line
                          JOIN satisfaction_criterion line_criterion
                            ON line_criterion.id = line.criterion_id AND line_criterion.is_officer_criterion
                         WHERE line.response_id = d.response_id AND line.officer_id = d.officer_id) AS after_count
                  FROM delta_lines d
                  JOIN satisfaction_criterion criterion
                    ON criterion.id = d.criterion_id AND criterion.is_officer_criterion
                 WHERE d.officer_id IS NOT NULL
              GROUP BY d.officer_id, d.month, d.response_id
               ) p
      GROUP BY p.officer_id, p.month
        HAVING sum{change} <> 0
    )"""


def _officer_responses_delta_cte():
    """Officer ratings when whole responses move (date changed) or go: each
    (response, officer) pair counts once."""
    return """
    officer_delta AS (
        INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, response_count)
        SELECT 'officer', p.officer_id, p.month, sum(p.sign)
          FROM (
                SELECT DISTINCT d.sign, d.response_id, d.officer_id, d.month
                  FROM delta_lines d
                  JOIN satisfaction_criterion criterion
                    ON criterion.id = d.criterion_id AND criterion.is_officer_criterion
                 WHERE d.officer_id IS NOT NULL
               ) p
      GROUP BY p.officer_id, p.month
        HAVING sum(p.sign) <> 0
    )"""


def _apply_lines(delta_lines_sql, officer_cte, refresh=True, refresh_when="TRUE"):
    """plpgsql statements applying ``delta_lines``: answer journal, unit answers,
    officer ratings; then refresh the requests whose overall answer changed
    (``refresh_when``: SQL condition on the delta line ``d`` that can change them)."""
    tail = (
        f"""
        SELECT array_agg(DISTINCT response.request_id) INTO request_ids
          FROM delta_lines d
          JOIN satisfaction_criterion criterion ON criterion.id = d.criterion_id AND criterion.is_overall
          JOIN satisfaction_response response ON response.id = d.response_id
         WHERE {refresh_when};
        PERFORM satisfaction_stat_refresh_requests(request_ids);"""
        if refresh
        else """
        SELECT NULL INTO request_ids;"""
    )
    return f"""
        WITH delta_lines AS ({delta_lines_sql}
        ),{_fine_delta_cte()},{_unit_answers_delta_cte()},{officer_cte}{tail}"""


def _function(
    name,
    body,
    declare="request_ids integer[];",
    returns="trigger",
    result="RETURN NULL;",
    settings="",
):
    declare = f"DECLARE\n    {declare}\n" if declare else ""
    return f"""
CREATE OR REPLACE FUNCTION {name} RETURNS {returns} LANGUAGE plpgsql {settings} AS $body$
{declare}BEGIN
{body}
    {result}
END
$body$;"""


def _current_request_state(where):
    """SQL: the current state row of the requests matching ``where`` (on alias ``request``)."""
    return f"""
            SELECT request.id AS request_id, request.unit_id, {month_of("request.create_date")} AS month,
                   response.id IS NOT NULL AS answered,
                   coalesce(dissatisfied.flag, false) AS dissatisfied,
                   coalesce(dossier.is_late, request.is_late, false) AS late,
                   response.unit_id AS response_unit_id,
                   {month_of("response.date")} AS response_month
              FROM satisfaction_request request
         LEFT JOIN satisfaction_response response ON response.request_id = request.id
         LEFT JOIN LATERAL (
                    -- the overall question answered, but not satisfied
                    SELECT true AS flag
                      FROM satisfaction_response_line line
                      JOIN satisfaction_criterion criterion
                        ON criterion.id = line.criterion_id AND criterion.is_overall
                     WHERE line.response_id = response.id AND line.value > 0 AND NOT line.is_satisfied
                     LIMIT 1
                   ) dissatisfied ON TRUE
         LEFT JOIN satisfaction_dossier dossier
                ON request.res_model = 'satisfaction.dossier' AND dossier.id = request.res_id
             WHERE {where}"""


def _request_contributions(source):
    """SQL rows (unit_id, month, dossier counts..., response_count) of state rows ``source`` (with ``sign``)."""
    return f"""
                SELECT unit_id, month, sign AS request_count, sign * answered::int AS answered_count,
                       sign * dissatisfied::int AS dissatisfied_count, sign * late::int AS overdue_count,
                       sign * (dissatisfied OR late)::int AS flagged_count, 0 AS response_count
                  FROM {source} WHERE month IS NOT NULL
             UNION ALL
                SELECT response_unit_id, response_month, 0, 0, 0, 0, 0, sign
                  FROM {source} WHERE response_month IS NOT NULL"""


def refresh_requests_function():
    counts = DOSSIER_COUNTS + ("response_count",)
    body = f"""
    IF request_ids IS NULL OR cardinality(request_ids) = 0 THEN
        RETURN;
    END IF;
    WITH old AS (
        DELETE FROM satisfaction_request_stat WHERE request_id = ANY(request_ids) RETURNING *
    ), cur AS ({_current_request_state("request.id = ANY(request_ids)")}
    ), saved AS (
        INSERT INTO satisfaction_request_stat ({_cols(REQUEST_STATE)}) SELECT {_cols(REQUEST_STATE)} FROM cur
    ), changes AS (
        SELECT 1 AS sign, {_cols(REQUEST_STATE)} FROM cur
        UNION ALL
        SELECT -1, {_cols(REQUEST_STATE)} FROM old
    )
    INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, {_cols(counts)})
    SELECT 'unit', unit_id, month, {", ".join(f"sum({name})" for name in counts)}
      FROM ({_request_contributions("changes")}
           ) contributions
  GROUP BY unit_id, month
    HAVING {_nonzero([f"sum({name})" for name in counts])};"""
    return _function(
        "satisfaction_stat_refresh_requests(request_ids integer[])",
        body,
        declare="",
        returns="void",
        result="",
    )


def line_functions():
    changed = """
            SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.response_id, o.criterion_id, o.element_id, o.officer_id, o.value, o.is_satisfied)
                   IS DISTINCT FROM (n.response_id, n.criterion_id, n.element_id, n.officer_id, n.value, n.is_satisfied)"""
    insert = _delta_lines_from(
        "new_rows l JOIN satisfaction_response r ON r.id = l.response_id", 1, "r"
    )
    update = (
        _delta_lines_from(
            f"old_rows l JOIN satisfaction_response r ON r.id = l.response_id "
            f"WHERE l.id IN ({changed})",
            -1,
            "r",
        )
        + "\n        UNION ALL"
        + _delta_lines_from(
            f"new_rows l JOIN satisfaction_response r ON r.id = l.response_id "
            f"WHERE l.id IN ({changed})",
            1,
            "r",
        )
    )
    # answers deleted with their response are counted off by the response's trigger
    delete = _delta_lines_from(
        "old_rows l JOIN satisfaction_response r ON r.id = l.response_id", -1, "r"
    )
    officer = _officer_lines_delta_cte()
    # New answers only change a request's state when one is a dissatisfied
    # overall answer (answered, late and the response's unit and month come
    # from the response, refreshed by its own trigger): the usual satisfied
    # rating skips a refresh.
    insert_refresh_when = "d.value > 0 AND NOT d.is_satisfied"
    return [
        _function(
            "satisfaction_stat_line_insert()",
            _apply_lines(insert, officer, refresh_when=insert_refresh_when),
        ),
        _function("satisfaction_stat_line_update()", _apply_lines(update, officer)),
        _function("satisfaction_stat_line_delete()", _apply_lines(delete, officer)),
    ]


def response_functions():
    response_dims = "questionnaire_id, unit_id, procedure_id, channel, company_id"
    moved = f"""
            SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.{response_dims.replace(", ", ", o.")}, {month_of("o.date")})
                   IS DISTINCT FROM (n.{response_dims.replace(", ", ", n.")}, {month_of("n.date")})"""
    update_lines = (
        _delta_lines_from(
            f"old_rows r JOIN satisfaction_response_line l ON l.response_id = r.id "
            f"WHERE r.id IN ({moved})",
            -1,
            "r",
        )
        + "\n        UNION ALL"
        + _delta_lines_from(
            f"new_rows r JOIN satisfaction_response_line l ON l.response_id = r.id "
            f"WHERE r.id IN ({moved})",
            1,
            "r",
        )
    )
    update = (
        _apply_lines(update_lines, _officer_responses_delta_cte(), refresh=False)
        + f"""
        SELECT array_agg(DISTINCT request_id) INTO request_ids FROM (
            SELECT o.request_id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.request_id, o.unit_id, {month_of("o.date")})
                   IS DISTINCT FROM (n.request_id, n.unit_id, {month_of("n.date")})
            UNION ALL
            SELECT n.request_id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.request_id, o.unit_id, {month_of("o.date")})
                   IS DISTINCT FROM (n.request_id, n.unit_id, {month_of("n.date")})
        ) requests;
        PERFORM satisfaction_stat_refresh_requests(request_ids);"""
    )
    # Row-level BEFORE DELETE: the answers are still there, the response too
    before_delete_lines = f"""
        SELECT -1 AS sign, l.response_id, {month_of("OLD.date")} AS month, OLD.questionnaire_id, OLD.unit_id,
               OLD.procedure_id, OLD.channel, OLD.company_id, l.criterion_id, l.element_id, l.officer_id, l.value,
               l.is_satisfied
          FROM satisfaction_response_line l WHERE l.response_id = OLD.id"""
    before_delete = _apply_lines(
        before_delete_lines, _officer_responses_delta_cte(), refresh=False
    )
    refresh = """
        PERFORM satisfaction_stat_refresh_requests(ARRAY(SELECT DISTINCT request_id FROM {rows}));"""
    return [
        _function(
            "satisfaction_stat_response_insert()", refresh.format(rows="new_rows")
        ),
        _function("satisfaction_stat_response_update()", update),
        _function(
            "satisfaction_stat_response_before_delete()",
            before_delete,
            result="RETURN OLD;",
        ),
        _function(
            "satisfaction_stat_response_delete()", refresh.format(rows="old_rows")
        ),
    ]


def request_functions():
    refresh = """
        PERFORM satisfaction_stat_refresh_requests(ARRAY({ids}));"""
    changed = """SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                       WHERE (o.unit_id, o.create_date, o.res_model, o.res_id, o.is_late)
                             IS DISTINCT FROM (n.unit_id, n.create_date, n.res_model, n.res_id, n.is_late)"""
    # a request re-dated (an import, backdated demo data) moves its officers' request counts
    moved = f"{month_of('o.create_date')} IS DISTINCT FROM {month_of('n.create_date')}"
    redated_officers = f"""
        INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, request_count)
        SELECT 'officer', rel.hr_employee_id, m.month, sum(m.sign)
          FROM (
                SELECT o.id, -1 AS sign, {month_of("o.create_date")} AS month
                  FROM old_rows o JOIN new_rows n ON n.id = o.id
                 WHERE {moved} AND o.create_date IS NOT NULL
             UNION ALL
                SELECT n.id, 1, {month_of("n.create_date")}
                  FROM old_rows o JOIN new_rows n ON n.id = o.id
                 WHERE {moved} AND n.create_date IS NOT NULL
               ) m
          JOIN hr_employee_satisfaction_request_rel rel ON rel.satisfaction_request_id = m.id
      GROUP BY 2, 3
        HAVING sum(m.sign) <> 0;"""
    # officers named on a request (quota activity), by the month the request was created;
    # the officers of a deleted request are counted off before it goes (the cascade
    # deleting them runs when the request is gone: the join below skips them)
    rel = """
        INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, request_count)
        SELECT 'officer', rel.hr_employee_id, {month}, {sign} * count(*)
          FROM {rows} rel
          JOIN satisfaction_request request ON request.id = rel.satisfaction_request_id
         WHERE request.create_date IS NOT NULL
      GROUP BY 2, 3;""".replace("{month}", month_of("request.create_date"))
    before_delete = f"""
        INSERT INTO satisfaction_period_stat_delta (scope, subject_id, month, request_count)
        SELECT 'officer', rel.hr_employee_id, {month_of("OLD.create_date")}, -count(*)
          FROM hr_employee_satisfaction_request_rel rel
         WHERE rel.satisfaction_request_id = OLD.id AND OLD.create_date IS NOT NULL
      GROUP BY 2, 3;"""
    late_changed = """SELECT request.id FROM satisfaction_request request
                       WHERE request.res_model = 'satisfaction.dossier' AND request.res_id IN ({dossiers})"""
    return [
        _function(
            "satisfaction_stat_request_insert()",
            refresh.format(ids="SELECT id FROM new_rows"),
        ),
        _function(
            "satisfaction_stat_request_update()",
            redated_officers + refresh.format(ids=changed),
        ),
        _function(
            "satisfaction_stat_request_before_delete()",
            before_delete,
            declare="",
            result="RETURN OLD;",
        ),
        _function(
            "satisfaction_stat_request_delete()",
            refresh.format(ids="SELECT id FROM old_rows"),
        ),
        _function(
            "satisfaction_stat_officer_rel_insert()",
            rel.format(rows="new_rows", sign=1),
        ),
        _function(
            "satisfaction_stat_officer_rel_delete()",
            rel.format(rows="old_rows", sign=-1),
        ),
        _function(
            "satisfaction_stat_dossier_update()",
            refresh.format(
                ids=late_changed.format(
                    dossiers="SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id "
                    "WHERE o.is_late IS DISTINCT FROM n.is_late"
                )
            ),
        ),
        _function(
            "satisfaction_stat_dossier_delete()",
            refresh.format(ids=late_changed.format(dossiers="SELECT id FROM old_rows")),
        ),
    ]


def criterion_function():
    """A criterion answered already becomes (or stops being) the overall or an
    officer criterion: what depends on the flags is recomputed (the answer
    statistics themselves do not: the reports read the flags at query time)."""
    body = """
        IF EXISTS (
            SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.is_overall, o.is_officer_criterion) IS DISTINCT FROM (n.is_overall, n.is_officer_criterion)
               AND EXISTS (SELECT 1 FROM satisfaction_response_line l WHERE l.criterion_id = n.id)
        ) THEN
            PERFORM satisfaction_stat_rebuild_periods();
        END IF;"""
    return [_function("satisfaction_stat_criterion_update()", body, declare="")]


# ----------------------------------------------------------------------
# From scratch: rebuild, and the check used by the tests and the bench
# ----------------------------------------------------------------------


def fresh_fine_select():
    """SQL: the answer statistics computed from the raw tables (one GROUP BY)."""
    levels = ", ".join(
        f"count(*) FILTER (WHERE l.value = {level}) AS level{level}_count"
        for level in LEVELS
    )
    return f"""
        SELECT {month_of("r.date")} AS month, r.questionnaire_id, l.element_id, l.criterion_id, l.officer_id,
               r.unit_id, r.procedure_id, r.channel, r.company_id,
               count(*) AS answer_count, count(*) FILTER (WHERE l.is_satisfied) AS satisfied_count, {levels}
          FROM satisfaction_response_line l
          JOIN satisfaction_response r ON r.id = l.response_id
         WHERE l.value > 0
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"""


def fresh_request_select():
    """SQL: every request's state row, computed from the raw tables with hash joins."""
    return f"""
        SELECT request.id AS request_id, request.unit_id, {month_of("request.create_date")} AS month,
               response.id IS NOT NULL AS answered,
               dissatisfied.response_id IS NOT NULL AS dissatisfied,
               coalesce(dossier.is_late, request.is_late, false) AS late,
               response.unit_id AS response_unit_id, {month_of("response.date")} AS response_month
          FROM satisfaction_request request
     LEFT JOIN satisfaction_response response ON response.request_id = request.id
     LEFT JOIN (
                SELECT DISTINCT line.response_id
                  FROM satisfaction_response_line line
                  JOIN satisfaction_criterion criterion ON criterion.id = line.criterion_id AND criterion.is_overall
                 WHERE line.value > 0 AND NOT line.is_satisfied
               ) dissatisfied ON dissatisfied.response_id = response.id
     LEFT JOIN satisfaction_dossier dossier
            ON request.res_model = 'satisfaction.dossier' AND dossier.id = request.res_id"""


def fresh_period_select(
    request_state="satisfaction_request_stat", answer_stat="satisfaction_answer_stat"
):
    """SQL: the period statistics from the request states, the answer statistics and the raw answers."""
    zero = {name: "0" for name in PERIOD_COUNTS}

    def row(scope, subject, month, source, **values):
        cells = ", ".join(
            f"{values.get(name, zero[name])} AS {name}" for name in PERIOD_COUNTS
        )
        return f"SELECT '{scope}' AS scope, {subject} AS subject_id, {month} AS month, {cells} FROM {source}"

    def sipas(level):
        return f"CASE WHEN scale.code = 'sipas5' THEN s.level{level}_count ELSE 0 END"

    branches = [
        row(
            "unit",
            "unit_id",
            "month",
            f"{request_state} WHERE month IS NOT NULL",
            request_count="1",
            answered_count="answered::int",
            dissatisfied_count="dissatisfied::int",
            overdue_count="late::int",
            flagged_count="(dissatisfied OR late)::int",
        ),
        row(
            "unit",
            "response_unit_id",
            "response_month",
            f"{request_state} WHERE response_month IS NOT NULL",
            response_count="1",
        ),
        row(
            "unit",
            "s.unit_id",
            "s.month",
            f"""{answer_stat} s
                  JOIN satisfaction_criterion criterion ON criterion.id = s.criterion_id
                  JOIN satisfaction_questionnaire questionnaire ON questionnaire.id = s.questionnaire_id
                  JOIN satisfaction_scale scale ON scale.id = questionnaire.scale_id""",
            answer_count="s.answer_count",
            satisfied_count="s.satisfied_count",
            officer_answer_count="CASE WHEN criterion.is_officer_criterion THEN s.answer_count ELSE 0 END",
            officer_satisfied_count="CASE WHEN criterion.is_officer_criterion THEN s.satisfied_count ELSE 0 END",
            overall_answer_count="CASE WHEN criterion.is_overall THEN s.answer_count ELSE 0 END",
            overall_satisfied_count="CASE WHEN criterion.is_overall THEN s.satisfied_count ELSE 0 END",
            **{f"level{level}_count": sipas(level) for level in LEVELS},
        ),
        row(
            "officer",
            "p.officer_id",
            month_of("r.date"),
            """(SELECT DISTINCT line.response_id, line.officer_id
                     FROM satisfaction_response_line line
                     JOIN satisfaction_criterion criterion
                       ON criterion.id = line.criterion_id AND criterion.is_officer_criterion
                    WHERE line.officer_id IS NOT NULL) p
                  JOIN satisfaction_response r ON r.id = p.response_id""",
            response_count="1",
        ),
        row(
            "officer",
            "rel.hr_employee_id",
            "state.month",
            f"""hr_employee_satisfaction_request_rel rel
                  JOIN {request_state} state ON state.request_id = rel.satisfaction_request_id
                 WHERE state.month IS NOT NULL""",
            request_count="1",
        ),
    ]
    union = "\n             UNION ALL\n                ".join(branches)
    return f"""
        SELECT scope, subject_id, month, {", ".join(f"sum({name})::int AS {name}" for name in PERIOD_COUNTS)}
          FROM (
                {union}
               ) contributions
      GROUP BY scope, subject_id, month
        HAVING {_nonzero([f"sum({name})" for name in PERIOD_COUNTS])}"""


def rebuild_functions():
    """``satisfaction_stat_rebuild()`` (everything) and ``satisfaction_stat_rebuild_periods()``
    (what depends on the criteria's flags: the per-request rows and the period
    statistics, from the roll-ups; a criterion's flags changing calls it)."""
    rollups = "\n    UNION ALL\n    ".join(
        _rollup_select(grain, "satisfaction_answer_stat") for grain in ROLLUPS
    )
    answers = f"""
    -- DELETE, not TRUNCATE: journal rows of transactions this snapshot does not see stay
    DELETE FROM satisfaction_answer_stat_delta;
    DELETE FROM satisfaction_answer_stat;
    INSERT INTO satisfaction_answer_stat ({_cols(FINE_DIMS)}, {_cols(FINE_COUNTS)}){fresh_fine_select()};
    DELETE FROM satisfaction_answer_rollup;
    INSERT INTO satisfaction_answer_rollup (grain, {_cols(FINE_DIMS)}, {_cols(FINE_COUNTS)})
    {rollups};
    PERFORM satisfaction_stat_rebuild_periods();"""
    periods = f"""
    -- the unit roll-up holds every answer once the journal is folded in
    PERFORM satisfaction_stat_consolidate();
    DELETE FROM satisfaction_request_stat;
    INSERT INTO satisfaction_request_stat ({_cols(REQUEST_STATE)}){
        fresh_request_select()
    };
    DELETE FROM satisfaction_period_stat_delta;
    DELETE FROM satisfaction_period_stat;
    INSERT INTO satisfaction_period_stat (scope, subject_id, month, {
        _cols(PERIOD_COUNTS)
    }){
        fresh_period_select(
            answer_stat="(SELECT * FROM satisfaction_answer_rollup WHERE grain = 'unit')"
        )
    };"""
    # rare, bulk operations: sorts and hashes in memory rather than on disk
    return [
        _function(
            "satisfaction_stat_rebuild_periods()",
            periods,
            declare="",
            returns="void",
            result="",
            settings="SET work_mem = '256MB'",
        ),
        _function(
            "satisfaction_stat_rebuild()",
            answers,
            declare="",
            returns="void",
            result="",
            settings="SET work_mem = '256MB'",
        ),
    ]


def consolidate_function():
    fine_sums = ", ".join(f"sum({name})" for name in FINE_COUNTS)
    period_sums = ", ".join(f"sum({name})" for name in PERIOD_COUNTS)
    fine_update = ", ".join(
        f"{name} = satisfaction_answer_stat.{name} + EXCLUDED.{name}"
        for name in FINE_COUNTS
    )
    period_update = ", ".join(
        f"{name} = satisfaction_period_stat.{name} + EXCLUDED.{name}"
        for name in PERIOD_COUNTS
    )
    fine_key = ", ".join(
        f"({expression})" if "(" in expression else expression
        for expression in FINE_KEY
    )
    period_key = ", ".join(
        f"({expression})" if "(" in expression else expression
        for expression in PERIOD_KEY
    )
    rollup_key = ", ".join(
        f"({expression})" if "(" in expression else expression
        for expression in ROLLUP_KEY
    )
    rollup_update = ", ".join(
        f"{name} = satisfaction_answer_rollup.{name} + EXCLUDED.{name}"
        for name in FINE_COUNTS
    )
    rollups = "\n            UNION ALL\n            ".join(
        _rollup_select(grain, "moved") for grain in ROLLUPS
    )
    body = f"""
    -- one statement: the journal rows moved are exactly those added to the fine and coarse tables
    WITH moved AS (DELETE FROM satisfaction_answer_stat_delta RETURNING *),
    fine AS (
        INSERT INTO satisfaction_answer_stat ({_cols(FINE_DIMS)}, {_cols(FINE_COUNTS)})
        SELECT {_cols(FINE_DIMS)}, {fine_sums} FROM moved GROUP BY {_cols(FINE_DIMS)}
        ON CONFLICT ({fine_key}) DO UPDATE SET {fine_update}
        RETURNING 1
    ),
    rollup AS (
        INSERT INTO satisfaction_answer_rollup (grain, {_cols(FINE_DIMS)}, {_cols(FINE_COUNTS)})
            {rollups}
        ON CONFLICT ({rollup_key}) DO UPDATE SET {rollup_update}
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM fine) + (SELECT count(*) FROM rollup) INTO moved_fine;
    WITH moved AS (DELETE FROM satisfaction_period_stat_delta RETURNING *)
    INSERT INTO satisfaction_period_stat (scope, subject_id, month, {_cols(PERIOD_COUNTS)})
    SELECT scope, subject_id, month, {period_sums} FROM moved GROUP BY scope, subject_id, month
    ON CONFLICT ({period_key}) DO UPDATE SET {period_update};
    GET DIAGNOSTICS moved_period = ROW_COUNT;"""
    return _function(
        "satisfaction_stat_consolidate()",
        body,
        declare="moved_fine integer; moved_period integer;",
        returns="integer",
        result="RETURN moved_fine + moved_period;",
    )


def all_functions():
    return [
        refresh_requests_function(),
        *line_functions(),
        *response_functions(),
        *request_functions(),
        *criterion_function(),
        consolidate_function(),
        *rebuild_functions(),
    ]


def trigger_statements():
    statements = []
    for name, table, event, transitions, level, function in TRIGGERS:
        referencing = f" REFERENCING {transitions}" if transitions else ""
        statements.append(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
        statements.append(
            f'CREATE TRIGGER {name} {event} ON "{table}"{referencing} FOR EACH {level} EXECUTE FUNCTION {function}()'
        )
    return statements


# Unique keys of the statistics tables: (index, table, key expressions)
KEY_INDEXES = (
    ("satisfaction_answer_stat_key_index", "satisfaction_answer_stat", FINE_KEY),
    ("satisfaction_answer_rollup_key_index", "satisfaction_answer_rollup", ROLLUP_KEY),
    ("satisfaction_period_stat_key_index", "satisfaction_period_stat", PERIOD_KEY),
)
# The installed definition's digest is kept as the comment of this function:
# it lives and dies with the functions it describes.
DEFINITION_HOLDER = "satisfaction_stat_rebuild()"


def definition():
    """Everything the stored statistics depend on: keys, columns, roll-ups,
    functions and triggers. A database whose installed definition differs
    has its statistics reinstalled and rebuilt (see ``definition_digest``)."""
    return {
        "keys": [list(key) for key in KEY_INDEXES],
        "dimensions": list(FINE_DIMS),
        "fine_counts": list(FINE_COUNTS),
        "period_counts": list(PERIOD_COUNTS),
        "request_state": list(REQUEST_STATE),
        "rollups": {grain: list(dims) for grain, dims in ROLLUPS.items()},
        "functions": all_functions(),
        "triggers": trigger_statements(),
    }


def definition_digest():
    payload = json.dumps(definition(), sort_keys=True, ensure_ascii=False)
    return (
        "satisfaction statistics definition "
        + hashlib.sha256(payload.encode()).hexdigest()
    )


# ----------------------------------------------------------------------
# What the reports read: consolidated rows plus the pending journal
# ----------------------------------------------------------------------


def merged_answer_stat(scan=False):
    """SQL of the answer statistics with their pending deltas, one row per key
    (stat rows keep their id; keys only in the journal get -min(delta id)).

    ``scan``: for reads of many rows (grouped reads at the full grain), the
    pending deltas are grouped once and hash-joined. Otherwise each row looks
    its deltas up by index (subqueries): the row order of the statistics' index
    is kept, so a list of the 80 latest rows reads 80 rows, not 7 million.
    """
    if scan:
        counts = """
                   stat.answer_count + coalesce(pending.answer_count, 0) AS answer_count,
                   stat.satisfied_count + coalesce(pending.satisfied_count, 0) AS satisfied_count
              FROM satisfaction_answer_stat stat
         LEFT JOIN (
                    SELECT stat_id, sum(answer_count) AS answer_count, sum(satisfied_count) AS satisfied_count
                      FROM satisfaction_answer_stat_delta
                     WHERE stat_id IS NOT NULL
                  GROUP BY stat_id
                   ) pending ON pending.stat_id = stat.id"""
    else:
        # scalar subqueries, not a join: the planner keeps the index order through them
        counts = """
                   stat.answer_count + coalesce((SELECT sum(pending.answer_count)
                                                   FROM satisfaction_answer_stat_delta pending
                                                  WHERE pending.stat_id = stat.id), 0) AS answer_count,
                   stat.satisfied_count + coalesce((SELECT sum(pending.satisfied_count)
                                                      FROM satisfaction_answer_stat_delta pending
                                                     WHERE pending.stat_id = stat.id), 0) AS satisfied_count
              FROM satisfaction_answer_stat stat"""
    return f"""
            SELECT stat.id, {_cols(FINE_DIMS, "stat.")},{counts}
         UNION ALL
            SELECT -min(delta.id), {_cols(FINE_DIMS, "delta.")},
                   sum(delta.answer_count), sum(delta.satisfied_count)
              FROM satisfaction_answer_stat_delta delta
             WHERE delta.stat_id IS NULL
                OR NOT EXISTS (SELECT 1 FROM satisfaction_answer_stat gone WHERE gone.id = delta.stat_id)
          GROUP BY {_cols(FINE_DIMS, "delta.")}"""


def rollup_answer_stat(grain):
    """SQL of the ``grain`` roll-up rows plus the pending journal rows (projected to
    the grain), for grouped reads only: a row is not a group here, a journal
    row may even be negative (a correction); sums per group are exact."""
    return f"""
            SELECT id, {_cols(FINE_DIMS)}, answer_count, satisfied_count
              FROM satisfaction_answer_rollup WHERE grain = '{grain}'
         UNION ALL
            SELECT -delta.id, {_projected(grain, "delta")}, delta.answer_count, delta.satisfied_count
              FROM satisfaction_answer_stat_delta delta"""


def merged_period_stat(scope, counts=PERIOD_COUNTS):
    """SQL of (subject_id, month, counts...) of ``scope`` with the pending deltas."""
    return f"""
            SELECT subject_id, month, {", ".join(f"sum({name})::int AS {name}" for name in counts)}
              FROM (
                    SELECT subject_id, month, {_cols(counts)} FROM satisfaction_period_stat WHERE scope = '{scope}'
                    UNION ALL
                    SELECT subject_id, month, {_cols(counts)} FROM satisfaction_period_stat_delta
                     WHERE scope = '{scope}'
                   ) stat
          GROUP BY subject_id, month"""


def check_queries():
    """{name: SQL counting the rows where the incremental statistics differ from a from-scratch computation}."""
    fine_merged = f"""
        SELECT {_cols(FINE_DIMS)}, {", ".join(f"sum({name})" for name in FINE_COUNTS)}
          FROM (SELECT {_cols(FINE_DIMS)}, {_cols(FINE_COUNTS)} FROM satisfaction_answer_stat
                UNION ALL
                SELECT {_cols(FINE_DIMS)}, {_cols(FINE_COUNTS)} FROM satisfaction_answer_stat_delta) s
      GROUP BY {_cols(FINE_DIMS)}
        HAVING {_nonzero([f"sum({name})" for name in FINE_COUNTS])}"""
    period_merged = f"""
        SELECT scope, subject_id, month, {", ".join(f"sum({name})::int" for name in PERIOD_COUNTS)}
          FROM (SELECT scope, subject_id, month, {_cols(PERIOD_COUNTS)} FROM satisfaction_period_stat
                UNION ALL
                SELECT scope, subject_id, month, {_cols(PERIOD_COUNTS)} FROM satisfaction_period_stat_delta) s
      GROUP BY scope, subject_id, month
        HAVING {_nonzero([f"sum({name})" for name in PERIOD_COUNTS])}"""

    def differ(left, right):
        return f"""
        SELECT count(*) FROM (
            (SELECT * FROM ({left}) a EXCEPT ALL SELECT * FROM ({right}) b)
            UNION ALL
            (SELECT * FROM ({right}) b EXCEPT ALL SELECT * FROM ({left}) a)
        ) differences"""

    fresh_requests = f"SELECT {_cols(REQUEST_STATE)} FROM ({fresh_request_select()}) r"
    rollup_fresh = "\n        UNION ALL\n        ".join(
        _rollup_select(grain, f"({fresh_fine_select()})") for grain in ROLLUPS
    )
    rollup_merged = f"""
        SELECT grain, {_cols(FINE_DIMS)}, {
        ", ".join(f"sum({name})" for name in FINE_COUNTS)
    }
          FROM (SELECT grain, {_cols(FINE_DIMS)}, {
        _cols(FINE_COUNTS)
    } FROM satisfaction_answer_rollup
                UNION ALL
                {
        " UNION ALL ".join(
            f"SELECT '{grain}', {_projected(grain)}, {_cols(FINE_COUNTS)} FROM satisfaction_answer_stat_delta"
            for grain in ROLLUPS
        )
    }) s
      GROUP BY grain, {_cols(FINE_DIMS)}
        HAVING {_nonzero([f"sum({name})" for name in FINE_COUNTS])}"""
    return {
        "answer_rollup": differ(rollup_fresh, rollup_merged),
        "answer_stat": differ(fresh_fine_select(), fine_merged),
        "request_stat": differ(
            fresh_requests,
            f"SELECT {_cols(REQUEST_STATE)} FROM satisfaction_request_stat",
        ),
        "period_stat": differ(
            f"""WITH fresh_requests AS ({fresh_request_select()}),
                     fresh_answers AS ({fresh_fine_select()})
                {fresh_period_select("fresh_requests", "fresh_answers")}""",
            period_merged,
        ),
    }
