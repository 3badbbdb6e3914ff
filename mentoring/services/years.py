"""Academic years: propose the dates, create one, make one current (exactly one is current)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import AcademicYear


def proposed_year(today: datetime.date) -> tuple[datetime.date, datetime.date, str]:
    """The school year `today` falls in (from August on, the one that starts this September): 1 Sept – 31 May."""
    start_year = today.year if today.month >= 8 else today.year - 1
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 5, 31), f"{start_year}/{start_year + 1}"


def _shift_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def proposed_next_year(year: AcademicYear) -> tuple[datetime.date, datetime.date, str]:
    """The year after `year`: the same dates a calendar year later."""
    start = _shift_year(year.start_date)
    return start, _shift_year(year.end_date), f"{start.year}/{start.year + 1}"


@transaction.atomic
def academic_year_set_current(*, year: AcademicYear) -> AcademicYear:
    """Exactly one current year: unset the others first, in the same transaction."""
    AcademicYear.objects.select_for_update().filter(is_current=True).exclude(pk=year.pk).update(is_current=False)
    year.is_current = True
    year.save(update_fields=["is_current"])
    return year


@transaction.atomic
def academic_year_create(
    *, title: str, start_date: datetime.date, end_date: datetime.date, make_current: bool = False
) -> AcademicYear:
    """A new academic year; the title is unique and the year ends after it starts (Russian messages)."""
    title = title.strip()
    if AcademicYear.objects.filter(title__iexact=title).exists():
        raise ValidationError({"title": _("The academic year %(title)s already exists.") % {"title": title}})
    if start_date and end_date and end_date <= start_date:
        raise ValidationError({"end_date": _("The year must end after it starts.")})
    year = AcademicYear(title=title, start_date=start_date, end_date=end_date)
    year.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            year.save()
    except IntegrityError as exc:  # a twin created at the same moment
        raise ValidationError({"title": _("The academic year %(title)s already exists.") % {"title": title}}) from exc
    if make_current:
        academic_year_set_current(year=year)
    return year
