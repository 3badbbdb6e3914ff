"""The token of an e-mailed invitation: Django's password-reset machinery with its own salt and lifetime.

A token is bound to the account's password hash, last login and active flag, and to the newest e-mailed
invitation: setting a password, deactivating the account or sending a new invitation makes older links fail.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "mentoring.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        from .models import Invitation

        invitation = (
            Invitation.objects.filter(user=user, channel=Invitation.Channel.EMAIL, used_at__isnull=True)
            .values_list("pk", flat=True)
            .first()
        )
        login = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.password}{login}{user.is_active}{invitation}{timestamp}"

    def check_token(self, user, token):
        """As Django's, but the lifetime is ACCOUNT_INVITATION_DAYS, not PASSWORD_RESET_TIMEOUT."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return (self._num_seconds(self._now()) - ts) <= settings.ACCOUNT_INVITATION_DAYS * 24 * 3600


invitation_tokens = InvitationTokenGenerator()
