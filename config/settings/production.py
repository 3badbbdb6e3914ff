"""Production: every secret from the environment; refuses to start half-configured; passes `check --deploy`."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, STORAGES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of at least 50 characters.")

# The container healthcheck and a proxy on the same machine address the app by loopback; such a Host header
# cannot be turned into a link a visitor sees, so it is always allowed.
ALLOWED_HOSTS = [*env.list("ALLOWED_HOSTS", default=[]), "localhost", "127.0.0.1"]

# Keep database connections between requests (checked before reuse).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# A cache shared by every process is required: the public pages are cached and invalidated on publish, and a
# per-process memory cache would keep showing an unpublished item (or a withdrawn person) in the other workers.
# Redis (REDIS_URL) is the normal choice; CACHE_BACKEND=database is the documented fallback without Redis
# (run `manage.py createcachetable` once).
if env("CACHE_BACKEND", default="") == "database":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}}
elif not REDIS_URL:
    raise ImproperlyConfigured(
        "Production needs a shared cache: set REDIS_URL (recommended; it is also the job queue) "
        "or CACHE_BACKEND=database (then run `manage.py createcachetable`)."
    )

# Static files: hashed names and a manifest made by `collectstatic` (scripts/start-production and the Docker image
# run it); the `operations` system check refuses to start when the manifest is missing.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

# HTTPS: one switch. Behind a TLS proxy (the compose `tls` profile, nginx, a hosting panel) set HTTPS=true: it
# turns on the redirect, HSTS and secure cookies. Plain http://localhost works without it.
HTTPS = env.bool("HTTPS", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading binds the whole domain (the school's other sites too) to HTTPS for years: the domain's owner decides.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
X_FRAME_OPTIONS = "DENY"

# demo_school must never flush or seed a real school's database.
DEMO_DATA_ALLOWED = env.bool("ALLOW_DEMO_DATA", default=False)
DEMO_RESET_ALLOWED = False
