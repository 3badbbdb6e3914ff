"""Step 4: write the planned rows in one transaction with `bulk_create`/`bulk_update` in batches.

No savepoint per row. The database constraints stay the backstop: if one still fails (someone changed the same
people meanwhile), the whole file is rolled back and the rows are written again one by one, each in a
savepoint, inside a transaction that is then rolled back too — only to find the row and say what is wrong.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import MenteeStatus, MentorStatus
from ..models import MenteeProfile, MentorProfile, Person
from ..signals import data_imported
from .rows import RowError
from .validate import RowPlan

BATCH = 500
# The constraints an import can meet, in the curator's words.
CONSTRAINT_MESSAGES = {
    "person_email_unique_ci": lambda: _("another person already has this email."),
    "student_has_class": lambda: _("for a student, give the class, e.g. «7Б»."),
    "person_career_start_plausible": lambda: _("the years of service are not plausible."),
    "mentor_capacity_range": lambda: _("a mentor takes from 1 to 10 mentees."),
    "mentor_once_per_year": lambda: _("this person is already in the mentor bank this year."),
    "mentee_once_per_year": lambda: _("this person is already in the mentee bank this year."),
}


def constraint_message(exc: IntegrityError) -> str:
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None) or ""
    message = CONSTRAINT_MESSAGES.get(name)
    if message:
        return message()
    return _("the row conflicts with data saved meanwhile; check it and import the file again.")


def _write(plans: list[RowPlan], target: str, year, progress=None) -> None:
    now = timezone.now()
    created = [(p, Person(**p.person_fields)) for p in plans if p.status == "create"]
    Person.objects.bulk_create([person for _p, person in created], batch_size=BATCH)
    for plan, person in created:
        plan.person_id = person.pk
    if progress:
        progress(1, 3)
    updated = [p for p in plans if p.status == "update" and p.person_fields]
    people = Person.objects.in_bulk([p.person_id for p in updated])
    names = set()
    for plan in updated:
        person = people[plan.person_id]
        for name, value in plan.person_fields.items():
            setattr(person, name, value)
        person.updated_at = now
        names |= set(plan.person_fields)
    if updated:
        Person.objects.bulk_update(
            [people[p.person_id] for p in updated], sorted(names | {"updated_at"}), batch_size=BATCH
        )
    if progress:
        progress(2, 3)
    if target == "people":
        return
    model = MenteeProfile if target == "mentees" else MentorProfile
    status = MenteeStatus.AWAITING if target == "mentees" else MentorStatus.CANDIDATE
    model.objects.bulk_create(
        [model(person_id=p.person_id, year=year, status=status, **p.bank_fields) for p in plans if p.bank == "create"],
        batch_size=BATCH,
    )
    changed = [p for p in plans if p.bank == "update"]
    profiles = model.objects.in_bulk([p.profile_id for p in changed])
    names = set()
    for plan in changed:
        for name, value in plan.bank_fields.items():
            setattr(profiles[plan.profile_id], name, value)
        names |= set(plan.bank_fields)
    if changed:
        model.objects.bulk_update([profiles[p.profile_id] for p in changed], sorted(names), batch_size=BATCH)


def _locate(plans: list[RowPlan], target: str, year) -> None:
    """After a constraint failed: write row by row (savepoints) to put the message on the rows that fail."""
    with transaction.atomic():
        for plan in plans:
            if plan.status not in ("create", "update"):
                continue
            try:
                with transaction.atomic():
                    _write([plan], target, year)
            except IntegrityError as exc:
                plan.errors.append(RowError(plan.row, "", constraint_message(exc)))
                plan.status = "error"
        transaction.set_rollback(True)


def rows_commit(*, plans: list[RowPlan], target: str, year=None, progress=None) -> bool:
    """Write every planned row or none; True when written. On a constraint error the rows say which and why."""
    try:
        with transaction.atomic():
            _write(plans, target, year, progress)
            # bulk writes send no post_save: tell the readers that cache figures (monitoring) after commit
            transaction.on_commit(lambda: data_imported.send(sender=None, target=target))
        return True
    except IntegrityError:
        pass
    for plan in plans:  # the pks given by the failed transaction are gone with it
        if plan.status == "create":
            plan.person_id = None
    _locate(plans, target, year)
    if not any(p.status == "error" for p in plans):  # pragma: no cover — the race ended meanwhile
        plans[0].errors.append(RowError(plans[0].row, "", _("the data changed meanwhile; import the file again.")))
        plans[0].status = "error"
    return False
