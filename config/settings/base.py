"""Settings shared by every environment; every secret and address comes from the environment."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "axes",
    "csp",
    "bootstrap",
    "mentoring",
    "programmes",
    "roadmap",
    "reports",
    "federation",  # schools and their municipal office; reads the apps above, nothing imports it
    "health_check",
    "operations",
    "pgtrigger",
    "pghistory",
    "audit",  # last: its receivers run after the other apps' (the history is scrubbed after the live data)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last: it inspects the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentoring.context_processors.roles",
                "mentoring.context_processors.kind",
                "federation.context_processors.installation",
            ],
        },
    },
]

# Demo default: an SQLite file under var/, so the demo needs no server at all.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'demo.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "mentoring.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "mentoring.auth_backends.EmailOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures lock the username+address pair for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian"))]
TIME_ZONE = env("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Media (scans, frozen orders, generated documents, images): the local disk, or an S3-compatible bucket so that web
# and workers can run on separate machines. Files are never public: role-checked views stream them.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "filesystem":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'filesystem' or 's3', not {MEDIA_STORAGE!r}.")
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# demo_school may build the demo school here (production.py says no unless ALLOW_DEMO_DATA=true).
DEMO_DATA_ALLOWED = True
DEMO_RESET_ALLOWED = True
# `manage.py backup`: where the archives go and how many are kept.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="nastavnichestvo@school.example")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: with REDIS_URL a real broker; without it every task runs eagerly in-process (the demo).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    # Short socket timeouts: an unreachable cache costs a request a moment, never a hang (it is never required).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CELERY_BROKER_URL = "memory://localhost/"  # never used: tasks run eagerly
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}
# Staff pages cached per visitor and per PostgreSQL snapshot (mentoring.page_cache): the snapshot decides freshness;
# this is the backstop for what moves with the clock within a day. 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Every document job ends (reports.services.jobs): a running job beats every DOCUMENTS_HEARTBEAT_SECONDS; the sweeper
# (every DOCUMENTS_SWEEP_SECONDS) re-queues a job silent for DOCUMENTS_STALE_SECONDS or queued for
# DOCUMENTS_QUEUED_LIMIT_SECONDS, at most DOCUMENTS_MAX_REQUEUES times, then marks it failed with a reason.
DOCUMENTS_HEARTBEAT_SECONDS = env.float("DOCUMENTS_HEARTBEAT_SECONDS", default=10)
DOCUMENTS_STALE_SECONDS = env.float("DOCUMENTS_STALE_SECONDS", default=45)
DOCUMENTS_QUEUED_LIMIT_SECONDS = env.float("DOCUMENTS_QUEUED_LIMIT_SECONDS", default=300)
DOCUMENTS_SWEEP_SECONDS = env.float("DOCUMENTS_SWEEP_SECONDS", default=30)
DOCUMENTS_MAX_REQUEUES = env.int("DOCUMENTS_MAX_REQUEUES", default=2)
# A delivery that finds its job already started this many times fails it (a document that crashes the worker).
DOCUMENTS_MAX_ATTEMPTS = env.int("DOCUMENTS_MAX_ATTEMPTS", default=4)
# The longest job: the biggest documents take ≈ 45 s; a render is stopped after this many seconds.
DOCUMENTS_TIME_LIMIT = env.int("DOCUMENTS_TIME_LIMIT", default=300)
# A database error during a render: the task retries after 5, 10, 20 s (this base × 2^n); marking a job failed
# retries on a fresh connection after these pauses. Only the fault tests shorten them.
DOCUMENTS_RETRY_COUNTDOWN = env.float("DOCUMENTS_RETRY_COUNTDOWN", default=5)
DOCUMENTS_FAIL_RETRY_DELAYS = env.list("DOCUMENTS_FAIL_RETRY_DELAYS", cast=float, default=[0, 1, 2, 4, 8, 15])
CELERY_BEAT_SCHEDULE["reports-sweep-stuck-documents"] = {
    "task": "reports.tasks.sweep_stuck_documents",
    "schedule": DOCUMENTS_SWEEP_SECONDS,
    "options": {"expires": DOCUMENTS_SWEEP_SECONDS},  # sweeps queued while no worker ran are dropped, not replayed
}
# Redis gives an unacknowledged message (its worker died) back after `visibility_timeout` seconds (acks_late): just
# longer than the longest job (a shorter one would hand a running job to a second worker), and longer than any retry
# countdown. The sweeper above recovers a killed job sooner. A worker sweeps for such messages every
# interval × throttle seconds (kombu's defaults: 10 × 10). A broker that is down fails a request in seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=DOCUMENTS_TIME_LIMIT + 60),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
    "socket_connect_timeout": 3,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}

# The document engine (reports): seconds to wait between the parts of a job — only the worker-loss tests set it.
DOCUMENTS_PART_DELAY = env.float("DOCUMENTS_PART_DELAY", default=0)
# A bulk job of a chunked kind (the consent forms) with more parts than this is split into chunk tasks, rendered by
# as many worker processes as are free and merged in order (reports.services.chunks).
DOCUMENTS_CHUNK_SIZE = env.int("DOCUMENTS_CHUNK_SIZE", default=20)
# Links in emails (order submitted, approved, returned) point here.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Roadmap reminders: one digest per responsible user per day (idempotent, so a double run is harmless).
CELERY_BEAT_SCHEDULE["roadmap-reminders"] = {
    "task": "roadmap.tasks.send_roadmap_reminders",
    "schedule": crontab(hour=7, minute=30),
}
# Programmes: interim and satisfaction forms fall due; groups silent for MENTORING_INACTIVITY_WEEKS are reminded
# once per silent period (a unique constraint makes a repeated run send nothing).
CELERY_BEAT_SCHEDULE["programmes-feedback-due"] = {
    "task": "programmes.tasks.sync_feedback_requests",
    "schedule": crontab(hour=6, minute=45),
}
CELERY_BEAT_SCHEDULE["programmes-inactivity-reminders"] = {
    "task": "programmes.tasks.remind_inactive_groups",
    "schedule": crontab(hour=7, minute=40),
}

# Uploaded import files wait for the curator's confirmation at most this long, then a nightly job deletes them.
IMPORT_UPLOAD_TTL_HOURS = env.int("IMPORT_UPLOAD_TTL_HOURS", default=24)
# An import job whose heartbeat stopped this long ago is queued again (at most 3 attempts) or failed.
IMPORT_JOB_STALE_MINUTES = env.int("IMPORT_JOB_STALE_MINUTES", default=10)
CELERY_BEAT_SCHEDULE["mentoring-sweep-import-jobs"] = {
    "task": "mentoring.tasks.sweep_import_jobs",
    "schedule": crontab(minute="*/5"),
}
CELERY_BEAT_SCHEDULE["mentoring-sweep-import-uploads"] = {
    "task": "mentoring.tasks.sweep_stale_import_uploads",
    "schedule": crontab(hour=3, minute=15),
}

# The audit trail: how long the change history and the access log are kept (a nightly job deletes older rows),
# and whether a proxy in front sets X-Forwarded-For (then the log records the visitor's address, not the proxy's).
AUDIT_CHANGES_RETENTION_DAYS = env.int("AUDIT_CHANGES_RETENTION_DAYS", default=5 * 365)
AUDIT_READS_RETENTION_DAYS = env.int("AUDIT_READS_RETENTION_DAYS", default=365)
AUDIT_BEHIND_PROXY = env.bool("AUDIT_BEHIND_PROXY", default=False)
# The history triggers are installed by `migrate` when it ends (post_migrate), not by each app's migrations:
# the tracked apps stay free of the audit app, and the triggers always match the event tables.
PGTRIGGER_MIGRATIONS = False
# Statement-level triggers write a bulk import's history in one INSERT … SELECT over the transition table.
import pgtrigger  # noqa: E402 — the level is a pgtrigger object

PGHISTORY_LEVEL = pgtrigger.Statement
PGTRIGGER_INSTALL_ON_MIGRATE = True
CELERY_BEAT_SCHEDULE["audit-retention"] = {
    "task": "audit.tasks.purge_old_trail",
    "schedule": crontab(hour=3, minute=40),
}

# Content-Security-Policy: only our own origin; no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"

# Programme defaults (Regulation §7): how long a group may stay silent before it is flagged.
MENTORING_INACTIVITY_WEEKS = env.int("MENTORING_INACTIVITY_WEEKS", default=4)

# Pairing score (mentoring/matching.py `score`): points per criterion of Regulation §6.1. Tune here.
MENTORING_MATCH_WEIGHTS = {
    "direction": 3.0,  # per direction of the mentee's request that the mentor covers
    "subject": 2.0,  # same subject taught
    "experience_per_year": 0.1,  # per year of the mentor's service…
    "experience_cap": 2.0,  # …up to this many points
    "qualification": 0.5,  # first or highest qualification category
    "free_place": 0.5,  # times the share of the mentor's places still free (spreads the load)
    "form": 1.5,  # the mentee's preferred form is one the mentor is ready for
    "form_mismatch": -1.0,  # both stated forms and they differ
    "type": 0.5,  # per preferred type in common
    "mode": 0.5,  # same mode, or one of them is "mixed"
    "minimum": 0.5,  # the whole-pool proposal leaves a mentee waiting rather than pair below this
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Accounts (mentoring.services.accounts): how long an e-mailed invitation link and a printed invitation code stay
# valid, and how many wrong codes void a printed invitation.
ACCOUNT_INVITATION_DAYS = env.int("ACCOUNT_INVITATION_DAYS", default=7)
ACCOUNT_INVITATION_CODE_DAYS = env.int("ACCOUNT_INVITATION_CODE_DAYS", default=30)
ACCOUNT_INVITATION_CODE_ATTEMPTS = env.int("ACCOUNT_INVITATION_CODE_ATTEMPTS", default=5)
# Bulk invitation jobs silent this many minutes are re-queued by the sweeper; failed after 5 starts and re-queues.
ACCOUNT_BATCH_STALE_MINUTES = env.int("ACCOUNT_BATCH_STALE_MINUTES", default=10)
CELERY_BEAT_SCHEDULE["mentoring-sweep-invitation-batches"] = {
    "task": "mentoring.tasks.sweep_invitation_batches",
    "schedule": crontab(minute="*/5"),
}
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 3600)
CSRF_FAILURE_VIEW = "config.site_views.csrf_failure"

# The federation (issue 20): schools send their packages to the municipal office. HTTPS with certificate checks; plain
# http only to localhost, or anywhere with FEDERATION_ALLOW_HTTP=true (tests, a closed network).
FEDERATION_ALLOW_HTTP = env.bool("FEDERATION_ALLOW_HTTP", default=False)
FEDERATION_TIMEOUT_SECONDS = env.float("FEDERATION_TIMEOUT_SECONDS", default=30)
FEDERATION_CODE_DAYS = env.int("FEDERATION_CODE_DAYS", default=7)
FEDERATION_MAX_PACKAGE_BYTES = env.int("FEDERATION_MAX_PACKAGE_BYTES", default=10 * 1024 * 1024)
# While the office does not answer, a sending waits these many seconds before each new try, then fails with a reason.
FEDERATION_RETRY_DELAYS = [
    float(s) for s in env.list("FEDERATION_RETRY_DELAYS", default=["60", "300", "900", "3600", "10800"])
]
# The sweeper: a running sending silent this long, or a queued/retrying one overdue this long, is queued again.
FEDERATION_STALE_SECONDS = env.float("FEDERATION_STALE_SECONDS", default=120)
FEDERATION_SWEEP_SECONDS = env.float("FEDERATION_SWEEP_SECONDS", default=60)
# A sending never started for this long (the job service is away) fails with a reason instead of waiting for ever.
FEDERATION_QUEUED_LIMIT_SECONDS = env.float("FEDERATION_QUEUED_LIMIT_SECONDS", default=3600)
CELERY_BEAT_SCHEDULE["federation-nightly-package"] = {
    "task": "federation.tasks.send_nightly_package",
    "schedule": crontab(hour=2, minute=30),
}
CELERY_BEAT_SCHEDULE["federation-sweep-sendings"] = {
    "task": "federation.tasks.sweep_sendings",
    "schedule": FEDERATION_SWEEP_SECONDS,
    "options": {"expires": FEDERATION_SWEEP_SECONDS},
}
