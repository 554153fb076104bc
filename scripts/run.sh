#!/usr/bin/env bash
# Installs everything and runs the application on the embedded default
# (SQLite, in-process tasks, local files, email to the console) at http://127.0.0.1:8000
cd "$(dirname "$0")/.."
source scripts/_setup.sh
setup_venv requirements.lock
# The compiled catalogue is not tracked: without it every page is in English.
./scripts/messages.sh compile

.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_guidelines
.venv/bin/python manage.py seed_demo --applications 200 --reset -v0
.venv/bin/python manage.py seed_endorsements
# Credentials before the PDFs, so that each certificate's QR code opens its credential.
.venv/bin/python manage.py issue_credentials
.venv/bin/python manage.py seed_endorsements --render
.venv/bin/python manage.py demo_accounts --with-totp

# The daily jobs (rating reminders, renewal sweep) run in-process here, as beat runs them in
# production: the ones not yet done today now, then every day at DAILY_JOBS_AT (06:00). Their
# output, and the emails they print, go to var/daily-jobs.log.
mkdir -p var
.venv/bin/python manage.py run_daily_jobs --forever >> var/daily-jobs.log 2>&1 &
scheduler=$!
trap 'kill "$scheduler" 2>/dev/null' EXIT
echo
echo "Daily jobs (reminders, renewal sweep): running in the background, log in var/daily-jobs.log"
echo "Open http://127.0.0.1:8000 (stop with Ctrl-C)"
.venv/bin/python manage.py runserver 127.0.0.1:8000
