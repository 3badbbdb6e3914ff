"""What every background job row of the core keeps besides its own work: its reason of failure, attempts, times."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRecord(models.Model):
    """Abstract: the bookkeeping a job needs so that it always ends (a reason, attempts, a heartbeat, its times).
    The model defines `status` (with QUEUED/DONE/FAILED), `progress_done` and `progress_total` with its own words."""

    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0
