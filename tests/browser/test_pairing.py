"""The curator pairs people on the board: one suggested pair, a group of three, part of the whole-pool draft."""

import pytest

from mentoring.models import MentoringGroup
from tests.factories import UserFactory
from tests.factories_groups import BankMenteeFactory, BankMentorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_pairs_from_suggestions_and_accepts_part_of_the_pool(login_as, live_server, year):
    UserFactory(roles=["curator"], username="curator")
    solo_mentor = BankMentorFactory(year=year, capacity=1, directions=["health", "digital"])
    group_mentor = BankMentorFactory(year=year, capacity=3, directions=["psychological"])
    BankMentorFactory(year=year, capacity=2, directions=["methodical"])
    solo = BankMenteeFactory(year=year, requests=["health", "digital"])
    trio = BankMenteeFactory.create_batch(3, year=year, requests=["psychological"])
    BankMenteeFactory.create_batch(3, year=year, requests=["methodical"])

    page = login_as("curator")
    board = f"{live_server.url}/mentoring/pairing/"
    page.goto(f"{board}?mentee={solo.person_id}")
    first = page.locator("#suggestions li[data-mentor]").first
    assert first.get_attribute("data-mentor") == str(solo_mentor.person_id)
    assert "свободно 1 место из 1" in first.inner_text()
    first.locator("[data-action=propose-pair]").click()
    page.wait_for_load_state()
    assert "Ожидает приказа руководителя" in page.inner_text(".alert-success")
    pair = MentoringGroup.objects.get()
    assert set(pair.memberships.values_list("person_id", flat=True)) == {solo.person_id, solo_mentor.person_id}

    page.goto(f"{board}?mentee={trio[0].person_id}")
    page.locator(f'#suggestions li[data-mentor="{group_mentor.person_id}"] [data-action=form-group]').click()
    page.wait_for_load_state()
    assert page.is_checked(f'input[name=mentees][value="{trio[0].person_id}"]')
    for mentee in trio[1:]:
        page.check(f'input[name=mentees][value="{mentee.person_id}"]')
    page.check('input[name=types][value="group"]')
    page.click("#group-form button[type=submit]")
    page.wait_for_load_state()
    group = MentoringGroup.objects.exclude(pk=pair.pk).get()
    assert page.url.endswith(f"/mentoring/groups/{group.pk}/")
    assert group.memberships.filter(role="mentee").count() == 3
    assert page.locator("#members tr[data-current=yes]").count() == 4

    page.goto(board)
    page.click("[data-action=pool-propose]")
    page.wait_for_load_state()
    lines = page.locator("#pool-lines input.accept-line")
    assert lines.count() == 2  # the methodical mentor has two places for three mentees
    assert MentoringGroup.objects.count() == 2  # the draft is not saved
    lines.first.check()
    page.click("[data-action=pool-accept]")
    page.wait_for_load_state()
    assert MentoringGroup.objects.count() == 3
    assert page.locator("#pool-lines tr[data-line]").count() == 2  # the accepted line left the draft
