from .choices import Role
from .permissions import user_has_role


def roles(request):
    """Role flags for navigation; one query per request (cached on the user)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"role": {}}
    return {"role": {r.value: user_has_role(user, r.value) for r in Role}}
