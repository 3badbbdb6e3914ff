"""Reads about accounts: the state shown on a person's card, the Roles page, and whom to ask for access."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import Prefetch
from django.utils import timezone

from .choices import Category, Role
from .models import Invitation, Person, User
from .services.roles import MANAGED_ROLES, display_name

UNSENT_AFTER = datetime.timedelta(minutes=5)


@dataclass
class AccountState:
    code: str  # none | invited | active | deactivated
    user: User | None = None
    invitation: Invitation | None = None

    @property
    def roles(self) -> list[str]:
        names = self.user.role_names() if self.user else set()
        return [str(label) for value, label in Role.choices if value in names]

    @property
    def invitation_unsent(self) -> bool:
        """An e-mail still not sent after a few minutes: the broker or the mail server failed; resend it."""
        inv = self.invitation
        return (
            inv is not None
            and inv.channel == Invitation.Channel.EMAIL
            and inv.sent_at is None
            and inv.created_at < timezone.now() - UNSENT_AFTER
        )

    @property
    def invitation_expired(self) -> bool:
        return self.invitation is not None and self.invitation.expires_at <= timezone.now()


def account_state(person: Person) -> AccountState:
    """What the card shows: no account; invited (by which channel, when); active (last login); deactivated."""
    user = person.user
    if user is None:
        return AccountState("none")
    if not user.is_active:
        return AccountState("deactivated", user)
    if user.has_usable_password():
        return AccountState("active", user)
    return AccountState("invited", user, user.invitations.filter(used_at__isnull=True).first())


def roles_overview() -> list[dict]:
    """Each role of the Roles page with its holders (active or not), in two queries."""
    groups = Group.objects.filter(name__in=MANAGED_ROLES).prefetch_related(
        Prefetch("user_set", queryset=User.objects.select_related("person").order_by("last_name", "username"))
    )
    by_name = {g.name: g for g in groups}
    return [
        {
            "role": role,
            "holders": [{"user": u, "name": display_name(u)} for u in by_name[role].user_set.all()]
            if role in by_name
            else [],
        }
        for role in MANAGED_ROLES
    ]


def role_candidates():
    """Adults with an active account, for the «give a role» choice."""
    return (
        Person.objects.active()
        .filter(user__isnull=False, user__is_active=True)
        .exclude(category=Category.STUDENT)
        .select_related("user")
        .order_by("last_name", "first_name", "pk")
    )


def whom_to_ask() -> list[str]:
    """Names of the curators (the people who give access); the directors when there is no curator."""
    for role in (Role.CURATOR, Role.DIRECTOR):
        users = User.objects.filter(groups__name=role, is_active=True).select_related("person").order_by("pk")[:3]
        names = [display_name(u) for u in users]
        if names:
            return names
    return []
