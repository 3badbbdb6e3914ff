"""The municipal office's registry of member schools: register, a one-time connection code, connect, disconnect.

Secrets are kept only as SHA-256 digests. The connection code is shown once to the office (it passes it to the school
by phone or letter) and works once, for FEDERATION_CODE_DAYS; connecting gives the school a token it sends with every
package. A disconnected school's token stops working; a new code connects it again with a new token.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import MemberSchool

Status = MemberSchool.Status
# No 0/O, 1/I/L: read over the phone and typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


class ConnectError(Exception):
    """A connection refused; the message is in Russian for the school's settings page."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def _issue_code(school: MemberSchool) -> str:
    code = _new_code()
    school.connection_code_hash = digest(normalise_code(code))
    school.code_expires_at = timezone.now() + timedelta(days=settings.FEDERATION_CODE_DAYS)
    return code


@transaction.atomic
def school_register(*, name: str, kind: str, contact: str = "") -> tuple[MemberSchool, str]:
    """A new member school awaiting connection, and its one-time code (shown once)."""
    school = MemberSchool(name=name.strip(), kind=kind, contact=contact.strip())
    code = _issue_code(school)
    school.full_clean()
    school.save()
    return school, code


@transaction.atomic
def school_code_renew(*, school: MemberSchool) -> str:
    """A new one-time code (the old one stops working); a disconnected school connects again with it."""
    school = MemberSchool.objects.select_for_update().get(pk=school.pk)
    code = _issue_code(school)
    school.save(update_fields=["connection_code_hash", "code_expires_at"])
    return code


@transaction.atomic
def school_disconnect(*, school: MemberSchool) -> MemberSchool:
    """The school's code stops working and its packages are refused (403, «отключена»); the packages received stay.

    The token's digest is kept so that the school is told it was disconnected, not that its token is wrong.
    """
    school = MemberSchool.objects.select_for_update().get(pk=school.pk)
    school.status = Status.DISCONNECTED
    school.connection_code_hash = ""
    school.code_expires_at = None
    school.disconnected_at = timezone.now()
    school.save(update_fields=["status", "connection_code_hash", "code_expires_at", "disconnected_at"])
    return school


@transaction.atomic
def school_connect(*, code: str, school_name: str = "") -> tuple[MemberSchool, str]:
    """Exchange a one-time code for the school's token; the code is spent. `ConnectError` with a Russian reason."""
    normal = normalise_code(code)
    if not normal:
        raise ConnectError(_("Enter the connection code the municipal office gave you."))
    school = MemberSchool.objects.select_for_update().filter(connection_code_hash=digest(normal)).first()
    if school is None:
        raise ConnectError(_("The connection code is wrong or has already been used. Ask the municipal office for a "
                             "new one."))  # fmt: skip
    if school.code_expires_at is None or school.code_expires_at < timezone.now():
        raise ConnectError(_("The connection code has expired. Ask the municipal office for a new one."))
    token = secrets.token_urlsafe(32)
    school.token_hash = digest(token)
    school.connection_code_hash = ""
    school.code_expires_at = None
    school.status = Status.CONNECTED
    school.connected_at = timezone.now()
    school.disconnected_at = None
    school.reported_name = str(school_name or "").replace("\x00", "").strip()[:300]
    try:
        school.full_clean()
    except ValidationError as exc:
        raise ConnectError(" ".join(exc.messages)) from exc
    school.save()
    return school, token


def school_for_token(token: str) -> MemberSchool | None:
    """The school a token belongs to, whatever its status (the ingest refuses a disconnected one)."""
    token = (token or "").strip()
    if not token or len(token) > 200:
        return None
    return MemberSchool.objects.filter(token_hash=digest(token)).first()
