"""Project-level pages: the error handlers the root URLconf names, and /favicon.ico. 400 and 500 are Django's own
views with our templates; 500.html needs no context at all, so it renders with the database down.
"""

import logging

from django.db import DatabaseError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import RedirectView

logger = logging.getLogger(__name__)


@requires_csrf_token
def permission_denied(request, exception=None):
    """«Insufficient rights» with whom to ask (the curators; the directors when there is none)."""
    contacts = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from mentoring.selectors_accounts import whom_to_ask

        try:
            contacts = whom_to_ask()
        except DatabaseError:
            logger.warning("403 page without contacts: the database is unreachable")
    return render(request, "403.html", {"contacts": contacts}, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    """The public section (§8) has its own 404 in its own layout; everything else the office's."""
    template = "public/404.html" if request.path.startswith(reverse("public:home")) else "404.html"
    return render(request, template, status=404)


@requires_csrf_token
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", {"no_cookie": reason == REASON_NO_CSRF_COOKIE}, status=403)


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page says; the file lives with the static files."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")
