"""Answers of the citizen evaluation that the dossier can pre-fill (pure).

NĐ 118/2025/NĐ-CP Điều 33 khoản 1 lists what the citizen evaluates; two of
its points are facts the dossier already records:

* a) the time taken to return the result against the rules: the dossier's
  final due moment and its return, judged in Vietnam time
  (``deadlines.is_overdue``);
* c) the times the receiving agency had to be contacted to complete the
  dossier: the supplement requests recorded on the dossier (Điều 19.5; a
  dossier is asked to be supplemented once, on the standard form, Điều 16.3
  and 17.1.c).

The decree sets no point scale and no mapping of these facts to answers.
The rules below are this module's choices [verify], documented in the
README ("Methods and sources"):

* each fact is favourable, neutral or unfavourable: returned on time is
  favourable, late unfavourable (QĐ 766/QĐ-TTg indicator 5.4 counts an
  overdue dossier against satisfaction as it counts a "dislike"); no
  supplement request is favourable, one (what the decree allows) neutral,
  more than one unfavourable;
* on the questionnaire's scale, favourable is the lowest level that counts
  as satisfied; unfavourable its mirror below the middle (or, when the
  mirror counts as satisfied, the highest level that does not); neutral the
  middle level when the scale has one that is not satisfied. On the SIPAS
  5-level scale: favourable 4 "Satisfied", neutral 3, unfavourable 2
  "Dissatisfied".

The citizen sees the pre-filled level and may keep it or choose another;
the response line records which (``satisfaction.response.line``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from .catalogues import DERIVE_RETURN_TIME, DERIVE_SUPPLEMENTS
from .deadlines import due_moment, is_overdue
from .periods import to_local

ON_TIME = "on_time"
LATE = "late"

FAVOURABLE = "favourable"
NEUTRAL = "neutral"
UNFAVOURABLE = "unfavourable"


def return_time_fact(
    due: datetime | None, returned: datetime | date | None
) -> str | None:
    """Point a): ``"on_time"`` or ``"late"`` against the final due moment,
    in Vietnam time (a due at 00:00 Vietnam time is the whole day, as in
    ``deadlines.due_moment``); ``None`` when the dossier has no due or no
    return (the page then asks without pre-filling)."""
    if due is None or due is False or returned is None or returned is False:
        return None
    return LATE if is_overdue(due_moment(due), returned) else ON_TIME


def supplements_fact(requests: int | None) -> int | None:
    """Point c): the number of supplement requests, or ``None`` when the
    dossier model does not record them."""
    if requests is None:
        return None
    if isinstance(requests, bool) or not isinstance(requests, int) or requests < 0:
        raise ValueError(f"requests must be a non-negative int (got {requests!r})")
    return requests


def fact_standing(derive: str, fact: str | int | None) -> str | None:
    """Whether a dossier fact speaks for or against the service (see the
    module's docstring), or ``None`` when unknown."""
    if fact is None:
        return None
    if derive == DERIVE_RETURN_TIME:
        return {ON_TIME: FAVOURABLE, LATE: UNFAVOURABLE}.get(fact)
    if derive == DERIVE_SUPPLEMENTS:
        if isinstance(fact, bool) or not isinstance(fact, int) or fact < 0:
            return None
        return FAVOURABLE if fact == 0 else NEUTRAL if fact == 1 else UNFAVOURABLE
    return None


def standing_level(
    standing: str | None, values: Iterable[int], satisfied: Iterable[int]
) -> int | None:
    """The scale level that pre-fills an answer of ``standing``, or ``None``
    when the scale has no such level (the question is then asked as usual)."""
    values = sorted(set(values))
    satisfied = set(satisfied) & set(values)
    if standing is None or not satisfied or len(satisfied) == len(values):
        return None
    favourable = min(satisfied)
    if standing == FAVOURABLE:
        return favourable
    below = [value for value in values if value < favourable]
    if not below:
        return None
    if standing == UNFAVOURABLE:
        mirror = values[len(values) - 1 - values.index(favourable)]
        return mirror if mirror in below else max(below)
    if standing == NEUTRAL and len(values) % 2:
        middle = values[len(values) // 2]
        unfavourable = standing_level(UNFAVOURABLE, values, satisfied)
        if middle not in satisfied and unfavourable is not None:
            return middle if unfavourable < middle < favourable else None
    return None


def derived_level(
    derive: str | None,
    fact: str | int | None,
    values: Iterable[int],
    satisfied: Iterable[int],
) -> int | None:
    """The pre-filled level of a question derived from ``fact`` (``None``:
    nothing to pre-fill)."""
    if not derive:
        return None
    return standing_level(fact_standing(derive, fact), values, satisfied)


def moment_text(value: datetime | date | None, due: bool = False) -> str:
    """``value`` as staff read it, in Vietnam time: ``dd/mm/yyyy HH:MM``, or
    ``dd/mm/yyyy`` for a date. ``due``: a due moment, where a date or 00:00
    Vietnam time is the whole day (``deadlines.due_moment``), shown as its
    last minute. Empty for no value."""
    if value is None or value is False:
        return ""
    if due:
        value = due_moment(value)
    elif not isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    return to_local(value).strftime("%d/%m/%Y %H:%M")
