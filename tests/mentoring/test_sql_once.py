"""Figures compiled once (mentoring.sql_once) still read the data of the moment, per key."""

import pytest
from django.db.models import Count

from mentoring.choices import MenteeStatus
from mentoring.models import Person
from mentoring.selectors import curator_dashboard_counts
from mentoring.sql_once import aggregate_once, values_once
from tests import factories

pytestmark = pytest.mark.django_db


def test_curator_counts_follow_writes_made_after_the_first_compilation(year):
    factories.PersonFactory()
    first = curator_dashboard_counts(year)
    factories.PersonFactory(consent=None)
    factories.MenteeProfileFactory(year=year, status=MenteeStatus.AWAITING)
    second = curator_dashboard_counts(year)
    assert second["people"] == first["people"] + 2
    assert second["without_consent"] == first["without_consent"] + 1
    assert (first["awaiting"], second["awaiting"]) == (0, 1)


def test_the_same_key_reads_the_other_year_only_through_its_own_key(year):
    other = factories.AcademicYearFactory(title="2030/2031", is_current=False)
    factories.MenteeProfileFactory(year=other, status=MenteeStatus.AWAITING)
    assert curator_dashboard_counts(year)["awaiting"] == 0
    assert curator_dashboard_counts(other)["awaiting"] == 1


def test_aggregate_once_gives_what_aggregate_gives_even_on_no_rows():
    def build():
        return Person.objects.filter(last_name="Нет-такого"), {"n": Count("pk")}

    assert aggregate_once(("test-none",), build) == Person.objects.filter(last_name="Нет-такого").aggregate(
        n=Count("pk")
    )
    assert aggregate_once(("test-none",), build) == {"n": 0}


def test_values_once_names_columns_by_annotation():
    factories.PersonFactory(last_name="Смирнова")
    rows = values_once(("test-values",), lambda: Person.objects.values("last_name").annotate(n=Count("pk")).order_by())
    assert rows == [{"last_name": "Смирнова", "n": 1}]


def test_aggregate_once_refuses_a_sliced_queryset():
    with pytest.raises(ValueError):
        aggregate_once(("test-sliced",), lambda: (Person.objects.all()[:3], {"n": Count("pk")}))
