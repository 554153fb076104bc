# The production image: gunicorn serves the web app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
RUN DEBUG=false SECRET_KEY=build-only CREDENTIAL_KEY_SECRET=build-only ALLOWED_HOSTS=build python manage.py collectstatic --no-input \
 && useradd --system --home /app endorsement && chown -R endorsement /app/var
USER endorsement

EXPOSE 8000
CMD ["gunicorn", "endorsement.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
