"""Home pages: `/` sends each user to the home of their main role."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from ..choices import GroupStatus, MentorStatus, Role
from ..home_panels import panels_for
from ..models import GroupMembership, MentoringGroup, Organisation
from ..page_cache import cached_page
from ..permissions import STAFF_ROLES, role_required, user_has_role
from ..selectors import curator_dashboard_counts, current_year
from ..selectors_accounts import whom_to_ask


@login_required
def home(request):
    user = request.user
    if user.is_superuser and not Organisation.objects.exists():
        return redirect("mentoring:school_setup")  # first run: nothing works before the school is set up
    if user_has_role(user, Role.CURATOR, Role.METHODICAL_COUNCIL):
        return redirect("curator_home")
    if user_has_role(user, Role.DIRECTOR):
        return redirect("director_home")
    if user_has_role(user, Role.MENTOR, Role.MENTEE):
        return redirect("member_home")
    if user_has_role(user, Role.SITE_EDITOR):
        return redirect("public:edit")
    return render(request, "home/no_role.html", {"contacts": whom_to_ask()})


@role_required(Role.CURATOR, Role.METHODICAL_COUNCIL)
@cached_page("curator-home")
def curator_home(request):
    year = current_year()
    return render(
        request,
        "home/curator.html",
        {
            "year": year,
            "counts": curator_dashboard_counts(year),
            "top_panels": panels_for("curator_top", request, year),
            "panels": panels_for("curator", request, year),
        },
    )


@role_required(Role.DIRECTOR)
@cached_page("director-home")
def director_home(request):
    year = current_year()
    proposed = year.groups.filter(status=GroupStatus.PROPOSED).count() if year else 0
    candidates = year.mentor_profiles.filter(status=MentorStatus.CANDIDATE).count() if year else 0
    return render(
        request,
        "home/director.html",
        {
            "year": year,
            "proposed_groups": proposed,
            "mentor_candidates": candidates,
            "counts": curator_dashboard_counts(year),
            "panels": panels_for("director", request, year),
        },
    )


@role_required(Role.MENTOR, Role.MENTEE, *STAFF_ROLES)
@cached_page("member-home")
def member_home(request):
    person = getattr(request.user, "person", None)
    groups = MentoringGroup.objects.none()
    if person is not None:
        groups = (
            MentoringGroup.objects.for_member(person)
            .select_related("year")
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=GroupMembership.objects.filter(left_on__isnull=True).select_related("person"),
                )
            )
            .order_by("-planned_start")
        )
    return render(
        request,
        "home/member.html",
        {
            "person": person,
            "groups": groups,
            "panels": panels_for("member", request, current_year()),
        },
    )
