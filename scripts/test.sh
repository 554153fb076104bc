#!/usr/bin/env bash
# Installs everything and runs the tests (browser tests included) against the local
# PostgreSQL when it answers on 127.0.0.1:5432, otherwise against SQLite.
# Extra arguments go to pytest, e.g. scripts/test.sh -m "not browser" tests/competencies
# The tests run on every core (pytest-xdist, `-n auto`) unless the arguments say how many
# (`-n 2`; `-n 0`, `-p no:xdist` or `--pdb` run them in this one process).
cd "$(dirname "$0")/.."
source scripts/_setup.sh
setup_venv requirements-dev.lock
if command -v dpkg >/dev/null; then
  # Chromium for the browser tests; docker-compose (config checks only, no daemon), caddy and the
  # PostgreSQL client for the production-shape, backup and restore tests.
  install_system_packages chromium docker-compose caddy postgresql-client
fi

if [ -z "${DATABASE_URL:-}" ]; then
  if .venv/bin/python -c "import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=3).close()" 2>/dev/null; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/endorsement"
  else
    echo "PostgreSQL is not answering on 127.0.0.1:5432: running the tests on SQLite."
  fi
fi
# The Spanish pages the tests read need the compiled catalogue (also built by tests/conftest.py).
./scripts/messages.sh compile
parallel=(-n auto)
previous=
for arg in "$@"; do
  case "$arg" in
    -n | -n?* | --numprocesses | --numprocesses=* | -pno:xdist | --pdb | --trace) parallel=() ;;
    no:xdist) [ "$previous" = -p ] && parallel=() ;;
  esac
  previous=$arg
done
exec .venv/bin/python -m pytest "${parallel[@]}" "$@"
