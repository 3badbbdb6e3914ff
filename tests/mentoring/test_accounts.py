"""Accounts from a person's card: usernames, roles from the banks, the e-mailed link, printed codes, deactivation."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from mentoring.models import Invitation, User
from mentoring.selectors_accounts import account_state
from mentoring.services.accounts import (
    account_deactivate,
    account_invite,
    account_reactivate,
    invitation_code_accept,
    invitation_code_issue,
    username_propose,
)
from mentoring.services.withdrawal import consent_withdraw
from mentoring.tokens import invitation_tokens
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "Nastavnik-2027!"


@pytest.fixture
def teacher(year):
    person = factories.PersonFactory(
        last_name="Щукина", first_name="Юлия", patronymic="Андреевна", email="shchukina@school.example"
    )
    factories.MentorProfileFactory(person=person, year=year)
    return person


def _invite(person, by, capture):
    with capture(execute=True):
        return account_invite(person=person, by=by)


def _link_parts(body: str) -> tuple[str, str]:
    line = next(x for x in body.splitlines() if "/accounts/invitation/" in x)
    uid, token = line.rstrip("/").split("/accounts/invitation/")[1].split("/")
    return uid, token


def test_username_is_transliterated_from_the_name_and_unique(teacher):
    assert username_propose(teacher) == "schukina.yua"
    factories.UserFactory(username="schukina.yua")
    factories.UserFactory(username="Schukina.yua2")
    assert username_propose(teacher) == "schukina.yua3"


def test_invitation_makes_an_account_with_the_role_from_the_bank_and_mails_a_link(
    teacher, curator, django_capture_on_commit_callbacks
):
    invitation = _invite(teacher, curator, django_capture_on_commit_callbacks)
    teacher.refresh_from_db()
    user = teacher.user
    assert user.username == "schukina.yua" and user.email == "shchukina@school.example"
    assert not user.has_usable_password()
    assert user.role_names() == {"mentor"}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["shchukina@school.example"]
    assert "schukina.yua" in message.body and "Юлия Андреевна" in message.body
    uid, token = _link_parts(message.body)
    assert invitation_tokens.check_token(user, token)
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert account_state(teacher).code == "invited"


def test_a_mentee_gets_the_mentee_role_and_a_person_in_no_bank_gets_none(
    year, curator, django_capture_on_commit_callbacks
):
    mentee = factories.PersonFactory()
    factories.MenteeProfileFactory(person=mentee, year=year)
    nobody = factories.PersonFactory()
    _invite(mentee, curator, django_capture_on_commit_callbacks)
    _invite(nobody, curator, django_capture_on_commit_callbacks)
    assert User.objects.get(person=mentee).role_names() == {"mentee"}
    assert User.objects.get(person=nobody).role_names() == set()


def test_the_token_works_once(teacher, curator, django_capture_on_commit_callbacks):
    _invite(teacher, curator, django_capture_on_commit_callbacks)
    user = User.objects.get(person=teacher)
    _uid, token = _link_parts(mail.outbox[0].body)
    assert invitation_tokens.check_token(user, token)
    user.set_password(PASSWORD)
    user.save()
    assert not invitation_tokens.check_token(user, token)


@override_settings(ACCOUNT_INVITATION_DAYS=2)
def test_the_token_expires(teacher, curator, django_capture_on_commit_callbacks, monkeypatch):
    _invite(teacher, curator, django_capture_on_commit_callbacks)
    user = User.objects.get(person=teacher)
    _uid, token = _link_parts(mail.outbox[0].body)
    now = datetime.datetime.now()
    monkeypatch.setattr(invitation_tokens, "_now", lambda: now + datetime.timedelta(days=1, hours=23))
    assert invitation_tokens.check_token(user, token)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: now + datetime.timedelta(days=2, hours=1))
    assert not invitation_tokens.check_token(user, token)


def test_a_resent_invitation_voids_the_older_link(teacher, curator, django_capture_on_commit_callbacks):
    _invite(teacher, curator, django_capture_on_commit_callbacks)
    _invite(teacher, curator, django_capture_on_commit_callbacks)
    user = User.objects.get(person=teacher)
    first, second = (_link_parts(m.body)[1] for m in mail.outbox)
    assert not invitation_tokens.check_token(user, first)
    assert invitation_tokens.check_token(user, second)


def test_an_active_account_is_not_invited_again(teacher, curator, django_capture_on_commit_callbacks):
    _invite(teacher, curator, django_capture_on_commit_callbacks)
    user = User.objects.get(person=teacher)
    user.set_password(PASSWORD)
    user.save()
    with pytest.raises(ValidationError, match="уже действует"):
        account_invite(person=teacher, by=curator)
    teacher.refresh_from_db()
    assert account_state(teacher).code == "active"


def test_a_person_without_email_is_told_to_print_a_sheet(curator):
    person = factories.PersonFactory(email="")
    with pytest.raises(ValidationError, match="распечатайте лист-приглашение"):
        account_invite(person=person, by=curator)


def test_an_unlinked_account_with_the_same_email_is_linked_not_duplicated(teacher, curator):
    existing = factories.UserFactory(username="director-admin", email="Shchukina@school.example")
    assert account_invite(person=teacher, by=curator) is None  # active already: linked, nothing to invite
    teacher.refresh_from_db()
    assert teacher.user == existing and existing.role_names() == {"mentor"}
    assert account_state(teacher).code == "active"
    other = factories.PersonFactory(email="taken@school.example")
    factories.UserFactory(username="taken", email="taken@school.example", person=factories.PersonFactory(email=""))
    with pytest.raises(ValidationError, match="другого человека"):
        account_invite(person=other, by=curator)


def test_a_printed_code_sets_the_password_once(curator):
    pupil = factories.StudentFactory(email="", last_name="Ёлкин", first_name="Пётр", patronymic="")
    user, code = invitation_code_issue(person=pupil, by=curator)
    assert len(code) == 9 and code[4] == "-"
    stored = Invitation.objects.get(user=user)
    assert code.replace("-", "") not in stored.code_hash
    accepted = invitation_code_accept(
        username=user.username.upper(), code=code.lower().replace("-", " "), password=PASSWORD
    )
    assert accepted.check_password(PASSWORD)
    with pytest.raises(ValidationError, match="неверны"):
        invitation_code_accept(username=user.username, code=code, password="Another-pass-2027")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_printed_code_expires(curator):
    user, code = invitation_code_issue(person=factories.StudentFactory(email=""), by=curator)
    Invitation.objects.filter(user=user).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        invitation_code_accept(username=user.username, code=code, password=PASSWORD)
    assert not User.objects.get(pk=user.pk).has_usable_password()


@override_settings(ACCOUNT_INVITATION_CODE_ATTEMPTS=3)
def test_wrong_codes_void_the_sheet_after_the_limit(curator):
    user, code = invitation_code_issue(person=factories.StudentFactory(email=""), by=curator)
    for _ in range(3):
        with pytest.raises(ValidationError):
            invitation_code_accept(username=user.username, code="AAAA-AAAA", password=PASSWORD)
    assert Invitation.objects.get(user=user).failed_attempts == 3
    with pytest.raises(ValidationError):
        invitation_code_accept(username=user.username, code=code, password=PASSWORD)


def test_a_weak_password_leaves_the_code_unused(curator):
    user, code = invitation_code_issue(person=factories.StudentFactory(email=""), by=curator)
    with pytest.raises(ValidationError) as refused:
        invitation_code_accept(username=user.username, code=code, password="12345678")
    assert any(e.code.startswith("password") for e in refused.value.error_list)
    assert invitation_code_accept(username=user.username, code=code, password=PASSWORD).pk == user.pk


def test_printing_again_voids_the_earlier_sheet(curator):
    pupil = factories.StudentFactory(email="")
    user, first = invitation_code_issue(person=pupil, by=curator)
    _user, second = invitation_code_issue(person=pupil, by=curator)
    with pytest.raises(ValidationError):
        invitation_code_accept(username=user.username, code=first, password=PASSWORD)
    invitation_code_accept(username=user.username, code=second, password=PASSWORD)


def test_deactivate_and_reactivate(teacher, curator, django_capture_on_commit_callbacks):
    _invite(teacher, curator, django_capture_on_commit_callbacks)
    user = User.objects.get(person=teacher)
    user.set_password(PASSWORD)
    user.save()
    account_deactivate(person=teacher, by=curator)
    teacher.refresh_from_db()
    assert account_state(teacher).code == "deactivated"
    account_reactivate(person=teacher, by=curator)
    teacher.refresh_from_db()
    assert account_state(teacher).code == "active"


def test_a_deactivated_account_cannot_use_its_link(teacher, curator, django_capture_on_commit_callbacks):
    _invite(teacher, curator, django_capture_on_commit_callbacks)
    _uid, token = _link_parts(mail.outbox[0].body)
    account_deactivate(person=teacher, by=curator)
    assert not invitation_tokens.check_token(User.objects.get(person=teacher), token)


def test_withdrawal_still_deactivates_and_unlinks_the_account(teacher, curator, django_capture_on_commit_callbacks):
    _invite(teacher, curator, django_capture_on_commit_callbacks)
    user = User.objects.get(person=teacher)
    consent_withdraw(consent=teacher.consents.first(), on=timezone.localdate(), reason="заявление", recorded_by=curator)
    teacher.refresh_from_db()
    user.refresh_from_db()
    assert teacher.user is None and not user.is_active
    assert account_state(teacher).code == "none"
    with pytest.raises(ValidationError, match="обезличены"):
        account_invite(person=teacher, by=curator)


def test_a_person_with_an_account_who_enters_a_bank_gets_the_role(year, curator):
    from mentoring.services.banks import mentee_profile_create

    person = factories.PersonFactory()
    user = factories.UserFactory(username="later", person=person)
    mentee_profile_create(person=person, year=year)
    assert User.objects.get(pk=user.pk).role_names() == {"mentee"}


def test_a_changed_email_follows_to_the_account_unless_taken(teacher, curator, django_capture_on_commit_callbacks):
    _invite(teacher, curator, django_capture_on_commit_callbacks)
    teacher.refresh_from_db()
    teacher.email = "new@school.example"
    teacher.save()
    _invite(teacher, curator, django_capture_on_commit_callbacks)
    assert User.objects.get(person=teacher).email == "new@school.example"
    assert mail.outbox[-1].to == ["new@school.example"]
    factories.UserFactory(username="other", email="newer@school.example")
    teacher.email = "newer@school.example"
    teacher.save()
    with pytest.raises(ValidationError, match="другого человека"):
        account_invite(person=teacher, by=curator)
