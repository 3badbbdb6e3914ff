"""The municipal roll-up: every indicator per school and for the whole municipality, against the targets.

Shares are summed, never averaged: the municipality's share is the sum of the schools' numerators over the sum of
their denominators (two schools with 1/10 and 9/10 make 10/20 = 50 %, not the 55 % an average of percentages would
give). A school that has not entered its contingent sends a share without a denominator: it is left out of that share
(numerator and denominator alike) and shown as «нет знаменателя». Counts (denominator null everywhere) are summed.

A fixed number of queries whatever the number of schools: the schools with their last accepted package of the year,
the indicators of the year, one aggregate per code for the totals, the targets.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from reports.monitoring.indicators import FEDERAL_TARGET_PERCENT

from ..models import IndicatorTarget, MemberSchool, ReceivedPackage, SchoolIndicator

# Labels of the indicators schools send (federation.package.build); an unknown code shows as itself.
LABELS = {
    "share_students_mentees": _("Students aged 10–18 who are mentees"),
    "share_young_teachers_mentees": _("Young teachers who are mentees"),
    "share_students_mentors": _("Students aged 15–19 who are mentors"),
    "share_involved": _("Students and teachers involved in mentoring"),
    "participants": _("Participants"),
    "mentors": _("Mentors"),
    "mentees": _("Mentees"),
    "groups": _("Pairs and groups"),
    "groups_completed": _("Completed pairs and groups"),
    "groups_terminated": _("Terminated pairs and groups"),
    "meetings": _("Meetings held"),
    "waiting_mentees": _("Mentees waiting for a mentor"),
    "feedback_received": _("Feedback forms received of those due"),
}
ORDER = list(LABELS)
# The federal target (Р-145): at least 70 % of students and teachers involved; the office may set its own targets.
DEFAULT_TARGETS = {"share_involved": Decimal(FEDERAL_TARGET_PERCENT)}


def label(code: str) -> str:
    return str(LABELS.get(code, code))


def percent(numerator: int | None, denominator: int | None) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator or 0) * 100 / Decimal(denominator)).quantize(Decimal("0.1"))


@dataclass
class Cell:
    numerator: int | None = None
    denominator: int | None = None
    percent: Decimal | None = None
    missing: bool = True  # the school did not send this indicator
    below: bool = False  # under the target
    share: bool = False  # a share indicator (the school may lack the denominator)


@dataclass
class Indicator:
    code: str
    label: str
    is_share: bool
    target: Decimal | None
    total: Cell
    below_count: int = 0


@dataclass
class SchoolRow:
    school: MemberSchool
    last_package: object  # datetime | None
    cells: list[Cell] = field(default_factory=list)

    @property
    def sent(self) -> bool:
        return self.last_package is not None

    @property
    def below(self) -> bool:
        return any(c.below for c in self.cells)


def targets_of_year(academic_year: str) -> dict[str, Decimal]:
    targets = dict(DEFAULT_TARGETS)
    targets.update(IndicatorTarget.objects.filter(academic_year=academic_year).values_list("code", "target_percent"))
    return targets


def rollup(academic_year: str) -> dict:
    """{"indicators": [Indicator], "rows": [SchoolRow], "silent": n, "latest_package": id|None} for the year."""
    schools = list(
        MemberSchool.objects.annotate(
            last_package=Max(
                "packages__received_at",
                filter=Q(packages__status=ReceivedPackage.Status.ACCEPTED, packages__academic_year=academic_year),
            ),
            latest_package=Max(
                "packages__pk",
                filter=Q(packages__status=ReceivedPackage.Status.ACCEPTED, packages__academic_year=academic_year),
            ),
        ).order_by("name")
    )
    values = {
        (r["school_id"], r["code"]): r
        for r in SchoolIndicator.objects.filter(academic_year=academic_year).values(
            "school_id", "code", "numerator", "denominator"
        )
    }
    totals = {
        r["code"]: r
        for r in SchoolIndicator.objects.filter(academic_year=academic_year)
        .values("code")
        .annotate(
            with_denominator=Count("denominator"),
            share_numerator=Sum("numerator", filter=Q(denominator__isnull=False)),
            count_numerator=Sum("numerator"),
            denominator=Sum("denominator"),
        )
    }
    targets = targets_of_year(academic_year)
    codes = sorted(totals, key=lambda c: (ORDER.index(c) if c in ORDER else len(ORDER), c))
    indicators = []
    for code in codes:
        t = totals[code]
        is_share = t["with_denominator"] > 0
        if is_share:
            total = Cell(t["share_numerator"], t["denominator"], percent(t["share_numerator"], t["denominator"]), False)
        else:
            total = Cell(t["count_numerator"], None, None, False)
        target = targets.get(code) if is_share else None
        total.below = target is not None and total.percent is not None and total.percent < target
        indicators.append(Indicator(code, label(code), is_share, target, total))
    rows = []
    for school in schools:
        row = SchoolRow(school, school.last_package)
        for indicator in indicators:
            value = values.get((school.pk, indicator.code))
            if value is None:
                row.cells.append(Cell())
                continue
            cell = Cell(
                value["numerator"], value["denominator"], percent(value["numerator"], value["denominator"]), False
            )
            cell.share = indicator.is_share
            if indicator.target is not None and cell.percent is not None and cell.percent < indicator.target:
                cell.below = True
                indicator.below_count += 1
            row.cells.append(cell)
        rows.append(row)
    latest = max((s.latest_package for s in schools if s.latest_package), default=None)
    return {
        "indicators": indicators,
        "rows": rows,
        "silent": sum(1 for r in rows if not r.sent),
        "latest_package": latest,
        "targets": targets,
    }
