"""Receivers of mentoring's signals: the access log and the scrub of the history after a withdrawal."""

from .context import client_ip
from .models import AccessEvent
from .services import history_scrub_person


def on_personal_data_accessed(sender, request, action, people=(), count=None, target="", **kwargs):
    people = [int(pk) for pk in people]
    user = request.user if request.user.is_authenticated else None
    AccessEvent.objects.create(
        user=user,
        action=action,
        target=str(target)[:300],
        people=people,
        count=len(people) if count is None else count,
        ip=client_ip(request),
        request_id=getattr(request, "audit_request_id", ""),
    )


def on_person_anonymised(sender, person, **kwargs):
    history_scrub_person(person=person)
