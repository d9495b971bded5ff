from itertools import product

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.satisfaction_survey.satisfaction_survey import (
    formulas,
    indices,
    scoring,
)
from odoo.addons.satisfaction_survey.stats_engine.formulas import render

Z = indices.Z_95
SIZES = (0, 1, 2, 3, 5, 7, 10, 29, 30, 31, 99, 100, 101, 997, 1000, 12345)


def _shares():
    for whole in SIZES:
        for part in sorted({0, 1, whole // 3, whole // 2, whole - 1, whole}):
            if 0 <= part <= whole:
                yield {"part": part, "whole": whole}


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestFormulaSql(TransactionCase):
    """Each formula of the core, rendered as SQL and run by PostgreSQL, gives the
    value the core computes in Python, to the 2 decimals the reports show."""

    def _sql_values(self, formula, cases):
        names = list(cases[0])
        rows = SQL(", ").join(
            SQL(
                "(%s)",
                SQL(", ").join(
                    [SQL("%s", index)]
                    + [SQL("%s::numeric", case[name]) for name in names]
                ),
            )
            for index, case in enumerate(cases)
        )
        expression = render(
            formula,
            **{name: SQL.identifier("c", name) for name in names if name != "z"},
            **({"z": Z} if "z" in formula.inputs else {}),
        )
        query = SQL(
            "SELECT %s FROM (VALUES %s) AS c(%s) ORDER BY c.i",
            expression,
            rows,
            SQL(", ").join(SQL.identifier(name) for name in ["i", *names]),
        )
        self.env.cr.execute(query)
        return [
            None if value is None else float(value)
            for (value,) in self.env.cr.fetchall()
        ]

    def assertSameValues(self, formula, cases, python):
        cases = list(cases)
        self.assertTrue(cases)
        for case, in_sql in zip(cases, self._sql_values(formula, cases), strict=True):
            with self.subTest(formula=formula.name, **case):
                self.assertEqual(in_sql, python(case))

    def test_share(self):
        self.assertSameValues(
            formulas.SHARE,
            _shares(),
            lambda c: indices.satisfaction_index(c["part"], c["whole"]),
        )

    def test_qd766_ratio(self):
        self.assertSameValues(
            formulas.QD766_RATIO,
            ({"dossiers": c["whole"], "flagged": c["part"]} for c in _shares()),
            lambda c: indices.qd766_satisfaction_ratio(c["dossiers"], c["flagged"]),
        )

    def test_wilson(self):
        cases = [{"successes": c["part"], "n": c["whole"]} for c in _shares()]
        self.assertIn(None, self._sql_values(formulas.WILSON_LOW, cases))
        for formula, bound in ((formulas.WILSON_LOW, 0), (formulas.WILSON_HIGH, 1)):
            self.assertSameValues(
                formula,
                cases,
                lambda c, bound=bound: (
                    indices.wilson_interval(c["successes"], c["n"]) or (None, None)
                )[bound],
            )

    def test_weighted_score(self):
        formula = formulas.WEIGHTED_SCORE_SIPAS5
        cases = [
            dict(zip(formula.inputs, counts, strict=True))
            for counts in product((0, 1, 3), repeat=5)
        ] + [dict(zip(formula.inputs, (7, 0, 11, 1, 997), strict=True))]
        self.assertSameValues(
            formula,
            cases,
            lambda c: indices.weighted_score(
                {value: c[f"level{value}_count"] for value in range(1, 6)}
            ),
        )

    def test_target_for_year(self):
        targets = {2025: 90.0, 2028: 91.0, 2030: 95.0, 2031: 95.125}
        cases = []
        for year in range(2023, 2034):
            before = [y for y in targets if y <= year]
            after = [y for y in targets if y > year]
            prev_year = max(before) if before else None
            next_year = min(after) if after else None
            cases.append(
                {
                    "year": year,
                    "prev_year": prev_year,
                    "prev_target": targets.get(prev_year),
                    "next_year": next_year,
                    "next_target": targets.get(next_year),
                }
            )
        self.assertSameValues(
            formulas.TARGET_FOR_YEAR,
            cases,
            lambda c: scoring.target_for_year(c["year"], targets),
        )

    def test_change_pp(self):
        values = (None, 0.0, 0.005, 50.0, 82.66, 83.94, 90.125, 100.0)
        self.assertSameValues(
            formulas.CHANGE_PP,
            ({"before": b, "after": a} for b, a in product(values, repeat=2)),
            lambda c: scoring.change_pp(c["before"], c["after"]),
        )
