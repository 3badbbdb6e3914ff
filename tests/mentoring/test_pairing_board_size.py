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


def test_the_draft_reuses_the_proposals_scores_and_computes_the_baseline_on_demand(client, curator, year, monkeypatch):
    from mentoring import matching
    from mentoring.views import pairing
    from mentoring.views.pairing import DRAFT_KEY

    BankMentorFactory.create_batch(3, year=year, capacity=1)
    mentees = BankMenteeFactory.create_batch(4, year=year)
    client.force_login(curator)
    client.post(reverse("mentoring:pool_propose"))
    draft = client.session[DRAFT_KEY]
    assert "greedy_total" not in draft  # the baseline is not computed on the click
    assert set(draft["options"]) == {str(m.person_id) for m in mentees}

    scored = []
    real_score = matching.score
    monkeypatch.setattr(
        pairing, "score", lambda *a, **kw: scored.append(kw.get("explain", True)) or real_score(*a, **kw)
    )
    page = client.get(reverse("mentoring:pool_draft")).content.decode()
    assert False not in scored  # only the chosen mentors' explanations, no re-scoring of the pool
    assert len(scored) <= len(mentees)
    first_options = draft["options"][str(mentees[0].person_id)]
    assert f'<option value="{first_options[0][0]}"' in page
    assert 'data-action="baseline"' in page and "лучший — первым» дал бы" not in page
    with_baseline = client.get(reverse("mentoring:pool_draft"), {"baseline": "1"}).content.decode()
    assert "лучший — первым» дал бы" in with_baseline
