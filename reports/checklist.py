"""The curator's start checklist: what a school does first, ticked from real data (a home panel).

It lives in `reports`, which may read every app (people, roadmap, orders); `mentoring` only shows the panel.
All the facts come from one query (EXISTS subqueries), whatever the size of the school.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentoring.choices import Role
from mentoring.models import (
    AcademicYear,
    Consent,
    Contingent,
    MenteeProfile,
    MentoringGroup,
    MentorProfile,
    Organisation,
    Person,
)
from mentoring.sql_once import values_once
from roadmap.models import RoadmapStage

from .models import Order, OrderType


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    done: bool
    url: str


# (code, label, url name) in the order the roadmap takes them (DOMAIN.md, stages 1–5).
STEPS = (
    ("requisites", _("The school's requisites are filled in"), "mentoring:school_settings"),
    ("year", _("The current academic year is set"), "mentoring:school_years"),
    ("contingent", _("The contingent of the year is entered (pupils and teachers)"), "mentoring:school_contingent"),
    ("roadmap", _("The roadmap is copied from the standard template"), "roadmap:timeline"),
    ("people", _("Teachers and pupils are added (by hand or from a file)"), "mentoring:import_upload"),
    ("consents", _("Personal-data consents are recorded"), "mentoring:consents"),
    ("mentee_bank", _("The mentee bank is formed"), "mentoring:mentee_bank"),
    ("mentor_bank", _("The mentor bank is formed"), "mentoring:mentor_bank"),
    ("first_order", _("The order on the organisation of mentoring is approved"), "reports:order_list"),
    ("pairs", _("The first pairs and groups are formed"), "mentoring:pairing_board"),
)


def _common_facts() -> dict:
    staff = Person.objects.filter(user__groups__name__in=[Role.CURATOR, Role.DIRECTOR]).values("pk")
    return {
        "has_requisites": Exists(Organisation.objects.all()),
        "has_people": Exists(Person.objects.active().exclude(pk__in=staff)),
        "has_consents": Exists(Consent.objects.all()),
    }


def _year_facts(year):
    of_year = OuterRef("pk")
    facts = {
        **_common_facts(),
        "has_contingent": Exists(Contingent.objects.filter(year=of_year)),
        "has_roadmap": Exists(RoadmapStage.objects.filter(year=of_year)),
        "has_mentee_bank": Exists(MenteeProfile.objects.filter(year=of_year)),
        "has_mentor_bank": Exists(MentorProfile.objects.filter(year=of_year)),
        "has_first_order": Exists(
            Order.objects.filter(year=of_year, order_type=OrderType.ORGANISATION, status=Order.Status.APPROVED)
        ),
        "has_pairs": Exists(MentoringGroup.objects.of_year(year)),
    }
    return AcademicYear.objects.filter(pk=year.pk).annotate(**facts).values(*facts)


def _facts(year) -> dict:
    """Every fact in one query: EXISTS subqueries annotated on the year's row (on the organisation's, or on
    nothing, before there is a year)."""
    if year is None:
        # No year yet: the few facts that do not depend on it, in one query on a one-row table (or none at all).
        common = _common_facts()
        row = Organisation.objects.annotate(**common).values(*common).first()
        return row or {}
    # Compiled once per year (mentoring.sql_once): compiling the subqueries costs fifteen times running them.
    (row,) = values_once(("start-checklist", year.pk), lambda: _year_facts(year))
    return {**row, "has_year": True}


def start_checklist(year) -> list[Step]:
    facts = _facts(year)
    return [Step(code, str(label), bool(facts.get(f"has_{code}")), reverse(url)) for code, label, url in STEPS]


def start_checklist_panel(request, year):
    """Shown until every step is done."""
    steps = start_checklist(year)
    if all(step.done for step in steps):
        return None
    return {"steps": steps, "done": sum(step.done for step in steps), "total": len(steps)}
