"""First run, school settings, contingent and academic years: the school starts without the admin."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from mentoring.choices import Role
from mentoring.models import AcademicYear, Contingent, Organisation, OrganisationKind, Person, User
from mentoring.services.school import contingent_save, organisation_save
from mentoring.services.years import academic_year_create, proposed_next_year, proposed_year
from reports.checklist import start_checklist
from tests import factories

pytestmark = pytest.mark.django_db

SETUP = "/mentoring/school/setup/"
SETTINGS = "/mentoring/school/"
CONTINGENT = "/mentoring/school/contingent/"
YEARS = "/mentoring/school/years/"

REQUISITES = {
    "full_name": "Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 5»",
    "short_name": "МБДОУ д/с № 5",
    "kind": OrganisationKind.KINDERGARTEN,
    "address": "610000, г. Киров, ул. Садовая, д. 5",
    "city": "г. Киров",
    "director_name": "О. П. Заведующая",
    "director_position": "",
    "order_number_suffix": "-од",
    "phone": "",
    "email": "sad5@example.org",
    "website": "",
}


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin", "admin@example.org", "admin-pass-123")


def _setup_post(**over):
    data = {
        **REQUISITES,
        "year_title": "2026/2027",
        "year_start": "2026-09-01",
        "year_end": "2027-05-31",
        "curator_mode": "self",
        "curator_last_name": "Кураторова",
        "curator_first_name": "Мария",
        "curator_patronymic": "Ивановна",
        "curator_email": "",
    }
    data.update(over)
    return data


def _png(size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, format="PNG")
    return out.getvalue()


# --- first run ------------------------------------------------------------------------------------------------


def test_superuser_on_an_empty_installation_lands_on_the_setup_page(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/")
    assert response.status_code == 302 and response.url == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "Настройка школы" in page.content.decode()
    initial = page.context["form"].initial
    start, end, title = proposed_year(datetime.date.today())
    assert (initial["year_title"], initial["year_start"], initial["year_end"]) == (title, start, end)


def test_setup_creates_requisites_current_year_and_makes_the_administrator_curator(client, admin_user):
    client.force_login(admin_user)
    response = client.post(SETUP, _setup_post())
    assert response.status_code == 302 and response.url == CONTINGENT
    org = Organisation.objects.get()
    assert org.kind == OrganisationKind.KINDERGARTEN
    assert org.director_position == "Заведующий" and org.head_title == "Заведующий"
    year = AcademicYear.objects.get()
    assert year.is_current and year.title == "2026/2027"
    person = Person.objects.get(user=admin_user)
    assert person.full_name == "Кураторова Мария Ивановна"
    assert admin_user.groups.filter(name=Role.CURATOR).exists()
    # After setup `/` leads to the dashboard, and the setup page sends to the settings.
    assert client.get("/").url == reverse("curator_home")
    assert client.get(SETUP).url == SETTINGS


def test_setup_of_a_municipal_office_leads_to_its_start_page_not_to_a_contingent(client, admin_user):
    client.force_login(admin_user)
    response = client.post(SETUP, _setup_post(kind=OrganisationKind.MUNICIPAL), follow=True)
    assert response.redirect_chain[0][0] == "/"
    assert response.request["PATH_INFO"] == reverse("federation_office:dashboard")
    assert "Управление образования настроено" in response.content.decode()


def test_setup_can_create_another_curator_with_an_account_without_password(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        SETUP, _setup_post(curator_mode="new", curator_email="kuratorova@example.org", kind=OrganisationKind.SCHOOL)
    )
    assert response.status_code == 302
    person = Person.objects.get(email="kuratorova@example.org")
    assert person.user.username == "kuratorova.mi"  # proposed as for every invitation
    assert not person.user.has_usable_password()
    assert person.user.groups.filter(name=Role.CURATOR).exists()
    assert Organisation.objects.get().director_position == "Директор"


def test_setup_with_bad_input_shows_russian_messages_and_writes_nothing(client, admin_user):
    client.force_login(admin_user)
    response = client.post(SETUP, _setup_post(year_end="2026-08-01", curator_last_name="", website="не сайт"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Год должен заканчиваться позже, чем начинается." in text
    assert "Укажите фамилию и имя куратора." in text
    assert not Organisation.objects.exists() and not AcademicYear.objects.exists()


def test_head_position_defaults_from_the_kind_but_stays_editable(db):
    org = organisation_save(**{**REQUISITES, "kind": OrganisationKind.ADDITIONAL})
    assert org.director_position == "Директор"
    org = organisation_save(kind=OrganisationKind.KINDERGARTEN, director_position="")
    assert org.director_position == "Заведующий"
    org = organisation_save(director_position="Заведующая")
    assert org.head_title == "Заведующая"
    # A changed kind brings its usual title, unless one was typed by hand.
    org = organisation_save(kind=OrganisationKind.COLLEGE)
    assert org.director_position == "Заведующая"
    organisation_save(kind=OrganisationKind.KINDERGARTEN, director_position="Заведующий")
    assert organisation_save(kind=OrganisationKind.COLLEGE).director_position == "Директор"
    assert Organisation.objects.count() == 1


# --- settings and logo ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["director", "curator"])
def test_director_and_curator_edit_the_requisites(client, organisation, persona, request):
    client.force_login(request.getfixturevalue(persona))
    data = {**REQUISITES, "short_name": "МБДОУ № 5 (новое)"}
    response = client.post(SETTINGS, data)
    assert response.status_code == 302
    assert Organisation.objects.get().short_name == "МБДОУ № 5 (новое)"


def test_a_file_that_is_not_an_image_is_a_form_error_not_a_500(client, organisation, curator):
    client.force_login(curator)
    junk = SimpleUploadedFile("logo.png", b"<?php echo 1; ?>" * 10, content_type="image/png")
    response = client.post(SETTINGS, {**REQUISITES, "logo": junk})
    assert response.status_code == 200
    assert "Загрузите правильное изображение" in response.content.decode()
    assert not Organisation.objects.get().logo


def test_a_real_logo_is_saved_and_shown_only_to_staff(
    client, organisation, curator, mentor_with_pair, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    assert client.post(SETTINGS, {**REQUISITES, "logo": logo}).status_code == 302
    assert Organisation.objects.get().logo
    response = client.get("/mentoring/school/logo/")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:4] == b"\x89PNG"
    client.force_login(mentor_with_pair)
    assert client.get("/mentoring/school/logo/").status_code == 403
    client.force_login(curator)
    stored = Organisation.objects.get().logo.name
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(SETTINGS, {**REQUISITES, "clear_logo": "on"}).status_code == 302
    org = Organisation.objects.get()
    assert not org.logo and not org.logo.storage.exists(stored)


def test_mentor_cannot_open_the_school_settings(client, organisation, mentor_with_pair):
    client.force_login(mentor_with_pair)
    for url in (SETTINGS, CONTINGENT, YEARS, SETUP):
        assert client.get(url).status_code == 403, url


# --- contingent -----------------------------------------------------------------------------------------------


def test_contingent_is_entered_per_year(client, year, curator):
    client.force_login(curator)
    data = {"pupils_total": 600, "pupils_10_18": 400, "pupils_15_19": 150, "teachers": 50, "young_teachers": 6}
    response = client.post(f"{CONTINGENT}?year={year.pk}", data)
    assert response.status_code == 302
    c = Contingent.objects.get(year=year)
    assert (c.pupils_total, c.pupils_10_18, c.pupils_15_19, c.teachers, c.young_teachers) == (600, 400, 150, 50, 6)
    data["teachers"] = 55
    client.post(f"{CONTINGENT}?year={year.pk}", data)
    assert Contingent.objects.get(year=year).teachers == 55 and Contingent.objects.count() == 1


def test_contingent_bands_must_fit_the_totals(client, year, curator):
    client.force_login(curator)
    data = {"pupils_total": 100, "pupils_10_18": 120, "pupils_15_19": 10, "teachers": 5, "young_teachers": 9}
    response = client.post(CONTINGENT, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Не может быть больше, чем обучающихся всего (100)." in text
    assert "Не может быть больше, чем педагогов (5)." in text
    assert not Contingent.objects.exists()
    response = client.post(CONTINGENT, {**data, "pupils_total": "-3"})
    assert response.status_code == 200


def test_contingent_service_refuses_young_specialists_beyond_teachers(year):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        contingent_save(year=year, pupils_total=10, pupils_10_18=5, pupils_15_19=3, teachers=2, young_teachers=3)
    assert "young_teachers" in exc.value.message_dict


def test_contingent_without_a_year_leads_to_the_years_page(client, curator):
    client.force_login(curator)
    response = client.get(CONTINGENT)
    assert response.status_code == 302 and response.url == YEARS


# --- academic years -------------------------------------------------------------------------------------------


def test_years_list_create_and_make_current(client, year, curator):
    client.force_login(curator)
    page = client.get(YEARS)
    assert year.title in page.content.decode()
    start, end, title = proposed_next_year(year)
    assert page.context["form"].initial["title"] == title
    response = client.post(YEARS, {"title": title, "start_date": start, "end_date": end})
    assert response.status_code == 302
    new = AcademicYear.objects.get(title=title)
    assert not new.is_current
    client.post(f"/mentoring/school/years/{new.pk}/current/")
    assert AcademicYear.objects.get(is_current=True) == new
    assert AcademicYear.objects.filter(is_current=True).count() == 1


def test_a_year_twice_or_ending_before_it_starts_is_refused_in_russian(client, year, curator):
    client.force_login(curator)
    twin = client.post(YEARS, {"title": year.title, "start_date": "2030-09-01", "end_date": "2031-05-31"})
    assert f"Учебный год {year.title} уже есть." in twin.content.decode()
    backwards = client.post(YEARS, {"title": "2030/2031", "start_date": "2030-09-01", "end_date": "2030-05-31"})
    assert "Год должен заканчиваться позже, чем начинается." in backwards.content.decode()
    assert AcademicYear.objects.count() == 1


def test_make_current_needs_a_post(client, year, curator):
    client.force_login(curator)
    assert client.get(f"/mentoring/school/years/{year.pk}/current/").status_code == 405


def test_academic_year_create_can_make_it_current(year):
    new = academic_year_create(
        title="2040/2041", start_date=datetime.date(2040, 9, 1), end_date=datetime.date(2041, 5, 31), make_current=True
    )
    year.refresh_from_db()
    assert new.is_current and not year.is_current


# --- ways forward instead of dead ends ------------------------------------------------------------------------


def test_without_a_current_year_the_curator_gets_a_way_forward(client, curator):
    client.force_login(curator)
    for url in ("/mentoring/banks/mentees/", "/mentoring/pairing/", reverse("curator_home")):
        text = client.get(url).content.decode()
        assert "Попросите администратора" not in text
        assert YEARS in text, url


def test_monitoring_on_an_empty_installation_guides_to_setup(client, admin_user, curator):
    client.force_login(admin_user)
    response = client.get("/monitoring/")
    assert response.status_code == 200
    assert SETUP in response.content.decode()
    factories.OrganisationFactory()
    client.force_login(curator)
    response = client.get("/monitoring/")
    assert response.status_code == 200 and YEARS in response.content.decode()
    assert client.get("/monitoring/export.json").status_code == 404


def test_an_empty_installation_has_nothing_ticked_and_every_line_links(db):
    steps = start_checklist(None)
    assert not [s.code for s in steps if s.done]
    assert all(s.url.startswith("/") for s in steps)
    assert [s.code for s in steps][:4] == ["requisites", "year", "contingent", "roadmap"]


def test_new_year_page_without_a_year_says_what_to_do(client, curator):
    client.force_login(curator)
    response = client.get("/documents/new-year/")
    assert response.status_code == 200
    assert "сначала создайте его в настройках школы" in response.content.decode()


def test_setup_can_appoint_a_person_already_on_record(client, admin_user):
    person = factories.PersonFactory(last_name="Методистова", email="metod@example.org")
    client.force_login(admin_user)
    page = client.get(SETUP)
    assert "curator_person" in page.context["form"].fields
    response = client.post(SETUP, _setup_post(curator_mode="existing", curator_person=person.pk))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user.username == "metodistova.ii" and not person.user.has_usable_password()
    assert person.user.groups.filter(name=Role.CURATOR).exists()
    assert not admin_user.groups.filter(name=Role.CURATOR).exists()
