"""Role checks for views, and object lookups scoped to what a user may see."""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .choices import Role

# People who run the programme and may see every group and person.
STAFF_ROLES = (Role.CURATOR, Role.DIRECTOR, Role.METHODICAL_COUNCIL)
# Who may change the banks, groups and programmes of others.
MANAGER_ROLES = (Role.CURATOR,)


def user_has_role(user, *roles) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.has_role(*roles)


def role_required(*roles):
    """View decorator: anonymous users go to the login page; a user without any of the roles gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator


class RoleRequiredMixin(AccessMixin):
    """Class-based twin of `role_required`: set `required_roles` on the view."""

    required_roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_has_role(request.user, *self.required_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def get_group_for_user(user, pk):
    """A group the user may see, or 404 — never a 403 that would confirm another group exists."""
    from .selectors import groups_for_user

    if not user.is_authenticated:
        raise Http404
    if user.is_superuser:
        from .models import MentoringGroup

        return get_object_or_404(MentoringGroup, pk=pk)
    return get_object_or_404(groups_for_user(user), pk=pk)


def require_manager(user) -> None:
    """For services called from views that change others' data."""
    if not user_has_role(user, *MANAGER_ROLES):
        raise PermissionDenied


def get_import_job_for_user(user, pk):
    """A curator sees the imports they started (the file holds personal data); a superuser sees any."""
    from .models import ImportJob

    job = get_object_or_404(ImportJob, pk=pk)
    if not user.is_superuser and job.requested_by_id != user.pk:
        raise Http404
    return job
