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
from dataclasses import dataclass, field
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
    # the tree compiled once (:func:`compile_formula`) and memoised per inputs
    _fast: object = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # A grouped report evaluates the same few formulas for tens of thousands
        # of groups, many with the same counts.
        object.__setattr__(
            self, "_fast", lru_cache(maxsize=MEMO_SIZE)(compile_formula(self))
        )

    def __call__(self, *args, **kwargs) -> float | None:
        """The Python value, inputs by position (in ``inputs`` order) or by name."""
        if kwargs or len(args) != len(self.inputs):
            values = dict(zip(self.inputs, args))
            values.update(kwargs)
            if not all(name in values for name in self.inputs):
                # the reference says which input is missing (if it is needed)
                return evaluate(self.tree, values)
            args = tuple(values[name] for name in self.inputs)
        try:
            return self._fast(*args)
        except TypeError:  # an unhashable input
            return self._fast.__wrapped__(*args)


# Values kept per formula (a few MB at most).
MEMO_SIZE = 65536


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
# The same evaluation, compiled
# ----------------------------------------------------------------------


def _pair(value) -> tuple:
    """An input as (numerator, denominator > 0), as :func:`_exact` reads it;
    ``(None, 1)`` for no value."""
    if value is None:
        return None, 1
    if type(value) is int:
        return value, 1
    exact = _exact(value)
    return exact.numerator, exact.denominator


def _extreme(kind: str, *values) -> tuple:
    """``greatest``/``least`` of (numerator, denominator) pairs, skipping None."""
    best = None
    for numerator, denominator in values:
        if numerator is None:
            continue
        if best is None:
            best = numerator, denominator
            continue
        left, right = numerator * best[1], best[0] * denominator
        if left > right if kind == "greatest" else left < right:
            best = numerator, denominator
    return best or (None, 1)


def _sqrt_pair(numerator: int, denominator: int) -> tuple:
    if numerator < 0:
        raise ValueError("sqrt of a negative number")
    # float(Fraction) is numerator / denominator, correctly rounded whether or
    # not the fraction is reduced: the same float, the same square root
    return math.sqrt(numerator / denominator).as_integer_ratio()


# Each operation on pairs (a, b) and (c, d): the same rational as Fraction's,
# left unreduced (``_op`` gives the rules: None, division by 0).
_PAIR_OPS = {
    "add": "{n} = {a} * {d} + {c} * {b}; {m} = {b} * {d}",
    "sub": "{n} = {a} * {d} - {c} * {b}; {m} = {b} * {d}",
    "mul": "{n} = {a} * {c}; {m} = {b} * {d}",
    "div": ("{n} = {a} * {d}; {m} = {b} * {c}\nif {m} < 0: {n} = -{n}; {m} = -{m}"),
    "sqrt": "{n}, {m} = _sqrt_pair({a}, {b})",
    # floor(|x| * 100 + 1/2) / 100, with the sign of x
    "round2": (
        "{n} = (200 * abs({a}) + {b}) // (2 * {b}); {m} = 100\nif {a} < 0: {n} = -{n}"
    ),
}


class _Compiler:
    """Python source computing a tree exactly as :func:`evaluate` does.

    The same rational numbers, as integer pairs (numerator, denominator > 0)
    left unreduced rather than ``Fraction`` objects, and the same floats: a
    square root and the result are ``numerator / denominator``, which Python
    rounds correctly whatever the pair. The walk of the tree is done once,
    here; a subtree that occurs twice (``p``, ``z²``, ``n`` in the Wilson
    bounds) is computed once per branch. Conditions and the values of
    ``Case`` stay lazy: a step runs only where the tree evaluation runs it.
    """

    def __init__(self, inputs):
        self.lines = []
        self.constants = {}
        self.count = 0
        self.inputs = {name: f"i{index}" for index, name in enumerate(inputs)}

    def names(self):
        self.count += 1
        return f"n{self.count}", f"d{self.count}"

    def emit(self, indent, text):
        for line in text.split("\n"):
            self.lines.append("    " * indent + line)

    def value(self, tree, indent, known):
        """(numerator, denominator, may be None) of ``tree``: names of variables
        or constants; ``known``: subtrees already computed in this branch."""
        if tree in known:
            return known[tree]
        if isinstance(tree, Input):
            numerator, denominator = self.names()
            if tree.name in self.inputs:
                self.emit(
                    indent,
                    f"{numerator}, {denominator} = _pair({self.inputs[tree.name]})",
                )
            else:  # not an input of the formula: fails where the tree would
                message = f"no value for input {tree.name!r}"
                self.emit(indent, f"raise ValueError({message!r})")
            result = numerator, denominator, True
        elif isinstance(tree, Const):
            exact = _exact(tree.value)
            result = str(exact.numerator), str(exact.denominator), False
        elif isinstance(tree, Null):
            return "None", "1", True
        elif isinstance(tree, Op):
            if tree.kind not in OPS:
                raise ValueError(f"unknown operation {tree.kind!r}")
            args = [self.value(arg, indent, known) for arg in tree.args]
            numerator, denominator = self.names()
            if tree.kind in ("greatest", "least"):
                pairs = ", ".join(f"({arg[0]}, {arg[1]})" for arg in args)
                self.emit(
                    indent,
                    f"{numerator}, {denominator} = _extreme({tree.kind!r}, {pairs})",
                )
            else:
                (a, b, _none), (c, d, _none2) = (args + [(None, None, False)])[:2]
                missing = list(dict.fromkeys(arg[0] for arg in args if arg[2]))
                if tree.kind == "div":
                    missing.append(f"{c} == 0")
                step = _PAIR_OPS[tree.kind].format(
                    a=a, b=b, c=c, d=d, n=numerator, m=denominator
                )
                if missing:
                    condition = " or ".join(
                        name if name.endswith("== 0") else f"{name} is None"
                        for name in missing
                    )
                    self.emit(indent, f"if {condition}:")
                    self.emit(indent + 1, f"{numerator} = None; {denominator} = 1")
                    self.emit(indent, "else:")
                    self.emit(indent + 1, step)
                else:
                    self.emit(indent, step)
            result = numerator, denominator, True
        elif isinstance(tree, Case):
            numerator, denominator = self.names()
            self.case(tree.whens, tree.default, (numerator, denominator), indent, known)
            result = numerator, denominator, True
        else:
            raise TypeError(f"not a formula node: {tree!r}")
        known[tree] = result
        return result

    def assign(self, target, tree, indent, known):
        numerator, denominator, _none = self.value(tree, indent, known)
        self.emit(indent, f"{target[0]} = {numerator}; {target[1]} = {denominator}")

    def case(self, whens, default, target, indent, known):
        if not whens:
            self.assign(target, default, indent, dict(known))
            return
        (test, value), rest = whens[0], whens[1:]
        holds = self.test(test, indent, known)
        self.emit(indent, f"if {holds}:")
        self.assign(target, value, indent + 1, dict(known))
        self.emit(indent, "else:")
        self.case(rest, default, target, indent + 1, dict(known))

    def test(self, test, indent, known):
        """Name of a variable holding whether ``test`` holds (:func:`_holds`)."""
        if test.kind not in TESTS:
            raise ValueError(f"unknown test {test.kind!r}")
        name = self.names()[0].replace("n", "h")
        if test.kind == "or":
            self.emit(indent, f"{name} = False")
            inner, scope = indent, known
            for arg in test.args:
                holds = self.test(arg, inner, scope)
                self.emit(inner, f"if {holds}:")
                self.emit(inner + 1, f"{name} = True")
                self.emit(inner, "else:")
                inner, scope = inner + 1, dict(scope)
            self.emit(inner, "pass")
            return name
        args = [self.value(arg, indent, known) for arg in test.args]
        if test.kind == "is_null":
            self.emit(indent, f"{name} = {args[0][0]} is None")
        else:
            (a, b, _none), (c, d, _none2) = args
            present = [f"{arg[0]} is not None" for arg in args if arg[2]]
            self.emit(
                indent,
                f"{name} = {' and '.join([*present, f'{a} * {d} == {c} * {b}'])}",
            )
        return name


def compile_formula(formula: Formula):
    """A function of the formula's inputs (in ``inputs`` order) returning what
    :func:`evaluate` returns for them, generated from the formula's tree.
    """
    compiler = _Compiler(formula.inputs)
    numerator, denominator, _none = compiler.value(formula.tree, 1, {})
    parameters = ", ".join(compiler.inputs.values())
    source = "\n".join(
        [
            f"def {formula.name}({parameters}):",
            *compiler.lines,
            f"    return None if {numerator} is None else {numerator} / {denominator}",
        ]
    )
    namespace = {"_pair": _pair, "_extreme": _extreme, "_sqrt_pair": _sqrt_pair}
    exec(compile(source, f"<formula {formula.name}>", "exec"), namespace)  # noqa: S102
    function = namespace[formula.name]
    function.source = source
    return function


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
