"""The access log an inspector asks for: who opened, downloaded or exported personal data, and how many people."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent
from mentoring.services.consents import consent_record
from tests import factories
from tests.factories_banks import PDF_BYTES

pytestmark = pytest.mark.django_db


def test_opening_a_card_is_logged_with_the_person_and_the_address(client, curator):
    person = factories.PersonFactory()
    client.force_login(curator)
    assert client.get(reverse("mentoring:person_detail", args=[person.pk]), REMOTE_ADDR="10.0.0.7").status_code == 200
    event = AccessEvent.objects.get()
    assert (event.user, event.action, event.people, event.count, event.ip) == (
        curator,
        "view_person",
        [person.pk],
        1,
        "10.0.0.7",
    )


def test_downloading_a_scan_and_exporting_the_people_are_logged(client, curator):
    people = factories.PersonFactory.create_batch(3)
    upload = SimpleUploadedFile("скан.pdf", PDF_BYTES, content_type="application/pdf")
    consent = consent_record(person=people[0], purpose="ц", data_list="д", valid_from=timezone.localdate(), scan=upload)
    client.force_login(curator)
    client.get(reverse("mentoring:consent_scan", args=[consent.pk]))
    client.get(reverse("mentoring:people_export", args=["xlsx"]))
    scan, export = AccessEvent.objects.order_by("pk")
    assert scan.action == "download_scan" and scan.people == [people[0].pk]
    assert export.action == "export_people" and export.count >= 3 and set(export.people) >= {p.pk for p in people}


def test_exporting_a_bank_and_generating_consent_forms_are_logged(client, curator, year):
    entry = factories.MenteeProfileFactory(year=year)
    client.force_login(curator)
    client.get(reverse("mentoring:bank_export", args=["mentees", "xlsx"]))
    client.post(reverse("reports:document_request"), {"kind": "consent_forms", "person_ids": entry.person_id})
    actions = list(AccessEvent.objects.order_by("pk").values_list("action", "people"))
    assert actions == [("export_bank", [entry.person_id]), ("consent_forms", [entry.person_id])]


def test_a_stranger_leaves_no_entry_and_sees_nothing(client, mentor_with_pair):
    person = factories.PersonFactory()
    client.force_login(mentor_with_pair)
    assert client.get(reverse("mentoring:person_detail", args=[person.pk])).status_code == 403
    assert not AccessEvent.objects.exists()
