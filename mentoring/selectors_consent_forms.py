"""What the printed personal-data consent forms read: whom a batch is for, and every name and text a form prints."""

from django.db.models import QuerySet

from .choices import ConsentKind, MenteeStatus, MentorStatus
from .kinds import unit_normalise
from .models import MenteeProfile, MentorProfile, Organisation, Person
from .selectors import organisation


def people_for_consent_forms(
    *, person_ids: list[int] | None = None, grade: str = "", bank: str = "", year_id: int | None = None
) -> QuerySet[Person]:
    """Whom a batch of printed consent forms is for: chosen people, a class (written as the curator types it:
    «5а», «5 А»), or those in a bank of the year who have not left it; in the order the forms are printed."""
    qs = Person.objects.active()
    if person_ids is not None:
        qs = qs.filter(pk__in=person_ids)
    elif grade:
        qs = qs.filter(grade__iexact=unit_normalise(grade))
    elif bank == "mentors":
        entries = MentorProfile.objects.filter(year_id=year_id).exclude(status=MentorStatus.LEFT)
        qs = qs.filter(pk__in=entries.values("person_id"))
    elif bank == "mentees":
        entries = MenteeProfile.objects.filter(year_id=year_id).exclude(status=MenteeStatus.LEFT)
        qs = qs.filter(pk__in=entries.values("person_id"))
    else:
        return qs.none()
    return qs.order_by("last_name", "first_name", "patronymic", "pk")


def consent_form_names(person: Person, org: Organisation | None, representative_name: str = "") -> dict:
    """Every name and title a consent form prints, in the case the form needs it — the one place for it:
    addressed «Директору <школы> <И. О. Фамилии>» (dative), «от <ФИО>» (genitive), through the grammar service."""
    from .russian import decline_full, decline_name_string, decline_phrase

    head = decline_phrase(org.head_title, "dat") if org else ""
    if person.is_minor:
        signer = decline_name_string(representative_name, "gen") if representative_name else ""
    else:
        signer = decline_full(person, "gen")
    return {
        "addressee_position": f"{head} {org.short_name}".strip() if org else "",
        "addressee_name": decline_name_string(org.director_name, "dat") if org else "",
        "signer_from": signer,
        "subject_name": person.full_name,
    }


def consent_form_context(person: Person, forms: str = "both") -> dict:
    """What the printed consent forms need: processing (152-ФЗ art. 9 part 4) and, as a separate document,
    publication on the school site (art. 10.1); the school's standard text prefilled, the term stated."""
    from . import consent_text

    org = organisation()
    latest = person.consents.filter(kind=ConsentKind.PROCESSING).order_by("-valid_from", "-pk").first()
    minor = person.is_minor
    representative = latest.representative_name if latest and minor else ""
    return {
        "person": person,
        "names": consent_form_names(person, org, representative),
        "subject_name": person.full_name,
        "birth_date": person.birth_date,
        "grade": person.grade,
        "is_minor": minor,
        "subject_address": latest.subject_address if latest else "",
        "identity_document": latest.identity_document if latest else "",
        "representative_name": representative,
        "representative_relation": latest.representative_relation if latest and minor else "",
        "representative_basis": latest.representative_basis if latest and minor else "",
        "operator_name": org.full_name if org else "",
        "operator_address": org.address if org else "",
        "operator_inn": org.inn if org else "",
        "operator_ogrn": org.ogrn if org else "",
        "director_name": org.director_name if org else "",
        "purpose": consent_text.PURPOSE,
        "data_list": consent_text.DATA_LIST,
        "actions": consent_text.ACTIONS,
        "withdrawal": consent_text.WITHDRAWAL,
        "term": consent_text.term_text(),
        "validity_days": consent_text.DEFAULT_VALIDITY_DAYS,
        "show_processing": forms in ("both", ConsentKind.PROCESSING),
        "show_publication": forms in ("both", ConsentKind.PUBLICATION),
        "publication": {
            "purpose": consent_text.PUBLICATION_PURPOSE,
            "data_list": consent_text.PUBLICATION_DATA_LIST,
            "actions": consent_text.PUBLICATION_ACTIONS,
            "conditions": consent_text.PUBLICATION_CONDITIONS,
            "place": consent_text.publication_place(org.website if org else ""),
            "withdrawal": consent_text.PUBLICATION_WITHDRAWAL,
            "term": consent_text.term_text(),
        },
    }
