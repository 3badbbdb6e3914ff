"""The demo and development: DEBUG on, a development secret, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
if not env("SECRET_KEY", default=""):
    # A development-only key; production.py refuses to start without a real one.
    SECRET_KEY = "django-insecure-demo-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
