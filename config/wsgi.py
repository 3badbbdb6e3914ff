import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# gunicorn runs no system checks: refuse to serve when a check that would break every page fails.
from operations.checks import startup_errors  # noqa: E402 — needs the app registry that the line above sets up

if errors := startup_errors():
    raise ImproperlyConfigured("\n".join(f"{e.id}: {e.msg} {e.hint}" for e in errors))
