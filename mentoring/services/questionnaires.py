from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import AcademicYear, Answer, MentoringGroup, Person, Questionnaire, Response
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
}


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
    """Save a filled questionnaire; answers mapped to bank fields update the respondent's bank entry."""
    ensure_valid_consent(respondent)
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
    _update_bank_entry(questionnaire, respondent, year, answers)
    return response


def _update_bank_entry(questionnaire, respondent, year, answers) -> None:
    mapped = {q.maps_to: v for q, v in answers.items() if q.maps_to}
    if not mapped:
        return
    if questionnaire.kind == Questionnaire.Kind.MENTEE_NEEDS:
        profile, allowed = respondent.mentee_profiles.filter(year=year).first(), MENTEE_FIELDS
    elif questionnaire.kind == Questionnaire.Kind.MENTOR_SURVEY:
        profile, allowed = respondent.mentor_profiles.filter(year=year).first(), MENTOR_FIELDS
    else:
        return
    if profile is None:
        return  # answers are kept; the bank entry is created later from them by the curator
    for name, value in mapped.items():
        if name in allowed:
            setattr(profile, name, value)
    profile.full_clean()
    profile.save()
