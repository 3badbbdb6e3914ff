"""The pairing board stays small with a big mentor bank: the top ten suggestions, the rest by a plain link, one
form for the page whose buttons name their mentor."""

import re

import pytest
from django.urls import reverse

from mentoring.models import MentoringGroup
from tests.factories_groups import BankMenteeFactory, BankMentorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(year):
    mentee = BankMenteeFactory(year=year, requests=["methodical"])
    mentors = BankMentorFactory.create_batch(14, year=year, directions=["methodical"])
    return mentee, mentors


def _cards(html: str) -> list[str]:
    section = html[html.index('id="suggested-mentors"') :]
    section = section[: section.index("</ol>")]
    return re.findall(r'data-mentor="(\d+)"', section)


def test_board_shows_the_top_ten_and_links_to_the_rest(client, curator, pool):
    mentee, mentors = pool
    client.force_login(curator)
    html = client.get(reverse("mentoring:pairing_board"), {"mentee": mentee.person_id}).content.decode()
    assert len(_cards(html)) == 10
    assert html.count('action="/mentoring/pairing/pair/"') == 1  # one pairing form for the page
    assert html.count('form="pair-form"') == 10
    link = re.search(r'href="([^"]*more=1[^"]*)" data-action="more-mentors"', html)
    assert link and "Показать всех 14" in html
    everyone = client.get(reverse("mentoring:pairing_board") + link.group(1).replace("&amp;", "&")).content.decode()
    assert sorted(_cards(everyone)) == sorted(str(m.person_id) for m in mentors)
    assert 'data-action="more-mentors"' not in everyone


def test_a_card_button_proposes_its_mentor_through_the_one_form(client, curator, pool):
    mentee, mentors = pool
    client.force_login(curator)
    html = client.get(reverse("mentoring:pairing_board"), {"mentee": mentee.person_id}).content.decode()
    chosen = int(_cards(html)[3])
    response = client.post(reverse("mentoring:pairing_pair"), {"mentee": mentee.person_id, "mentor": chosen})
    assert response.status_code == 302
    group = MentoringGroup.objects.get()
    assert set(group.memberships.values_list("person_id", "role")) == {
        (chosen, "mentor"),
        (mentee.person_id, "mentee"),
    }
