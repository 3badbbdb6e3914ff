"""«Журнал»: who may read it, its filters, plain Russian, the XLSX export and a constant number of queries."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import EVENT_MODELS, AccessEvent
from mentoring.models import MentorProfile, Person
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(db):
    return factories.UserFactory(roles=["methodical_council"], username="council")


def _curator_named(patronymic="Владимировна"):
    person = factories.PersonFactory(last_name="Смирнова", first_name="Ольга", patronymic=patronymic)
    return factories.UserFactory(roles=["curator"], username="smirnova", person=person)


def test_capacity_change_reads_as_a_sentence(client, director, year):
    curator = _curator_named()
    profile = factories.MentorProfileFactory(year=year, capacity=2)
    client.force_login(curator)
    url = reverse("mentoring:mentor_edit", args=[profile.pk])
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
    client.post(url, {**data, "capacity": 3})
    client.force_login(director)
    page = client.get(reverse("audit:journal"), {"model": "mentoring.MentorProfile"}).content.decode()
    assert "куратор Смирнова О. В. изменила" in page
    assert "2 → 3" in page


def test_curator_reads_her_own_actions_only(client, year):
    curator = _curator_named()
    other = factories.UserFactory(roles=["curator"], username="other")
    person = factories.PersonFactory(last_name="Петров")
    for user, phone in ((curator, "1"), (other, "2")):
        client.force_login(user)
        url = reverse("mentoring:person_edit", args=[person.pk])
        data = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
        client.post(url, {**data, "phone": phone})
    client.force_login(curator)
    response = client.get(reverse("audit:journal"), {"person": person.pk})
    lines = response.context["lines"]
    assert lines and all("Смирнова" in line.sentence for line in lines)


def test_council_reads_mentors_and_mentees_do_not(client, council, mentor_with_pair, mentee_user):
    assert client.get(reverse("audit:journal")).status_code == 302
    client.force_login(council)
    assert client.get(reverse("audit:journal")).status_code == 200
    for user in (mentor_with_pair, mentee_user):
        client.force_login(user)
        assert client.get(reverse("audit:journal")).status_code == 403
        assert client.get(reverse("audit:journal_export")).status_code == 403


def test_filters_by_action_user_date_and_tab(client, director, curator):
    factories.PersonFactory()
    client.force_login(director)
    url = reverse("audit:journal")
    assert client.get(url, {"action": "delete"}).context["page"].paginator.count == 0
    assert client.get(url, {"action": "insert"}).context["page"].paginator.count >= 1
    assert client.get(url, {"user": curator.pk}).context["page"].paginator.count == 0
    assert client.get(url, {"date_from": "2999-01-01"}).context["page"].paginator.count == 0
    AccessEvent.objects.create(user=curator, action="export_people", count=12)
    reads = client.get(url, {"tab": "reads"})
    assert "12 человек" in reads.content.decode()


@pytest.mark.parametrize("query", [{"person": "abc"}, {"date_from": "32.13.2026"}, {"user": "%00"}, {"page": "x"}])
def test_malformed_filters_are_ignored(client, director, query):
    client.force_login(director)
    assert client.get(reverse("audit:journal"), query).status_code == 200


def test_export_is_an_xlsx_with_neutralised_cells(client, director):
    factories.PersonFactory(last_name='=HYPERLINK("x")')
    client.force_login(director)
    response = client.get(reverse("audit:journal_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("HYPERLINK" in c for c in cells) and not any(c.startswith("=") for c in cells)
    assert AccessEvent.objects.filter(action="export_journal", user=director).exists()


def _journal_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("audit:journal")).status_code == 200
        assert client.get(reverse("audit:journal"), {"tab": "reads"}).status_code == 200
    return len(ctx)


def test_journal_queries_do_not_grow_with_the_events(client, director):
    client.force_login(director)
    factories.PersonFactory.create_batch(3)
    AccessEvent.objects.create(user=director, action="view_person", count=1)  # both tabs have a page to show
    few = _journal_queries(client)
    with connection.cursor() as cursor:  # 100 000 more events, written the way the triggers do
        event_model = EVENT_MODELS[Person]
        columns = ", ".join(f.column for f in event_model._meta.concrete_fields if f.column != "pgh_id")
        table = event_model._meta.db_table
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}, generate_series(1, 34000)")
        cursor.execute(
            "INSERT INTO audit_accessevent (at, user_id, action, target, people, count, request_id)"
            " SELECT now(), %s, 'view_person', '', '[]', 1, '' FROM generate_series(1, 100000)",
            [director.pk],
        )
    assert _journal_queries(client) == few


def test_the_card_gets_one_query_for_its_history(client, director, settings):
    person = factories.PersonFactory()
    client.force_login(director)
    url = reverse("mentoring:person_detail", args=[person.pk])
    with CaptureQueriesContext(connection) as with_panel:
        page = client.get(url).content.decode()
    assert "История изменений" in page
    from mentoring import home_panels

    saved = list(home_panels._PANELS)
    home_panels._PANELS[:] = [p for p in saved if p.home != "person_card"]
    try:
        with CaptureQueriesContext(connection) as without_panel:
            client.get(url)
    finally:
        home_panels._PANELS[:] = saved
    assert len(with_panel) - len(without_panel) == 1
    assert Person.objects.count() and MentorProfile  # the models the card reads exist


def test_without_postgresql_the_journal_and_the_cards_say_no_history_is_kept(client, director, monkeypatch):
    """The demo's SQLite has no history triggers and the journal's SQL is PostgreSQL's: pages answer, never a 500."""
    from audit.journal_sql import ChangeQuery, change_count, change_page

    person = factories.PersonFactory()
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert change_count(ChangeQuery(related_to=person)) == 0 and change_page(ChangeQuery(), 0, 10) == []
    client.force_login(director)
    page = client.get("/journal/")
    assert page.status_code == 200 and "ведётся только на PostgreSQL" in page.content.decode()
    assert client.get(f"/mentoring/people/{person.pk}/").status_code == 200
