"""Build the school's package for its municipal office (schema in `schema.py`): nothing that names a person.

What goes in, and why it carries no personal data:
* the roadmap: stage, activity, period, the responsible ROLE (or the external party as written), status, result
  document — never the responsible person, nor the note on how an item was done;
* the indicators: counts from the monitoring selectors (the same definitions as the school's dashboard), each as a
  numerator over a denominator so that the office sums them (never averages percentages);
* the published cases: title, summary and text the curator cleared for publication, the group's form, type and the
  plan's directions — never the members;
* the approved orders: number, date, title — never the annexes.
The marker test (tests/federation/test_no_personal_data.py) plants a marker in every personal field and checks.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.choices import Direction, MentoringForm, MentoringType
from mentoring.models import AcademicYear
from mentoring.selectors import current_year, organisation
from programmes.models import ProgrammeActivity
from reports.models import Case, Order
from reports.monitoring import exports as monitoring_exports
from reports.monitoring import indicators as ind
from roadmap.models import RoadmapItem

from ..models import HubLetter
from .schema import SCHEMA_ID, SCHEMA_VERSION, roadmap_checksum

# The monitoring definitions the indicators follow: a change of their schema changes this version.
DEFINITIONS_VERSION = f"{monitoring_exports.SCHEMA_ID}/v{monitoring_exports.SCHEMA_VERSION}"
SHARES = ("share_students_mentees", "share_young_teachers_mentees", "share_students_mentors", "share_involved")


class PackageError(Exception):
    """The package cannot be built (no school set up, no current year); the message is for the user."""


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def roadmap_items(year: AcademicYear) -> list[dict]:
    items = (
        RoadmapItem.objects.filter(stage__year=year)
        .select_related("stage")
        .order_by("stage__number", "position", "period_end", "pk")
    )
    result, within = [], {}
    for position, item in enumerate(items, start=1):
        within[item.stage.number] = within.get(item.stage.number, 0) + 1
        if item.responsible_role:
            responsible = item.responsible_text or str(item.get_responsible_role_display())
        else:
            responsible = item.responsible_text  # an external party or a role as written; never the person
        result.append(
            {
                "position": position,
                "stage": f"{item.stage.number}. {item.stage.title}"[:500],
                "number": f"{item.stage.number}.{within[item.stage.number]}",
                "title": item.title,
                "period_text": item.period_label,
                "period_start": _iso(item.period_start),
                "period_end": _iso(item.period_end),
                "responsible": responsible,
                "responsible_role": item.responsible_role,
                "status": item.status,
                "result_document": item.result_document,
                "document_kind": item.document_type or item.order_type,
            }
        )
    return result


def indicator_items(year: AcademicYear) -> list[dict]:
    data = ind.year_indicators(ind.make_scope(year))
    totals = data["participants"]["totals"]
    items = [{"code": code, "numerator": data["shares"][code]["part"], "denominator": data["shares"][code]["whole"]}
             for code in SHARES]  # fmt: skip
    counts = {
        "participants": totals["participants"],
        "mentors": totals["mentors"],
        "mentees": totals["mentees"],
        "groups": data["groups"]["total"],
        "groups_completed": data["endings"]["completed"],
        "groups_terminated": data["endings"]["terminated"],
        "meetings": data["meetings"]["total"],
        "waiting_mentees": data["waiting"]["count"],
    }
    items += [{"code": code, "numerator": value, "denominator": None} for code, value in counts.items()]
    # Feedback forms received of those due: a share the office sums as numerator over denominator.
    items.append({"code": "feedback_received", "numerator": data["feedback"]["received"],
                  "denominator": data["feedback"]["due"]})  # fmt: skip
    return items


def case_items() -> list[dict]:
    cases = list(Case.objects.filter(is_published=True).select_related("group").order_by("published_at", "pk"))
    directions: dict[int, set] = {}
    for group_id, direction in ProgrammeActivity.objects.filter(
        programme__group_id__in=[c.group_id for c in cases]
    ).values_list("programme__group_id", "direction"):
        directions.setdefault(group_id, set()).add(direction)
    return [
        {
            "external_id": case.slug,
            "title": case.title,
            "summary": case.summary,
            "body": case.body,
            # Codes only, from the Regulation's lists.
            "form": case.group.form if case.group.form in MentoringForm.values else "",
            "mentoring_type": next((t for t in case.group.types or [] if t in MentoringType.values), ""),
            "directions": sorted(d for d in directions.get(case.group_id, ()) if d in Direction.values),
            "published_on": _iso(timezone.localdate(case.published_at) if case.published_at else None),
        }
        for case in cases
    ]


def order_items(year: AcademicYear) -> list[dict]:
    orders = Order.objects.filter(year=year, status=Order.Status.APPROVED).order_by("date", "number")
    return [{"number": o.number_label, "date": o.date.isoformat(), "title": o.title}
            for o in orders.only("number_label", "date", "title")]  # fmt: skip


def package_build(year: AcademicYear | None = None) -> dict:
    """The package of the year (the current one by default), JSON-ready; `PackageError` when it cannot be built."""
    org = organisation()
    if org is None:
        raise PackageError(_("The school is not set up yet: fill in the school's settings first."))
    year = year or current_year()
    if year is None:
        raise PackageError(_("There is no current academic year: set it in the school's settings."))
    roadmap = roadmap_items(year)
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "academic_year": {
            "title": year.title,
            "start_date": year.start_date.isoformat(),
            "end_date": year.end_date.isoformat(),
        },  # fmt: skip
        "organisation": {"short_name": org.short_name, "full_name": org.full_name, "kind": org.kind},
        "roadmap": {"checksum": roadmap_checksum(roadmap), "items": roadmap},
        "indicators": {"definitions_version": DEFINITIONS_VERSION, "items": indicator_items(year)},
        "cases": case_items(),
        "orders": order_items(year),
        "received_letters": sorted(HubLetter.objects.values_list("hub_letter_id", flat=True)),
    }
