"""The daily digest: items due within 7 days and overdue, one email per user per day, never twice."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from roadmap.models import ReminderLog
from roadmap.services import roadmap_reminders_send
from roadmap.tasks import send_roadmap_reminders
from tests.factories import AcademicYearFactory, PersonFactory, UserFactory
from tests.factories_roadmap import RoadmapItemFactory, RoadmapStageFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def items(year, curator, director, today):
    stage = RoadmapStageFactory(year=year)
    days = datetime.timedelta
    return {
        "curator_late": RoadmapItemFactory(stage=stage, title="Анкетирование наставляемых", period_end=today - days(2)),
        "curator_soon": RoadmapItemFactory(stage=stage, title="База наставников", period_end=today + days(6)),
        "curator_far": RoadmapItemFactory(stage=stage, title="Итоговое мероприятие", period_end=today + days(8)),
        "curator_done": RoadmapItemFactory(
            stage=stage, title="Формы согласий", period_end=today - days(1), status="done", done_on=today
        ),
        "director_soon": RoadmapItemFactory(
            stage=stage, title="Приказ о закреплении пар", period_end=today + days(1), responsible_role="director"
        ),
    }


def test_each_responsible_user_gets_one_digest_with_overdue_and_soon_items(items, curator, director, today):
    sent = roadmap_reminders_send(today=today)

    assert sent == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {curator.email, director.email}
    body = by_recipient[curator.email].body
    assert "Анкетирование наставляемых" in body and "База наставников" in body
    assert "Итоговое мероприятие" not in body and "Формы согласий" not in body
    assert body.index("Анкетирование наставляемых") < body.index("База наставников")  # overdue listed first
    assert "/roadmap/mine/" in body
    assert "Приказ о закреплении пар" in by_recipient[director.email].body
    assert "Приказ о закреплении пар" not in body


def test_running_the_job_twice_sends_one_email_per_user(items, curator, director, today):
    assert roadmap_reminders_send(today=today) == 2
    assert roadmap_reminders_send(today=today) == 0
    send_roadmap_reminders.delay()  # through Celery, as beat would run it
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.filter(day=today).count() == 2
    # The next day is a new digest.
    assert roadmap_reminders_send(today=today + datetime.timedelta(days=1)) == 2


def test_database_allows_one_digest_per_user_per_day(curator, today):
    ReminderLog.objects.create(user=curator, day=today)
    with pytest.raises(IntegrityError):
        ReminderLog.objects.create(user=curator, day=today)


def test_named_person_gets_the_item_instead_of_the_role(year, curator, today):
    person = PersonFactory()
    teacher = UserFactory(roles=["mentor"], person=person, username="teacher")
    RoadmapItemFactory(stage__year=year, responsible_person=person, period_end=today, title="Открытый урок")
    roadmap_reminders_send(today=today)
    assert [m.to for m in mail.outbox] == [[teacher.email]]


def test_users_without_email_inactive_or_other_years_get_nothing(curator, today):
    curator.email = ""
    curator.save()
    UserFactory(roles=["curator"], username="former", is_active=False)
    past = AcademicYearFactory(
        title="2020/2021", start_date=datetime.date(2020, 9, 1), end_date=datetime.date(2021, 5, 31), is_current=False
    )
    RoadmapItemFactory(stage__year=past, period_end=datetime.date(2021, 5, 1))
    assert roadmap_reminders_send(today=today) == 0
    assert mail.outbox == []
