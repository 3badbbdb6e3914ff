"""The end-of-year report's own texts (Regulation §3.4, roadmap stage 8: «отчёт … включая отчёты наставников и
аналитический отчёт куратора»). The numbers are never stored here: they are computed from the data each time.

Mentors' report texts and the best-practice mark live on each group's programme (programmes.Programme
`mentor_report`, `is_best_practice`), so there is one place to write them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.models import AcademicYear


class AnnualReport(models.Model):
    """One per academic year: the curator's analytic conclusions, written in the browser from a numbers draft."""

    year = models.OneToOneField(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.PROTECT, related_name="annual_report"
    )
    conclusions = models.TextField(_("curator's analytic conclusions"), blank=True)
    conclusions_updated_at = models.DateTimeField(_("conclusions updated at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("end-of-year report")
        verbose_name_plural = _("end-of-year reports")
        ordering = ["-year__start_date"]

    def __str__(self):
        return _("End-of-year report %(year)s") % {"year": self.year}
