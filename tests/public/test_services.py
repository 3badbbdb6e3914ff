"""Publishing services: §8.2 checks, names in case texts, PDFs only, cache invalidation, withdrawal cleanup."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mentoring.signals import person_anonymised
from reports.models import Case, NewsItem
from reports.public import selectors, services
from tests import factories
from tests import factories_public as fp

pytestmark = pytest.mark.django_db


def test_case_cannot_be_written_for_an_open_group():
    group = factories.GroupFactory()
    with pytest.raises(ValidationError, match="8.2"):
        services.case_save(group=group, saved_by=None, title="Кейс", summary="s", body="b")


def test_case_cannot_be_published_after_its_group_reopened_in_data():
    case = fp.case(published=False)
    Case.objects.filter(pk=case.pk).update()
    case.group.status = "active"
    case.group.ended_on, case.group.completion_reason = None, ""
    case.group.save()
    with pytest.raises(ValidationError, match="8.2"):
        services.item_publish(item=case, published_by=None)


def test_publishing_a_case_that_names_a_non_consenting_member_is_refused():
    group = fp.completed_group()
    mentee = group.memberships.get(role="mentee").person
    mentee.last_name = "Соколова"
    mentee.save()
    case = fp.case(group, published=False, body="Наставляемая Соколова провела открытый урок.")
    with pytest.raises(ValidationError, match="Соколова"):
        services.item_publish(item=case, published_by=None)
    fp.set_publication(mentee, True)
    assert services.item_publish(item=case, published_by=None).is_published


def test_document_must_be_a_pdf():
    with pytest.raises(ValidationError):
        fp.document(file=SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", "application/pdf"))
    doc = fp.document()
    assert doc.file.name.endswith(".pdf") and doc.file_size > 0


def test_every_publication_changes_the_cache_version(django_capture_on_commit_callbacks):
    before = services.public_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        item = fp.news(published=False)
    after_save = services.public_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.item_publish(item=item, published_by=None)
    after_publish = services.public_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.item_unpublish(item=item, unpublished_by=None)
    assert len({before, after_save, after_publish, services.public_cache_version()}) == 4


def test_consent_change_invalidates_the_public_cache_after_commit(django_capture_on_commit_callbacks):
    person = factories.PersonFactory()
    version = services.public_cache_version()
    consent = person.consents.get()
    consent.withdrawn_on = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        consent.save()
        assert cache.get(services.CACHE_VERSION_KEY) == version  # not before the commit
    assert cache.get(services.CACHE_VERSION_KEY) != version


def test_anonymisation_signal_removes_images_and_unpublishes_cases(jpeg_with_gps, django_capture_on_commit_callbacks):
    group = fp.completed_group()
    people = [m.person for m in group.memberships.all()]
    for p in people:
        fp.set_publication(p, True)
    case = fp.case(group, image=jpeg_with_gps(), image_alt="Пара", people_in_image=people)
    news = fp.news(image=jpeg_with_gps(), image_alt="Семинар", people_in_image=[people[0]])
    other = fp.news(title="Другая", image=jpeg_with_gps(), image_alt="Здание школы")
    image_name = news.image.name
    with django_capture_on_commit_callbacks(execute=True):
        person_anonymised.send(sender=type(people[0]), person=people[0], on=timezone.localdate())
    news.refresh_from_db()
    case.refresh_from_db()
    other.refresh_from_db()
    assert not news.image and news.image_alt == "" and news.is_published
    assert not news.image.storage.exists(image_name)
    assert not case.is_published and not case.image
    assert other.image  # an image without the person stays
    assert selectors.published_cases() == []
    assert NewsItem.objects.filter(people_in_image=people[0]).count() == 0


def test_slug_is_latin_and_unique():
    a = fp.news(title="Встреча наставников и наставляемых")
    b = fp.news(title="Встреча наставников и наставляемых")
    assert a.slug == "vstrecha-nastavnikov-i-nastavlyaemykh"
    assert b.slug == "vstrecha-nastavnikov-i-nastavlyaemykh-2"
