"""The end-of-year report (Regulation §3.4; roadmap stage 8): its sections, each section's context, and the
draft of the curator's conclusions written from the numbers.

The document engine renders the report part by part — one part per section, the group sections ten to a part — so
the job page shows progress per section. Each part's context is a fixed number of queries.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.choices import GroupStatus, MemberRole, Role
from mentoring.models import AcademicYear, GroupMembership, MentoringGroup, Person
from mentoring.russian import ru_number, ru_percent
from mentoring.russian.numbers import plural_count
from mentoring.selectors import organisation

from ..models import AnnualReport
from . import applicable, charts
from . import cache as monitoring_cache
from . import indicators as ind

GROUPS_PER_PART = 10

SECTIONS = [
    ("title", "reports/monitoring/pdf/title.html"),
    ("roadmap", "reports/monitoring/pdf/roadmap.html"),
    ("indicators", "reports/monitoring/pdf/indicators.html"),
    ("groups", "reports/monitoring/pdf/groups.html"),
    ("satisfaction", "reports/monitoring/pdf/satisfaction.html"),
    ("conclusions", "reports/monitoring/pdf/conclusions.html"),
    ("best_practices", "reports/monitoring/pdf/best_practices.html"),
]
SECTION_TEMPLATES = dict(SECTIONS)


def report_groups(year: AcademicYear):
    """The groups the report describes: approved by order (Regulation §6.2), in a stable order."""
    return MentoringGroup.objects.filter(year=year, approved_on__isnull=False).order_by("approved_on", "pk")


def report_parts(year: AcademicYear) -> list[str]:
    """The parts of the job, in print order: sections, the groups split into chunks of GROUPS_PER_PART."""
    n_groups = report_groups(year).count()
    chunks = [f"groups:{start}" for start in range(0, n_groups, GROUPS_PER_PART)] or ["groups:0"]
    parts = []
    for code, _template in SECTIONS:
        parts += chunks if code == "groups" else [code]
    return parts


def annual_report_for(year: AcademicYear) -> AnnualReport:
    return AnnualReport.objects.get_or_create(year=year)[0]


def curator_person() -> Person | None:
    return Person.objects.filter(user__groups__name=Role.CURATOR, user__is_active=True).order_by("pk").first()


def _counted_memberships(scope: ind.Scope) -> Prefetch:
    counted = ind.counted_people(scope).filter(pk=OuterRef("person_id"))
    return Prefetch(
        "memberships",
        queryset=GroupMembership.objects.select_related("person")
        .annotate(counted=Exists(counted))
        .order_by("role", "joined_on", "pk"),
        to_attr="all_memberships",
    )


def _member_rows(group) -> dict:
    """Mentors and mentees by name; a person no longer counted (consent withdrawn…) is not named (152-ФЗ)."""
    rows = {MemberRole.MENTOR: [], MemberRole.MENTEE: []}
    for m in group.all_memberships:
        name = m.person.full_name if m.counted else _("(personal data not shown: no valid consent)")
        detail = m.person.position or (m.person.grade and _("class %(grade)s") % {"grade": m.person.grade}) or ""
        rows[m.role].append(
            {"name": name, "detail": detail if m.counted else "", "left_on": m.left_on, "reason": m.leave_reason}
        )
    return {"mentors": rows[MemberRole.MENTOR], "mentees": rows[MemberRole.MENTEE]}


def group_sections(scope: ind.Scope, start: int, size: int = GROUPS_PER_PART) -> list[dict]:
    """One chunk of group sections (mentor, mentees, programme goals, results, the mentor's report): 4 queries."""
    from programmes.models import ProgrammeActivity

    groups = list(
        report_groups(scope.year)
        .select_related("programme")
        .annotate(
            meetings_held=Count(
                "meetings",
                filter=Q(meetings__date__gte=scope.year.start_date, meetings__date__lte=scope.day),
                distinct=True,
            )
        )
        .prefetch_related(_counted_memberships(scope))[start : start + size]
    )
    programme_ids = [g.programme.pk for g in groups if _has_programme(g)]
    activity_counts = {
        row["programme_id"]: row
        for row in ProgrammeActivity.objects.filter(programme_id__in=programme_ids)
        .values("programme_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=ProgrammeActivity.Status.DONE)))
        .order_by()
    }
    sections = []
    for number, group in enumerate(groups, start=start + 1):
        programme = group.programme if _has_programme(group) else None
        counts = activity_counts.get(programme.pk, {}) if programme else {}
        sections.append(
            {
                "number": number,
                "group": group,
                **_member_rows(group),
                "programme": programme,
                "meetings": group.meetings_held,
                "activities_total": counts.get("total", 0),
                "activities_done": counts.get("done", 0),
            }
        )
    return sections


def _has_programme(group) -> bool:
    try:
        return group.programme is not None
    except MentoringGroup.programme.RelatedObjectDoesNotExist:
        return False


def best_practices(scope: ind.Scope) -> list[dict]:
    """Completed groups marked as a best practice on their programme, or published as a case (Regulation §8.2)."""
    from ..models import Case

    marked = Q(programme__is_best_practice=True) | Exists(Case.objects.filter(group_id=OuterRef("pk")))
    groups = (
        report_groups(scope.year)
        .filter(marked, status=GroupStatus.COMPLETED)
        .select_related("programme", "public_case")
        .prefetch_related(_counted_memberships(scope))
    )
    result = []
    for group in groups:
        try:
            case = group.public_case
        except Case.DoesNotExist:
            case = None
        programme = group.programme if _has_programme(group) else None
        # The published case is made from the programme's case description: print the description once.
        description = (programme.case_description if programme else "") or (case.summary if case else "")
        result.append(
            {"group": group, **_member_rows(group), "programme": programme, "case": case, "description": description}
        )
    return result


def roadmap_section(year: AcademicYear) -> dict:
    """The year's roadmap with what was done: stages, items with status (two queries)."""
    from roadmap.models import RoadmapItem
    from roadmap.selectors import roadmap_document_context

    stages = roadmap_document_context(year)["stages"]
    for row in stages:
        for entry in row["items"]:
            entry["note"] = _status_note(entry["item"])
    items = [entry["item"] for row in stages for entry in row["items"]]
    done = sum(1 for item in items if item.status == RoadmapItem.Status.DONE)
    return {"stages": stages, "items_total": len(items), "items_done": done, "percent": ind.pct(done, len(items))}


def _status_note(item) -> str:
    """The note of a done item, unless it only repeats the order the status cell already names."""
    note = (item.done_note or "").strip()
    if item.done_order_number and item.done_order_number in note:
        return ""
    return note


def conclusions_draft(data: dict) -> str:
    """A starting text for the curator's analytic conclusions, written from the year's numbers."""
    p, s, g, e = data["participants"]["totals"], data["shares"], data["groups"], data["endings"]
    m, f, sat, w = data["meetings"], data["feedback"], data["satisfaction"], data["waiting"]

    def pct(share):
        if share["whole"] is None:
            return _("not counted (the contingent of the year is not entered)")
        return _("no data") if share["percent"] is None else ru_percent(share["percent"])

    def num(value):
        return _("no data") if value is None else ru_number(value)

    paragraphs = [
        _(
            "In the %(year)s academic year %(participants)s people took part in the mentoring programme: "
            "%(mentors)s mentors and %(mentees)s mentees (%(both)s of them in both roles)."
        )
        % {"year": data["year"], **{key: ru_number(value) for key, value in p.items()}},
        (
            _(
                "Students aged 10–18 who are mentees: %(students)s; young teachers who are mentees: %(young)s; "
                "students aged 15–19 who are mentors: %(mentors)s. Students and teachers involved in some form of "
                "mentoring: %(involved)s (federal target: at least %(target)s)."
            )
            if "share_students_mentees" in s
            # No pupils take part in this kind of organisation (applicable.py): the teachers' shares only.
            else _(
                "Young teachers who are mentees: %(young)s. Teachers involved in some form of mentoring: "
                "%(involved)s (federal target: at least %(target)s)."
            )
        )
        % {
            "students": pct(s["share_students_mentees"]) if "share_students_mentees" in s else "",
            "young": pct(s["share_young_teachers_mentees"]),
            "mentors": pct(s["share_students_mentors"]) if "share_students_mentors" in s else "",
            "involved": pct(s["share_involved"]),
            "target": ru_percent(s["target_percent"]),
        },
        _(
            "%(total)s pairs and groups were formed; %(completed)s completed their programmes and %(terminated)s "
            "ended early."
        )
        % {
            "total": ru_number(g["total"]),
            "completed": ru_number(e["completed"]),
            "terminated": ru_number(e["terminated"]),
        },
        " ".join(
            part
            for part in (
                _("Meetings held: %(meetings)s, %(average)s per pair or group on average.")
                % {"meetings": ru_number(m["total"]), "average": ru_number(m["average"] or 0)},
                ngettext(
                    "%(count)s pair or group held no meeting.",
                    "%(count)s pairs and groups held no meeting.",
                    m["without_meetings"],
                )
                % {"count": ru_number(m["without_meetings"])}
                if m["without_meetings"]
                else "",
                _("Feedback forms received: %(received)s of %(due)s.")
                % {"received": ru_number(f["received"]), "due": ru_number(f["due"])},
            )
            if part
        ),
    ]
    if sat["mentor"]["average"] is not None or sat["mentee"]["average"] is not None:
        paragraphs.append(
            _("Average satisfaction (1–10): mentors %(mentors)s, mentees %(mentees)s.")
            % {"mentors": num(sat["mentor"]["average"]), "mentees": num(sat["mentee"]["average"])}
        )
    if w["count"]:
        waiting = ngettext(
            "%(count)s mentee is still waiting for a mentor,",
            "%(count)s mentees are still waiting for a mentor,",
            w["count"],
        ) % {"count": ru_number(w["count"])}
        days = w["average_days"] or 0
        on_average = ngettext("%(days)s day on average.", "%(days)s days on average.", plural_count(days)) % {
            "days": ru_number(days)
        }
        paragraphs.append(f"{waiting} {on_average}")
    if s["share_involved"]["percent"] is not None and s["share_involved"]["percent"] < s["target_percent"]:
        paragraphs.append(
            _("Involvement is below the federal target: widen the mentor bank and the forms of mentoring next year.")
        )
    paragraphs.append(_("Conclusions and proposals for the next year: …"))
    return "\n\n".join(paragraphs)


def report_context(year: AcademicYear, part: str, *, today: datetime.date | None = None) -> dict:
    """The context of one part of the report (templates/documents/annual_report.html)."""
    scope = ind.make_scope(year, today=today)
    section, _sep, offset = part.partition(":")
    context = {
        "section": section,
        "section_template": SECTION_TEMPLATES[section],
        "year": year,
        "organisation": organisation(),
        "reference_day": scope.day,
        "definitions": applicable.definitions(),
    }
    if section == "title":
        context.update(curator=curator_person(), generated_on=timezone.localdate())
    elif section == "roadmap":
        context.update(roadmap=roadmap_section(year))
    elif section == "indicators":
        data = monitoring_cache.year_indicators(scope)
        context.update(data=data, charts=monitoring_cache.all_charts(scope, data))  # drawn once per data version
    elif section == "groups":
        start = int(offset or 0)
        context.update(
            sections=group_sections(scope, start), first_chunk=start == 0, groups_total=report_groups(year).count()
        )
    elif section == "satisfaction":
        data = {"satisfaction": ind.satisfaction(scope), "feedback": ind.feedback(scope)}
        context.update(data=data, chart=charts.satisfaction_chart(data))
    elif section == "conclusions":
        report = AnnualReport.objects.filter(year=year).first()
        text = report.conclusions if report and report.conclusions.strip() else ""
        context.update(
            conclusions=text or conclusions_draft(monitoring_cache.year_indicators(scope)),
            is_draft=not text,
        )
    elif section == "best_practices":
        context.update(practices=best_practices(scope))
    return context
