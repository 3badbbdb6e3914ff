from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..choices import MenteeStatus, MentorStatus
from ..models import (
    AcademicYear,
    Answer,
    MenteeProfile,
    MentoringGroup,
    MentorProfile,
    Person,
    Questionnaire,
    Response,
)
from ..selectors import person_has_valid_consent
from .banks import mentee_profile_create, mentee_profile_update, mentor_profile_create, mentor_profile_update
from .consents import ensure_valid_consent

# Bank fields a question may fill (Question.maps_to), per questionnaire audience.
MENTEE_FIELDS = {"requests", "request_text", "preferred_form", "preferred_types", "preferred_mode"}
MENTOR_FIELDS = {
    "directions",
    "competencies",
    "interests",
    "preferred_forms",
    "preferred_types",
    "preferred_mode",
    "desired_mentee_age",
    "available_period",
    "capacity",
    "is_ready",
}
BANK_KINDS = (Questionnaire.Kind.MENTEE_NEEDS, Questionnaire.Kind.MENTOR_SURVEY)


@dataclass(frozen=True)
class BankFill:
    """What a bank questionnaire did: the saved response and the bank entry it created or updated, or why not."""

    response: Response
    entry: MentorProfile | MenteeProfile | None = None
    created: bool = False
    refused: str = ""


def _save_response(*, questionnaire, respondent, year, answers, filled_by, on_paper, group) -> Response:
    if not questionnaire.is_active:
        raise ValidationError(_("This questionnaire is no longer in use."))
    foreign = [q for q in answers if q.questionnaire_id != questionnaire.pk]
    if foreign:
        raise ValidationError(_("An answer belongs to another questionnaire."))
    missing = [q.text for q in questionnaire.questions.filter(required=True) if q not in answers]
    if missing:
        raise ValidationError(_("Answer the required questions: %(list)s") % {"list": "; ".join(missing)})
    response = Response.objects.create(
        questionnaire=questionnaire,
        respondent=respondent,
        year=year,
        filled_by=filled_by,
        on_paper=on_paper,
        group=group,
    )
    Answer.objects.bulk_create([Answer(response=response, question=q, value=v) for q, v in answers.items()])
    return response


@transaction.atomic
def response_submit(
    *,
    questionnaire: Questionnaire,
    respondent: Person,
    year: AcademicYear,
    answers: dict,
    filled_by=None,
    on_paper: bool = False,
    group: MentoringGroup | None = None,
) -> Response:
    """Save a filled questionnaire (consent gate first); a bank questionnaire also fills the bank of the year."""
    ensure_valid_consent(respondent)
    response = _save_response(
        questionnaire=questionnaire,
        respondent=respondent,
        year=year,
        answers=answers,
        filled_by=filled_by,
        on_paper=on_paper,
        group=group,
    )
    if questionnaire.kind in BANK_KINDS:
        _fill_bank(questionnaire, respondent, year, answers)
    return response


@transaction.atomic
def bank_questionnaire_submit(
    *,
    questionnaire: Questionnaire,
    respondent: Person,
    year: AcademicYear,
    answers: dict,
    filled_by=None,
    on_paper: bool = False,
) -> BankFill:
    """Roadmap stages 2-3: the needs questionnaire or the mentor survey fills the bank of the year.

    With a valid consent the bank entry is created if there is none, with everything the answers map to, or
    updated. Without one the answers are kept (the person asked to be considered) but nobody enters a bank
    (152-ФЗ art. 9): the result says why, and «Add to the bank» is later prefilled from these answers.
    """
    if questionnaire.kind not in BANK_KINDS:
        raise ValueError(f"not a bank questionnaire: {questionnaire.kind}")
    if respondent.is_anonymised:
        ensure_valid_consent(respondent)  # raises: the data of a withdrawn person are not processed at all
    response = _save_response(
        questionnaire=questionnaire,
        respondent=respondent,
        year=year,
        answers=answers,
        filled_by=filled_by,
        on_paper=on_paper,
        group=None,
    )
    if not person_has_valid_consent(respondent):
        own = filled_by is not None and getattr(filled_by, "person", None) == respondent
        return BankFill(response=response, refused=_no_consent_message(questionnaire, respondent, own=own))
    try:
        with transaction.atomic():  # a savepoint: a refused bank entry keeps the answers
            entry, created = _fill_bank(questionnaire, respondent, year, answers)
    except ValidationError as exc:
        return BankFill(response=response, refused=" ".join(exc.messages))
    return BankFill(response=response, entry=entry, created=created)


def _no_consent_message(questionnaire: Questionnaire, person: Person, *, own: bool) -> str:
    if own:
        return _(
            "Your answers are saved. To be included in the bank, a signed consent to the processing of personal "
            "data is needed: please contact the mentoring curator."
        )
    if questionnaire.kind == Questionnaire.Kind.MENTEE_NEEDS:
        text = _(
            "The answers are saved, but %(name)s is not added to the mentee bank: there is no valid personal-data "
            "consent. Record the consent, then «Add to the mentee bank» on their card is filled from these answers."
        )
    else:
        text = _(
            "The answers are saved, but %(name)s is not added to the mentor bank: there is no valid personal-data "
            "consent. Record the consent, then «Add to the mentor bank» on their card is filled from these answers."
        )
    return text % {"name": person}


def mapped_values(questionnaire: Questionnaire, answers: dict) -> dict:
    """The answers that fill bank fields, as the bank entry stores them (yes/no → bool, «3» → 3)."""
    allowed = MENTEE_FIELDS if questionnaire.kind == Questionnaire.Kind.MENTEE_NEEDS else MENTOR_FIELDS
    values = {}
    for question, value in answers.items():
        name = question.maps_to
        if name not in allowed or value in (None, "", []):
            continue
        if name == "is_ready":
            value = value in ("yes", True)
        elif name == "capacity":
            try:
                value = int(value)
            except (TypeError, ValueError):
                continue
        values[name] = value
    return values


def _fill_bank(questionnaire, respondent, year, answers) -> tuple[MentorProfile | MenteeProfile | None, bool]:
    values = mapped_values(questionnaire, answers)
    if questionnaire.kind == Questionnaire.Kind.MENTEE_NEEDS:
        profile = respondent.mentee_profiles.filter(year=year).first()
        if profile is None:
            return mentee_profile_create(person=respondent, year=year, **values), True
        if profile.status == MenteeStatus.LEFT:
            return profile, False
        return mentee_profile_update(profile=profile, **values), False
    profile = respondent.mentor_profiles.filter(year=year).first()
    if profile is None:
        return mentor_profile_create(person=respondent, year=year, **values), True
    if profile.status == MentorStatus.LEFT:
        return profile, False
    return mentor_profile_update(profile=profile, **values), False
