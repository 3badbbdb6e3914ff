from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import MemberRole
from ..constraints import ConstraintMessages
from .groups import MentoringGroup
from .people import Person


class ReplacementKind(models.TextChoices):
    """Who asked for the change (Regulation §4.1, §5.1), or the curator's own decision."""

    MENTEE_PETITION = "mentee_petition", _("mentee's petition for another mentor")
    MENTOR_RELIEF = "mentor_relief", _("mentor's request to be relieved")
    CURATOR = "curator", _("curator's decision")


class ReplacementStatus(models.TextChoices):
    PENDING = "pending", _("awaiting decision")
    APPROVED = "approved", _("granted")
    REJECTED = "rejected", _("refused")


class ReplacementRequest(ConstraintMessages, models.Model):
    """A petition to change who is in a group, and the curator's decision on it.

    Granted changes to a group that an order already approved are official only through a new order line
    (Regulation §6.2): such rows carry `needs_order=True` until the orders app records `ordered_on`.
    """

    group = models.ForeignKey(
        MentoringGroup, verbose_name=_("pair or group"), on_delete=models.CASCADE, related_name="replacement_requests"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReplacementKind.choices)
    applicant = models.ForeignKey(
        Person,
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacement_requests",
    )
    reason = models.TextField(_("reason"))
    submitted_on = models.DateField(_("submitted on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReplacementStatus.choices, default=ReplacementStatus.PENDING
    )
    # What the decision changed: who left the group and who joined it (either may be empty).
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, blank=True)
    leaving = models.ForeignKey(
        Person, verbose_name=_("leaves the group"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    joining = models.ForeignKey(
        Person, verbose_name=_("joins the group"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(_("decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    needs_order = models.BooleanField(_("needs an order"), default=False)
    ordered_on = models.DateField(_("included in an order on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("replacement request")
        verbose_name_plural = _("replacement requests")
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "applicant"],
                condition=Q(status=ReplacementStatus.PENDING),
                name="one_pending_replacement_per_applicant",
            ),
            models.CheckConstraint(
                condition=Q(status=ReplacementStatus.PENDING) | Q(decided_at__isnull=False),
                name="decided_replacement_has_time",
            ),
            models.CheckConstraint(
                condition=Q(kind=ReplacementKind.CURATOR) | Q(applicant__isnull=False),
                name="petition_has_applicant",
            ),
            models.CheckConstraint(
                condition=Q(needs_order=True) | Q(ordered_on__isnull=True), name="ordered_only_when_needed"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.group}"

    @property
    def awaits_order(self) -> bool:
        return self.needs_order and self.ordered_on is None
