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


def _more_link(html: str, action: str = "more-mentors") -> str | None:
    link = re.search(rf'href="([^"]*)" data-action="{action}"', html) or re.search(
        rf'data-action="{action}" href="([^"]*)"', html
    )
    return reverse("mentoring:pairing_board") + link.group(1).replace("&amp;", "&") if link else None


def test_board_shows_the_top_ten_and_links_to_the_next_ones(client, curator, pool):
    mentee, mentors = pool
    client.force_login(curator)
    html = client.get(reverse("mentoring:pairing_board"), {"mentee": mentee.person_id}).content.decode()
    first = _cards(html)
    assert len(first) == 10
    assert html.count('action="/mentoring/pairing/pair/"') == 1  # one pairing form for the page
    assert html.count('form="pair-form"') == 10
    assert "Показать ещё 4 подходящих наставников (из 14)" in html
    more = client.get(_more_link(html)).content.decode()
    assert _cards(more)[:10] == first  # the same ten first, then the next ones
    assert sorted(_cards(more)) == sorted(str(m.person_id) for m in mentors)
    assert _more_link(more) is None


def test_more_excluded_mentors_come_ten_at_a_time(client, curator, year):
    mentee = BankMenteeFactory(year=year, requests=["methodical"])
    full = BankMentorFactory.create_batch(13, year=year, person__consent=None)  # excluded: no consent
    client.force_login(curator)
    html = client.get(reverse("mentoring:pairing_board"), {"mentee": mentee.person_id}).content.decode()
    listed = re.findall(r'<li data-mentor="(\d+)"', html)
    assert len(listed) == 10 and "исключено 13 наставников" in html
    more = client.get(_more_link(html, "more-excluded")).content.decode()
    assert sorted(re.findall(r'<li data-mentor="(\d+)"', more)) == sorted(str(m.person_id) for m in full)
    assert _more_link(more, "more-excluded") is None


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


@pytest.mark.parametrize("n_mentors", [12, 400])
def test_the_board_of_a_big_school_stays_small_and_in_constant_queries(
    client, curator, year, django_assert_max_num_queries, n_mentors
):
    """Issue 17: the page at 2,000 people under 100 KiB; the query count does not grow with the banks."""
    from mentoring.models import Consent, MenteeProfile, MentorProfile, Person
    from tests.factories import ConsentFactory

    people = Person.objects.bulk_create(
        [Person(last_name=f"Учитель{i:04d}", first_name="Анна", patronymic="Сергеевна", category="teacher",
                subject="математика", career_start_year=2000 + i % 20) for i in range(n_mentors + 300)]
    )  # fmt: skip
    consent = ConsentFactory.build(person=people[0])
    Consent.objects.bulk_create(
        [Consent(person=p, purpose=consent.purpose, data_list=consent.data_list, valid_from=consent.valid_from)
         for p in people]
    )  # fmt: skip
    MentorProfile.objects.bulk_create(
        [MentorProfile(person=p, year=year, directions=["methodical", "psychological"], capacity=2,
                       preferred_forms=["teacher_teacher"]) for p in people[:n_mentors]]
    )  # fmt: skip
    MenteeProfile.objects.bulk_create(
        [MenteeProfile(person=p, year=year, requests=["methodical"], entered_on=year.start_date,
                       request_text="Хочу научиться выстраивать урок " * 4) for p in people[n_mentors:]]
    )  # fmt: skip
    client.force_login(curator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("mentoring:pairing_board"), {"mentee": people[-1].pk})
    html = response.content.decode()
    assert response.status_code == 200 and len(_cards(html)) == 10
    assert len(response.content) < 100 * 1024
    assert html.count('data-mentee="') == 50  # the waiting list is paged


@pytest.mark.parametrize("n_mentees", [4, 60])
def test_the_click_and_the_draft_page_take_the_same_queries_whatever_the_pool(
    client, curator, year, django_assert_max_num_queries, n_mentees
):
    """«Подобрать всем»: the proposal and the draft page read the pool in a fixed number of queries; the draft
    page shows fifty lines at most, each with the stored choice list."""
    from mentoring.views.pairing import DRAFT_KEY

    BankMentorFactory.create_batch(3, year=year, capacity=3)
    BankMenteeFactory.create_batch(n_mentees, year=year)
    client.force_login(curator)
    with django_assert_max_num_queries(14):
        assert client.post(reverse("mentoring:pool_propose")).status_code == 302
    with django_assert_max_num_queries(12):
        page = client.get(reverse("mentoring:pool_draft")).content.decode()
    assert page.count("<tr data-line=") == min(n_mentees, 50)
    assert len(client.session[DRAFT_KEY]["options"]) == n_mentees
