# The production image: gunicorn serves the web app; the same image runs the Celery worker and beat
# (scripts/serve.sh web|worker|beat, as docker-compose.yml does).
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# Pango and HarfBuzz's font subsetting for WeasyPrint (the same PDF bytes on every render);
# DejaVu with its italic and bold faces for the certificates; the PostgreSQL client (15, as the
# postgres service) for scripts/backup.sh and scripts/restore.sh; gettext's msgfmt compiles the
# Spanish catalogue.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-dejavu-core fonts-dejavu-extra postgresql-client gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
RUN export DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=build SITE_URL=https://build.invalid \
 && python manage.py collectstatic --no-input \
 && PY=python scripts/messages.sh compile \
 && mkdir -p /app/var/beat /app/var/media \
 && useradd --system --home /app endorsement && chown -R endorsement /app/var
USER endorsement

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=15s --start-period=120s --retries=3 \
  CMD ["python", "-m", "endorsement.healthcheck"]
CMD ["scripts/serve.sh", "web"]
