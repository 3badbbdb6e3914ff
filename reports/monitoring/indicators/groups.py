"""The indicators about pairs and groups: counts by status, form and type, endings, meetings held."""

from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet, Sum

from mentoring.choices import CompletionReason, GroupStatus, MentoringForm, MentoringType
from mentoring.models import GroupMembership, MentoringGroup

from .scope import Scope, approved_groups


def year_groups(scope: Scope) -> QuerySet[MentoringGroup]:
    """All groups of the year (proposals and carried-over groups too) in the chosen form, with a member of the
    chosen category."""
    qs = MentoringGroup.objects.of_year(scope.year)
    if scope.form:
        qs = qs.filter(form=scope.form)
    if scope.category:
        qs = qs.filter(Exists(GroupMembership.objects.filter(group_id=OuterRef("pk"), person__category=scope.category)))
    return qs


def groups(scope: Scope) -> dict:
    """Pairs and groups by status, form and type: one aggregate query with a filtered count per value."""
    counts = {"total": Count("pk")}
    for code in GroupStatus.values:
        counts[f"status_{code}"] = Count("pk", filter=Q(status=code))
    for code in MentoringForm.values:
        counts[f"form_{code}"] = Count("pk", filter=Q(form=code))
    for code in MentoringType.values:
        # `types` is a JSON list; matching the quoted code works on PostgreSQL and on SQLite (the demo).
        counts[f"type_{code}"] = Count("pk", filter=Q(types__icontains=f'"{code}"'))
    a = year_groups(scope).aggregate(**counts)

    def part(prefix, choices):
        return [{"code": code, "label": str(label), "count": a[f"{prefix}_{code}"]} for code, label in choices]

    return {
        "total": a["total"],
        "by_status": part("status", GroupStatus.choices),
        "by_form": [row for row in part("form", MentoringForm.choices) if row["count"] or scope.form == row["code"]],
        "by_type": part("type", MentoringType.choices),
    }


def endings(scope: Scope) -> dict:
    """Completed and terminated pairs and groups with reasons (one query)."""
    found = {
        (row["status"], row["completion_reason"]): row["n"]
        for row in year_groups(scope)
        # Ended by the reference day: a group carried into the next year and ended there is that year's ending.
        .filter(status__in=[GroupStatus.COMPLETED, GroupStatus.TERMINATED], ended_on__lte=scope.day)
        .values("status", "completion_reason")
        .annotate(n=Count("pk"))
        .order_by()
    }
    completed = sum(n for (status, _reason), n in found.items() if status == GroupStatus.COMPLETED)
    reasons = [
        {"code": code, "label": str(label), "count": found.get((GroupStatus.TERMINATED, code), 0)}
        for code, label in CompletionReason.choices
        if code != CompletionReason.PLAN_COMPLETED
    ]
    return {
        "completed": completed,
        "terminated": sum(r["count"] for r in reasons),
        "terminated_by_reason": reasons,
    }


MEETING_BANDS = ((0, 0), (1, 2), (3, 5), (6, 9), (10, None))


def meetings(scope: Scope) -> dict:
    """Meetings held per approved group up to the reference day: totals, average and a distribution (one query
    for the per-group counts aggregated in the database, one for the kinds)."""
    from programmes.models import Meeting

    in_year = Q(meetings__date__gte=scope.year.start_date, meetings__date__lte=scope.day)
    per_group = approved_groups(scope)
    if scope.category:
        per_group = per_group.filter(
            Exists(GroupMembership.objects.filter(group_id=OuterRef("pk"), person__category=scope.category))
        )
    per_group = per_group.annotate(n=Count("meetings", filter=in_year))
    bands = {}
    for low, high in MEETING_BANDS:
        cond = Q(n__gte=low) if high is None else Q(n__gte=low, n__lte=high)
        bands[f"band_{low}"] = Count("pk", filter=cond)
    a = per_group.aggregate(groups=Count("pk"), total=Sum("n"), average=Avg("n"), most=Max("n"), **bands)
    kinds = dict(
        Meeting.objects.filter(group__in=per_group.values("pk"), date__gte=scope.year.start_date, date__lte=scope.day)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    band_rows = [
        {
            "label": str(low) if high == low else (f"{low}+" if high is None else f"{low}–{high}"),
            "count": a[f"band_{low}"],
        }
        for low, high in MEETING_BANDS
    ]
    return {
        "groups": a["groups"],
        "total": a["total"] or 0,
        "average": round(a["average"], 1) if a["average"] is not None else None,
        "most": a["most"] or 0,
        "without_meetings": a["band_0"],
        "bands": band_rows,
        "by_kind": [
            {"code": code, "label": str(label), "count": kinds.get(code, 0)} for code, label in Meeting.Kind.choices
        ],
    }


def meetings_per_group(scope: Scope) -> dict[int, int]:
    """{group id: meetings held} for the approved groups (the report's group sections), one query."""
    in_year = Q(meetings__date__gte=scope.year.start_date, meetings__date__lte=scope.day)
    return dict(approved_groups(scope).annotate(n=Count("meetings", filter=in_year)).values_list("pk", "n"))
