"""The pairing board, the whole-pool draft and the waiting list: access, content, query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.choices import GroupStatus, MenteeStatus
from mentoring.models import MentoringGroup
from mentoring.views.pairing import DRAFT_KEY
from tests.factories import UserFactory
from tests.factories_groups import BankMenteeFactory, BankMentorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(db):
    return UserFactory(roles=["methodical_council"], username="council")


def test_curator_sees_ranked_mentors_with_russian_reasons(client, curator, year):
    mentee = BankMenteeFactory(year=year, requests=["methodical", "digital"], person__subject="математика")
    best = BankMentorFactory(year=year, directions=["methodical", "digital"], capacity=2)
    weaker = BankMentorFactory(year=year, directions=["health"], person__subject="история")
    full = BankMentorFactory(year=year, capacity=1)
    BankMenteeFactory(year=year, status=MenteeStatus.PAIRED)  # not on the board
    from mentoring.services.groups import group_propose

    group_propose(
        year=year,
        mentors=[full.person],
        mentees=[BankMenteeFactory(year=year).person],
        form="teacher_teacher",
        types=["traditional"],
        planned_start=year.start_date,
        planned_end=year.end_date,
    )
    client.force_login(curator)
    html = client.get(reverse("mentoring:pairing_board"), {"mentee": mentee.person_id}).content.decode()
    assert html.index(f'data-mentor="{best.person_id}"') < html.index(f'data-mentor="{weaker.person_id}"')
    assert "свободно 2 места из 2" in html
    assert "Совпадают направления запроса" in html
    assert "Тот же предмет: математика" in html
    excluded = html[html.index('id="excluded-mentors"') :]
    assert f'data-mentor="{full.person_id}"' in excluded and "Нет свободных мест: занято 1 из 1" in excluded


def test_mentor_without_consent_is_listed_as_excluded_with_the_reason(client, curator, year):
    mentee = BankMenteeFactory(year=year)
    lapsed = BankMentorFactory(year=year)
    lapsed.person.consents.update(withdrawn_on=timezone.localdate())
    client.force_login(curator)
    html = client.get(reverse("mentoring:pairing_board"), {"mentee": mentee.person_id}).content.decode()
    excluded = html[html.index('id="excluded-mentors"') :]
    assert lapsed.person.full_name in excluded
    assert "Нет действующего согласия на обработку персональных данных" in excluded


@pytest.mark.parametrize("n_mentees", [20, 1000])
def test_board_query_count_does_not_grow_with_the_pool(client, curator, year, django_assert_max_num_queries, n_mentees):
    from mentoring.models import MenteeProfile, Person
    from tests.factories import ConsentFactory

    mentors = BankMentorFactory.create_batch(15, year=year)
    people = Person.objects.bulk_create(
        [Person(last_name=f"Ждущий{i:04d}", first_name="Пётр", category="young_specialist") for i in range(n_mentees)]
    )
    from mentoring.models import Consent

    template = ConsentFactory.build(person=people[0])
    Consent.objects.bulk_create(
        [
            Consent(person=p, purpose=template.purpose, data_list=template.data_list, valid_from=template.valid_from)
            for p in people
        ]
    )
    MenteeProfile.objects.bulk_create(
        [
            MenteeProfile(
                person=p, year=year, requests=["methodical"], entered_on=year.start_date, preferred_mode="online"
            )
            for p in people
        ]
    )
    client.force_login(curator)
    url = reverse("mentoring:pairing_board")
    with django_assert_max_num_queries(8):
        response = client.get(url, {"mentee": people[n_mentees // 2].pk})
    assert response.status_code == 200
    assert mentors[0].person.full_name in response.content.decode()


def test_one_click_pair_is_proposed_not_approved(client, curator, year):
    mentee, mentor = BankMenteeFactory(year=year), BankMentorFactory(year=year)
    client.force_login(curator)
    response = client.post(reverse("mentoring:pairing_pair"), {"mentee": mentee.person_id, "mentor": mentor.person_id})
    assert response.status_code == 302
    group = MentoringGroup.objects.get()
    assert group.status == GroupStatus.PROPOSED and group.created_by == curator
    assert set(group.memberships.values_list("person_id", "role")) == {
        (mentor.person_id, "mentor"),
        (mentee.person_id, "mentee"),
    }


def test_whole_pool_draft_is_kept_in_the_session_until_lines_are_accepted(client, curator, year):
    mentors = [BankMentorFactory(year=year, capacity=1) for _ in range(2)]
    mentees = [BankMenteeFactory(year=year) for _ in range(3)]
    client.force_login(curator)
    client.post(reverse("mentoring:pool_propose"))
    assert MentoringGroup.objects.count() == 0  # nothing saved yet
    draft = client.session[DRAFT_KEY]
    assigned = [line for line in draft["lines"] if line[1]]
    assert len(assigned) == 2  # two places for three mentees
    page = client.get(reverse("mentoring:pool_draft")).content.decode()
    for m in mentees:
        assert f'data-line="{m.person_id}"' in page
    # Change the mentor of the first line to the other one, drop the second, accept the first only.
    first, second = assigned
    other = next(m.person_id for m in mentors if m.person_id != first[1])
    client.post(
        reverse("mentoring:pool_apply"),
        {"action": "accept", "accept": [first[0]], f"mentor_{first[0]}": other, f"drop_{second[0]}": "1"},
    )
    group = MentoringGroup.objects.get()
    assert set(group.memberships.values_list("person_id", flat=True)) == {first[0], other}
    remaining = [line[0] for line in client.session[DRAFT_KEY]["lines"]]
    assert first[0] not in remaining and second[0] not in remaining and len(remaining) == 1
    client.post(reverse("mentoring:pool_apply"), {"action": "discard"})
    assert DRAFT_KEY not in client.session
    assert MentoringGroup.objects.count() == 1


def test_accepting_a_line_over_capacity_is_refused_and_the_line_stays(client, curator, year):
    mentor = BankMentorFactory(year=year, capacity=1)
    a, b = BankMenteeFactory(year=year), BankMenteeFactory(year=year)
    client.force_login(curator)
    client.post(reverse("mentoring:pool_propose"))
    response = client.post(
        reverse("mentoring:pool_apply"),
        {
            "action": "accept",
            "accept": [a.person_id, b.person_id],
            f"mentor_{a.person_id}": mentor.person_id,
            f"mentor_{b.person_id}": mentor.person_id,
        },
        follow=True,
    )
    assert MentoringGroup.objects.count() == 1
    assert "свободно мест: 0 из 1" in response.content.decode()
    assert len(client.session[DRAFT_KEY]["lines"]) == 1


def test_council_reads_the_board_but_cannot_pair(client, council, year):
    mentee, mentor = BankMenteeFactory(year=year), BankMentorFactory(year=year)
    client.force_login(council)
    assert client.get(reverse("mentoring:pairing_board")).status_code == 200
    assert client.get(reverse("mentoring:pairing_waiting")).status_code == 200
    assert client.post(reverse("mentoring:pool_propose")).status_code == 403
    assert (
        client.post(
            reverse("mentoring:pairing_pair"), {"mentee": mentee.person_id, "mentor": mentor.person_id}
        ).status_code
        == 403
    )
    assert MentoringGroup.objects.count() == 0


@pytest.mark.parametrize("persona", ["director", "mentor_with_pair", "mentee_user"])
def test_others_cannot_open_the_board(client, request, persona, year):
    client.force_login(request.getfixturevalue(persona))
    for name in ("mentoring:pairing_board", "mentoring:pool_draft", "mentoring:pairing_waiting"):
        assert client.get(reverse(name)).status_code == 403


def test_waiting_list_shows_days_waited_and_records_support(client, curator, year):
    mentee = BankMenteeFactory(year=year, entered_on=year.start_date)
    client.force_login(curator)
    client.post(reverse("mentoring:pairing_support", args=[mentee.pk]), {"note": "Консультация психолога"})
    html = client.get(reverse("mentoring:pairing_waiting")).content.decode()
    assert "Консультация психолога" in html
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.SUPPORTED
    assert mentee.person.full_name in html
