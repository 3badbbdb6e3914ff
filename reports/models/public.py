"""The public «Наставничество» section of the school site (Regulation §8): pages, news, memos, cases, documents.

Text is written in Markdown (`body`) and stored rendered and sanitised (`body_html`) by the services, so a page
view never re-renders or trusts user input. Whether anything is shown is decided by reports.public.selectors only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.constraints import ConstraintMessages
from mentoring.models import MentoringGroup, Person


def public_image_path(instance, filename):
    # Services give uploads a random name (reports.public.images); the folder tells the kind.
    return f"public/{instance._meta.model_name}/{filename}"


def public_document_path(instance, filename):
    return f"public/documents/{filename}"


class PublishedMixin(models.Model):
    """Publication state shared by everything on the public site; only services change it."""

    is_published = models.BooleanField(_("published"), default=False, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        abstract = True


class SitePage(ConstraintMessages, PublishedMixin):
    """A page of the section: «О наставничестве в школе» (shown on the section's home) and any other."""

    ABOUT_SLUG = "about"

    slug = models.SlugField(_("address"), max_length=80, unique=True, help_text=_("Latin letters, digits and hyphens."))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short description"), max_length=300, blank=True)
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(editable=False, blank=True)
    position = models.PositiveSmallIntegerField(_("position in the menu"), default=0)

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False), name="sitepage_published_has_date"
            )
        ]

    def __str__(self):
        return self.title


class NewsItem(ConstraintMessages, PublishedMixin):
    """News and announcements: title, date, text, an optional image with its alt text."""

    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    is_announcement = models.BooleanField(_("announcement of an event"), default=False)
    event_date = models.DateField(_("date of the event"), null=True, blank=True)
    summary = models.CharField(_("short description"), max_length=300)
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(editable=False, blank=True)
    image = models.ImageField(_("image"), upload_to=public_image_path, blank=True)
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    people_in_image = models.ManyToManyField(
        Person,
        verbose_name=_("people in the image"),
        blank=True,
        related_name="+",
        help_text=_("The image is shown only while everyone in it has consented to publication."),
    )

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["is_published", "-published_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(image="") | ~Q(image_alt=""), name="newsitem_image_has_alt"),
            models.CheckConstraint(
                condition=Q(is_announcement=False) | Q(event_date__isnull=False), name="announcement_has_event_date"
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False), name="newsitem_published_has_date"
            ),
        ]

    def __str__(self):
        return self.title


class Memo(ConstraintMessages, PublishedMixin):
    """A memo (памятка) for mentors, mentees or parents."""

    class Audience(models.TextChoices):
        MENTORS = "mentors", _("for mentors")
        MENTEES = "mentees", _("for mentees")
        PARENTS = "parents", _("for parents")

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(editable=False, blank=True)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)

    class Meta:
        verbose_name = _("memo")
        verbose_name_plural = _("memos")
        ordering = ["audience", "position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False), name="memo_published_has_date"
            )
        ]

    def __str__(self):
        return self.title


class Case(ConstraintMessages, PublishedMixin):
    """A best practice (кейс) drawn from one completed pair or group; published by the curator (Regulation §8.2).

    Participants are never stored as text: the public page names a member only while their consent allows
    publication, otherwise it describes the role («наставник — учитель математики»).
    """

    group = models.OneToOneField(
        MentoringGroup, verbose_name=_("pair or group"), on_delete=models.PROTECT, related_name="public_case"
    )
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short description"), max_length=300)
    body = models.TextField(_("results and practice (Markdown)"))
    body_html = models.TextField(editable=False, blank=True)
    image = models.ImageField(_("image"), upload_to=public_image_path, blank=True)
    image_alt = models.CharField(_("image description (alt text)"), max_length=300, blank=True)
    people_in_image = models.ManyToManyField(
        Person,
        verbose_name=_("people in the image"),
        blank=True,
        related_name="+",
        help_text=_("The image is shown only while everyone in it has consented to publication."),
    )

    class Meta:
        verbose_name = _("case (best practice)")
        verbose_name_plural = _("cases (best practices)")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(image="") | ~Q(image_alt=""), name="case_image_has_alt"),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False), name="case_published_has_date"
            ),
        ]

    def __str__(self):
        return self.title


class PublicDocument(ConstraintMessages, PublishedMixin):
    """A normative or methodical document offered as a PDF download: the Regulation, the roadmap, …"""

    class Kind(models.TextChoices):
        REGULATION = "regulation", _("Regulation on mentoring")
        ROADMAP = "roadmap", _("Roadmap")
        FEDERAL = "federal", _("Federal document")
        REGIONAL = "regional", _("Regional document")
        LOCAL = "local", _("Local act of the school")
        METHODICAL = "methodical", _("Methodical recommendations")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.CharField(_("short description"), max_length=300, blank=True)
    file = models.FileField(_("PDF file"), upload_to=public_document_path)
    file_size = models.PositiveIntegerField(editable=False, default=0)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)

    class Meta:
        verbose_name = _("public document")
        verbose_name_plural = _("public documents")
        ordering = ["kind", "position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False), name="document_published_has_date"
            )
        ]

    def __str__(self):
        return self.title
