"""Printed invitation sheets (issue 13 §3): for people without an e-mail, a username and a one-time code.

Registered in the document engine's registry (reports/documents.py imports this module). Codes are made while the
page is rendered (mentoring.services.accounts.invitation_code_issue) and stored only as hashes: the PDF is the one
place the code is written, and printing again voids the earlier sheet.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.choices import Role
from mentoring.permissions import user_has_role

from .documents import DocumentKind, register
from .documents_consent import consent_clean, consent_people

SHEETS_PER_PAGE = 3


def invitation_people(params):
    """People of the selection who still need to set a password: no account, or invited and not yet active."""
    from django.db.models import Q

    people = consent_people(params)
    return people.filter(Q(user__isnull=True) | (Q(user__is_active=True) & Q(user__password__startswith="!")))


def _parts(params):
    ids = list(invitation_people(params).values_list("pk", flat=True))
    return [ids[i : i + SHEETS_PER_PAGE] for i in range(0, len(ids), SHEETS_PER_PAGE)]


def _title(params):
    if "grade" in params:
        return _("Invitation sheets: class %(grade)s") % {"grade": params["grade"]}
    if "bank" in params:
        return (
            _("Invitation sheets: mentor bank") if params["bank"] == "mentors" else _("Invitation sheets: mentee bank")
        )
    people = list(consent_people(params)[:1])
    if len(params["person_ids"]) == 1 and people:
        return _("Invitation sheet: %(name)s") % {"name": people[0].short_name}
    return ngettext(
        "Invitation sheets: %(count)s person", "Invitation sheets: %(count)s people", len(params["person_ids"])
    ) % {"count": len(params["person_ids"])}


def _context(params, part):
    from mentoring.models import Invitation, Person
    from mentoring.selectors import organisation
    from mentoring.services.accounts import invitation_code_issue

    sheets = []
    for person in Person.objects.filter(pk__in=part).order_by("last_name", "first_name", "pk"):
        user, code = invitation_code_issue(person=person)
        invitation = user.invitations.filter(channel=Invitation.Channel.SHEET).first()
        sheets.append({"person": person, "username": user.username, "code": code, "expires_at": invitation.expires_at})
    return {
        "organisation": organisation(),
        "sheets": sheets,
        "code_url": settings.SITE_URL.rstrip("/") + reverse("invitation_code"),
    }


def _may_request(user, params):
    return user_has_role(user, Role.CURATOR)


register(
    DocumentKind(
        code="invitation_sheets",
        template="documents/invitation_sheets.html",
        title=_title,
        clean=consent_clean,
        parts=_parts,
        context=_context,
        may_request=_may_request,
        shared_with=(Role.CURATOR,),
    )
)
