"""System checks that stop a half-configured production before it serves a page.

`manage.py check` runs them, and so does `config/wsgi.py` at start-up: gunicorn does not run system checks, and a
missing static manifest would otherwise answer 500 on every page.
"""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core import checks

from reports.fonts import FONT_FILES, FONT_LICENCE

TAG = "operations"
MANIFEST_BACKENDS = ("ManifestStaticFilesStorage", "CompressedManifestStaticFilesStorage")


@checks.register(TAG)
def static_manifest_present(app_configs=None, **kwargs):
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if not backend.endswith(MANIFEST_BACKENDS):
        return []
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        return []
    return [
        checks.Error(
            f"The static files manifest {manifest} is missing, so every page would answer 500.",
            hint="Run `DJANGO_SETTINGS_MODULE=config.settings.production python manage.py collectstatic --noinput` "
            "(scripts/start-production and the Docker image do it).",
            id="operations.E001",
        )
    ]


@checks.register(TAG)
def shared_cache(app_configs=None, **kwargs):
    if settings.DEBUG or not settings.STORAGES["staticfiles"]["BACKEND"].endswith(MANIFEST_BACKENDS):
        return []  # development and tests may keep a per-process cache
    if "locmem" in settings.CACHES["default"]["BACKEND"].lower():
        return [
            checks.Error(
                "Production uses a per-process memory cache: other workers would keep showing unpublished pages.",
                hint="Set REDIS_URL, or CACHE_BACKEND=database and run `manage.py createcachetable`.",
                id="operations.E002",
            )
        ]
    return []


def _fontconfig_families() -> str | None:
    if not shutil.which("fc-list"):
        return None
    try:
        return subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None


@checks.register(TAG)
def system_font_present(app_configs=None, **kwargs):
    """Pango crashes WeasyPrint (segmentation fault) on a machine with no font at all, even with @font-face."""
    families = _fontconfig_families()
    if families is None or families.strip():
        return []
    return [
        checks.Warning(
            "No system font is installed: WeasyPrint (Pango) crashes while rendering documents.",
            hint="Install one system font, e.g. `apt-get install fonts-dejavu-core`.",
            id="operations.W001",
        )
    ]


@checks.register(TAG)
def document_fonts_present(app_configs=None, **kwargs):
    """Documents are printed in the fonts shipped with the project; without them the page count changes."""
    missing = [str(path) for path in [*FONT_FILES.values(), FONT_LICENCE] if not Path(path).exists()]
    if not missing:
        return []
    return [
        checks.Warning(
            "Document fonts are missing: " + ", ".join(missing),
            hint="Restore them from the repository; orders would be frozen in another font with other line breaks.",
            id="operations.W002",
        )
    ]


def startup_errors() -> list[checks.CheckMessage]:
    """The checks whose failure must keep the web server from starting."""
    return [m for m in checks.run_checks(tags=[TAG]) if m.level >= checks.ERROR and not m.is_silenced()]
