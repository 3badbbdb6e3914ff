"""Two consents, two documents (152-ФЗ art. 9 and art. 10.1): processing opens banks, publication only the site."""

import datetime

import pgtrigger
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mentoring import consent_text
from mentoring.models import Consent, Person
from mentoring.selectors import person_has_valid_consent
from mentoring.services.banks import mentee_profile_create
from mentoring.services.consents import consent_attach_scan, consent_record, publication_consent_withdraw
from mentoring.services.withdrawal import consent_withdraw
from reports.public.selectors import person_may_be_published
from tests import factories
from tests.factories_banks import PDF_BYTES, PNG_BYTES

TODAY = timezone.localdate


@pytest.mark.django_db
def test_a_publication_consent_alone_never_opens_the_gate(year):
    person = factories.PersonFactory(consent=None)
    factories.PublicationConsentFactory(person=person)
    assert not person_has_valid_consent(person)
    assert not Person.objects.with_valid_consent().filter(pk=person.pk).exists()
    with pytest.raises(ValidationError, match="нет действующего согласия"):
        mentee_profile_create(person=person, year=year)
    assert person_may_be_published(person)  # …while the site may name them


@pytest.mark.django_db
def test_a_publication_consent_must_say_where(organisation):
    person = factories.PersonFactory(consent=None)
    consent = Consent(
        person=person, kind="publication", purpose="п", data_list="д", valid_from=TODAY(), publication_place=""
    )
    with pytest.raises(ValidationError, match="где публикуются данные"):
        consent.full_clean()
    # The service fills the place from the school's site when the curator leaves it empty.
    organisation.website = "https://school5.example"
    organisation.save()
    recorded = consent_record(person=person, kind="publication", purpose="п", data_list="д", valid_from=TODAY())
    assert recorded.publication_place.endswith("«Наставничество» официального сайта образовательной "
                                               "организации: https://school5.example/")  # fmt: skip


@pytest.mark.django_db
def test_stopping_publication_keeps_the_processing_consent_and_the_person(year):
    person = factories.MenteeProfileFactory(year=year).person
    publication = factories.PublicationConsentFactory(person=person)
    assert person_may_be_published(person)
    publication_consent_withdraw(consent=publication, on=TODAY(), reason="заявление от 01.12.2026")
    person.refresh_from_db()
    assert not person.is_anonymised and person_has_valid_consent(person)
    assert not person_may_be_published(person)
    with pytest.raises(ValidationError, match="уже прекращена"):
        publication_consent_withdraw(consent=publication, on=TODAY(), reason="ещё раз")


@pytest.mark.django_db
def test_withdrawing_the_processing_consent_withdraws_both(year):
    person = factories.MenteeProfileFactory(year=year).person
    factories.PublicationConsentFactory(person=person)
    processing = person.consents.get(kind="processing")
    consent_withdraw(consent=processing, on=TODAY(), reason="письменное заявление")
    assert set(person.consents.values_list("kind", "withdrawn_on")) == {
        ("processing", TODAY()),
        ("publication", TODAY()),
    }
    assert not person_may_be_published(Person.objects.get(pk=person.pk))


@pytest.mark.django_db
def test_replacing_a_shared_scan_keeps_the_other_consents_file():
    person = factories.PersonFactory()
    processing = person.consents.get()
    processing.scan.save("x.pdf", ContentFile(PDF_BYTES))
    publication = factories.PublicationConsentFactory(person=person, scan=processing.scan.name)
    shared = publication.scan.path
    from django.core.files.uploadedfile import SimpleUploadedFile

    consent_attach_scan(consent=processing, scan=SimpleUploadedFile("n.png", PNG_BYTES, content_type="image/png"))
    import os

    assert os.path.exists(shared)  # still the publication consent's scan


def test_the_printed_term_is_a_date_or_the_programme_capped():
    assert consent_text.term_text() == "на срок реализации программы наставничества, но не более 2 лет"
    assert consent_text.term_text(datetime.date(2028, 8, 31)) == "по 31.08.2028 включительно"


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_curator_records_a_publication_consent_on_the_card(client, curator, organisation):
    organisation.website = "https://school5.example/"
    organisation.save()
    pupil = factories.StudentFactory()
    client.force_login(curator)
    url = reverse("mentoring:consent_new", args=[pupil.pk]) + "?kind=publication"
    page = client.get(url)
    assert page.status_code == 200
    assert "https://school5.example/" in page.content.decode() and "identity_document" not in page.content.decode()
    response = client.post(
        url,
        {
            "signed_by": "representative",
            "representative_name": "Петрова Анна Сергеевна",
            "representative_relation": "мать",
            "representative_basis": "свидетельство о рождении",
            "purpose": consent_text.PUBLICATION_PURPOSE,
            "data_list": consent_text.PUBLICATION_DATA_LIST,
            "actions": consent_text.PUBLICATION_ACTIONS,
            "publication_place": consent_text.publication_place(organisation.website),
            "valid_from": TODAY().isoformat(),
            "valid_until": (TODAY() + datetime.timedelta(days=365)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert pupil.consents.filter(kind="publication").count() == 1
    assert person_may_be_published(pupil)
    card = client.get(reverse("mentoring:person_detail", args=[pupil.pk])).content.decode()
    assert "Прекратить публикацию" in card and "публикация на сайте школы" in card.lower()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_recording_a_consent_needs_its_term(client, curator):
    person = factories.PersonFactory(consent=None)
    client.force_login(curator)
    response = client.post(
        reverse("mentoring:consent_new", args=[person.pk]),
        {"signed_by": "self", "purpose": "ц", "data_list": "д", "valid_from": TODAY().isoformat()},
    )
    assert response.status_code == 200 and not person.consents.exists()
    assert "Обязательное поле" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_stopping_publication_through_the_page_anonymises_nothing(client, curator):
    person = factories.PersonFactory()
    publication = factories.PublicationConsentFactory(person=person)
    client.force_login(curator)
    url = reverse("mentoring:consent_withdraw", args=[publication.pk])
    assert "анонимизир" not in client.get(url).content.decode().split("<form")[1]
    response = client.post(url, {"on": TODAY().isoformat(), "reason": "заявление"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_anonymised and person_has_valid_consent(person)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_data_migration_splits_a_consent_with_publication_into_two_records():
    """«согласен на публикацию» on one paper → a processing consent plus a publication consent, same dates and scan."""
    # The history triggers (installed after `migrate`) follow today's tables: off while the schema is the old one.
    pgtrigger.uninstall()
    executor = MigrationExecutor(connection)
    old_state = executor.migrate([("mentoring", "0007_person_grammar_pupil_questionnaire")])
    old_apps = old_state.apps
    OldPerson = old_apps.get_model("mentoring", "Person")
    OldConsent = old_apps.get_model("mentoring", "Consent")
    OldOrganisation = old_apps.get_model("mentoring", "Organisation")
    OldOrganisation.objects.create(
        full_name="Школа", short_name="Школа", address="адрес", city="г. Киров", director_name="И. И. Иванов",
        website="https://school5.example",
    )  # fmt: skip
    start, end = datetime.date(2026, 9, 1), datetime.date(2028, 8, 31)
    publishing = OldPerson.objects.create(last_name="Иванова", first_name="Мария", category="teacher")
    private = OldPerson.objects.create(last_name="Петров", first_name="Пётр", category="teacher")
    OldConsent.objects.create(
        person=publishing, purpose="ц", data_list="д", allows_publication=True, valid_from=start, valid_until=end,
        withdrawn_on=datetime.date(2027, 3, 1), scan="consents/1/scan.pdf",
    )  # fmt: skip
    OldConsent.objects.create(person=private, purpose="ц", data_list="д", allows_publication=False, valid_from=start)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    new_apps = executor.migrate(executor.loader.graph.leaf_nodes()).apps
    pgtrigger.install()
    NewConsent = new_apps.get_model("mentoring", "Consent")
    rows = list(NewConsent.objects.filter(person_id=publishing.pk).order_by("kind").values())
    assert [r["kind"] for r in rows] == ["processing", "publication"]
    processing, publication = rows
    for name in ("valid_from", "valid_until", "withdrawn_on", "scan", "signed_by"):
        assert publication[name] == processing[name], name
    assert publication["publication_place"].endswith("https://school5.example/")
    assert "распространение" in publication["actions"]
    assert list(NewConsent.objects.filter(person_id=private.pk).values_list("kind", flat=True)) == ["processing"]
    # And the public rule reads the publication consent only: the migrated one, withdrawn on 01.03.2027.
    person = Person.objects.get(pk=publishing.pk)
    assert person_may_be_published(person, on=datetime.date(2027, 2, 1))
    assert not person_may_be_published(person, on=datetime.date(2027, 3, 1))
    assert not person_may_be_published(Person.objects.get(pk=private.pk), on=datetime.date(2027, 2, 1))


@pytest.mark.django_db
def test_printed_forms_are_two_complete_one_page_documents(organisation):
    import io

    from pypdf import PdfReader

    from reports.pdf import html_to_pdf, render_html
    from reports.selectors import consent_form_document_context

    organisation.website, organisation.inn, organisation.ogrn = "https://school5.example", "4345000000", "1024301300000"
    organisation.save()
    pupil = factories.StudentFactory(last_name="Шевчук", first_name="Дарья", patronymic="Ильинична", grade="7Б")
    pdf = html_to_pdf(render_html("documents/consent_forms.html", consent_form_document_context(pupil.pk)))
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2  # processing, then publication: each signed on its own page
    processing, publication = (" ".join(p.extract_text().split()) for p in pages)
    for part in (
        "статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ",
        "ИНН 4345000000, ОГРН 1024301300000, адрес: 610000, г. Киров",
        "Петрова Анна Сергеевна",  # the representative…
        "на основании: свидетельство о рождении",  # …and the basis of authority
        "являясь законным представителем несовершеннолетней",  # agreed with the girl (grammar service)
        "Шевчук Дарья Ильинична, обучающаяся 7Б класса",
        "1. Цель обработки:",
        "2. Перечень персональных данных:",
        "3. Перечень действий и способы обработки:",
        "4. Срок действия согласия: на срок реализации программы наставничества, но не более 2 лет",
        "5. Порядок отзыва согласия:",
        "оформляется отдельным документом",
    ):
        assert part in processing, part
    for part in (
        "статьёй 10.1 Федерального закона",
        "разрешённых субъектом персональных данных для распространения",
        "фотографическое изображение",
        "официального сайта образовательной организации: https://school5.example/",
        "потребовать прекратить распространение",
    ):
        assert part in " ".join(publication.split()).replace("- ", ""), part
    assert "Цель обработки" not in publication and "статьёй 10.1" not in processing
