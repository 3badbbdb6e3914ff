"""A teacher gets an account without the admin: the curator invites her from her card, she opens the link from the
e-mail, sets her own password, logs in as a mentor and sees her home (issue 13 §3)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from mentoring.models import Person, User
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Vesna-Nastavnik-2027"


def test_curator_invites_a_teacher_who_sets_her_password_and_sees_her_home(page, live_server, login_as, tmp_path):
    for role in ("curator", "mentor", "mentee", "director"):
        Group.objects.get_or_create(name=role)
    year = factories.AcademicYearFactory()
    factories.OrganisationFactory()
    factories.UserFactory(roles=["curator"], username="curator")
    teacher = factories.PersonFactory(
        last_name="Лебедева", first_name="Ирина", patronymic="Викторовна", email="lebedeva@school.example"
    )
    factories.MentorProfileFactory(person=teacher, year=year)

    # The curator, on the teacher's card: no account yet; one click creates it and sends the invitation.
    login_as("curator")
    page.goto(f"{live_server.url}/mentoring/people/{teacher.pk}/")
    assert page.locator("[data-account-state=none]").count() == 1
    page.click("button[data-action=invite]")
    page.wait_for_load_state()
    assert "lebedeva.iv" in page.locator(".alert-success").inner_text()
    assert page.locator("[data-account-state=invited]").count() == 1
    page.screenshot(path=str(tmp_path / "card.png"), full_page=True)

    # The teacher, in another browser session, opens the link from her e-mail.
    assert [m.to for m in mail.outbox] == [["lebedeva@school.example"]]
    path = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+)", mail.outbox[0].body).group(1)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{path}")
    assert "lebedeva.iv" in page.locator("main").inner_text()
    page.fill("input[name=new_password1]", PASSWORD)
    page.fill("input[name=new_password2]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/login/")
    assert "Пароль задан" in page.locator(".alert-success").inner_text()

    # She logs in with her new password and lands on the mentor's home.
    login_as("lebedeva.iv", PASSWORD)
    page.wait_for_url("**/home/mentor/")
    assert page.locator("nav").get_by_text("Мои группы").count() == 1
    user = User.objects.get(person=Person.objects.get(pk=teacher.pk))
    assert user.role_names() == {"mentor"} and user.last_login is not None
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)

    # The link worked once.
    page.goto(f"{live_server.url}{path}")
    assert "Ссылка-приглашение не действует" in page.locator("main").inner_text()
