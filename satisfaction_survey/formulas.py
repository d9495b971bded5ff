"""Report formulas declared once, as expression trees over named inputs.

A report figure is needed twice: as a Python value (groups, scorecards, the
public page) and as a SQL expression (one per row of a list or pivot, so
that it can be sorted and filtered). Each formula is written here once, as
a tree of plain data; :func:`evaluate` computes it in Python and
``stats_engine/formulas.py`` renders the same tree as SQL. The functions of
:mod:`.indices` and :mod:`.scoring` evaluate these trees.

Semantics (shared by both evaluations, those of PostgreSQL ``numeric``):

* exact arithmetic (``Fraction`` here, ``numeric`` in SQL); only ``sqrt``
  is approximate (float here, numeric in SQL: both far below 0.005 pp);
* ``NULL`` (``None``) in, ``None`` out, and a division by 0 is ``None``;
  ``greatest``/``least`` skip ``None`` like PostgreSQL's;
* ``round2`` rounds half away from zero to 2 decimals (PostgreSQL
  ``round(numeric, 2)``; half-up for the non-negative shares).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, lru_cache, reduce

from .scales import SIPAS_5, Scale

# ----------------------------------------------------------------------
# The nodes
# ----------------------------------------------------------------------


def _operator(kind: str, reflected: bool = False):
    def method(self, other):
        return Op(kind, (node(other), self) if reflected else (self, node(other)))

    return method


@dataclass(frozen=True)
class Node:
    """A node of a formula; operators build trees (``a + b``, ``2 * a / b``)."""

    __add__ = _operator("add")
    __radd__ = _operator("add", reflected=True)
    __sub__ = _operator("sub")
    __rsub__ = _operator("sub", reflected=True)
    __mul__ = _operator("mul")
    __rmul__ = _operator("mul", reflected=True)
    __truediv__ = _operator("div")
    __rtruediv__ = _operator("div", reflected=True)


@dataclass(frozen=True)
class Input(Node):
    """A named input: a count, a target, a constant such as z."""

    name: str


@dataclass(frozen=True)
class Const(Node):
    """A number of the formula (kept exact: an int or a decimal string)."""

    value: int | str


@dataclass(frozen=True)
class Null(Node):
    """No value (SQL ``NULL``)."""


@dataclass(frozen=True)
class Op(Node):
    """An operation: ``add sub mul div sqrt greatest least round2``."""

    kind: str
    args: tuple


@dataclass(frozen=True)
class Test(Node):
    """A condition of :class:`Case`: ``eq`` (two args), ``is_null`` (one), ``or``."""

    kind: str
    args: tuple


@dataclass(frozen=True)
class Case(Node):
    """The value of the first ``(condition, value)`` that holds, else ``default``."""

    whens: tuple
    default: Node


OPS = ("add", "sub", "mul", "div", "sqrt", "greatest", "least", "round2")
TESTS = ("eq", "is_null", "or")


def node(value) -> Node:
    """``value`` as a node (a number becomes a :class:`Const`)."""
    if isinstance(value, Node):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"not a formula node: {value!r}")
    return Const(value if isinstance(value, int) else str(value))


def sqrt(value) -> Op:
    return Op("sqrt", (node(value),))


def greatest(*values) -> Op:
    return Op("greatest", tuple(node(v) for v in values))


def least(*values) -> Op:
    return Op("least", tuple(node(v) for v in values))


def round2(value) -> Op:
    return Op("round2", (node(value),))


def eq(a, b) -> Test:
    return Test("eq", (node(a), node(b)))


def is_null(a) -> Test:
    return Test("is_null", (node(a),))


def either(*tests) -> Test:
    return Test("or", tests)


def case(*whens, default) -> Case:
    return Case(tuple((test, node(value)) for test, value in whens), node(default))


@dataclass(frozen=True)
class Formula:
    """A named formula: its inputs (in order) and its tree."""

    name: str
    inputs: tuple[str, ...]
    tree: Node

    def __call__(self, *args, **kwargs) -> float | None:
        """The Python value, inputs by position (in ``inputs`` order) or by name."""
        values = dict(zip(self.inputs, args))
        values.update(kwargs)
        try:
            return _evaluate_memo(self, tuple(sorted(values.items())))
        except TypeError:  # an unhashable input
            return evaluate(self.tree, values)


# A grouped report evaluates the same few formulas for tens of thousands of
# groups, many with the same counts; exact evaluation costs milliseconds.
@lru_cache(maxsize=65536)
def _evaluate_memo(formula: Formula, items: tuple) -> float | None:
    return evaluate(formula.tree, dict(items))


# ----------------------------------------------------------------------
# The Python evaluator
# ----------------------------------------------------------------------


def _exact(value) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        # the decimal a user sees (90.1 is 901/10, not the binary float)
        return Fraction(str(value))
    return Fraction(value)


def _round2(value: Fraction) -> Fraction:
    magnitude = Fraction(math.floor(abs(value) * 100 + Fraction(1, 2)), 100)
    return magnitude if value >= 0 else -magnitude


def _op(kind: str, args: list):
    if kind in ("greatest", "least"):
        present = [arg for arg in args if arg is not None]
        if not present:
            return None
        return max(present) if kind == "greatest" else min(present)
    if any(arg is None for arg in args):
        return None
    if kind == "add":
        return args[0] + args[1]
    if kind == "sub":
        return args[0] - args[1]
    if kind == "mul":
        return args[0] * args[1]
    if kind == "div":
        return None if args[1] == 0 else args[0] / args[1]
    if kind == "sqrt":
        if args[0] < 0:
            raise ValueError("sqrt of a negative number")
        return Fraction(math.sqrt(args[0]))
    if kind == "round2":
        return _round2(args[0])
    raise ValueError(f"unknown operation {kind!r}")


def _value(tree: Node, values: Mapping):
    if isinstance(tree, Input):
        try:
            return _exact(values[tree.name])
        except KeyError:
            raise ValueError(f"no value for input {tree.name!r}") from None
    if isinstance(tree, Const):
        return _exact(tree.value)
    if isinstance(tree, Null):
        return None
    if isinstance(tree, Op):
        return _op(tree.kind, [_value(arg, values) for arg in tree.args])
    if isinstance(tree, Case):
        for test, value in tree.whens:
            if _holds(test, values):
                return _value(value, values)
        return _value(tree.default, values)
    raise TypeError(f"not a formula node: {tree!r}")


def _holds(test: Test, values: Mapping) -> bool:
    """Whether ``test`` holds; a comparison with ``None`` does not (SQL)."""
    if test.kind == "or":
        return any(_holds(arg, values) for arg in test.args)
    args = [_value(arg, values) for arg in test.args]
    if test.kind == "is_null":
        return args[0] is None
    if test.kind == "eq":
        return None not in args and args[0] == args[1]
    raise ValueError(f"unknown test {test.kind!r}")


def nodes(tree: Node):
    """Every node of ``tree``, conditions included (depth first)."""
    yield tree
    if isinstance(tree, (Op, Test)):
        for arg in tree.args:
            yield from nodes(arg)
    elif isinstance(tree, Case):
        for test, value in tree.whens:
            yield from nodes(test)
            yield from nodes(value)
        yield from nodes(tree.default)


def is_exact(tree: Node) -> bool:
    """Whether ``tree`` is rational arithmetic only (no square root)."""
    return not any(isinstance(n, Op) and n.kind == "sqrt" for n in nodes(tree))


def evaluate(tree: Node, values: Mapping) -> float | None:
    """The value of ``tree`` for the inputs ``values`` (name -> number or None)."""
    result = _value(tree, values)
    return None if result is None else float(result)


# ----------------------------------------------------------------------
# The formulas
# ----------------------------------------------------------------------


def _share(part: Node, whole: Node) -> Node:
    return round2(100 * part / whole)


# Share of a whole in percent: SIPAS index (QĐ 2640/QĐ-BNV), response rate,
# share of low ratings of a theme.
SHARE = Formula("share", ("part", "whole"), _share(Input("part"), Input("whole")))

# QĐ 766/QĐ-TTg: (dossiers − dossiers flagged) ÷ dossiers.
QD766_RATIO = Formula(
    "qd766_ratio",
    ("dossiers", "flagged"),
    _share(Input("dossiers") - Input("flagged"), Input("dossiers")),
)


def _wilson_bound(side: str) -> Node:
    successes, n, z = Input("successes"), Input("n"), Input("z")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    bound = greatest(0, centre - half) if side == "low" else least(1, centre + half)
    return case((eq(n, 0), Null()), default=round2(100 * bound))


# Wilson score interval of successes/n in percent (``z``: 1.96 for 95 %).
WILSON_LOW = Formula("wilson_low", ("successes", "n", "z"), _wilson_bound("low"))
WILSON_HIGH = Formula("wilson_high", ("successes", "n", "z"), _wilson_bound("high"))


def level_input(value: int) -> str:
    """Input name of the count of answers at scale value ``value``."""
    return f"level{value}_count"


@cache
def weighted_score_formula(scale: Scale) -> Formula:
    """Mean score, levels mapped linearly from 0 (lowest) to 100 (highest).

    Inputs ``level<value>_count``. On the 5-level scale the GOV.UK score
    (100·VS + 75·S + 50·N + 25·D + 0·VD) / n.
    """
    values = scale.values()
    steps = len(values) - 1
    counts = [Input(level_input(v)) for v in values]
    # whole points per level when 100 divides evenly (25, 50, 75, 100 on 5 levels)
    per_level = 100 // steps if 100 % steps == 0 else None
    points = reduce(
        operator.add,
        (
            (per_level * i if per_level else 100 * i) * count
            for i, count in enumerate(counts)
            if i
        ),
    )
    n = reduce(operator.add, counts)
    return Formula(
        f"weighted_score_{scale.code}",
        tuple(level_input(v) for v in values),
        round2(points / (n if per_level else steps * n)),
    )


# Linear interpolation of the yearly target between the set years before
# (``prev_*``) and after (``next_*``) ``year``; the last one holds after it.
TARGET_FOR_YEAR = Formula(
    "target_for_year",
    ("year", "prev_year", "prev_target", "next_year", "next_target"),
    case(
        (is_null(Input("prev_year")), Null()),
        (
            either(eq(Input("prev_year"), Input("year")), is_null(Input("next_year"))),
            Input("prev_target"),
        ),
        default=round2(
            Input("prev_target")
            + (Input("next_target") - Input("prev_target"))
            * (Input("year") - Input("prev_year"))
            / (Input("next_year") - Input("prev_year"))
        ),
    ),
)

# Change between two percentages in percentage points (after − before).
CHANGE_PP = Formula(
    "change_pp", ("before", "after"), round2(Input("after") - Input("before"))
)

WEIGHTED_SCORE_SIPAS5 = weighted_score_formula(SIPAS_5)

# Every formula rendered as SQL (``stats_engine/formulas.py`` tests each one).
FORMULAS = (
    SHARE,
    QD766_RATIO,
    WILSON_LOW,
    WILSON_HIGH,
    WEIGHTED_SCORE_SIPAS5,
    TARGET_FOR_YEAR,
    CHANGE_PP,
)
