#!/bin/sh
# How each production service starts; docker-compose.yml runs `scripts/serve.sh web|worker|beat`
# and CI starts the same lines by hand (tests/test_production_services.py).
#   web     applies migrations, loads new guideline editions, then serves with gunicorn
#   worker  the Celery worker (emails, certificates, the daily jobs beat sends)
#   beat    Celery beat: sends the daily jobs at DAILY_JOBS_AT, local time; its schedule file
#           lives in a volume so a restart neither repeats nor forgets a day
set -eu
cd "$(dirname "$0")/.."
# The image compiles the Spanish catalogue when it is built; a checkout run by hand compiles it
# here when it is missing or older than its .po (the .mo is not tracked).
if [ ! locale/es/LC_MESSAGES/django.mo -nt locale/es/LC_MESSAGES/django.po ]; then
  PY=${PY:-python} scripts/messages.sh compile
fi
case "${1:-}" in
  web)
    python manage.py migrate --no-input
    python manage.py load_guidelines
    exec gunicorn endorsement.wsgi:application \
      --bind "${BIND_ADDRESS:-0.0.0.0:8000}" \
      --workers "${WEB_CONCURRENCY:-3}" \
      --timeout "${WEB_TIMEOUT:-60}" \
      --no-control-socket \
      --access-logfile -
    ;;
  worker)
    exec celery -A endorsement worker \
      --loglevel "${LOG_LEVEL:-INFO}" \
      --concurrency "${WORKER_CONCURRENCY:-2}" \
      --without-gossip --without-mingle
    ;;
  beat)
    exec celery -A endorsement beat \
      --loglevel "${LOG_LEVEL:-INFO}" \
      --schedule "${BEAT_SCHEDULE_FILE:-var/beat/celerybeat-schedule}"
    ;;
  *)
    echo "usage: scripts/serve.sh web|worker|beat" >&2
    exit 2
    ;;
esac
