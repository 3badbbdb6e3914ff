"""The inactive groups (the curator's home panel, the watch page, the reminders) read the last meeting and the last
reminder as aggregates of one grouped join (issue 17); the same groups, dates and order as the former two subqueries
per active group, on a varied school."""

import datetime

import pytest
from django.conf import settings
from django.db.models import DateField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring.choices import GroupStatus
from mentoring.models import MentoringGroup
from programmes.models import InactivityReminder, Meeting
from programmes.selectors import inactive_groups
from tests.factories_monitoring import bulk_school

pytestmark = pytest.mark.django_db


def former_inactive_groups(today, year=None):
    limit = today - datetime.timedelta(weeks=settings.MENTORING_INACTIVITY_WEEKS)
    last_held = Meeting.objects.filter(group=OuterRef("pk"), date__lte=today).order_by("-date").values("date")[:1]
    last_reminder = InactivityReminder.objects.filter(group=OuterRef("pk")).order_by("-sent_at").values("sent_at")[:1]
    groups = MentoringGroup.objects.filter(status=GroupStatus.ACTIVE)
    if year is not None:
        groups = groups.filter(pk__in=MentoringGroup.objects.of_year(year).values("pk"))
    return (
        groups.annotate(
            quiet_since=Coalesce(
                Subquery(last_held, output_field=DateField()), F("programme__start_date"), F("planned_start")
            ),
            last_reminder=Subquery(last_reminder),
        )
        .filter(quiet_since__lte=limit)
        .order_by("quiet_since", "pk")
    )


def test_inactive_groups_equal_the_former_subqueries(year, organisation):
    bulk_school(year, people=200, groups=80, seed=5)
    today = timezone.localdate()
    groups = list(MentoringGroup.objects.filter(status=GroupStatus.ACTIVE).order_by("pk"))
    for i, g in enumerate(groups[:30]):
        InactivityReminder.objects.create(
            group=g, quiet_since=today - datetime.timedelta(days=40 + i), period=1 + i % 3
        )
        if i % 2:  # a second, later reminder: the latest one counts
            InactivityReminder.objects.create(group=g, quiet_since=today - datetime.timedelta(days=80 + i), period=9)
    for g in groups[30:40]:  # only a future meeting: the programme's start, else the planned start, counts
        g.meetings.all().delete()
        Meeting.objects.create(group=g, kind="joint_work", date=today + datetime.timedelta(days=3))
    for day in (today, today - datetime.timedelta(days=20), today + datetime.timedelta(days=30)):
        for of_year in (None, year):
            got = [(g.pk, g.quiet_since, g.last_reminder) for g in inactive_groups(today=day, year=of_year)]
            former = [(g.pk, g.quiet_since, g.last_reminder) for g in former_inactive_groups(day, of_year)]
            assert got == former
    assert len(former) > 5 and any(last for _pk, _since, last in former)
