from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..choices import CompletionReason, GroupStatus, MemberRole, MentoringForm, MentoringType
from ..constraints import ConstraintMessages
from .fields import ChoiceListField
from .organisation import AcademicYear
from .people import Person


class MentoringGroupQuerySet(models.QuerySet):
    def of_year(self, year):
        """Groups of the year: formed in it, or carried over into it from the year before (their programme runs on).
        A carried group keeps its own `year`, so the earlier year's orders, report and monitoring do not change."""
        carried = MentoringGroup.carried_into.through.objects.filter(academicyear_id=year.pk).values(
            "mentoringgroup_id"
        )
        return self.filter(Q(year=year) | Q(pk__in=carried))

    def for_member(self, person):
        """Groups where the person is (or was) a member: the object scope of mentors and mentees."""
        return self.filter(memberships__person=person).distinct()


class MentoringGroup(ConstraintMessages, models.Model):
    """A pair (one mentor, one mentee) or a group (one mentor, two or more mentees)."""

    year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.PROTECT, related_name="groups"
    )
    form = models.CharField(_("form of mentoring"), max_length=30, choices=MentoringForm.choices)
    types = ChoiceListField(_("types of mentoring"), choice_class=MentoringType)
    status = models.CharField(_("status"), max_length=20, choices=GroupStatus.choices, default=GroupStatus.PROPOSED)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    completion_reason = models.CharField(
        _("reason for ending"), max_length=30, choices=CompletionReason.choices, blank=True
    )
    completion_note = models.TextField(_("comment on ending"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(Person, through="GroupMembership", related_name="mentoring_groups")
    carried_into = models.ManyToManyField(
        AcademicYear, verbose_name=_("carried over into"), blank=True, related_name="carried_groups"
    )

    objects = MentoringGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("pair or group")
        verbose_name_plural = _("pairs and groups")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["year", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gt=F("planned_start")), name="group_planned_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[GroupStatus.COMPLETED, GroupStatus.TERMINATED])
                | (Q(ended_on__isnull=True) & Q(completion_reason="")),
                name="open_group_has_no_ending",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[GroupStatus.COMPLETED, GroupStatus.TERMINATED])
                | (Q(ended_on__isnull=False) & ~Q(completion_reason="")),
                name="closed_group_has_ending",
            ),
            models.CheckConstraint(
                condition=Q(status=GroupStatus.PROPOSED)
                | Q(approved_on__isnull=False)
                | Q(status=GroupStatus.TERMINATED),
                name="group_past_proposal_has_approval_date",
            ),
        ]

    def __str__(self):
        return _("Group no. %(pk)s") % {"pk": self.pk}

    @property
    def form_label(self) -> str:
        """The form as the kind of organisation calls it («студент – студент» in a college): use it, not
        get_form_display(), wherever a group's form is shown or printed."""
        from ..kinds import current_kind_profile

        return current_kind_profile().form_label(self.form)

    @property
    def is_open(self) -> bool:
        return self.status in (GroupStatus.PROPOSED, GroupStatus.APPROVED, GroupStatus.ACTIVE)


class GroupMembership(ConstraintMessages, models.Model):
    """Who belongs to a group, as what, and when: replacement ends a row, so history survives."""

    group = models.ForeignKey(MentoringGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["role", "joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"], condition=Q(left_on__isnull=True), name="one_current_membership"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="membership_leaves_after_joining",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None
