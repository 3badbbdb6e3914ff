"""Issue 14 §4: the site editor prints the memo they wrote (it was a 403)."""

import pytest
from django.urls import reverse

from reports.models import GeneratedDocument
from tests import factories
from tests.factories_public import memo
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_the_site_editor_prints_a_memo_they_wrote(
    client, site_editor, organisation, django_capture_on_commit_callbacks
):
    item = memo(by=site_editor, published=False, title="Памятка наставнику", body="Встречайтесь регулярно.")
    client.force_login(site_editor)
    page = client.get(reverse("public:edit_item", args=["memo", item.pk])).content.decode()
    assert 'name="kind" value="memo"' in page  # the print button is on the editing page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:document_request"), {"kind": "memo", "target_id": item.pk})
    assert response.status_code == 302
    document = GeneratedDocument.objects.get(kind="memo", requested_by=site_editor)
    assert document.status == GeneratedDocument.Status.DONE
    download = client.get(reverse("reports:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert "Встречайтесь регулярно" in pdf_text(b"".join(download.streaming_content))


def test_a_mentee_still_cannot_print_the_mentors_memo(client, site_editor, organisation):
    item = memo(by=site_editor, audience="mentors")
    client.force_login(factories.UserFactory(roles=["mentee"], username="some-mentee"))
    response = client.post(reverse("reports:document_request"), {"kind": "memo", "target_id": item.pk})
    assert response.status_code == 403
