"""Writes of the public section: save, publish, unpublish; each one invalidates the public page cache."""

import logging
import uuid

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from mentoring.choices import GroupStatus
from mentoring.models import MentoringGroup, Person

from ..models import Case, Memo, NewsItem, PublicDocument, SitePage
from . import selectors
from .images import prepare_image
from .sanitize import render_markdown

logger = logging.getLogger(__name__)
CACHE_VERSION_KEY = "public:version"
PDF_MAX_BYTES = 20 * 1024 * 1024

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "-",
            "y",
            "-",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
) | {"ъ": "", "ь": ""}


# --- Cache: pages are cached under a version that every publication changes -----------------------------


# The cache is never on a write path: a cache that cannot be reached is logged, and pages are computed without it.
CACHE_ERRORS = (RedisError, OSError)


def cache_version(key: str) -> str | None:
    """The current version stored under `key` (created on first use); None when the cache is unreachable (then
    nothing is cached). Shared by every read model cached by data version (public pages, monitoring)."""
    try:
        version = cache.get(key)
        if version is None:
            cache.add(key, uuid.uuid4().hex, None)
            version = cache.get(key) or "0"
    except CACHE_ERRORS as exc:
        logger.warning("cache unreachable, %s served uncached: %s", key, exc)
        return None
    return version


def cache_version_bump(key: str) -> None:
    """Everything cached under the version in `key` becomes stale at once (old keys simply expire). Never raises."""
    try:
        cache.set(key, uuid.uuid4().hex, None)
    except CACHE_ERRORS as exc:
        logger.error("cache version %s not bumped (cache unreachable): %s", key, exc)


def public_cache_version() -> str | None:
    """The current version of the public pages; None when the cache is unreachable (then nothing is cached)."""
    return cache_version(CACHE_VERSION_KEY)


def public_cache_bump() -> None:
    """Every cached public page becomes stale at once (old keys simply expire). Never raises."""
    cache_version_bump(CACHE_VERSION_KEY)


def public_cache_bump_on_commit() -> None:
    """Bump after the transaction commits (at once outside one): readers never cache data that rolls back."""
    transaction.on_commit(public_cache_bump)


# --- Helpers ---------------------------------------------------------------------------------------------


def latin_slug(title: str) -> str:
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in title.lower())
    return slugify(latin.replace("-", " "))[:70].strip("-") or "item"


def make_slug(title: str, model, *, exclude_pk=None) -> str:
    """A Latin address from a Russian title («Встреча наставников» → vstrecha-nastavnikov), unique per model."""
    base = latin_slug(title)
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _apply(obj, fields: dict, saved_by) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.body_html = render_markdown(obj.body)
    obj.updated_by = saved_by


def _set_image(obj, *, image, remove_image: bool, image_alt: str) -> str | None:
    """Replace or drop the image; returns the old file name to delete after commit."""
    old = obj.image.name if obj.image else None
    if image:
        obj.image = prepare_image(image)
    elif remove_image:
        obj.image = ""
    obj.image_alt = (image_alt or "").strip()
    if obj.image and not obj.image_alt:
        raise ValidationError({"image_alt": _("Describe the image in a few words: readers who cannot see it need it.")})
    if not obj.image:
        obj.image_alt = ""
    return old if old and old != (obj.image.name if obj.image else None) else None


def _delete_file_on_commit(storage, name: str | None) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _save(obj) -> None:
    obj.full_clean()
    obj.save()
    public_cache_bump_on_commit()


# --- Pages, news, memos --------------------------------------------------------------------------------


@transaction.atomic
def page_save(*, page: SitePage | None = None, saved_by, title: str, body: str, summary: str = "", slug: str = "",
              position: int = 0) -> SitePage:  # fmt: skip
    page = page or SitePage()
    _apply(page, {"title": title, "body": body, "summary": summary, "position": position}, saved_by)
    page.slug = slug or page.slug or make_slug(title, SitePage, exclude_pk=page.pk)
    _save(page)
    return page


@transaction.atomic
def news_save(
    *,
    item: NewsItem | None = None,
    saved_by,
    title: str,
    summary: str,
    body: str,
    is_announcement: bool = False,
    event_date=None,
    image=None,
    remove_image: bool = False,
    image_alt: str = "",
    people_in_image: list[Person] | None = None,
) -> NewsItem:
    item = item or NewsItem()
    fields = {"title": title, "summary": summary, "body": body, "is_announcement": is_announcement}
    _apply(item, {**fields, "event_date": event_date if is_announcement else None}, saved_by)
    if is_announcement and event_date is None:
        raise ValidationError({"event_date": _("An announcement needs the date of the event.")})
    item.slug = item.slug or make_slug(title, NewsItem)
    old = _set_image(item, image=image, remove_image=remove_image, image_alt=image_alt)
    _save(item)
    item.people_in_image.set(people_in_image or [])
    _delete_file_on_commit(item.image.storage, old)
    return item


@transaction.atomic
def memo_save(*, memo: Memo | None = None, saved_by, audience: str, title: str, body: str, slug: str = "",
              position: int = 0) -> Memo:  # fmt: skip
    memo = memo or Memo()
    _apply(memo, {"audience": audience, "title": title, "body": body, "position": position}, saved_by)
    memo.slug = slug or memo.slug or make_slug(title, Memo, exclude_pk=memo.pk)
    _save(memo)
    return memo


# --- Cases -----------------------------------------------------------------------------------------------


@transaction.atomic
def case_save(
    *,
    case: Case | None = None,
    group: MentoringGroup | None = None,
    saved_by,
    title: str,
    summary: str,
    body: str,
    image=None,
    remove_image: bool = False,
    image_alt: str = "",
    people_in_image: list[Person] | None = None,
) -> Case:
    """A case is written about a completed pair or group only (Regulation §8.2)."""
    if case is None:
        if group is None or group.status != GroupStatus.COMPLETED:
            raise ValidationError(_("A case can be written only about a completed pair or group (Regulation §8.2)."))
        case = Case(group=group)
    _apply(case, {"title": title, "summary": summary, "body": body}, saved_by)
    case.slug = case.slug or make_slug(title, Case)
    old = _set_image(case, image=image, remove_image=remove_image, image_alt=image_alt)
    _save(case)
    case.people_in_image.set(people_in_image or [])
    _delete_file_on_commit(case.image.storage, old)
    return case


def _check_case_publishable(case: Case) -> None:
    if case.group.status != GroupStatus.COMPLETED:
        raise ValidationError(
            _(
                "The pair or group is not completed: its results may be published only after completion "
                "(Regulation §8.2)."
            )
        )
    text = f"{case.title}\n{case.summary}\n{case.body}\n{case.image_alt}"
    named = [p for p in selectors.case_members_without_publication_consent(case) if selectors._mentions(text, p)]
    if named:
        raise ValidationError(
            _("The text names %(names)s, who has not agreed to publication. Describe them by role only.")
            % {"names": ", ".join(p.short_name for p in named)}
        )


# --- Documents -------------------------------------------------------------------------------------------


@transaction.atomic
def document_save(*, document: PublicDocument | None = None, saved_by, kind: str, title: str, description: str = "",
                  file=None, approved_on=None, position: int = 0) -> PublicDocument:  # fmt: skip
    """A PDF for the documents page; the type is read from the file's first bytes."""
    document = document or PublicDocument()
    for name, value in {"kind": kind, "title": title, "description": description, "approved_on": approved_on,
                        "position": position}.items():  # fmt: skip
        setattr(document, name, value)
    document.updated_by = saved_by
    old = document.file.name if document.file else None
    if file:
        if file.size > PDF_MAX_BYTES:
            raise ValidationError({"file": _("The PDF is larger than 20 MB. Reduce it before uploading.")})
        file.seek(0)
        head = file.read(5)
        file.seek(0)
        if head != b"%PDF-":
            raise ValidationError({"file": _("Upload a PDF file; this file is of another type.")})
        document.file = ContentFile(file.read(), name=f"{latin_slug(title)[:40]}-{uuid.uuid4().hex[:8]}.pdf")
        document.file_size = document.file.size
    elif not document.file:
        raise ValidationError({"file": _("Choose the PDF file.")})
    _save(document)
    if old and old != document.file.name:
        _delete_file_on_commit(document.file.storage, old)
    return document


# --- Publishing ------------------------------------------------------------------------------------------


@transaction.atomic
def item_publish(*, item, published_by):
    """Publish a page, news item, memo, document or case. A case passes the §8.2 and consent checks first."""
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if isinstance(item, Case):
        _check_case_publishable(item)
    if not item.is_published:
        item.is_published = True
        item.published_at = timezone.now()
    item.updated_by = published_by
    _save(item)
    return item


@transaction.atomic
def item_unpublish(*, item, unpublished_by):
    item = type(item).objects.select_for_update().get(pk=item.pk)
    item.is_published = False
    item.published_at = None
    item.updated_by = unpublished_by
    _save(item)
    return item


@transaction.atomic
def item_delete(*, item) -> None:
    storage_files = [f for f in (getattr(item, "image", None), getattr(item, "file", None)) if f]
    item.delete()
    for f in storage_files:
        _delete_file_on_commit(f.storage, f.name)
    public_cache_bump_on_commit()


# --- Withdrawal of consent -------------------------------------------------------------------------------


@transaction.atomic
def person_unpublish(*, person: Person) -> dict:
    """After anonymisation (152-ФЗ art. 9 part 5): drop every image showing the person, withdraw their cases.

    Names are never stored in the public models, so they vanish by themselves; but images and case texts were
    made with the person in mind, so they leave the site until an editor reviews them.
    """
    removed = 0
    for model in (NewsItem, Case):
        for obj in model.objects.select_for_update().filter(people_in_image=person):
            if obj.image:
                _delete_file_on_commit(obj.image.storage, obj.image.name)
            obj.image, obj.image_alt = "", ""
            obj.save(update_fields=["image", "image_alt", "updated_at"])
            obj.people_in_image.clear()
            removed += 1
    cases = Case.objects.filter(group__memberships__person=person, is_published=True).distinct()
    unpublished = cases.update(is_published=False, published_at=None)
    public_cache_bump_on_commit()
    return {"images_removed": removed, "cases_unpublished": unpublished}
