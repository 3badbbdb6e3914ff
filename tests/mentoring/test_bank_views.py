"""People, consents, banks, import and questionnaire pages: access, constant queries, the flows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Consent, ImportJob, MenteeProfile, MentorProfile, Person, Questionnaire, Response
from tests import factories
from tests.factories_banks import PDF_BYTES, people_rows, xlsx_bytes

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _bulk_people(n, year):
    """n people with consents, a third of them in each bank: fast enough for the 1,000-person size."""
    people = Person.objects.bulk_create(
        [
            Person(
                last_name=f"Фамилия{i:04d}",
                first_name="Имя",
                category="student" if i % 2 else "teacher",
                grade="7Б" if i % 2 else "",
                subject="" if i % 2 else "физика",
                birth_date=datetime.date(1990, 1, 1),
            )
            for i in range(n)
        ]
    )
    Consent.objects.bulk_create(
        [
            Consent(
                person=p,
                purpose="ц",
                data_list="д",
                valid_from=TODAY() - datetime.timedelta(days=5),
                valid_until=TODAY() + datetime.timedelta(days=10 if i % 3 else 400),
                signed_by="representative",
                representative_name="Родитель",
                representative_basis="св-во",
            )
            for i, p in enumerate(people)
            if i % 5
        ]
    )
    MenteeProfile.objects.bulk_create(
        [MenteeProfile(person=p, year=year, entered_on=TODAY(), request_text="запрос") for p in people[::3]]
    )
    MentorProfile.objects.bulk_create([MentorProfile(person=p, year=year) for p in people[1::3]])


URLS = [
    ("mentoring:people", {}),
    ("mentoring:consents", {}),
    ("mentoring:mentee_bank", {}),
    ("mentoring:mentor_bank", {}),
]


@pytest.mark.parametrize("n", [10, 1000])
@pytest.mark.parametrize(
    "name,query",
    [*URLS, ("mentoring:people", {"consent": "expiring", "bank": "mentee", "category": "student", "q": "Фам"})],
)
def test_list_pages_keep_the_same_number_of_queries(
    client, curator, year, django_assert_max_num_queries, n, name, query
):
    _bulk_people(n, year)
    factories.GroupFactory(year=year)
    client.force_login(curator)
    with django_assert_max_num_queries(16):
        response = client.get(reverse(name), query)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "mentoring:people",
        "mentoring:consents",
        "mentoring:mentee_bank",
        "mentoring:mentor_bank",
        "mentoring:questionnaires",
    ],
)
def test_staff_may_see_lists_and_members_may_not(client, curator, director, mentor_with_pair, name):
    for user, status in ((curator, 200), (director, 200), (mentor_with_pair, 403)):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == status
    client.logout()
    assert client.get(reverse(name)).status_code == 302


def test_only_the_curator_imports_edits_and_records(client, director, mentor_with_pair, year):
    person = factories.PersonFactory()
    for user in (director, mentor_with_pair):
        client.force_login(user)
        for url in (
            reverse("mentoring:import_upload"),
            reverse("mentoring:person_new"),
            reverse("mentoring:consent_new", args=[person.pk]),
            reverse("mentoring:people_export", args=["xlsx"]),
            reverse("mentoring:consent_withdraw", args=[person.consents.get().pk]),
        ):
            assert client.get(url).status_code == 403, (user, url)


def test_people_filters_and_search(client, curator, year):
    factories.PersonFactory(last_name="Искомова", subject="химия")
    factories.StudentFactory(last_name="Другой", grade="9А", consent=None)
    client.force_login(curator)
    page = client.get(reverse("mentoring:people"), {"q": "искомова"}).content.decode()
    assert "Искомова" in page and "Другой" not in page
    page = client.get(reverse("mentoring:people"), {"grade": "9а", "consent": "missing"}).content.decode()
    assert "Другой" in page and "Искомова" not in page


def test_person_card_shows_consents_banks_and_groups(client, curator, year):
    group = factories.GroupFactory(year=year)
    mentee = group.memberships.get(role="mentee").person
    client.force_login(curator)
    page = client.get(reverse("mentoring:person_detail", args=[mentee.pk])).content.decode()
    assert mentee.full_name in page and str(group) in page and 'data-consent="valid"' in page
    assert f"{year}: " in page  # the bank entry of the year


def test_recording_a_consent_with_scan_for_a_minor(client, curator):
    pupil = factories.StudentFactory(consent=None)
    client.force_login(curator)
    url = reverse("mentoring:consent_new", args=[pupil.pk])
    form = client.get(url).context["form"]
    assert form.initial["signed_by"] == "representative" and "наставничества" in form.initial["purpose"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        representative_name="Петрова Анна Сергеевна",
        representative_relation="мать",
        representative_basis="свидетельство о рождении II-ИР 123456",
        scan=SimpleUploadedFile("скан.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    response = client.post(url, data)
    assert response.status_code == 302
    consent = pupil.consents.get()
    assert consent.representative_name == "Петрова Анна Сергеевна" and consent.scan
    scan = client.get(reverse("mentoring:consent_scan", args=[consent.pk]))
    assert b"".join(scan.streaming_content).startswith(b"%PDF")


def test_a_fake_scan_is_refused_with_a_russian_message(client, curator):
    person = factories.PersonFactory(consent=None)
    client.force_login(curator)
    url = reverse("mentoring:consent_new", args=[person.pk])
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
    data["scan"] = SimpleUploadedFile("scan.pdf", b"<html>not a scan</html>", content_type="application/pdf")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "PDF, JPEG или PNG" in response.content.decode()
    assert not person.consents.exists()


def test_adding_to_the_bank_without_consent_says_why(client, curator, year):
    person = factories.PersonFactory(consent=None)
    client.force_login(curator)
    response = client.post(
        reverse("mentoring:mentee_add", args=[person.pk]),
        {"entered_on": TODAY().isoformat(), "status": "awaiting", "requests": ["methodical"]},
    )
    assert response.status_code == 200
    assert "нет действующего согласия" in response.content.decode()
    assert not MenteeProfile.objects.exists()


def test_import_preview_then_confirm(client, curator, django_capture_on_commit_callbacks):
    client.force_login(curator)
    upload = SimpleUploadedFile("люди.xlsx", xlsx_bytes(people_rows(3)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mentoring:import_upload"), {"file": upload, "target": "people"})
    job = ImportJob.objects.get()
    assert response.url == reverse("mentoring:import_job", args=[job.pk])
    assert job.result["summary"]["create"] == 3
    assert Person.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mentoring:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    assert Person.objects.count() == 3


def test_import_with_an_error_shows_row_and_column_and_cannot_be_confirmed(
    client, curator, django_capture_on_commit_callbacks
):
    rows = people_rows(2)
    rows[1][5] = "32.13.2010"
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mentoring:import_upload"),
            {"file": SimpleUploadedFile("f.xlsx", xlsx_bytes(rows)), "target": "people"},
        )
    job = ImportJob.objects.get()
    page = client.get(reverse("mentoring:import_job", args=[job.pk])).content.decode()
    assert "Строка 3, столбец F «Дата рождения»" in page
    assert 'id="confirm-import"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentoring:import_confirm", args=[job.pk]))
    assert Person.objects.count() == 0


def test_withdrawal_view_anonymises(client, curator):
    person = factories.PersonFactory(last_name="Отзывающая")
    client.force_login(curator)
    url = reverse("mentoring:consent_withdraw", args=[person.consents.get().pk])
    response = client.post(url, {"on": TODAY().isoformat(), "reason": "заявление от сегодня", "confirm": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_anonymised and person.full_name == f"Участник №{person.pk}"


def test_bank_export_is_an_xlsx_with_the_federal_heading(client, director, year):
    factories.MenteeProfileFactory(year=year)
    client.force_login(director)
    response = client.get(reverse("mentoring:bank_export", args=["mentees", "xlsx"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


# --- Questionnaires -------------------------------------------------------------------------------


def test_the_fixture_questionnaires_are_installed_by_migration():
    needs = Questionnaire.objects.get(code="mentee_needs")
    survey = Questionnaire.objects.get(code="mentor_survey")
    assert needs.title == "Анкета для наставляемого" and survey.title == "Анкета потенциального наставника"
    assert needs.questions.filter(maps_to="requests").exists()
    assert survey.questions.filter(maps_to="directions").exists()


def test_a_mentee_fills_their_own_questionnaire_and_the_bank_follows(client, mentee_user, year):
    needs = Questionnaire.objects.get(code="mentee_needs")
    q = {x.maps_to or x.number: x for x in needs.questions.all()}
    client.force_login(mentee_user)
    response = client.post(
        reverse("mentoring:questionnaire_fill", args=["mentee_needs"]),
        {
            f"q{q['requests'].pk}": ["digital", "health"],
            f"q{q['request_text'].pk}": "Хочу освоить цифровые ресурсы",
            f"q{q[6].pk}": "6",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    r = Response.objects.get()
    assert not r.on_paper and r.filled_by == mentee_user
    entry = MenteeProfile.objects.get(person=mentee_user.person)
    assert entry.requests == ["digital", "health"]


def test_the_curator_enters_a_paper_survey_on_behalf(client, curator, year):
    person = factories.PersonFactory()
    survey = Questionnaire.objects.get(code="mentor_survey")
    client.force_login(curator)
    data = {}
    for x in survey.questions.filter(required=True):
        if x.kind in ("multiple", "single"):
            data[f"q{x.pk}"] = [x.choices[0][0]] if x.kind == "multiple" else x.choices[-1][0]
        else:
            data[f"q{x.pk}"] = {"long_text": "Опыт", "text": "т", "yes_no": "yes", "scale": "8"}[x.kind]
    response = client.post(reverse("mentoring:questionnaire_on_behalf", args=["mentor_survey", person.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    r = Response.objects.get()
    assert r.on_paper and r.respondent == person and r.filled_by == curator
    assert r.answers.count() == survey.questions.filter(required=True).count()


def test_another_member_cannot_read_a_response(client, mentee_user, other_mentor, year):
    person = mentee_user.person
    r = Response.objects.create(
        questionnaire=Questionnaire.objects.get(code="mentee_needs"), respondent=person, year=year
    )
    client.force_login(other_mentor)
    assert client.get(reverse("mentoring:response_detail", args=[r.pk])).status_code == 404
    client.force_login(mentee_user)
    assert client.get(reverse("mentoring:response_detail", args=[r.pk])).status_code == 200
