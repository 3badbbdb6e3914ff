"""Step 2: each row to a person already in the school, by the first rule that finds someone.

Rules in order (issue 14): e-mail; full name + date of birth; full name + year of birth; full name + class
(pupils) or position (staff). One candidate is the person; several leave the row «неоднозначно» until the
curator picks one (or «новый человек»); none means a new person. Finally, people of the same full name whose
known data does not contradict the row are offered as candidates (even a single one: a name alone is not
proof), so a file without dates does not silently duplicate someone.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Person
from .parse import norm

RULES = {
    "email": gettext_lazy("e-mail"),
    "birth_date": gettext_lazy("full name and date of birth"),
    "birth_year": gettext_lazy("full name and year of birth"),
    "grade": gettext_lazy("full name and class"),
    "position": gettext_lazy("full name and position"),
    "name": gettext_lazy("full name only"),
    "choice": gettext_lazy("the curator's choice"),
}
NEW = "new"  # the curator's choice for an ambiguous row: a new person
PERSON_FIELDS = (
    "id", "last_name", "first_name", "patronymic", "category", "position", "subject", "grade", "birth_date",
    "career_start_year", "workplace", "email", "phone", "representative_contacts", "anonymised_at",
)  # fmt: skip


def name_key(last: str, first: str, patronymic: str) -> tuple[str, str, str]:
    return norm(last), norm(first), norm(patronymic)


@dataclass
class Match:
    person: Person | None = None
    rule: str = ""  # a key of RULES; "" for a new person
    candidates: list[Person] = field(default_factory=list)
    conflict: str = ""  # the e-mail belongs to someone else than the name and date say

    @property
    def ambiguous(self) -> bool:
        return self.person is None and len(self.candidates) > 0


class PeopleIndex:
    """Everyone active, loaded once, keyed for the rules."""

    def __init__(self):
        self.people: dict[int, Person] = {}
        self.by_email: dict[str, Person] = {}
        self.by_name: dict[tuple, list[Person]] = {}
        for person in Person.objects.active().only(*PERSON_FIELDS).order_by("pk"):
            self.people[person.pk] = person
            if person.email:
                self.by_email[person.email.lower()] = person
            self.by_name.setdefault(name_key(person.last_name, person.first_name, person.patronymic), []).append(person)


def _same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and norm(a) == norm(b)


def _compatible(person: Person, fields: dict, birth_year: int | None) -> bool:
    """Nothing the row says contradicts what the school has."""
    born = fields.get("birth_date")
    if born and person.birth_date and born != person.birth_date:
        return False
    if birth_year and person.birth_date and person.birth_date.year != birth_year:
        return False
    if fields.get("grade") and person.grade and not _same(fields["grade"], person.grade):
        return False
    return not (fields.get("email") and person.email and fields["email"].lower() != person.email.lower())


def match_row(index: PeopleIndex, fields: dict, birth_year: int | None, choice: str | None = None) -> Match:
    """The person a row describes; `choice` is the curator's pick for an ambiguous row (a pk or NEW)."""
    by_email = index.by_email.get(fields.get("email", "").lower()) if fields.get("email") else None
    namesakes = index.by_name.get(name_key(fields["last_name"], fields["first_name"], fields.get("patronymic", "")), [])
    found, rule = [], ""
    born = fields.get("birth_date")
    if born:
        found, rule = [p for p in namesakes if p.birth_date == born], "birth_date"
    if not found and birth_year:
        found = [p for p in namesakes if p.birth_date and p.birth_date.year == birth_year]
        rule = "birth_year"
    if not found and fields.get("grade"):
        found, rule = [p for p in namesakes if _same(p.grade, fields["grade"])], "grade"
    if not found and fields.get("position"):
        found, rule = [p for p in namesakes if _same(p.position, fields["position"])], "position"
    if by_email is not None:
        if len(found) == 1 and found[0].pk != by_email.pk:
            return Match(
                conflict=_("this email belongs to %(other)s, while the %(rule)s match %(person)s.")
                % {"other": by_email, "rule": RULES[rule], "person": found[0]}
            )
        return Match(person=by_email, rule="email")
    if not found:
        found, rule = [p for p in namesakes if _compatible(p, fields, birth_year)], "name"
    if choice:
        if choice == NEW:
            return Match(rule="choice")
        picked = next((p for p in found if str(p.pk) == str(choice)), None)
        if picked is not None:
            return Match(person=picked, rule="choice")
    if len(found) == 1 and rule != "name":
        return Match(person=found[0], rule=rule)
    return Match(candidates=found, rule=rule if found else "")
