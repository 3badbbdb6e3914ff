"""Who can be paired (roadmap stage 5): the year's waiting mentees and ready mentors as `matching` candidates.

Rows are read as tuples, not model instances: the board and «Подобрать всем» read every waiting mentee and
every mentor on each request, and building hundreds of instances cost more than the score.
"""

import datetime
import json

from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from .choices import MenteeStatus, MentorStatus
from .matching import MenteeCandidate, MentorCandidate
from .models import MenteeProfile, MentorProfile
from .selectors import mentor_loads, valid_consent_exists

_PERSON = ("person__last_name", "person__first_name", "person__patronymic", "person__category", "person__subject")


def _as_text(*fields: str) -> dict:
    """The JSON lists of choices read as their text: decoding a thousand small lists through the field's
    converters cost more than the rest of the board."""
    return {f"{name}_text": Cast(F(name), TextField()) for name in fields}


def _codes(text: str | None) -> frozenset:
    """A JSON list of choice codes as a set: plain codes split directly, anything else decoded."""
    if not text or text == "[]":
        return frozenset()
    if text.startswith('["') and text.endswith('"]') and "\\" not in text:
        return frozenset(text[2:-2].split('", "'))
    return frozenset(json.loads(text))


def _name(last: str, first: str, patronymic: str) -> str:
    return " ".join(p for p in (last, first, patronymic) if p)  # as Person.full_name


def pairing_mentees(year, on: datetime.date | None = None) -> list[MenteeCandidate]:
    """Mentees of the year awaiting a mentor, longest waiting first: one query whatever their number."""
    rows = (
        MenteeProfile.objects.filter(
            year=year, status__in=[MenteeStatus.AWAITING, MenteeStatus.SUPPORTED], person__anonymised_at__isnull=True
        )
        .annotate(
            has_consent=valid_consent_exists(on, person_ref="person_id"), **_as_text("requests", "preferred_types")
        )
        .order_by("entered_on", "person__last_name", "person__first_name", "pk")
        .values_list(
            *_PERSON,
            "person__grade",
            "person_id",
            "pk",
            "requests_text",
            "preferred_form",
            "preferred_types_text",
            "preferred_mode",
            "has_consent",
            "entered_on",
            "request_text",
            "support_notes",
            "status",
        )
    )
    return [
        MenteeCandidate(
            person_id=person_id,
            name=_name(last, first, patronymic),
            category=category,
            subject=subject.strip().lower(),
            grade=grade,
            requests=_codes(requests),
            form=form,
            types=_codes(types),
            mode=mode,
            has_consent=has_consent,
            profile_id=pk,
            entered_on=entered_on,
            request_text=request_text,
            support_notes=support_notes,
            status=status,
        )
        for (last, first, patronymic, category, subject, grade, person_id, pk, requests, form, types, mode,
             has_consent, entered_on, request_text, support_notes, status) in rows
    ]  # fmt: skip


def pairing_mentors(year, on: datetime.date | None = None) -> list[MentorCandidate]:
    """Mentors of the year's bank ready to mentor, with their load, by name (two queries)."""
    day = on or timezone.localdate()
    loads = mentor_loads(year)
    rows = (
        MentorProfile.objects.filter(year=year, is_ready=True, person__anonymised_at__isnull=True)
        .exclude(status=MentorStatus.LEFT)
        .annotate(
            has_consent=valid_consent_exists(day, person_ref="person_id"),
            **_as_text("directions", "preferred_forms", "preferred_types"),
        )
        .order_by("person__last_name", "person__first_name", "pk")
        .values_list(
            *_PERSON,
            "person__career_start_year",
            "person_id",
            "pk",
            "qualification_category",
            "directions_text",
            "preferred_forms_text",
            "preferred_types_text",
            "preferred_mode",
            "capacity",
            "has_consent",
        )
    )
    return [
        MentorCandidate(
            person_id=person_id,
            name=_name(last, first, patronymic),
            category=category,
            subject=subject.strip().lower(),
            service_years=None if start is None else max(0, day.year - start),  # as Person.service_years_on
            qualification=qualification,
            directions=_codes(directions),
            forms=_codes(forms),
            types=_codes(types),
            mode=mode,
            capacity=capacity,
            load=loads.get(person_id, 0),
            has_consent=has_consent,
            profile_id=pk,
        )
        for (last, first, patronymic, category, subject, start, person_id, pk, qualification, directions, forms,
             types, mode, capacity, has_consent) in rows
    ]  # fmt: skip
