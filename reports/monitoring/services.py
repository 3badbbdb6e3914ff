"""Writes of the monitoring area: the curator's analytic conclusions of the end-of-year report."""

from django.db import transaction
from django.utils import timezone

from mentoring.models import AcademicYear
from mentoring.permissions import require_manager

from ..models import AnnualReport


@transaction.atomic
def annual_report_save_conclusions(*, year: AcademicYear, text: str, user) -> AnnualReport:
    """The curator writes the analytic conclusions (Regulation §3.4: «аналитический отчёт куратора»)."""
    require_manager(user)
    report, _created = AnnualReport.objects.select_for_update().get_or_create(year=year)
    report.conclusions = text.strip()
    report.conclusions_updated_at = timezone.now()
    report.updated_by = user
    report.full_clean()
    report.save()
    return report
