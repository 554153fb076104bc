#!/usr/bin/env bash
# Backs up everything the association holds: the PostgreSQL database (pg_dump, custom format)
# and every stored file (the S3 bucket, or the media folder), with a manifest of SHA-256
# checksums and every table's row count.
#   scripts/backup.sh [FOLDER]    writes FOLDER/<UTC time>/ (default FOLDER: backups)
# Reads the same environment as the application (DATABASE_URL, AWS_* or MEDIA_ROOT).
# With docker compose: docs/operations.md, "Backups".
set -euo pipefail
cd "$(dirname "$0")/.."
python=python
[ -x .venv/bin/python ] && python=.venv/bin/python

case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must name the PostgreSQL database (postgres://...)." >&2; exit 2 ;;
esac

target="${1:-backups}/$(date -u +%Y%m%dT%H%M%SZ)"
if [ -e "$target" ]; then
  echo "backup.sh: $target exists already." >&2
  exit 1
fi
mkdir -p "$target"
# Not world-readable: the dump holds every applicant's personal data.
chmod 700 "$target"
"$python" manage.py backup_data save "$target"
"$python" manage.py backup_data verify "$target"
echo "Backup complete: $target"
