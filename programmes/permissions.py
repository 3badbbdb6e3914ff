"""Who may see and change programmes, meetings and feedback. Lookups 404 outside the user's groups."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from mentoring.choices import MemberRole
from mentoring.permissions import MANAGER_ROLES, STAFF_ROLES, get_group_for_user, user_has_role
from mentoring.selectors import groups_for_user

from .models import FeedbackRequest, Meeting, Programme

__all__ = ["get_group_for_user"]


def person_of(user):
    return getattr(user, "person", None) if user.is_authenticated else None


def is_manager(user) -> bool:
    return user_has_role(user, *MANAGER_ROLES)


def is_staff_viewer(user) -> bool:
    return user_has_role(user, *STAFF_ROLES)


def is_current_mentor(user, group) -> bool:
    person = person_of(user)
    if person is None:
        return False
    return group.memberships.filter(person=person, role=MemberRole.MENTOR, left_on__isnull=True).exists()


def can_edit_group_work(user, group) -> bool:
    """The curator, or the group's current mentor: edit the programme, log meetings, mark activities."""
    return is_manager(user) or is_current_mentor(user, group)


def ensure_can_edit_group_work(user, group) -> None:
    if not can_edit_group_work(user, group):
        raise PermissionDenied


def _scoped(user, queryset, group_field: str):
    if not user.is_authenticated:
        raise Http404
    if user.is_superuser:
        return queryset
    return queryset.filter(**{f"{group_field}__in": groups_for_user(user)})


def get_programme_for_user(user, pk) -> Programme:
    qs = Programme.objects.select_related("group", "group__year", "template")
    return get_object_or_404(_scoped(user, qs, "group"), pk=pk)


def get_meeting_for_user(user, pk) -> Meeting:
    return get_object_or_404(_scoped(user, Meeting.objects.select_related("group", "group__year"), "group"), pk=pk)


def get_feedback_for_user(user, pk) -> FeedbackRequest:
    """A feedback form is personal: only its respondent and the programme staff may open it."""
    qs = FeedbackRequest.objects.select_related(
        "group", "group__year", "questionnaire", "meeting", "person", "response"
    )
    if not user.is_authenticated:
        raise Http404
    if user.is_superuser or is_staff_viewer(user):
        return get_object_or_404(qs, pk=pk)
    person = person_of(user)
    if person is None:
        raise Http404
    return get_object_or_404(qs, pk=pk, person=person)
