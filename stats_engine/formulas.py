"""The core's formulas (``satisfaction_survey/formulas.py``) as SQL expressions.

A formula is declared once, as a tree, in the pure core; :func:`render`
turns the same tree into an ``odoo.tools.SQL`` expression so that a report
row shows the figure the core computes for a group. A division by 0 is NULL
(``nullif``), ``round2`` is ``round(numeric, 2)`` (half away from zero).
Arithmetic is done in ``numeric`` (exact, like the core's fractions), except
in a formula with a square root (the Wilson bounds), which is approximate in
the core too: there ``float8``, several times faster than numeric over a
report's rows, and still equal to the core's value once rounded to 2 decimals.
"""

from decimal import Decimal

from odoo.tools import SQL

from ..satisfaction_survey import formulas, indices

_OPERATORS = {
    "add": SQL("+"),
    "sub": SQL("-"),
    "mul": SQL("*"),
}


_NUMERIC = SQL("numeric")
_FLOAT = SQL("float8")


def _number(value, kind):
    """A number as a parameter (a float by its decimal, like the core)."""
    if isinstance(value, bool):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, float):
        value = Decimal(str(value))
    elif isinstance(value, str):
        value = Decimal(value)
    return SQL("%s::%s", value, kind)


def _input(value, kind):
    if value is None:
        return SQL("NULL::%s", kind)
    if isinstance(value, SQL):
        return SQL("(%s)::%s", value, kind)
    return _number(value, kind)


def _render(tree, inputs, kind):
    if isinstance(tree, formulas.Input):
        try:
            return _input(inputs[tree.name], kind)
        except KeyError:
            raise ValueError(f"no SQL for input {tree.name!r}") from None
    if isinstance(tree, formulas.Const):
        return _number(tree.value, kind)
    if isinstance(tree, formulas.Null):
        # untyped: a CASE takes the type of its other branches (round2: numeric)
        return SQL("NULL")
    if isinstance(tree, formulas.Case):
        whens = SQL(" ").join(
            SQL(
                "WHEN %s THEN %s",
                _test(test, inputs, kind),
                _render(value, inputs, kind),
            )
            for test, value in tree.whens
        )
        return SQL("CASE %s ELSE %s END", whens, _render(tree.default, inputs, kind))
    if not isinstance(tree, formulas.Op):
        raise TypeError(f"not a formula node: {tree!r}")
    args = [_render(arg, inputs, kind) for arg in tree.args]
    if tree.kind in _OPERATORS:
        return SQL("(%s %s %s)", args[0], _OPERATORS[tree.kind], args[1])
    if tree.kind == "div":
        return SQL("(%s / nullif(%s, 0))", args[0], args[1])
    if tree.kind == "sqrt":
        return SQL("sqrt(%s)", args[0])
    if tree.kind == "greatest":
        return SQL("greatest(%s)", SQL(", ").join(args))
    if tree.kind == "least":
        return SQL("least(%s)", SQL(", ").join(args))
    if tree.kind == "round2":
        return SQL("round((%s)::numeric, 2)", args[0])
    raise ValueError(f"unknown operation {tree.kind!r}")


def _test(test, inputs, kind):
    if test.kind == "or":
        return SQL(
            "(%s)", SQL(" OR ").join(_test(arg, inputs, kind) for arg in test.args)
        )
    args = [_render(arg, inputs, kind) for arg in test.args]
    if test.kind == "is_null":
        return SQL("(%s IS NULL)", args[0])
    if test.kind == "eq":
        return SQL("(%s = %s)", args[0], args[1])
    raise ValueError(f"unknown test {test.kind!r}")


def render(formula, **inputs):
    """``formula`` as a SQL expression (numeric).

    Every input of the formula is given by name: an ``SQL`` expression (a
    column, another rendered formula), a number (sent as a parameter, e.g.
    z) or None.
    """
    missing = set(formula.inputs) - set(inputs)
    if missing:
        raise ValueError(f"{formula.name}: no SQL for {sorted(missing)}")
    kind = _NUMERIC if formulas.is_exact(formula.tree) else _FLOAT
    return _render(formula.tree, inputs, kind)


def columns(alias, **names):
    """``{input: SQL column alias.name}``: the inputs of a formula read from a row."""
    return {key: SQL.identifier(alias, name) for key, name in names.items()}


def wilson_bounds(successes, n, z=indices.Z_95):
    """(low, high) SQL of the Wilson interval of ``successes``/``n`` in percent."""
    return (
        render(formulas.WILSON_LOW, successes=successes, n=n, z=z),
        render(formulas.WILSON_HIGH, successes=successes, n=n, z=z),
    )
