"""Roles given on the «Роли» page (Django groups, see permissions.py). There is always an active director and an
active curator: taking the last one's role, or deactivating their account, is refused with the reason.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..choices import Role
from ..models import User

# What the director gives and takes on the Roles page; mentor and mentee follow from the banks.
MANAGED_ROLES = (Role.DIRECTOR, Role.CURATOR, Role.METHODICAL_COUNCIL, Role.SITE_EDITOR)
# Roles that must always have an active holder.
REQUIRED_ROLES = (Role.DIRECTOR, Role.CURATOR)


def _lock_required_groups() -> dict[str, Group]:
    """Lock the rows of the required roles' groups, always in the same order: two removals cannot both pass."""
    groups = Group.objects.select_for_update().filter(name__in=REQUIRED_ROLES).order_by("name")
    return {g.name: g for g in groups}


def required_roles_check(*, leaving: User, roles=REQUIRED_ROLES) -> None:
    """Refuse when `leaving` is the last active holder of a required role. Call inside a transaction."""
    groups = _lock_required_groups()
    for name in roles:
        group = groups.get(name)
        if group is None or not group.user_set.filter(pk=leaving.pk).exists():
            continue
        others = group.user_set.filter(is_active=True).exclude(pk=leaving.pk)
        if not others.exists():
            label = Role(name).label
            raise ValidationError(
                _("%(user)s is the only %(role)s: give the role to someone else first, there must always be one.")
                % {"user": display_name(leaving), "role": str(label).lower()}
            )


def display_name(user: User) -> str:
    person = getattr(user, "person", None)
    if person is not None:
        return person.full_name
    return user.get_full_name() or user.username


def _managed(role: str) -> Group:
    if role not in MANAGED_ROLES:
        raise ValidationError(_("This role is not given on this page."))
    return Group.objects.get_or_create(name=role)[0]


@transaction.atomic
def role_grant(*, user: User, role: str, by) -> None:
    group = _managed(role)
    if not user.is_active:
        raise ValidationError(_("The account is deactivated: reactivate it on the person's card first."))
    user.groups.add(group)


@transaction.atomic
def role_revoke(*, user: User, role: str, by) -> None:
    group = _managed(role)
    if role in REQUIRED_ROLES:
        required_roles_check(leaving=user, roles=(role,))
    user.groups.remove(group)
