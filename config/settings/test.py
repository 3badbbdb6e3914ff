"""Tests: the database and Redis come from the environment (.ci/run sets PostgreSQL and Redis)."""

from .base import *  # noqa: F403
from .base import STATIC_ROOT, env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Throttling is exercised by its own test, which switches it back on.
AXES_ENABLED = env.bool("AXES_ENABLED", default=False)
# Unit tests run tasks in-process; the Celery integration tests start a real worker on REDIS_URL.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # False in the fault tests' worker
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},  # S3 is tested by overriding this
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing directory otherwise
