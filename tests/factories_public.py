"""Factories for the public section (reports.models.public). Published items go through the services."""

import datetime

from django.utils import timezone

from mentoring.choices import CompletionReason, GroupStatus
from mentoring.models import Consent
from reports.public import services
from tests import factories


def completed_group(**kwargs):
    """A pair that went proposed → approved → active → completed, as the services would leave it."""
    group = factories.GroupFactory(**kwargs)
    year = group.year
    group.status = GroupStatus.COMPLETED
    group.approved_on = year.start_date + datetime.timedelta(days=40)
    group.ended_on = min(timezone.localdate(), year.start_date + datetime.timedelta(days=120))
    group.completion_reason = CompletionReason.PLAN_COMPLETED
    group.save()
    group.memberships.update(left_on=group.ended_on)
    return group


def set_publication(person, allows: bool) -> None:
    """Give the person a consent to publication in force, or take every such consent away."""
    Consent.objects.filter(person=person, kind="publication").delete()
    if allows:
        factories.PublicationConsentFactory(person=person)


def case(group=None, *, published=True, by=None, **fields):
    group = group or completed_group()
    data = {
        "title": "Кейс пары",
        "summary": "Как пара достигла целей.",
        "body": "Наставник и наставляемый работали по плану.",
    }
    data.update(fields)
    saved = services.case_save(group=group, saved_by=by, **data)
    if published:
        saved = services.item_publish(item=saved, published_by=by)
    return saved


def news(*, published=True, by=None, **fields):
    data = {"title": "Новость", "summary": "Кратко о событии.", "body": "Текст новости."}
    data.update(fields)
    item = services.news_save(saved_by=by, **data)
    return services.item_publish(item=item, published_by=by) if published else item


def page(*, published=True, by=None, **fields):
    data = {"title": "Страница", "body": "Текст страницы."}
    data.update(fields)
    item = services.page_save(saved_by=by, **data)
    return services.item_publish(item=item, published_by=by) if published else item


def memo(*, published=True, by=None, **fields):
    data = {"audience": "mentors", "title": "Памятка", "body": "- пункт"}
    data.update(fields)
    item = services.memo_save(saved_by=by, **data)
    return services.item_publish(item=item, published_by=by) if published else item


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def document(*, published=True, by=None, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"kind": "regulation", "title": "Положение о наставничестве"}
    data.update(fields)
    data.setdefault("file", SimpleUploadedFile("x.pdf", MINIMAL_PDF, "application/pdf"))
    item = services.document_save(saved_by=by, **data)
    return services.item_publish(item=item, published_by=by) if published else item
