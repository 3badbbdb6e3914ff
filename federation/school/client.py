"""Talking to the municipal office over HTTPS (the standard library's urllib; certificates verified by default).

Plain http is allowed only to this machine (localhost, 127.0.0.1, ::1) or, for a closed network or tests, with
FEDERATION_ALLOW_HTTP=true. `HubUnreachable` is worth another try later (no answer, a timeout, 5xx, 429);
`HubRefused` is the office's answer with its Russian reason (4xx) — trying again would not change it.
"""

import json
import ssl
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

API = "/api/federation/v1/"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class HubUnreachable(Exception):
    """The office did not answer (network, timeout, server error): try again later."""


class HubRefused(Exception):
    """The office answered no; the message is its reason, in Russian."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def hub_base_url(address: str) -> str:
    """The office's address as entered, checked: https (or http to localhost / when allowed), no query."""
    address = (address or "").strip()
    parts = urlsplit(address)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError(_("Enter the office's address starting with https://, e.g. https://uo.example.ru"))
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS and not settings.FEDERATION_ALLOW_HTTP:
        raise ValidationError(_("The office's address must start with https:// (the exchange is encrypted)."))
    if parts.query or parts.fragment or parts.username:
        raise ValidationError(_("Enter only the office's address, without parameters."))
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    return str(reason)[:200] or exc.__class__.__name__


def call(base: str, path: str, *, payload: bytes | None = None, token: str = "", accept_json: bool = True):
    """One request to the office: POST when `payload` is given, else GET. Returns the parsed JSON (or the bytes)."""
    url = hub_base_url(base) + API + path  # http(s) only, checked
    request = urllib.request.Request(url, data=payload, method="POST" if payload else "GET")  # noqa: S310
    if payload is not None:
        request.add_header("Content-Type", "application/json; charset=utf-8")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    context = ssl.create_default_context()  # verifies the certificate and the host name
    try:
        with urllib.request.urlopen(  # noqa: S310 — the scheme is checked by hub_base_url
            request, timeout=settings.FEDERATION_TIMEOUT_SECONDS, context=context
        ) as answer:
            body = answer.read(settings.FEDERATION_MAX_PACKAGE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        if exc.code >= 500 or exc.code in (408, 429):
            raise HubUnreachable(_("the office's server answered with an error %(code)s") % {"code": exc.code}) from exc
        try:
            message = json.loads(exc.read(100_000).decode("utf-8")).get("error", "")
        except (ValueError, UnicodeDecodeError, AttributeError, OSError):
            message = ""
        raise HubRefused(message or _("the office refused the request (code %(code)s)") % {"code": exc.code},
                         exc.code) from exc  # fmt: skip
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        if isinstance(getattr(exc, "reason", exc), ssl.SSLError):
            raise HubUnreachable(_("the office's certificate is not valid: %(reason)s") % {
                "reason": _reason(exc)}) from exc  # fmt: skip
        raise HubUnreachable(_("no answer from %(address)s (%(reason)s)") % {
            "address": urlsplit(base).netloc, "reason": _reason(exc)}) from exc  # fmt: skip
    if not accept_json:
        return body
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise HubUnreachable(_("the office's answer is not readable")) from exc
