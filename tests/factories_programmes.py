"""Factories for programmes, plan activities and meetings; groups made active for programme work."""

import datetime

import factory

from mentoring.choices import GroupStatus, Mode
from programmes.models import Meeting, Programme, ProgrammeActivity
from programmes.services import add_months
from tests.factories import GroupFactory


def make_active(group, approved_on=None):
    group.status = GroupStatus.ACTIVE
    group.approved_on = approved_on or group.year.start_date + datetime.timedelta(days=30)
    group.save(update_fields=["status", "approved_on"])
    return group


class ActiveGroupFactory(GroupFactory):
    status = GroupStatus.ACTIVE
    approved_on = factory.LazyAttribute(lambda o: o.year.start_date + datetime.timedelta(days=30))


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    group = factory.SubFactory(ActiveGroupFactory)
    title = "Персонализированная программа наставничества"
    problem = "Затруднения в планировании уроков"
    goals = "Успешная адаптация молодого педагога"
    mode = Mode.MIXED
    start_date = factory.LazyAttribute(lambda o: o.group.planned_start)
    end_date = factory.LazyAttribute(lambda o: add_months(o.start_date, 6))
    status = Programme.Status.AGREED
    agreed_on = factory.LazyAttribute(lambda o: o.start_date if o.status != Programme.Status.DRAFT else None)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeActivity

    programme = factory.SubFactory(ProgrammeFactory)
    direction = "methodical"
    title = factory.Sequence(lambda n: f"Мероприятие плана № {n}")
    expected_result = "Результат достигнут"
    due_date = factory.LazyAttribute(lambda o: o.programme.start_date + datetime.timedelta(days=30))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(ActiveGroupFactory)
    kind = Meeting.Kind.JOINT_WORK
    date = factory.LazyAttribute(lambda o: o.group.planned_start + datetime.timedelta(days=7))
    format = Mode.IN_PERSON
    notes = "Обсудили план урока"
