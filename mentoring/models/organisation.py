from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """The school's requisites, printed on every document. One row per installation."""

    singleton = models.BooleanField(default=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200)
    address = models.CharField(_("address"), max_length=500)
    city = models.CharField(_("city"), max_length=100, help_text=_("Place of issue printed on orders."))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # The operator's requisites printed on consent forms (152-ФЗ art. 9 part 4: name and address of the operator).
    inn = models.CharField(_("INN (taxpayer number)"), max_length=12, blank=True)
    ogrn = models.CharField(_("OGRN (state registration number)"), max_length=15, blank=True)
    director_name = models.CharField(_("director's name"), max_length=200, help_text=_("For example: И. И. Иванов"))
    director_position = models.CharField(_("director's position"), max_length=200, default="Директор")
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


class AcademicYear(models.Model):
    """A school year such as 2026/2027; exactly one is current."""

    title = models.CharField(_("title"), max_length=20, unique=True, help_text=_("For example: 2026/2027"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_current = models.BooleanField(_("current"), default=False)

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
