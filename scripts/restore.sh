#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into the database and storage the environment
# names (DATABASE_URL, AWS_* or MEDIA_ROOT), after checking every checksum, then checks that
# every table has the backup's row count.
#   scripts/restore.sh BACKUP_FOLDER [--yes]
# Stop web, worker and beat first: the restore replaces the database's contents.
set -euo pipefail
cd "$(dirname "$0")/.."
python=python
[ -x .venv/bin/python ] && python=.venv/bin/python

backup="${1:?usage: scripts/restore.sh BACKUP_FOLDER [--yes]}"
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) ;;
  *) echo "restore.sh: DATABASE_URL must name the PostgreSQL database (postgres://...)." >&2; exit 2 ;;
esac

"$python" manage.py backup_data verify "$backup"
if [ "${2:-}" != "--yes" ]; then
  read -r -p "Replace the database and the files this environment names with $backup? Type yes: " answer
  [ "$answer" = "yes" ] || { echo "Nothing restored."; exit 1; }
fi
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname "$DATABASE_URL" "$backup/database.dump"
"$python" manage.py backup_data restore "$backup"
"$python" manage.py backup_data check-rows "$backup"
echo "Restore complete from $backup"
