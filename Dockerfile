# One image for web, worker, beat, migrate and backup (scripts/start-production is the entrypoint).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production STATIC_READY=1

# Pango/HarfBuzz for WeasyPrint; one system font (Pango crashes with none, even though the documents' own fonts
# ship with the project); libpq and the PostgreSQL 15 client for `manage.py backup`/`restore`; gettext for msgfmt.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
      libpq5 postgresql-client gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first, so a code change does not reinstall them (pyproject lists no packages of its own).
COPY pyproject.toml ./
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir .

COPY . .
# Build-time only values: collectstatic needs settings, not a database or a cache server.
RUN SECRET_KEY=build-only-secret-key-build-only-secret-key-build-only CACHE_BACKEND=database \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 sh -c \
    "python manage.py compile_catalogue && python manage.py collectstatic --noinput" \
 && rm -f /tmp/build.sqlite3

RUN useradd --create-home --uid 1000 app && mkdir -p /app/var/media /app/var/backups && chown -R app /app/var
USER app

EXPOSE 8000
ENTRYPOINT ["scripts/start-production"]
CMD ["web"]
