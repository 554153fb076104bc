#!/usr/bin/env bash
# Installs everything and runs the application on the embedded default
# (SQLite, in-process tasks, local files, email to the console) at http://127.0.0.1:8000
cd "$(dirname "$0")/.."
source scripts/_setup.sh
setup_venv requirements.lock

.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_guidelines
.venv/bin/python manage.py seed_demo --applications 200 --reset -v0
.venv/bin/python manage.py seed_endorsements
# Credentials before the PDFs, so that each certificate's QR code opens its credential.
.venv/bin/python manage.py issue_credentials
.venv/bin/python manage.py seed_endorsements --render
.venv/bin/python manage.py demo_accounts --with-totp
echo
echo "Open http://127.0.0.1:8000 (stop with Ctrl-C)"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
