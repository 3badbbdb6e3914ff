from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..constraints import ConstraintMessages


class OrganisationKind(models.TextChoices):
    """Kinds of organisation the product serves; the kind decides the head's title (and later categories/forms)."""

    SCHOOL = "school", _("general education school")
    KINDERGARTEN = "kindergarten", _("kindergarten")
    ADDITIONAL = "additional", _("organisation of additional education")
    COLLEGE = "college", _("college")
    # A municipal education office: runs the same product as a hub for its schools (the federation app).
    MUNICIPAL = "municipal", _("municipal education office")


DEFAULT_HEAD_POSITION = "Директор"


def head_position_for(kind: str) -> str:
    """The usual title of the head of an organisation of this kind (printed in Russian on orders): the kind's
    profile says it (mentoring.kinds)."""
    from ..kinds import kind_profile

    return kind_profile(kind).head_title


class Organisation(ConstraintMessages, models.Model):
    """The school's requisites, printed on every document. One row per installation."""

    singleton = models.BooleanField(default=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200)
    kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.SCHOOL
    )
    address = models.CharField(_("address"), max_length=500)
    city = models.CharField(_("city"), max_length=100, help_text=_("Place of issue printed on orders."))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # The operator's requisites printed on consent forms (152-ФЗ art. 9 part 4: name and address of the operator).
    inn = models.CharField(_("INN (taxpayer number)"), max_length=12, blank=True)
    ogrn = models.CharField(_("OGRN (state registration number)"), max_length=15, blank=True)
    director_name = models.CharField(_("director's name"), max_length=200, help_text=_("For example: И. И. Иванов"))
    director_position = models.CharField(
        _("director's position"),
        max_length=200,
        blank=True,
        default=DEFAULT_HEAD_POSITION,
        help_text=_("Empty: the usual title for the kind of organisation."),
    )
    order_number_suffix = models.CharField(
        _("order number suffix"), max_length=20, blank=True, default="-од", help_text=_("Appended to order numbers.")
    )
    logo = models.ImageField(_("logo"), upload_to="organisation/", blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")
        constraints = [
            models.UniqueConstraint(fields=["singleton"], name="organisation_single_row"),
            models.CheckConstraint(condition=Q(singleton=True), name="organisation_singleton_true"),
        ]

    def __str__(self):
        return self.short_name

    @property
    def head_title(self) -> str:
        """The head's position as printed: the one entered, else the usual one for the kind."""
        return self.director_position or head_position_for(self.kind)


class AcademicYear(ConstraintMessages, models.Model):
    """A school year such as 2026/2027; exactly one is current."""

    title = models.CharField(_("title"), max_length=20, unique=True, help_text=_("For example: 2026/2027"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_current = models.BooleanField(_("current"), default=False)
    # Set when the year was started from the one before («Начать новый учебный год»): one successor per year.
    previous = models.OneToOneField(
        "self",
        verbose_name=_("started from the year"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_year",
        editable=False,
    )

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_year"),
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="year_ends_after_start"),
        ]

    def __str__(self):
        return self.title


class Contingent(ConstraintMessages, models.Model):
    """How many pupils and teachers the school has in a year: the denominators of the involvement shares (Р-145)."""

    year = models.OneToOneField(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.CASCADE, related_name="contingent"
    )
    pupils_total = models.PositiveIntegerField(_("pupils in all"))
    pupils_10_18 = models.PositiveIntegerField(_("pupils aged 10–18"))
    pupils_15_19 = models.PositiveIntegerField(_("pupils aged 15–19"))
    teachers = models.PositiveIntegerField(_("teachers"))
    young_teachers = models.PositiveIntegerField(
        _("of them young specialists"), help_text=_("Teachers with 0–3 years of service.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contingent")
        verbose_name_plural = _("contingents")
        constraints = [
            models.CheckConstraint(
                condition=Q(pupils_10_18__lte=F("pupils_total")), name="contingent_10_18_within_total"
            ),
            models.CheckConstraint(
                condition=Q(pupils_15_19__lte=F("pupils_total")), name="contingent_15_19_within_total"
            ),
            models.CheckConstraint(
                condition=Q(young_teachers__lte=F("teachers")), name="contingent_young_within_teachers"
            ),
        ]

    def __str__(self):
        return str(self.year)
