"""Factories for the roadmap: stages and items with a deadline relative to today unless given."""

import datetime

import factory
from django.utils import timezone

from roadmap.models import RoadmapItem, RoadmapStage
from tests.factories import AcademicYearFactory


class RoadmapStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapStage

    year = factory.SubFactory(AcademicYearFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Этап {n + 1}")
    kind = "other"


class RoadmapItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapItem

    stage = factory.SubFactory(RoadmapStageFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Мероприятие {n}")
    period_end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    responsible_role = "curator"
    result_document = "Протокол"
    document_type = "protocol"
