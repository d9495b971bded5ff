"""What a rating page asks: the questions of a questionnaire, in page order.

The public page, the counter kiosk and the staff entry wizard all ask the
same questions: the criteria of the questionnaire in order, the criteria
asked per officer repeated once for each officer who served the dossier.
This module holds that expansion and the grouping the pages show, over
plain immutable values, so that the Odoo layer can cache a questionnaire's
layout between requests (``satisfaction.questionnaire._page_layout``).

Officers are any objects with an ``id`` (hr.employee records in Odoo).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageElement:
    id: int
    name: str


@dataclass(frozen=True)
class PageCriterion:
    id: int
    code: str  # stable across questionnaire versions
    name: str
    question_type: str  # "scale" or "text"
    required: bool
    is_officer_criterion: bool
    element: PageElement
    is_overall: bool = False  # the question of the quick page
    # pre-filled from the dossier (``catalogues.DERIVE_*``), or None
    derive: str | None = None


@dataclass(frozen=True)
class PageLevel:
    value: int
    name: str
    emoji: str
    low: bool  # a low answer: the page asks why (follow-up)
    satisfied: bool = False  # counts as satisfied in the indices


@dataclass(frozen=True)
class PageLayout:
    """A questionnaire as its pages show it, in one language."""

    criteria: tuple  # PageCriterion, in page order
    levels: tuple  # PageLevel, most satisfied first
    ask_comment: bool
    comment_label: str
    intro: object  # HTML (markup) or None
    quick: bool = False  # opens on the overall question alone (two taps)

    @property
    def scale_values(self):
        return tuple(level.value for level in self.levels)

    @property
    def low_values(self):
        return frozenset(level.value for level in self.levels if level.low)

    @property
    def satisfied_values(self):
        return frozenset(level.value for level in self.levels if level.satisfied)


def question_key(criterion_id, officer_id=None):
    """Form field name of a question: ``q<criterion>`` or
    ``q<criterion>_e<officer>``.
    """
    return f"q{criterion_id}_e{officer_id}" if officer_id else f"q{criterion_id}"


def question_items(criteria, officers):
    """Questions as asked, officer criteria repeated per officer.

    Returns a list of dicts: key (form field name), criterion, officer (or
    False when the question is not about one officer).
    """
    items = []
    for criterion in criteria:
        if (
            criterion.question_type == "scale"
            and criterion.is_officer_criterion
            and officers
        ):
            for officer in officers:
                items.append(
                    {
                        "key": question_key(criterion.id, officer.id),
                        "criterion": criterion,
                        "officer": officer,
                    }
                )
        else:
            items.append(
                {
                    "key": question_key(criterion.id),
                    "criterion": criterion,
                    "officer": False,
                }
            )
    return items


def group_items(items):
    """Group question items by element, then by officer, keeping their order.

    Returns ``[{"element", "groups": [{"officer", "items": [item]}]}]`` where
    each item is a copy of a question item with its ``number`` on the page.
    """
    elements = []
    by_element = {}
    by_group = {}
    for item in items:
        element = item["criterion"].element
        officer = item["officer"]
        if element.id not in by_element:
            by_element[element.id] = {"element": element, "groups": []}
            elements.append(by_element[element.id])
        group_key = (element.id, officer.id if officer else 0)
        if group_key not in by_group:
            by_group[group_key] = {"officer": officer, "items": []}
            by_element[element.id]["groups"].append(by_group[group_key])
        by_group[group_key]["items"].append(dict(item))
    number = 0
    for element in elements:
        for group in element["groups"]:
            for item in group["items"]:
                number += 1
                item["number"] = number
    return elements


def quick_items(items):
    """The question of a quick page: the first overall scale question that is
    not asked per officer, as a list of zero or one question item.
    """
    for item in items:
        criterion = item["criterion"]
        if (
            criterion.is_overall
            and criterion.question_type == "scale"
            and not item["officer"]
        ):
            return [item]
    return []


def reason_key(key):
    """Form field name of the reason box under the question ``key``."""
    return f"reason_{key}"


def compose_reasons(reasons):
    """One text from the reasons given under several questions.

    ``reasons``: ``(question label, reason)`` pairs in page order; empty
    reasons are left out. A single reason is kept as typed when it has no
    label, otherwise each line says which question it is about.
    """
    reasons = [(label, text) for label, text in reasons if text]
    if len(reasons) == 1 and not reasons[0][0]:
        return reasons[0][1]
    return "\n".join(f"{label}: {text}" if label else text for label, text in reasons)
