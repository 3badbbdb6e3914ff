"""Signals other apps listen to; `mentoring` sends them and never imports the receivers."""

from django.dispatch import Signal

# Sent by `consent_withdraw` at the end of anonymisation, inside its transaction, with
# `person` (already anonymised) and `on` (the withdrawal date). Apps that keep personal data of
# their own (meeting notes, documents, public pages) connect a receiver and clean it.
person_anonymised = Signal()
