"""The academic year an office page shows: the hub's current year, or one chosen among the years schools sent."""

from django.db.models import QuerySet

from mentoring.selectors import current_year

from ..models import ReceivedPackage


def known_years() -> list[str]:
    """The hub's current year and every year a school sent an accepted package for, newest first."""
    titles = set(
        ReceivedPackage.objects.filter(status=ReceivedPackage.Status.ACCEPTED)
        .values_list("academic_year", flat=True)
        .distinct()
    )
    year = current_year()
    if year is not None:
        titles.add(year.title)
    return sorted(titles, reverse=True)


def chosen_year(query) -> tuple[str, list[str]]:
    """`?year=2026/2027` when it is a known year; else the current year (else the newest sent). ("", []) if none."""
    years = known_years()
    wanted = query.get("year", "")
    if wanted in years:
        return wanted, years
    year = current_year()
    return (year.title if year else (years[0] if years else "")), years


def accepted(queryset: QuerySet | None = None) -> QuerySet:
    return (queryset or ReceivedPackage.objects).filter(status=ReceivedPackage.Status.ACCEPTED)
