"""Who may open the office's pages: the head and the methodists of a hub installation; elsewhere they do not exist."""

from functools import wraps

from django.http import Http404

from mentoring.choices import Role
from mentoring.permissions import role_required

from ..installation import is_hub

# The office's staff: the head (role director) and the methodists (role curator, labelled «методист» on the hub).
OFFICE_ROLES = (Role.DIRECTOR, Role.CURATOR)


def office_view(view):
    """A hub page: 404 on a school installation, then the office's roles only (login first for a stranger)."""
    checked = role_required(*OFFICE_ROLES)(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_hub():
            raise Http404
        return checked(request, *args, **kwargs)

    wrapper.required_roles = OFFICE_ROLES
    return wrapper


def school_view(*roles):
    """A school's page of the federation: 404 on a hub, then the given roles."""

    def decorator(view):
        checked = role_required(*roles)(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if is_hub():
                raise Http404
            return checked(request, *args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator
