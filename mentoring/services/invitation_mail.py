"""The invitation e-mail: made in the worker, with the one-time link to set a password."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..models import Invitation
from ..selectors import organisation
from ..tokens import invitation_tokens


def invitation_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("invitation_accept", kwargs={"uidb64": uid, "token": invitation_tokens.make_token(user)})
    return settings.SITE_URL.rstrip("/") + path


def invitation_email_send(*, invitation_id: int) -> bool:
    """Send one invitation unless it is no longer the one that counts. Returns whether a mail left."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("user").filter(pk=invitation_id).first()
        if invitation is None or invitation.sent_at or invitation.used_at:
            return False
        user = invitation.user
        newest = (
            Invitation.objects.filter(user=user, channel=Invitation.Channel.EMAIL, used_at__isnull=True)
            .values_list("pk", flat=True)
            .first()
        )
        if newest != invitation.pk or not user.is_active or user.has_usable_password() or not user.email:
            return False
        context = {
            "user": user,
            "person": getattr(user, "person", None),
            "organisation": organisation(),
            "link": invitation_link(user),
            "days": settings.ACCOUNT_INVITATION_DAYS,
            "login_url": settings.SITE_URL.rstrip("/") + reverse("login"),
        }
        subject = " ".join(render_to_string("mentoring/email/invitation_subject.txt", context).split())
        body = render_to_string("mentoring/email/invitation.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
        return True
