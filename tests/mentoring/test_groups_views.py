"""Group list, card, forming, petitions, ending and export: who may and who may not."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentoring.choices import GroupStatus, MenteeStatus
from mentoring.models import MentoringGroup, ReplacementRequest
from mentoring.selectors import mentor_load
from tests.factories import GroupFactory
from tests.factories_groups import BankMenteeFactory, BankMentorFactory

pytestmark = pytest.mark.django_db


def test_mentor_lists_and_opens_only_own_groups(client, mentor_with_pair, other_mentor):
    client.force_login(mentor_with_pair)
    html = client.get(reverse("mentoring:group_list")).content.decode()
    assert f'data-group="{mentor_with_pair.pair.pk}"' in html
    assert f'data-group="{other_mentor.pair.pk}"' not in html
    assert client.get(reverse("mentoring:group_detail", args=[mentor_with_pair.pair.pk])).status_code == 200
    assert client.get(reverse("mentoring:group_detail", args=[other_mentor.pair.pk])).status_code == 404
    petition = client.post(reverse("mentoring:group_petition", args=[other_mentor.pair.pk]), {"reason": "x"})
    assert petition.status_code == 404


def test_mentee_petitions_and_curator_grants_with_history_on_the_card(client, mentee_user, mentor_with_pair, curator):
    group = mentor_with_pair.pair
    new_mentor = BankMentorFactory(year=group.year)
    client.force_login(mentee_user)
    client.post(
        reverse("mentoring:group_petition", args=[group.pk]),
        {"applicant": mentee_user.person.pk, "reason": "Другое направление"},
    )
    petition = ReplacementRequest.objects.get()
    assert petition.kind == "mentee_petition" and petition.applicant == mentee_user.person
    # The mentee cannot decide.
    assert client.post(reverse("mentoring:replacement_decide", args=[petition.pk])).status_code == 403
    client.force_login(curator)
    client.post(
        reverse("mentoring:replacement_decide", args=[petition.pk]),
        {f"r{petition.pk}-decision": "grant", f"r{petition.pk}-new_mentor": new_mentor.person_id},
    )
    html = client.get(reverse("mentoring:group_detail", args=[group.pk])).content.decode()
    assert f'data-member="{mentor_with_pair.person.pk}" data-current="no"' in html
    assert f'data-member="{new_mentor.person_id}" data-current="yes"' in html
    assert "удовлетворено" in html


def test_a_mentee_cannot_petition_in_the_mentors_name(client, mentee_user, mentor_with_pair):
    client.force_login(mentee_user)
    client.post(
        reverse("mentoring:group_petition", args=[mentor_with_pair.pair.pk]),
        {"applicant": mentor_with_pair.person.pk, "reason": "Подделка"},
    )
    assert not ReplacementRequest.objects.exists()


def test_curator_forms_a_group_of_three_mentees(client, curator, year):
    mentor = BankMentorFactory(year=year, capacity=3)
    mentees = BankMenteeFactory.create_batch(3, year=year)
    client.force_login(curator)
    page = client.get(reverse("mentoring:group_create"), {"mentor": mentor.person_id, "mentee": mentees[0].person_id})
    assert page.status_code == 200
    response = client.post(
        reverse("mentoring:group_create"),
        {
            "mentor": mentor.person_id,
            "mentees": [m.person_id for m in mentees],
            "form": "teacher_teacher",
            "types": ["group"],
            "planned_start": year.start_date.isoformat(),
            "planned_end": year.end_date.isoformat(),
        },
    )
    group = MentoringGroup.objects.get()
    assert response.status_code == 302 and response.url == reverse("mentoring:group_detail", args=[group.pk])
    assert group.status == GroupStatus.PROPOSED
    assert group.memberships.filter(role="mentee").count() == 3


def test_forming_over_capacity_shows_the_services_refusal(client, curator, year):
    mentor = BankMentorFactory(year=year, capacity=1)
    mentees = BankMenteeFactory.create_batch(2, year=year)
    client.force_login(curator)
    response = client.post(
        reverse("mentoring:group_create"),
        {
            "mentor": mentor.person_id,
            "mentees": [m.person_id for m in mentees],
            "form": "teacher_teacher",
            "types": ["group"],
            "planned_start": year.start_date.isoformat(),
            "planned_end": year.end_date.isoformat(),
        },
    )
    assert response.status_code == 200
    assert MentoringGroup.objects.count() == 0


def test_ending_a_group_from_the_card_frees_the_place(client, curator, mentor_with_pair):
    group = mentor_with_pair.pair
    client.force_login(curator)
    response = client.post(
        reverse("mentoring:group_end", args=[group.pk]),
        {
            "reason": "curator_initiative",
            "note": "Длительная болезнь наставника",
            "on": group.year.start_date.isoformat(),
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == GroupStatus.TERMINATED
    assert mentor_load(group.year).get(person=mentor_with_pair.person).load == 0
    mentee = group.memberships.get(role="mentee").person.mentee_profiles.get()
    assert mentee.status == MenteeStatus.AWAITING


def test_mentor_cannot_end_or_change_a_group(client, mentor_with_pair):
    group = mentor_with_pair.pair
    client.force_login(mentor_with_pair)
    assert client.post(reverse("mentoring:group_end", args=[group.pk]), {"reason": "plan_completed"}).status_code == 403
    assert client.post(reverse("mentoring:group_members", args=[group.pk]), {"reason": "x"}).status_code == 403
    assert client.get(reverse("mentoring:group_create")).status_code == 403


def test_curator_adds_a_mentee_from_the_card(client, curator, year):
    group = GroupFactory(year=year)
    mentor = group.memberships.get(role="mentor").person
    mentor.mentor_profiles.update(capacity=2)
    newcomer = BankMenteeFactory(year=year)
    client.force_login(curator)
    client.post(
        reverse("mentoring:group_members", args=[group.pk]),
        {"joining": f"mentee:{newcomer.person_id}", "reason": "Схожий запрос"},
    )
    assert group.memberships.filter(person=newcomer.person, left_on__isnull=True).exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_has_the_columns_and_neutralises_formulas(client, director, year, fmt):
    group = GroupFactory(year=year)
    mentee = group.memberships.get(role="mentee").person
    mentee.last_name = '=HYPERLINK("http://evil")'
    mentee.save()
    client.force_login(director)
    response = client.get(reverse("mentoring:group_export", args=[fmt]))
    assert response.status_code == 200
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
    else:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1:3] == ["Наставник", "Наставляемые"]
    assert "Программа" in rows[0] and "Статус" in rows[0]
    assert rows[1][2].startswith("'=HYPERLINK")
    assert rows[1][9] == "предложена"


def test_mentor_cannot_export(client, mentor_with_pair):
    client.force_login(mentor_with_pair)
    assert client.get(reverse("mentoring:group_export", args=["csv"])).status_code == 403


def test_curator_corrects_a_proposal_but_not_an_approved_group(client, year, curator):
    from mentoring.services.groups import group_approve, group_update_terms

    group = GroupFactory(year=year)
    client.force_login(curator)
    url = reverse("mentoring:group_edit_terms", args=[group.pk])
    data = {
        "form": "teacher_student",
        "types": ["group", "virtual"],
        "planned_start": (year.start_date + datetime.timedelta(days=70)).isoformat(),
        "planned_end": year.end_date.isoformat(),
    }
    assert client.post(url, data).status_code == 302
    group.refresh_from_db()
    assert group.form == "teacher_student" and group.types == ["group", "virtual"]
    group_approve(group=group, on=year.start_date + datetime.timedelta(days=80))
    response = client.post(url, {**data, "form": "teacher_teacher"})
    assert "уже утверждена приказом" in response.content.decode()
    group.refresh_from_db()
    assert group.form == "teacher_student"
    with pytest.raises(ValidationError):
        group_update_terms(
            group=group, form="teacher_teacher", types=[], planned_start=year.start_date, planned_end=year.end_date
        )


def test_mentor_cannot_change_the_terms(client, mentor_with_pair):
    client.force_login(mentor_with_pair)
    url = reverse("mentoring:group_edit_terms", args=[mentor_with_pair.pair.pk])
    assert client.get(url).status_code == 403
