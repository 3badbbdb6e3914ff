"""The «Роли» page of the director: who is curator, methodical council, site editor, director; give or take."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..choices import Role
from ..forms_accounts import RoleChangeForm
from ..models import User
from ..permissions import role_required
from ..selectors_accounts import role_candidates, roles_overview
from ..services.roles import display_name, role_grant, role_revoke


@role_required(Role.DIRECTOR)
def roles_page(request):
    return render(
        request, "mentoring/accounts/roles.html", {"roles": roles_overview(), "candidates": role_candidates()}
    )


@require_POST
@role_required(Role.DIRECTOR)
def role_change(request):
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a person and a role."))
        return redirect("mentoring:roles")
    data = form.cleaned_data
    user = get_object_or_404(User, pk=data["user"], person__isnull=False)
    label = str(Role(data["role"]).label).lower()
    try:
        if data["action"] == "grant":
            role_grant(user=user, role=data["role"], by=request.user)
            messages.success(request, _("%(name)s is now %(role)s.") % {"name": display_name(user), "role": label})
        else:
            role_revoke(user=user, role=data["role"], by=request.user)
            messages.success(
                request, _("%(name)s is no longer %(role)s.") % {"name": display_name(user), "role": label}
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("mentoring:roles")
