"""Public results page ``/satisfaction/results``: aggregates per unit and period only.

A standalone QWeb page (no website module, no JavaScript) that a province can
link from its portal. It shows, for a year (``?year=2027``, default: the
latest year with a published scorecard) and optionally one unit
(``?unit=<id>``):

* every PUBLISHED scorecard of the year: per unit (the receiving units or
  the competent agencies, as the scorecard scores them), the rank, ratings, the
  satisfaction index with its 95 % interval, the response rate, the QĐ 766
  ratio, the points and whether the target is met (the frozen figures of the
  scorecard lines);
* the unit × month satisfaction index over the months those published
  scorecards cover (nothing is shown for a period before the Department of
  Home Affairs publishes it), computed by the core from summed counts; one
  table per unit role of those scorecards.

A unit's (or a month's) figures are shown only when its ratings and answers
both reach the larger of ``satisfaction_survey.minimum_answers`` and
``satisfaction_survey.min_group_size``; below, the page says "not enough
answers" and shows no figure at all, not even the count. Nothing else is
ever read: no answer, comment, officer or citizen. GET only, no session, no
write (read-only route), and cacheable by a proxy for a few minutes.
Vietnamese by default, ``?lang=en`` for English.
"""

from werkzeug.urls import url_encode

from odoo import http
from odoo.http import request

from ..models.satisfaction_period_stat import UNIT_ROLE_CONTEXT
from ..reports.satisfaction_index_report import (
    DEFAULT_MINIMUM_ANSWERS,
    MINIMUM_ANSWERS_PARAM,
)
from ..satisfaction_survey import periods, scoring
from .main import SatisfactionPageMixin

MIN_GROUP_SIZE_PARAM = "satisfaction_survey.min_group_size"
RESULTS_URL = "/satisfaction/results"
CACHE_SECONDS = 300
RESULTS_HEADERS = [
    ("Cache-Control", "public, max-age=%s" % CACHE_SECONDS),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
]


def _positive_int(value):
    """``value`` (a query-string argument) as a positive int, else None."""
    if isinstance(value, str) and value.isdigit() and len(value) < 10:
        number = int(value)
        return number if number > 0 else None
    return None


class SatisfactionPublicResults(SatisfactionPageMixin, http.Controller):
    @http.route(
        RESULTS_URL,
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
        save_session=False,
    )
    def satisfaction_results(self, year=None, unit=None, lang=None, **kw):
        page_lang = self._satisfaction_page_lang(lang)
        request.update_context(lang=page_lang)
        values = self._results_values(year, unit)
        values.update(self._results_page_values(page_lang, values))
        return request.render(
            "satisfaction_survey.public_results_page",
            values,
            headers=RESULTS_HEADERS + [("Content-Language", page_lang.split("_")[0])],
        )

    # ------------------------------------------------------------
    # DATA (sudo: only published, aggregated figures leave this method)
    # ------------------------------------------------------------

    def _results_threshold(self):
        """The larger of the minimum answers for an index and the small-group
        threshold."""
        get_int = request.env["satisfaction.settings"]._get_int
        return max(
            1,
            get_int(MINIMUM_ANSWERS_PARAM, DEFAULT_MINIMUM_ANSWERS),
            get_int(MIN_GROUP_SIZE_PARAM, 0),
        )

    def _results_values(self, year_arg, unit_arg):
        Card = request.env["satisfaction.scorecard"].sudo()
        published = [("state", "=", "published")]
        years = sorted(
            (year for (year,) in Card._read_group(published, ["year"])), reverse=True
        )
        year = _positive_int(year_arg) if year_arg else (years[0] if years else None)
        unit_id = _positive_int(unit_arg) if unit_arg else None
        threshold = self._results_threshold()
        values = {
            "years": years,
            "year": year,
            "unit_id": unit_id,
            "unit_choices": [],
            "scorecards": [],
            "monthly_tables": [],
            "threshold": threshold,
            "unknown_unit": False,
        }
        if not year or (unit_arg and not unit_id):
            values["unknown_unit"] = bool(unit_arg)
            return values
        cards = Card.search(
            published + [("year", "=", year)], order="date_from, date_to, id"
        )
        all_lines = cards.line_ids
        units = all_lines.unit_id.sorted(
            lambda u: (u.complete_name or u.name or "", u.id)
        )
        values["unit_choices"] = [(u.id, u.complete_name or u.name) for u in units]
        if unit_id:
            if unit_id not in units.ids:
                values["unknown_unit"] = True
                return values
            units = units.browse(unit_id)
        for card in cards:
            lines = card.line_ids.filtered(lambda line: line.unit_id in units)
            if lines:
                values["scorecards"].append(
                    self._results_scorecard(card, lines, threshold)
                )
        # one month table per way the published scorecards read the units:
        # a receiving unit's months and a competent agency's are other counts
        values["monthly_tables"] = []
        for role in ("receiving", "competent"):
            role_cards = cards.filtered(lambda card, role=role: card.unit_role == role)
            role_units = units & role_cards.line_ids.unit_id
            monthly = self._results_monthly(role_cards, role_units, threshold, role)
            if monthly:
                values["monthly_tables"].append(monthly)
        return values

    def _results_role_label(self, role):
        """The heading of the unit column: which unit a figure is counted for."""
        if role == "competent":
            return request.env._("Competent agency")
        return request.env._("Receiving unit")

    def _results_shown(self, ratings, answers, threshold):
        return ratings >= threshold and answers >= threshold

    def _results_scorecard(self, card, lines, threshold):
        rows = []
        for line in lines:
            shown = line.enough_answers and self._results_shown(
                line.response_count, line.answer_count, threshold
            )
            row = {
                "unit": line.unit_id.complete_name or line.unit_id.name,
                "shown": shown,
            }
            if shown:
                row.update(
                    {
                        "rank": line.rank,
                        "ratings": line.response_count,
                        "index": line.satisfaction_index,
                        "low": line.index_low,
                        "high": line.index_high,
                        "response_rate": line.response_rate
                        if line.request_count
                        else None,
                        "qd766_ratio": line.qd766_ratio if line.request_count else None,
                        "points": line.total_points,
                        "max_points": line.max_points,
                        "meets_target": line.meets_target,
                    }
                )
            rows.append(row)
        rows.sort(key=lambda row: (not row["shown"], row.get("rank") or 0, row["unit"]))
        return {
            "name": card.name,
            "title": self._results_card_title(card),
            "role": card.unit_role,
            "unit_label": self._results_role_label(card.unit_role),
            "date_from": card.date_from,
            "date_to": card.date_to,
            "date_published": card.date_published
            and periods.local_date(card.date_published),
            "target": card.target_index or None,
            "rows": rows,
        }

    def _results_card_title(self, card):
        """The period of a scorecard in the page's language (its name is in the
        language of whoever created it)."""
        env = request.env
        if card.period_type == "quarter":
            return env._(
                "Quarter %(quarter)s of %(year)s", quarter=card.quarter, year=card.year
            )
        if card.period_type == "months":
            return env._(
                "Months %(first)s to %(last)s of %(year)s",
                first=card.month_from,
                last=card.month_to,
                year=card.year,
            )
        return env._("Year %s", card.year)

    def _results_monthly(self, cards, units, threshold, role="receiving"):
        """The unit × month index over the months of the published scorecards,
        the units read as ``role`` (receiving units or competent agencies)."""
        months = set()
        for card in cards:
            month = periods.month_start(card.date_from)
            while month <= card.date_to:
                months.add(month)
                month = periods.add_months(month, 1)
        if not months or not units:
            return None
        months = sorted(months)
        Report = (
            request.env["satisfaction.unit.period.report"]
            .sudo()
            .with_context(**{UNIT_ROLE_CONTEXT: role})
        )
        groups = Report._read_group(
            [("unit_id", "in", units.ids), ("month", "in", months)],
            ["unit_id", "month:month"],
            ["response_count:sum", "answer_count:sum", "satisfied_count:sum"],
        )
        counts = {
            (unit.id, month): (int(r or 0), int(a or 0), int(s or 0))
            for unit, month, r, a, s in groups
        }
        rows = []
        for unit in units:
            cells = []
            for month in months:
                ratings, answers, satisfied = counts.get((unit.id, month), (0, 0, 0))
                if self._results_shown(ratings, answers, threshold):
                    figure = scoring.aggregate_index([(satisfied, answers)])
                    cells.append({"shown": True, "index": figure.index})
                else:
                    cells.append({"shown": False})
            rows.append({"unit": unit.complete_name or unit.name, "cells": cells})
        return {
            "role": role,
            "unit_label": self._results_role_label(role),
            "months": months,
            "rows": rows,
            "any_shown": any(c["shown"] for r in rows for c in r["cells"]),
        }

    # ------------------------------------------------------------
    # PRESENTATION
    # ------------------------------------------------------------

    def _results_page_values(self, page_lang, values):
        lang = request.env["res.lang"]._get_data(code=page_lang)
        decimal_point = lang.decimal_point or "." if lang else "."

        def number(value):
            return (
                ("%.2f" % value).replace(".", decimal_point)
                if value is not None
                else "–"
            )

        def link(**changes):
            params = {
                "year": values["year"],
                "unit": values["unit_id"],
                "lang": page_lang.split("_")[0],
            }
            params.update(changes)
            return (
                RESULTS_URL
                + "?"
                + url_encode({key: value for key, value in params.items() if value})
            )

        return {
            # <title> is no translatable term of a template
            "page_title": request.env._("Citizen satisfaction results"),
            "page_lang": page_lang,
            "html_lang": page_lang.replace("_", "-"),
            "show_lang_switch": self._satisfaction_vietnamese_active(),
            "number": number,
            "link": link,
            "results_url": RESULTS_URL,
        }
