"""The document engine: request → queued task → stored file; progress, errors, retry, access, idempotency."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from reports import documents as registry
from reports.models import GeneratedDocument, Memo
from reports.services import document_render, document_request, document_retry
from tests import factories
from tests.factories_reports import approve_now, pairing_order, questionnaire_with_questions
from tests.pdf import pdf_text


def _run(kind, user, params, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind=kind, requested_by=user, params=params)
    document.refresh_from_db()
    return document


def test_consent_forms_for_a_class_one_pdf_with_progress_per_person(curator, django_capture_on_commit_callbacks):
    pupils = [factories.StudentFactory(grade="6А") for _ in range(3)]
    factories.StudentFactory(grade="6Б")
    document = _run("consent_forms", curator, {"grade": "6А"}, django_capture_on_commit_callbacks)
    assert document.status == "done" and (document.progress_done, document.progress_total) == (3, 3)
    data = document.file.read()
    assert hashlib.sha256(data).hexdigest() == document.checksum and document.size == len(data)
    text = pdf_text(data)
    # Two separate documents per pupil: processing (art. 9) and publication on the site (art. 10.1).
    assert text.count("СОГЛАСИЕ") == 6 and "152-ФЗ" in text and "несовершеннолетнего" in text
    assert text.count("разрешённых субъектом персональных данных для распространения") == 3
    for pupil in pupils:
        assert pupil.full_name in text
    assert "Муниципальное бюджетное общеобразовательное учреждение" in text


def test_consent_form_of_the_mentor_bank(curator, year, django_capture_on_commit_callbacks):
    mentor = factories.MentorProfileFactory(year=year).person
    document = _run("consent_forms", curator, {"bank": "mentors"}, django_capture_on_commit_callbacks)
    text = pdf_text(document.file.read())
    assert document.progress_total == 1 and mentor.full_name in text and "моих персональных данных" in text


def test_questionnaire_blank_is_built_from_its_questions(curator, django_capture_on_commit_callbacks):
    questionnaire = questionnaire_with_questions()
    document = _run("questionnaire_blank", curator, {"target_id": questionnaire.pk}, django_capture_on_commit_callbacks)
    text = pdf_text(document.file.read())
    for part in (
        "АНКЕТА НАСТАВЛЯЕМОГО",
        "1. Ваши затруднения",
        "2. Форма наставничества",
        "Педагог – педагог",
        "3. Оцените готовность",
        "10",
    ):
        assert part in text, part


def test_memo_prints_the_text_the_curator_wrote(mentor_with_pair, django_capture_on_commit_callbacks):
    memo = Memo.objects.create(
        slug="mentor",
        audience="mentors",
        title="Памятка наставнику",
        body="",
        body_html="<p>Встречайтесь регулярно</p>",
    )
    document = _run("memo", mentor_with_pair, {"target_id": memo.pk}, django_capture_on_commit_callbacks)
    assert "Встречайтесь регулярно" in pdf_text(document.file.read())


def test_mentee_cannot_request_the_mentors_memo(mentee_user):
    memo = Memo.objects.create(slug="mentor", audience="mentors", title="Памятка", body="", body_html="<p>x</p>")
    with pytest.raises(PermissionDenied):
        document_request(kind="memo", requested_by=mentee_user, params={"target_id": memo.pk})


def test_approved_order_is_served_from_its_stored_pdf(year, curator, director, django_capture_on_commit_callbacks):
    order = approve_now(order=pairing_order(year=year, curator=curator), user=director)
    document = _run("order", director, {"target_id": order.pk}, django_capture_on_commit_callbacks)
    assert document.checksum == order.pdf_checksum


def test_a_draft_order_renders_as_a_draft(year, curator, django_capture_on_commit_callbacks):
    order = pairing_order(year=year, curator=curator, submit=False)
    document = _run("order", curator, {"target_id": order.pk}, django_capture_on_commit_callbacks)
    assert "ПРОЕКТ" in pdf_text(document.file.read())


def test_bad_parameters_are_refused_with_a_reason(curator):
    with pytest.raises(ValidationError):
        document_request(kind="order", requested_by=curator, params={"target_id": "abc"})
    with pytest.raises(ValidationError):
        document_request(kind="consent_forms", requested_by=curator, params={})
    with pytest.raises(LookupError):
        document_request(kind="nonsense", requested_by=curator, params={})


def test_a_failure_is_readable_and_can_be_retried(curator, django_capture_on_commit_callbacks, monkeypatch):
    broken = registry.DocumentKind(
        code="broken_test",
        template="documents/does-not-exist.html",
        title=lambda p: "Сломанный",
        clean=lambda p: {},
        parts=lambda p: [1],
        context=lambda p, part: {},
        may_request=lambda u, p: True,
    )
    monkeypatch.setitem(registry.REGISTRY, "broken_test", broken)
    document = _run("broken_test", curator, {}, django_capture_on_commit_callbacks)
    assert document.status == "failed"
    assert (
        document.error == "This kind of document cannot be printed yet: its template or its data is missing."
        or "шаблон" in document.error
    )
    monkeypatch.setitem(
        registry.REGISTRY,
        "broken_test",
        registry.DocumentKind(
            **{
                **broken.__dict__,
                "template": "documents/memo.html",
                "context": lambda p, part: {"memo": {"title": "Исправлено", "body": "Текст"}},
            }
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(document=document, user=curator)
    document.refresh_from_db()
    assert document.status == "done" and "Исправлено" in pdf_text(document.file.read())


def test_rendering_twice_is_harmless(curator):
    pupil = factories.StudentFactory(grade="9В")
    document = document_request(kind="consent_forms", requested_by=curator, params={"person_ids": str(pupil.pk)})
    first = document_render(document_id=document.pk)
    assert first.status == "done"
    assert document_render(document_id=document.pk) is None  # the message delivered again: nothing happens
    assert GeneratedDocument.objects.get(pk=document.pk).checksum == first.checksum


# --- pages ------------------------------------------------------------------------------------------------------


def test_request_page_flow_and_status_endpoint(client, curator, django_capture_on_commit_callbacks):
    pupil = factories.StudentFactory(grade="5А")
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:document_request"), {"kind": "consent_forms", "person_ids": pupil.pk})
    document = GeneratedDocument.objects.get()
    assert response.url == reverse("reports:document_detail", args=[document.pk])
    page = client.get(response.url).content.decode()
    assert "<progress" in page and "js/progress.js" in page
    status = client.get(reverse("reports:document_status", args=[document.pk])).json()
    assert status["status"] == "done" and status["download_url"].endswith("/download/")
    download = client.get(status["download_url"])
    assert download["Content-Type"] == "application/pdf"
    assert pupil.full_name in pdf_text(b"".join(download.streaming_content))


def test_a_person_may_print_their_own_consent_form_only(client, mentor_with_pair, other_mentor):
    client.force_login(mentor_with_pair)
    own = client.post(
        reverse("reports:document_request"), {"kind": "consent_forms", "person_ids": mentor_with_pair.person.pk}
    )
    assert own.status_code == 302
    other = client.post(
        reverse("reports:document_request"), {"kind": "consent_forms", "person_ids": other_mentor.person.pk}
    )
    assert other.status_code == 403


def test_mentor_cannot_open_a_document_not_addressed_to_them(client, curator, director, mentor_with_pair, year):
    order = approve_now(order=pairing_order(year=year, curator=curator), user=director)
    for requester, kind, params in [
        (director, "order", {"target_id": order.pk}),
        (curator, "consent_forms", {"person_ids": str(mentor_with_pair.person.pk)}),
    ]:
        document = document_request(kind=kind, requested_by=requester, params=params)
        document_render(document_id=document.pk)
        client.force_login(mentor_with_pair)
        for name in ("document_detail", "document_status", "document_download"):
            assert client.get(reverse(f"reports:{name}", args=[document.pk])).status_code == 404, (kind, name)
        with pytest.raises(PermissionDenied):
            document_request(kind="order", requested_by=mentor_with_pair, params={"target_id": order.pk})
    client.force_login(director)  # the director shares the curator's orders, but not the curator's consent forms
    assert client.get(reverse("reports:document_download", args=[document.pk])).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, curator):
    document = document_request(
        kind="consent_forms", requested_by=curator, params={"person_ids": str(factories.PersonFactory().pk)}
    )
    response = client.get(reverse("reports:document_download", args=[document.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_document_button_partial_renders_a_post_form(curator):
    request = RequestFactory().get("/x/")
    request.user = curator
    html = Template(
        '{% include "reports/partials/document_button.html" with kind="roadmap" year_id=7 label="Печать" %}'
    )
    out = html.render(Context({"request": request, "csrf_token": "t"}))
    assert 'method="post"' in out and 'name="kind" value="roadmap"' in out and 'name="year_id" value="7"' in out
    assert "Печать" in out and 'name="target_id"' not in out


@pytest.mark.parametrize("size", [1, 30])
def test_status_endpoint_query_count(client, curator, size, django_assert_max_num_queries):
    people = [factories.StudentFactory(grade="8А") for _ in range(size)]
    document = document_request(kind="consent_forms", requested_by=curator, params={"grade": "8А"})
    assert document.progress_total == len(people)
    client.force_login(curator)
    with django_assert_max_num_queries(6):
        client.get(reverse("reports:document_status", args=[document.pk]))
