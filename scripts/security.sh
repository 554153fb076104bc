#!/usr/bin/env bash
# The security suite: 500+ generated hostile uploads (against a local fake clamd), 1,000 bad
# rating tokens, the authorization matrix, and the security headers on every page type; prints
# its figures at the end. Uses PostgreSQL on 127.0.0.1:5432 when it answers, otherwise SQLite.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_setup.sh
setup_venv requirements-dev.lock
if [ -z "${DATABASE_URL:-}" ]; then
  if .venv/bin/python -c "import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=3).close()" 2>/dev/null; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/endorsement"
  fi
fi
exec .venv/bin/python -m pytest -p no:cacheprovider -q security tests/test_authorization_matrix.py "$@"
