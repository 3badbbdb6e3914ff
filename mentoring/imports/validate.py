"""Step 3: what each row will do, checked in Python against sets loaded once (people, e-mails, consents, entries).

No query per row: the database constraints stay the backstop (commit.py), and every rule they hold is checked
here first so the curator reads a Russian message on the row and column instead.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import Category, MenteeStatus, MentorStatus
from ..models import Consent, MenteeProfile, MentorProfile, Person
from ..models.banks import MAX_CAPACITY
from ..selectors import valid_consent_q
from .match import NEW, RULES, Match, PeopleIndex, match_row, name_key
from .parse import Table
from .rows import RowError, RowReader, skip_reason, text

BLOCKING = ("error", "ambiguous", "no_consent")
LENGTHS = {
    "last_name": 100, "first_name": 100, "patronymic": 100, "position": 200, "subject": 200, "grade": 100,
    "workplace": 300, "phone": 50, "representative_contacts": 300, "desired_mentee_age": 100,
    "available_period": 200,
}  # fmt: skip
FIELD_COLUMNS = {"career_start_year": "experience", "requests": "directions", "preferred_form": "form"}
FIELD_COLUMNS |= {"preferred_forms": "form", "representative_contacts": "representative"}
PROGRESS_EVERY = 250


@dataclass
class RowPlan:
    row: int
    status: str  # create / update / unchanged / skip / merged / ambiguous / no_consent / error
    name: str = ""
    rule: str = ""
    person_id: int | None = None
    person_label: str = ""
    candidates: list[tuple[int, str]] = field(default_factory=list)
    note: str = ""
    changes: list[str] = field(default_factory=list)
    bank: str = ""  # "" / create / update
    profile_id: int | None = None
    errors: list[RowError] = field(default_factory=list)
    person_fields: dict = field(default_factory=dict)
    bank_fields: dict = field(default_factory=dict)

    @property
    def rule_label(self) -> str:
        return str(RULES.get(self.rule, ""))


def _label(person: Person) -> str:
    born = f", {person.birth_date:%d.%m.%Y}" if person.birth_date else ""
    where = person.grade or person.position
    return f"{person.full_name}{born}{', ' + where if where else ''}"


class Validator:
    def __init__(self, table: Table, target: str, year=None, choices: dict | None = None):
        self.table, self.target, self.year = table, target, year
        self.choices = {str(k): str(v) for k, v in (choices or {}).items()}
        self.reader = RowReader(table, target)
        self.index = PeopleIndex()
        self.emails: dict[str, int] = {}  # e-mail → first row that gives it
        self.rows_seen: dict[tuple, int] = {}  # cell values → first row
        self.people_seen: dict = {}  # person pk or new person's key → first row
        self.consented: set[int] = set()
        self.profiles: dict[int, object] = {}
        if target != "people":
            self.consented = set(Consent.objects.filter(valid_consent_q()).values_list("person_id", flat=True))
            model = MenteeProfile if target == "mentees" else MentorProfile
            self.profiles = {p.person_id: p for p in model.objects.filter(year=year)}

    def column_for(self, name: str) -> str:
        column = self.table.column_label(FIELD_COLUMNS.get(name, name))
        return column or self.table.column_label("full_name")

    def error(self, plan: RowPlan, name: str, message: str) -> None:
        plan.errors.append(RowError(plan.row, self.column_for(name) if name else "", message))
        plan.status = "error"

    def plan(self, number: int, values: list) -> RowPlan:
        signature = tuple(text(v) for v in values)
        while signature and not signature[-1]:
            signature = signature[:-1]
        if signature in self.rows_seen:
            first = self.rows_seen[signature]
            note = _("row %(row)s repeats row %(first)s") % {"row": number, "first": first}
            name = text(self.table.cell(values, "full_name")) or text(self.table.cell(values, "last_name"))
            return RowPlan(number, "merged", name=name, note=note)
        self.rows_seen[signature] = number
        reason = skip_reason(self.table, values)
        if reason:
            return RowPlan(number, "skip", note=reason)
        data = self.reader.read(number, values)
        plan = RowPlan(number, "error" if data.errors else "", name=data.name, errors=data.errors)
        if data.errors:
            return plan
        fields = data.person
        match = match_row(self.index, fields, data.birth_year, self.choices.get(str(number)))
        plan.rule = match.rule
        if match.conflict:
            self.error(plan, "email", match.conflict)
            return plan
        if match.ambiguous:
            plan.status = "ambiguous"
            plan.candidates = [(p.pk, _label(p)) for p in match.candidates]
            return plan
        self._person(plan, match, fields, data.birth_year)
        if plan.status != "error" and self.target != "people":
            self._bank(plan, match.person, data.bank)
        return plan

    def _person(self, plan: RowPlan, match: Match, fields: dict, birth_year) -> None:
        person = match.person
        key = person.pk if person else name_key(fields["last_name"], fields["first_name"], fields["patronymic"])
        if person is None:
            key = (*key, fields.get("birth_date") or birth_year)
        if key in self.people_seen:
            first = self.people_seen[key]
            self.error(
                plan,
                "last_name",
                _("rows %(first)s and %(row)s describe the same person differently; keep one row per person.")
                % {"first": first, "row": plan.row},
            )
            return
        self.people_seen[key] = plan.row
        for name, limit in LENGTHS.items():
            if len(str(fields.get(name) or "")) > limit:
                self.error(
                    plan,
                    name,
                    ngettext("at most %(limit)s character.", "at most %(limit)s characters.", limit) % {"limit": limit},
                )
        email = fields.get("email", "")
        if email:
            owner = self.index.by_email.get(email)
            if owner is not None and (person is None or owner.pk != person.pk):
                self.error(plan, "email", _("another person already has the email %(email)s.") % {"email": email})
            elif email in self.emails:
                self.error(plan, "email", _("the same email as in row %(row)s.") % {"row": self.emails[email]})
            self.emails.setdefault(email, plan.row)
        start = fields.get("career_start_year")
        if start is not None and not 1940 <= start <= 2100:
            self.error(plan, "career_start_year", _("the years of service are not plausible."))
        if person is None:
            fields.setdefault("category", Category.STUDENT if fields.get("grade") else Category.TEACHER)
            grade = fields.get("grade", "")
        else:
            plan.person_id, plan.person_label = person.pk, _label(person)
            grade = fields.get("grade") or person.grade
        if fields.get("category", getattr(person, "category", "")) == Category.STUDENT and not grade:
            self.error(plan, "grade", _("for a student, give the class, e.g. «7Б»."))
        if plan.status == "error":
            return
        if person is None:
            plan.status, plan.person_fields = "create", fields
            return
        # An update fills in what the file says; an empty cell never erases what the school already has.
        changes = {k: v for k, v in fields.items() if v not in ("", None) and getattr(person, k) != v}
        plan.person_fields = changes
        plan.changes = [str(Person._meta.get_field(k).verbose_name) for k in changes]
        plan.status = "update" if changes else "unchanged"

    def _bank(self, plan: RowPlan, person: Person | None, fields: dict) -> None:
        capacity = fields.get("capacity")
        if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
            self.error(
                plan,
                "capacity",
                ngettext(
                    "a mentor takes from 1 to %(max)s mentee.",
                    "a mentor takes from 1 to %(max)s mentees.",
                    MAX_CAPACITY,
                )
                % {"max": MAX_CAPACITY},
            )
        for name in ("desired_mentee_age", "available_period"):
            if len(fields.get(name, "")) > LENGTHS[name]:
                self.error(
                    plan,
                    name,
                    ngettext("at most %(limit)s character.", "at most %(limit)s characters.", LENGTHS[name])
                    % {"limit": LENGTHS[name]},
                )
        if plan.status == "error":
            return
        if person is None:
            self.error(
                plan,
                "",
                _(
                    "%(name)s is not in the list of people yet, so has no consent: import the list of people "
                    "first, record the consent, then import the bank."
                )
                % {"name": plan.name},
            )
            return
        if person.pk not in self.consented:
            # 152-ФЗ art. 9: a person enters a bank only with a valid personal-data consent.
            plan.status = "no_consent"
            plan.note = _("%(name)s has no valid personal-data consent.") % {"name": person.full_name}
            return
        profile = self.profiles.get(person.pk)
        if profile is None:
            if self.target == "mentees":
                fields.setdefault("entered_on", self.reader.today)
            plan.bank, plan.bank_fields = "create", fields
        elif profile.status in (MentorStatus.LEFT, MenteeStatus.LEFT):
            self.error(plan, "", _("%(name)s has left the bank this year.") % {"name": person.full_name})
        else:
            changes = {k: v for k, v in fields.items() if getattr(profile, k) != v}
            if changes:
                plan.bank, plan.bank_fields, plan.profile_id = "update", changes, profile.pk
        if plan.bank and plan.status == "unchanged":
            plan.status = "update"


def rows_plan(*, table: Table, target: str, year=None, choices: dict | None = None, progress=None) -> list[RowPlan]:
    """Plan every row of the table; `choices` maps a row number to a person pk or «new» for ambiguous rows."""
    validator = Validator(table, target, year, choices)
    plans = []
    for done, (number, values) in enumerate(table.rows, start=1):
        plans.append(validator.plan(number, values))
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(table.rows))
    return plans


__all__ = ["BLOCKING", "NEW", "RowPlan", "rows_plan"]
