from django.utils.functional import SimpleLazyObject

from .choices import Role
from .permissions import user_has_role


def roles(request):
    """Role flags for navigation; one query per request (cached on the user)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"role": {}}
    return {"role": {r.value: user_has_role(user, r.value) for r in Role}}


def kind(request):
    """The profile of the organisation's kind (mentoring.kinds), read only by a template that uses it."""
    from .kinds import current_kind_profile

    return {"kind": SimpleLazyObject(current_kind_profile)}
