"""Russian grammar for generated text: one place that declines names and positions, knows a person's
grammatical gender, and formats numbers, percentages and dates (DESIGN.md «Russian text»).

Documents, e-mail and messages call these functions (or the `{% load russian %}` filters); nobody builds a
declined string by hand. A word the libraries cannot decline stays in the nominative.
"""

from .declension import (
    CASES,
    decline_full,
    decline_name_string,
    decline_phrase,
    decline_short,
    initials_first,
    name_with_position,
)
from .gender import FEMALE, MALE, agree, person_gender
from .numbers import ru_date, ru_number, ru_percent

__all__ = [
    "CASES",
    "FEMALE",
    "MALE",
    "agree",
    "decline_full",
    "decline_name_string",
    "decline_phrase",
    "decline_short",
    "initials_first",
    "name_with_position",
    "person_gender",
    "ru_date",
    "ru_number",
    "ru_percent",
]
