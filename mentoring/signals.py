"""Signals other apps listen to; `mentoring` sends them and never imports the receivers."""

from django.dispatch import Signal

# Sent by `consent_withdraw` at the end of anonymisation, inside its transaction, with
# `person` (already anonymised) and `on` (the withdrawal date). Apps that keep personal data of
# their own (meeting notes, documents, public pages) connect a receiver and clean it.
person_anonymised = Signal()

# Sent after bulk writes commit (an import, a periodic job: bulk writes send no post_save), with `target`:
# readers that cache figures bump.
data_imported = Signal()

# Sent by the views that show or hand out personal data (a person's card, a consent scan, an export, consent
# forms, the end-of-year report with names), with `request`, `action` (an AccessAction value), `people` (ids of
# the people concerned, when known), `count` (how many people) and `target` (a short description). The audit app
# writes the access log an inspector asks for.
personal_data_accessed = Signal()


def record_access(request, action: str, *, people=(), count: int | None = None, target: str = "") -> None:
    """Tell the access log that `request.user` saw or took personal data (see `personal_data_accessed`)."""
    personal_data_accessed.send(sender=None, request=request, action=action, people=people, count=count, target=target)
