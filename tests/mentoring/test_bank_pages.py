"""The bank pages read only their page's rows: the columns from the year's groups, the load, the order and the
paging stay what the federal forms list."""

import re

import pytest
from django.urls import reverse

from mentoring.models import GroupMembership, MenteeProfile, MentorProfile, Person
from tests import factories

pytestmark = pytest.mark.django_db


def _row(html: str, name: str) -> str:
    return next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if name in r)


def test_the_banks_show_the_other_side_of_the_years_groups_and_the_load(client, curator, year):
    group = factories.GroupFactory(year=year)
    mentor = group.memberships.get(role="mentor").person
    mentee = group.memberships.get(role="mentee").person
    MentorProfile.objects.filter(person=mentor).update(capacity=3)
    gone = factories.MenteeProfileFactory(year=year, status="paired").person
    GroupMembership.objects.create(group=group, person=gone, role="mentee", joined_on=year.start_date,
                                   left_on=year.start_date)  # fmt: skip
    waiting = factories.MenteeProfileFactory(year=year, preferred_form="student_student").person
    client.force_login(curator)
    mentors = client.get(reverse("mentoring:mentor_bank")).content.decode()
    row = _row(mentors, mentor.full_name)
    assert mentee.full_name in row and gone.full_name not in row  # who is still in the group
    assert 'data-load="1">1 / 3<' in row
    mentees = client.get(reverse("mentoring:mentee_bank")).content.decode()
    row = _row(mentees, mentee.full_name)
    assert mentor.full_name in row and "педагог – педагог" in row
    row = _row(mentees, waiting.full_name)
    assert "—" in row and "ученик – ученик" in row  # no group yet: the preferred form


def test_a_bank_page_is_the_next_fifty_by_name(client, curator, year):
    people = Person.objects.bulk_create(
        [Person(last_name=f"Фамилия{i:03d}", first_name="Ольга", category="young_specialist") for i in range(60)]
    )
    MenteeProfile.objects.bulk_create([MenteeProfile(person=p, year=year, entered_on=year.start_date) for p in people])
    client.force_login(curator)

    def table(query):
        html = client.get(reverse("mentoring:mentee_bank"), query).content.decode()
        return re.findall(r"(Фамилия\d{3}) Ольга</a>", html[: html.index('id="without-mentor"')])

    assert table({}) + table({"page": 2}) == [f"Фамилия{i:03d}" for i in range(60)]
    assert table({"q": "Фамилия059"}) == ["Фамилия059"]
    html = client.get(reverse("mentoring:mentee_bank")).content.decode()
    assert re.search(r'data-status-count="awaiting">[^<]*: 60<', html)  # the counts of this bank only
    assert 'data-count="waiting">60<' in html
