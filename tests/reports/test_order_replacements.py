"""A replacement in an approved pair needs an order line (Regulation §6.2): the pairing order carries it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentoring.services.groups import group_approve
from mentoring.services.membership import group_member_replace
from reports.services import order_create, order_submit
from tests import factories
from tests.factories_reports import approve_now
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def replacement(year, curator):
    group = factories.GroupFactory(year=year)
    group_approve(group=group, on=year.start_date)
    old_mentor = group.memberships.get(role="mentor").person
    new_mentor = factories.MentorProfileFactory(year=year, person__last_name="Заменова").person
    return group_member_replace(
        group=group, leaving=old_mentor, joining=new_mentor, reason="Наставник переведён в другую школу", by=curator
    )


def test_pairing_order_confirms_a_replacement_and_marks_it_ordered(year, organisation, curator, director, replacement):
    assert replacement.awaits_order
    order = order_create(year=year, order_type="pairing", created_by=curator, replacements=[replacement])
    assert any("Утвердить изменения в составе" in item for item in order.items())
    order = approve_now(order=order_submit(order=order, user=curator), user=director)
    replacement.refresh_from_db()
    assert replacement.ordered_on == order.date and not replacement.awaits_order
    text = pdf_text(order.pdf.read())
    assert "Изменения в составе" in text and "Заменова" in text
    assert "Переведён" in text or "переведён" in text


def test_a_change_already_ordered_cannot_be_ordered_again(year, organisation, curator, director, replacement):
    first = order_create(year=year, order_type="pairing", created_by=curator, replacements=[replacement])
    approve_now(order=order_submit(order=first, user=curator), user=director)
    replacement.refresh_from_db()
    with pytest.raises(ValidationError):
        order_create(year=year, order_type="pairing", created_by=curator, replacements=[replacement])


def test_the_new_pairing_order_form_offers_the_changes_awaiting_an_order(
    client, year, organisation, curator, replacement
):
    client.force_login(curator)
    page = client.get(reverse("reports:order_new", args=["pairing"])).content.decode()
    assert "Заменова" in page
    response = client.post(reverse("reports:order_new", args=["pairing"]), {"replacements": [replacement.pk]})
    assert response.status_code == 302
    assert replacement.orders.count() == 1


def test_the_curator_can_drop_a_change_from_a_draft_order(client, year, organisation, curator, replacement):
    group = factories.GroupFactory(year=year)
    order = order_create(
        year=year, order_type="pairing", created_by=curator, groups=[group], replacements=[replacement]
    )
    client.force_login(curator)
    assert client.get(reverse("reports:order_edit", args=[order.pk])).status_code == 200
    data = {"title": order.title, "preamble": order.preamble, "body": order.body, "groups": [group.pk]}
    assert client.post(reverse("reports:order_edit", args=[order.pk]), data).status_code == 302
    assert order.replacements.count() == 0 and order.groups.count() == 1


def test_the_curator_gives_each_rewarded_person_their_own_reward(client, year, organisation, curator):
    first = factories.PersonFactory(last_name="Первова")
    second = factories.PersonFactory(last_name="Вторева")
    order = order_create(
        year=year,
        order_type="reward",
        created_by=curator,
        people=[(first, "Благодарность директора"), (second, "Благодарность директора")],
    )
    ops = {op.person_id: op for op in order.people.all()}
    client.force_login(curator)
    page = client.get(reverse("reports:order_edit", args=[order.pk])).content.decode()
    assert "Первова" in page and "Вторева" in page
    data = {
        "title": order.title,
        "preamble": order.preamble,
        "body": order.body,
        f"note_{ops[first.pk].pk}": "Почётная грамота",
        f"note_{ops[second.pk].pk}": "Благодарственное письмо",
    }
    assert client.post(reverse("reports:order_edit", args=[order.pk]), data).status_code == 302
    notes = dict(order.people.values_list("person__last_name", "note"))
    assert notes == {"Первова": "Почётная грамота", "Вторева": "Благодарственное письмо"}


def test_a_proposal_in_an_order_with_the_director_cannot_change_until_it_is_returned(
    year, organisation, curator, director
):
    from mentoring.services.groups import group_update_terms
    from mentoring.services.membership import group_member_add
    from reports.services import order_return

    group = factories.GroupFactory(year=year)
    order = order_submit(
        order=order_create(year=year, order_type="pairing", created_by=curator, groups=[group]), user=curator
    )
    terms = {
        "form": "teacher_student",
        "types": ["group"],
        "planned_start": group.planned_start,
        "planned_end": group.planned_end,
    }
    with pytest.raises(ValidationError, match="у директора|with the director"):
        group_update_terms(group=group, **terms)
    newcomer = factories.MenteeProfileFactory(year=year).person
    with pytest.raises(ValidationError):
        group_member_add(group=group, person=newcomer, role="mentee", by=curator)
    group.refresh_from_db()
    assert group.form == "teacher_teacher" and group.memberships.count() == 2
    order_return(order=order, user=director, comment="Уточните состав")
    assert group_update_terms(group=group, **terms).form == "teacher_student"
