"""Accounts of people: create one from the person's card, invite by e-mail or by a printed code, deactivate.

The person always sets their own password: the curator never sees or types one. An account is always tied to a
person (a withdrawal of consent deactivates and unlinks it: services.withdrawal).
"""

import datetime
import logging
import re
import secrets

import iuliia
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from ..choices import MenteeStatus, MentorStatus, Role
from ..models import Invitation, MenteeProfile, MentorProfile, Person, User
from ..selectors import current_year
from .roles import required_roles_check

logger = logging.getLogger(__name__)

# A printed code: no 0/O, 1/I/L, so a pupil can copy it from paper without doubt (32 symbols, 8 of them: 40 bits).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def username_propose(person: Person) -> str:
    """«ivanova.ma» from Иванова Мария Андреевна (Yandex transliteration), unique among accounts."""
    initials = "".join(part[:1] for part in (person.first_name, person.patronymic) if part)
    raw = iuliia.YANDEX_MAPS.translate(f"{person.last_name}.{initials}").lower()
    base = re.sub(r"[^a-z0-9._-]+", "", raw).strip("._-")[:30] or f"user{person.pk}"
    taken = set(
        User.objects.annotate(name_ci=Lower("username"))
        .filter(name_ci__startswith=base)
        .values_list("name_ci", flat=True)
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    return candidate


def roles_of_person(person: Person) -> set[str]:
    """What the person is this year: in the mentor bank → mentor, in the mentee bank → mentee."""
    year = current_year()
    if year is None:
        return set()
    roles = set()
    if MentorProfile.objects.filter(person=person, year=year).exclude(status=MentorStatus.LEFT).exists():
        roles.add(Role.MENTOR.value)
    if MenteeProfile.objects.filter(person=person, year=year).exclude(status=MenteeStatus.LEFT).exists():
        roles.add(Role.MENTEE.value)
    return roles


def _add_person_roles(user: User, person: Person) -> None:
    # get_or_create: the roles migration makes the groups, but a flushed test database has none.
    groups = [Group.objects.get_or_create(name=name)[0] for name in sorted(roles_of_person(person))]
    if groups:
        user.groups.add(*groups)


def account_role_follow(*, person: Person, role: str) -> None:
    """A person with an account who enters a bank of the current year gets the role that follows (banks call it)."""
    if person.user_id is not None:
        person.user.groups.add(Group.objects.get_or_create(name=role)[0])


def _locked_person(person: Person) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_anonymised:
        raise ValidationError(_("This person's data was anonymised after a withdrawal: they cannot have an account."))
    return person


def _account_create(person: Person) -> User:
    """A new account for a locked person who has none; an unlinked account with the same e-mail is linked."""
    if person.email:
        same = User.objects.annotate(email_ci=Lower("email")).filter(email_ci=person.email.lower()).first()
        if same is not None:
            if Person.objects.filter(user=same).exists():
                raise ValidationError(
                    _("The e-mail %(email)s belongs to another person's account.") % {"email": person.email}
                )
            person.user = same
            person.save(update_fields=["user", "updated_at"])
            _add_person_roles(same, person)
            return same
    for _attempt in range(3):
        user = User(
            username=username_propose(person),
            email=person.email,
            first_name=person.first_name[:150],
            last_name=person.last_name[:150],
        )
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            continue  # the username was taken meanwhile: propose the next one
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        _add_person_roles(user, person)
        return user
    raise ValidationError(_("Could not choose a free username; try again."))


def _usable_account(person: Person, *, by) -> User:
    user = person.user
    if user is None:
        user = _account_create(person)
    else:
        _add_person_roles(user, person)
    if not user.is_active:
        raise ValidationError(_("The account is deactivated. Reactivate it first."))
    if user.has_usable_password():
        raise ValidationError(_("The account is already active: the person has set a password."))
    return user


@transaction.atomic
def account_invite(*, person: Person, by) -> Invitation | None:
    """Create the account if needed and e-mail a one-time link to set a password (a resend voids older links).

    None when the person's e-mail already belonged to an active account tied to nobody (e.g. the director's own,
    made by `createsuperuser`): that account is now tied to the person, and there is nothing to invite.
    """
    person = _locked_person(person)
    if not person.email:
        raise ValidationError(_("The person has no e-mail: print an invitation sheet with a code instead."))
    if person.user is None:
        linked = _account_create(person)
        if linked.is_active and linked.has_usable_password():
            return None
    user = _usable_account(person, by=by)
    if user.email.lower() != person.email.lower():
        # The person's e-mail changed since the account was made: the account follows it, if no one else has it.
        taken = User.objects.annotate(email_ci=Lower("email")).filter(email_ci=person.email.lower()).exclude(pk=user.pk)
        if taken.exists():
            raise ValidationError(
                _("The e-mail %(email)s belongs to another person's account.") % {"email": person.email}
            )
        user.email = person.email
        user.save(update_fields=["email"])
    invitation = Invitation.objects.create(
        user=user,
        channel=Invitation.Channel.EMAIL,
        created_by=by if getattr(by, "pk", None) else None,
        expires_at=timezone.now() + datetime.timedelta(days=settings.ACCOUNT_INVITATION_DAYS),
    )
    transaction.on_commit(lambda: _enqueue_mail(invitation.pk))
    return invitation


def _enqueue_mail(invitation_id: int) -> None:
    """After commit; a broker that is down leaves the invitation unsent, and the card then offers to resend it."""
    from ..tasks import send_invitation_email

    try:
        send_invitation_email.delay(invitation_id)
    except KombuOperationalError:
        logger.exception("invitation %s: the broker refused the mail task", invitation_id)


def _code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_format(code: str) -> str:
    """«K7QM-4RXT» as printed; typing it with or without the dash, in any case, is the same."""
    return f"{code[:4]}-{code[4:]}"


@transaction.atomic
def invitation_code_issue(*, person: Person, by=None) -> tuple[User, str]:
    """A printed invitation: the account (made if needed) and a fresh one-time code, stored only as a hash.

    The newest printed code is the only valid one: printing a sheet again voids the earlier sheet.
    """
    person = _locked_person(person)
    user = _usable_account(person, by=by)
    code = _code_new()
    Invitation.objects.filter(user=user, channel=Invitation.Channel.SHEET, used_at__isnull=True).update(
        expires_at=timezone.now()
    )
    Invitation.objects.create(
        user=user,
        channel=Invitation.Channel.SHEET,
        code_hash=make_password(code),
        created_by=by if getattr(by, "pk", None) else None,
        sent_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=settings.ACCOUNT_INVITATION_CODE_DAYS),
    )
    return user, code_format(code)


def _code_refused() -> ValidationError:
    return ValidationError(
        _(
            "The username or the code is wrong, or the code has expired or was already used. Check the sheet; "
            "if it still fails, ask the curator for a new one."
        )
    )


def _code_match(*, username: str, code: str) -> Invitation | None:
    """The valid printed invitation the username and code open, locked; a wrong code counts against it."""
    code = re.sub(r"[\s-]+", "", code or "").upper()
    user = User.objects.filter(username__iexact=(username or "").strip(), is_active=True).first()
    invitation = None
    if user is not None and not user.has_usable_password():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("user")
            .filter(user=user, channel=Invitation.Channel.SHEET, used_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
    if invitation is None or invitation.failed_attempts >= settings.ACCOUNT_INVITATION_CODE_ATTEMPTS:
        make_password(code)  # the same work either way: timing does not tell which usernames exist
        return None
    if not check_password(code, invitation.code_hash):
        invitation.failed_attempts += 1
        invitation.save(update_fields=["failed_attempts"])
        return None
    return invitation


def invitation_code_accept(*, username: str, code: str, password: str) -> User:
    """Username + printed code + the new password in one step. The code works once and expires; after
    ACCOUNT_INVITATION_CODE_ATTEMPTS wrong codes the sheet is void. A refused password leaves the code unused."""
    with transaction.atomic():
        invitation = _code_match(username=username, code=code)
        if invitation is not None:
            user = invitation.user
            password_validation.validate_password(password, user)
            user.set_password(password)
            user.save(update_fields=["password"])
            invitation.used_at = timezone.now()
            invitation.save(update_fields=["used_at"])
            return user
    # Outside the block: the counted failure is committed before the refusal is raised.
    raise _code_refused()


def invitation_email_accepted(*, user: User) -> None:
    """The link was used: mark the newest e-mailed invitation (the token already fails, the password changed)."""
    Invitation.objects.filter(user=user, channel=Invitation.Channel.EMAIL, used_at__isnull=True).update(
        used_at=timezone.now()
    )


@transaction.atomic
def account_deactivate(*, person: Person, by) -> User:
    """The account can no longer log in; refused when it holds the last director or curator role."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user is None:
        raise ValidationError(_("The person has no account."))
    user = User.objects.select_for_update().get(pk=person.user_id)
    required_roles_check(leaving=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def account_reactivate(*, person: Person, by) -> User:
    person = _locked_person(person)
    if person.user is None:
        raise ValidationError(_("The person has no account."))
    user = person.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
