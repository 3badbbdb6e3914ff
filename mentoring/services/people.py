"""Creating and editing people. Imports and forms both come through here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import Category
from ..kinds import current_kind_profile, unit_normalise
from ..models import Person

# What a curator or an import may set on a person; the account link and anonymisation are not among them.
EDITABLE_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "gender",
    "surname_indeclinable",
    "name_cases",
    "category",
    "position",
    "subject",
    "grade",
    "birth_date",
    "career_start_year",
    "workplace",
    "email",
    "phone",
    "representative_contacts",
)


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")


def _normalise(fields: dict) -> dict:
    cleaned = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = " ".join(value.split())
            if name == "email":
                value = value.lower()
            if name == "grade":
                value = unit_normalise(value)
        cleaned[name] = value
    return cleaned


def _check_rules(person: Person) -> None:
    """The Person constraints of the database, checked first so the user reads a message that says what to fix.

    Django's own constraint validation is skipped (it costs one query per constraint and its message names
    the constraint, not the problem); the database still enforces every constraint.
    """
    errors = {}
    if person.category == Category.STUDENT and not person.grade:
        errors["grade"] = str(current_kind_profile().unit_missing or _("For a student, give the class, e.g. «7Б»."))
    # Lower(email) with the constraint's own conditions, so PostgreSQL uses the partial unique index.
    same_email = (
        Person.objects.active()
        .exclude(email="")
        .annotate(email_ci=Lower("email"))
        .filter(email_ci=person.email.lower())
        .exclude(pk=person.pk)
    )
    if person.email and same_email.exists():
        errors["email"] = _("Another person already has the email %(email)s.") % {"email": person.email}
    if person.career_start_year is not None and not 1940 <= person.career_start_year <= 2100:
        errors["career_start_year"] = _("The year the career started must be between 1940 and 2100.")
    errors.update(_check_name_cases(person))
    if errors:
        raise ValidationError(errors)


def _check_name_cases(person: Person) -> dict:
    """Explicit forms of the name: known cases, each with as many words as the name has (surname, name, …)."""
    from ..russian import CASES

    cases = person.name_cases or {}
    if not isinstance(cases, dict) or set(cases) - set(CASES[1:]):
        return {"name_cases": _("Unknown grammatical case in the forms of the name.")}
    words = len(person.full_name.split())
    if any(len(str(form).split()) != words for form in cases.values() if str(form).strip()):
        return {
            "name_cases": ngettext(
                "Write each form of the name in full, %(count)s word as in the nominative.",
                "Write each form of the name in full, %(count)s words as in the nominative.",
                words,
            )
            % {"count": words}
        }
    return {}


# No savepoint of their own: one write each, and an import calls them thousands of times inside its own.
@transaction.atomic(savepoint=False)
def person_create(**fields) -> Person:
    """Add a person. Needs no consent: consent is asked for before they enter a bank (152-ФЗ art. 9)."""
    _check_fields(fields)
    person = Person(**_normalise(fields))
    _check_rules(person)
    person.full_clean(validate_constraints=False)
    person.save()
    return person


@transaction.atomic(savepoint=False)
def person_update(*, person: Person, **fields) -> Person:
    """Change a person's data; an anonymised person stays anonymised."""
    _check_fields(fields)
    if person.is_anonymised:
        raise ValidationError(_("This person's data was anonymised after a withdrawal and cannot be edited."))
    for name, value in _normalise(fields).items():
        setattr(person, name, value)
    _check_rules(person)
    person.full_clean(validate_constraints=False)
    person.save()
    return person
