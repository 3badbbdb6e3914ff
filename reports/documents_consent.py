"""The document kind "consent_forms" in the engine's registry (reports/documents.py imports this module): the
personal-data consent forms of chosen people, a class or a bank (152-ФЗ art. 9 and, as a separate document, art.
10.1). Its selection (`consent_clean`, `consent_people`) is shared with the printed invitation sheets.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.choices import Role
from mentoring.permissions import user_has_role

from .documents import DocumentKind, int_param, register


def _ids(value) -> list[int]:
    raw = value if isinstance(value, list | tuple) else [v for v in str(value or "").replace(" ", "").split(",") if v]
    return sorted({int_param(v, "person_ids") for v in raw})


BANKS = ("mentors", "mentees")
# Which of the two separate documents to print (152-ФЗ art. 9 and art. 10.1).
CONSENT_FORMS = ("both", "processing", "publication")


def _consent_forms(params) -> dict:
    forms = params.get("forms") or "both"
    if forms not in CONSENT_FORMS:
        raise ValidationError(_("Choose which consent to print: processing, publication or both."))
    return {} if forms == "both" else {"forms": forms}


def consent_clean(params):
    """Whose documents: `person_ids`, a class (`grade`) or a bank of a year (`bank`, `year_id`)."""
    from mentoring.models import AcademicYear
    from mentoring.selectors import current_year

    forms = _consent_forms(params)
    if params.get("person_ids"):
        ids = _ids(params["person_ids"])
        if not ids:
            raise ValidationError(_("Choose at least one person."))
        return {"person_ids": ids, **forms}
    if params.get("grade"):
        return {"grade": str(params["grade"]).strip()[:100], **forms}
    if params.get("bank"):
        if params["bank"] not in BANKS:
            raise ValidationError(_("Choose the mentor bank or the mentee bank."))
        year = AcademicYear.objects.filter(pk=params.get("year_id")).first() if params.get("year_id") else None
        year = year or current_year()
        if year is None:
            raise ValidationError(_("No current academic year is set."))
        return {"bank": params["bank"], "year_id": year.pk, **forms}
    raise ValidationError(_("Say whose consent forms to print: a person, a class or a bank."))


def consent_people(params):
    from mentoring.selectors_consent_forms import people_for_consent_forms

    return people_for_consent_forms(
        person_ids=params.get("person_ids"), grade=params.get("grade", ""), bank=params.get("bank", ""),
        year_id=params.get("year_id"),
    )  # fmt: skip


def _consent_parts(params):
    return list(consent_people(params).values_list("pk", flat=True))


def _consent_title(params):
    if "grade" in params:
        return _("Consent forms: class %(grade)s") % {"grade": params["grade"]}
    if "bank" in params:
        return _("Consent forms: mentor bank") if params["bank"] == "mentors" else _("Consent forms: mentee bank")
    people = list(consent_people(params)[:2])
    if len(params["person_ids"]) == 1 and people and params.get("forms") == "publication":
        return _("Consent to publication: %(name)s") % {"name": people[0].short_name}
    if len(params["person_ids"]) == 1 and people:
        return _("Consent form: %(name)s") % {"name": people[0].short_name}
    count = len(params["person_ids"])
    return ngettext("Consent forms: %(count)s person", "Consent forms: %(count)s people", count) % {"count": count}


def _consent_context(params, part):
    from .selectors import consent_form_document_context

    return consent_form_document_context(part, forms=params.get("forms", "both"))


def _consent_may_request(user, params):
    """The curator prints anyone's form; a person may print their own (it is addressed to them)."""
    if user_has_role(user, Role.CURATOR):
        return True
    person = getattr(user, "person", None)
    return person is not None and params.get("person_ids") == [person.pk]


register(
    DocumentKind(
        code="consent_forms",
        template="documents/consent_forms.html",
        title=_consent_title,
        clean=consent_clean,
        parts=_consent_parts,
        context=_consent_context,
        may_request=_consent_may_request,
        shared_with=(Role.CURATOR,),
        chunked=True,
    )
)
