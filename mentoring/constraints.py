"""Database constraints speak Russian: each constraint's name maps to the field it concerns and a message.

A constraint is met on two paths, and both read the one registry here:
- a form or a service validates a model (`full_clean()` → `validate_constraints()`): models that use
  `ConstraintMessages` report a registered constraint on its field with its message, never
  «Нарушено ограничение "mentor_capacity_range"»;
- only the database refuses a write (a race, a bulk update): `constraint_errors()` turns the IntegrityError
  into the same ValidationError, found by the constraint's name.

Each app registers the messages of its own constraints next to its models (`register({...})`), so this module
knows no other app. tests/test_constraint_messages.py checks that every constraint of our apps is registered.
"""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, router
from django.utils.translation import gettext_lazy as _

# constraint name → (field the message belongs to, or None for the whole form; the message)
MESSAGES: dict[str, tuple[str | None, str]] = {}


def register(messages: dict[str, tuple[str | None, str]]) -> None:
    MESSAGES.update(messages)


def message_for(name: str) -> tuple[str | None, str] | None:
    return MESSAGES.get(name)


class ConstraintMessages:
    """Model mixin: a registered constraint fails with its Russian message on its field (Django's loop otherwise)."""

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors: dict[str, list] = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as exc:
                    known = MESSAGES.get(constraint.name)
                    if known is not None:
                        field, message = known
                        if field is None or (exclude and field in exclude):
                            field = NON_FIELD_ERRORS
                        errors.setdefault(field, []).append(ValidationError(message, code=constraint.name))
                    elif getattr(exc, "code", None) == "unique" and len(getattr(constraint, "fields", ())) == 1:
                        errors.setdefault(constraint.fields[0], []).append(exc)
                    else:
                        errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


def constraint_name(exc: IntegrityError) -> str | None:
    """The name of the constraint PostgreSQL reports (psycopg 3 keeps it in the cause's diagnostics)."""
    diag = getattr(exc.__cause__, "diag", None) or getattr(exc, "diag", None)
    return getattr(diag, "constraint_name", None)


def validation_error_for(exc: IntegrityError) -> ValidationError | None:
    known = MESSAGES.get(constraint_name(exc) or "")
    if known is None:
        return None
    field, message = known
    error = ValidationError(message, code=constraint_name(exc))
    return ValidationError({field: error}) if field else error


@contextmanager
def constraint_errors():
    """Run a write; a registered constraint the database refuses becomes a ValidationError with its message.

    Use it around the write inside the service's transaction: the transaction is aborted either way and
    rolls back as the ValidationError leaves the `atomic` block.
    """
    try:
        yield
    except IntegrityError as exc:
        error = validation_error_for(exc)
        if error is None:
            raise
        raise error from exc


register(
    {
        # people and consents
        "user_email_unique_ci": ("email", _("Another account already uses this e-mail.")),
        "student_has_class": ("grade", _("A pupil needs a class, e.g. «7Б».")),
        "person_email_unique_ci": ("email", _("Another person already has this e-mail.")),
        "person_career_start_plausible": (
            "career_start_year",
            _("The year the career started must be between 1940 and 2100."),
        ),
        "consent_representative_named": (
            "representative_name",
            _("A consent signed by a representative names the representative and the basis of their authority."),
        ),
        "consent_valid_until_after_from": ("valid_until", _("The consent cannot expire before it starts.")),
        "consent_withdrawn_after_from": ("withdrawn_on", _("The consent cannot be withdrawn before it starts.")),
        # the school and its years
        "organisation_single_row": (None, _("The school's requisites are already filled in; edit them instead.")),
        "organisation_singleton_true": (None, _("The school's requisites are already filled in; edit them instead.")),
        "one_current_year": ("is_current", _("Another academic year is already the current one.")),
        "year_ends_after_start": ("end_date", _("The academic year must end after it starts.")),
        "person_gender_known_value": ("gender", _("Choose the grammatical gender from the list.")),
        "consent_kind_known": ("kind", _("Unknown kind of consent.")),
        "publication_consent_names_place": (
            "publication_place",
            _("A consent to publication names where the data is published: the address of the site section."),
        ),
        "contingent_10_18_within_total": ("pupils_10_18", _("Cannot be more than the pupils in all.")),
        "contingent_15_19_within_total": ("pupils_15_19", _("Cannot be more than the pupils in all.")),
        "contingent_young_within_teachers": ("young_teachers", _("Cannot be more than the teachers.")),
        # banks
        "mentor_once_per_year": (None, _("This person is already in the mentor bank of this year.")),
        "mentor_capacity_range": ("capacity", _("A mentor can take from 1 to 10 mentees at a time.")),
        "approved_mentor_has_date": ("approved_on", _("An approved mentor needs the date of approval.")),
        "mentee_once_per_year": (None, _("This person is already in the mentee bank of this year.")),
        "left_mentee_has_date": ("left_on", _("A mentee who left the bank needs the date they left.")),
        # questionnaires
        "question_number_unique": ("number", _("The questionnaire already has a question with this number.")),
        "one_answer_per_question": (None, _("This question is already answered in this response.")),
        # pairs and groups
        "group_planned_end_after_start": ("planned_end", _("The planned end must be after the planned start.")),
        "open_group_has_no_ending": (None, _("A pair or group under way has no end date or reason for ending.")),
        "closed_group_has_ending": ("completion_reason", _("An ended pair or group needs the date and the reason.")),
        "group_past_proposal_has_approval_date": (
            "approved_on",
            _("An approved pair or group needs the date of the order that approved it."),
        ),
        "one_current_membership": (None, _("This person is already a member of the pair or group.")),
        "membership_leaves_after_joining": ("left_on", _("A member cannot leave before joining.")),
        "one_pending_replacement_per_applicant": (
            None,
            _("This person already has a petition under consideration for this pair or group."),
        ),
        "decided_replacement_has_time": (None, _("A decided petition needs the time of the decision.")),
        "petition_has_applicant": ("applicant", _("A petition needs the person who submits it.")),
        "ordered_only_when_needed": (None, _("Only a change that needs an order can be marked as ordered.")),
    }
)
