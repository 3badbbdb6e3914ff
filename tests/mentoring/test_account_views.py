"""Accounts in the browser's requests: the card, invitations, bulk jobs, printed sheets, the Roles page, and who
may use each page (the access matrix of issue 13 §3)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.models import Invitation, InvitationBatch, User
from reports.models import GeneratedDocument
from tests import factories
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
PASSWORD = "Nastavnik-2027!"


@pytest.fixture
def teacher(year):
    person = factories.PersonFactory(last_name="Смирнова", first_name="Анна", patronymic="Ивановна")
    factories.MentorProfileFactory(person=person, year=year)
    return person


def _post_as(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {})


# --- who may ------------------------------------------------------------------------------------------------------


CURATOR_POSTS = ("mentoring:account_invite", "mentoring:account_deactivate", "mentoring:account_reactivate")


@pytest.mark.parametrize("name", CURATOR_POSTS)
@pytest.mark.parametrize("persona", ["director", "mentor_with_pair", "mentee_user"])
def test_only_the_curator_manages_accounts(client, request, teacher, name, persona):
    user = request.getfixturevalue(persona)
    response = _post_as(client, user, reverse(name, args=[teacher.pk]))
    assert response.status_code == 403
    teacher.refresh_from_db()
    assert teacher.user is None


@pytest.mark.parametrize("persona", ["curator", "mentor_with_pair", "mentee_user"])
def test_only_the_director_opens_the_roles_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("mentoring:roles")).status_code == 403
    assert client.post(reverse("mentoring:role_change"), {}).status_code == 403


@pytest.mark.parametrize("persona", ["director", "mentor_with_pair"])
def test_only_the_curator_starts_and_watches_bulk_invitations(client, request, year, curator, persona):
    batch = InvitationBatch.objects.create(scope={"grade": "7А"}, title="x", requested_by=curator)
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("mentoring:invitation_batch_start"), {"grade": "7А"}).status_code == 403
    assert client.get(reverse("mentoring:invitation_batch", args=[batch.pk])).status_code == 403
    assert client.get(reverse("mentoring:invitation_batch_status", args=[batch.pk])).status_code == 403


def test_strangers_reach_only_the_invitation_pages(client):
    assert client.get(reverse("invitation_code")).status_code == 200
    assert client.get(reverse("password_reset")).status_code == 200
    assert client.get(reverse("mentoring:roles")).status_code == 302


def test_only_the_curator_prints_invitation_sheets(client, director, teacher):
    client.force_login(director)
    response = client.post(reverse("reports:document_request"), {"kind": "invitation_sheets", "person_ids": teacher.pk})
    assert response.status_code == 403


# --- the card -----------------------------------------------------------------------------------------------------


def test_the_card_shows_each_account_state(client, curator, teacher, django_capture_on_commit_callbacks):
    client.force_login(curator)
    url = reverse("mentoring:person_detail", args=[teacher.pk])
    assert 'data-account-state="none"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mentoring:account_invite", args=[teacher.pk]), follow=True)
    page = response.content.decode()
    assert 'data-account-state="invited"' in page and "smirnova.ai" in page
    assert len(mail.outbox) == 1
    user = User.objects.get(person=teacher)
    user.set_password(PASSWORD)
    user.save()
    assert 'data-account-state="active"' in client.get(url).content.decode()
    client.post(reverse("mentoring:account_deactivate", args=[teacher.pk]))
    assert 'data-account-state="deactivated"' in client.get(url).content.decode()
    client.post(reverse("mentoring:account_reactivate", args=[teacher.pk]))
    assert 'data-account-state="active"' in client.get(url).content.decode()


def test_the_link_from_the_mail_sets_the_password_once(client, curator, teacher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _post_as(client, curator, reverse("mentoring:account_invite", args=[teacher.pk]))
    client.logout()
    link = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and "smirnova.ai" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("login")
    user = User.objects.get(person=teacher)
    assert user.check_password(PASSWORD)
    assert Invitation.objects.get(user=user).used_at is not None
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False


def test_a_printed_sheet_holds_a_code_that_opens_the_account(client, curator, year, django_capture_on_commit_callbacks):
    pupil = factories.StudentFactory(email="", last_name="Зайцев", first_name="Пётр", patronymic="", grade="7А")
    factories.MenteeProfileFactory(person=pupil, year=year)
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:document_request"), {"kind": "invitation_sheets", "grade": "7А"})
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302 and document.status == "done", document.error
    text = " ".join(pdf_text(document.file.read()).split())
    assert "Зайцев Пётр, 7А" in text and "zaytsev.p" in text
    code = re.search(r"Код: ([A-Z0-9]{4}-[A-Z0-9]{4})", text).group(1)
    client.logout()
    data = {"username": "zaytsev.p", "code": code, "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(reverse("invitation_code"), data).status_code == 302
    assert User.objects.get(person=pupil).role_names() == {"mentee"}
    refused = client.post(reverse("invitation_code"), data)
    assert refused.status_code == 200 and "неверны" in refused.content.decode()


# --- bulk --------------------------------------------------------------------------------------------------------


def test_inviting_a_whole_bank_runs_as_a_job_with_a_summary(client, curator, year, django_capture_on_commit_callbacks):
    for n in range(3):
        factories.MentorProfileFactory(person=factories.PersonFactory(), year=year)
    factories.MentorProfileFactory(person=factories.PersonFactory(email=""), year=year)
    has_account = factories.PersonFactory()
    factories.MentorProfileFactory(person=has_account, year=year)
    factories.UserFactory(username="already", person=has_account)
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mentoring:invitation_batch_start"), {"bank": "mentors", "year_id": year.pk})
    batch = InvitationBatch.objects.get()
    assert response.url == reverse("mentoring:invitation_batch", args=[batch.pk])
    status = client.get(reverse("mentoring:invitation_batch_status", args=[batch.pk])).json()
    assert status["status"] == "done" and status["done"] == status["total"] == 3
    batch.refresh_from_db()
    assert (batch.invited, batch.without_email, batch.skipped) == (3, 1, 0)
    assert len(mail.outbox) == 3
    page = client.get(response.url).content.decode()
    assert "invitation_sheets" in page


def test_a_silent_job_is_requeued_and_then_failed(curator, year, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from mentoring.services.invitation_batches import MAX_ATTEMPTS, invitation_batches_sweep

    batch = InvitationBatch.objects.create(
        scope={"grade": "9Б"},
        title="x",
        requested_by=curator,
        status="running",
        attempts=1,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_batches_sweep() == 1
    batch.refresh_from_db()
    assert batch.status == "done"  # re-queued and run (eagerly): nobody in 9Б, nothing to do
    stuck = InvitationBatch.objects.create(
        scope={"grade": "9Б"},
        title="y",
        requested_by=curator,
        status="running",
        attempts=MAX_ATTEMPTS,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
    invitation_batches_sweep()
    stuck.refresh_from_db()
    assert stuck.status == "failed" and stuck.error


# --- roles page --------------------------------------------------------------------------------------------------


def test_the_director_gives_and_takes_roles_and_the_last_curator_stays(client, director, curator):
    curator_person = factories.PersonFactory(last_name="Кураторова", user=curator)
    teacher = factories.PersonFactory(last_name="Методистова")
    factories.UserFactory(username="metod", person=teacher)
    client.force_login(director)
    page = client.get(reverse("mentoring:roles")).content.decode()
    assert "Кураторова" in page and "Методистова" in page
    url = reverse("mentoring:role_change")
    client.post(url, {"role": "methodical_council", "user": teacher.user_id, "action": "grant"})
    assert User.objects.get(pk=teacher.user_id).role_names() == {"methodical_council"}
    refused = client.post(url, {"role": "curator", "user": curator.pk, "action": "revoke"}, follow=True)
    assert "единственный" in refused.content.decode()
    assert curator.groups.filter(name="curator").exists()
    assert curator_person.pk


def test_forgotten_password_mail_goes_through_celery_in_russian(client, teacher):
    user = factories.UserFactory(username="smirnova", email="smirnova@school.example", person=teacher)
    response = client.post(reverse("password_reset"), {"email": "SMIRNOVA@school.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Новый пароль для кабинета наставничества"
    assert "Ваше имя для входа: smirnova" in message.body and "/accounts/reset/" in message.body
    user.set_unusable_password()  # an invited account without a password uses its invitation instead
    user.save()
    client.post(reverse("password_reset"), {"email": "smirnova@school.example"})
    assert len(mail.outbox) == 1


def _queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_roles_page_and_the_card_cost_the_same_queries_whatever_the_data(
    client, director, curator, year, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(director)
    person = factories.PersonFactory(user=factories.UserFactory(username="one", roles=["methodical_council"]))
    before = _queries(client, reverse("mentoring:roles"), django_assert_max_num_queries)
    for n in range(8):
        factories.PersonFactory(user=factories.UserFactory(username=f"m{n}", roles=["methodical_council"]))
    assert _queries(client, reverse("mentoring:roles"), django_assert_max_num_queries) == before
    client.force_login(curator)
    card = reverse("mentoring:person_detail", args=[person.pk])
    first = _queries(client, card, django_assert_max_num_queries)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("mentoring:account_invite", args=[factories.PersonFactory().pk]))
    assert _queries(client, card, django_assert_max_num_queries) == first


@pytest.fixture
def broker_down():
    """A broker on a closed port of our private range: publishing fails at once (no retry)."""
    from config.celery import app as celery_app

    saved = (celery_app.conf.task_always_eager, celery_app.conf.broker_url, celery_app.conf.task_publish_retry)
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "redis://127.0.0.1:16398/0"
    celery_app.conf.task_publish_retry = False
    celery_app._pool = None
    yield
    celery_app.conf.task_always_eager, celery_app.conf.broker_url, celery_app.conf.task_publish_retry = saved
    celery_app._pool = None


def test_a_broker_that_is_down_leaves_an_unsent_invitation_the_card_offers_to_resend(
    client, curator, teacher, broker_down, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mentoring:account_invite", args=[teacher.pk]))
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None and mail.outbox == []
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    page = client.get(reverse("mentoring:person_detail", args=[teacher.pk])).content.decode()
    assert "не отправлено: отправьте ещё раз" in page and "Отправить приглашение ещё раз" in page


def test_a_job_whose_broker_stays_down_ends_failed(curator, broker_down, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from mentoring.services.invitation_batches import MAX_ATTEMPTS, invitation_batches_sweep

    with django_capture_on_commit_callbacks(execute=True):
        from mentoring.services.invitation_batches import invitation_batch_request

        batch = invitation_batch_request(scope={"grade": "5В"}, by=curator)
    later = timezone.now()
    for _ in range(MAX_ATTEMPTS + 1):
        later += datetime.timedelta(minutes=11)
        with django_capture_on_commit_callbacks(execute=True):
            invitation_batches_sweep(now=later)
    batch.refresh_from_db()
    assert batch.status == "failed" and "Запустите его снова" in batch.error
