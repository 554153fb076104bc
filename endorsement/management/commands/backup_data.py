"""The Python half of scripts/backup.sh and scripts/restore.sh: files, manifest and checks.

save DIR        dump the database to DIR/database.dump (pg_dump), copy every stored file
                (bucket or media folder) to DIR/files/ and write DIR/manifest.json: the
                dump's and every file's SHA-256 and every table's row count. The dump and
                the counts read the same snapshot, so they agree on a live site too.
verify DIR      check every checksum in DIR/manifest.json against DIR's files
restore DIR     put DIR/files/ back into the storage (replacing files of the same name)
check-rows DIR  compare every table's row count with the manifest's
"""

import datetime
import hashlib
import json
import os
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

MANIFEST = "manifest.json"
DUMP = "database.dump"
FORMAT = 1


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stored_names(storage, folder=""):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from stored_names(storage, f"{folder}/{directory}" if folder else directory)


def row_counts():
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


class Command(BaseCommand):
    help = "Files, manifest and checks of a backup (used by scripts/backup.sh and scripts/restore.sh)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["save", "verify", "restore", "check-rows"])
        parser.add_argument("directory")

    def handle(self, *args, action, directory, **options):
        folder = Path(directory)
        getattr(self, action.replace("-", "_"))(folder)

    def dump_database(self, dump):
        """pg_dump into `dump`, reading the snapshot this transaction sees; returns the row counts."""
        url = os.environ.get("DATABASE_URL", "")
        if connection.vendor != "postgresql" or not url:
            raise CommandError("Backups need PostgreSQL, named by DATABASE_URL.")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
            command += [f"--snapshot={snapshot}", f"--file={dump}", url]
            done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 - fixed program
            if done.returncode:
                raise CommandError(f"pg_dump failed: {done.stderr.strip()}")
            return row_counts()

    def save(self, folder):
        folder.mkdir(parents=True, exist_ok=True)
        dump = folder / DUMP
        tables = self.dump_database(dump)
        files = []
        for name in sorted(stored_names(default_storage)):
            target = folder / "files" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
                for chunk in iter(lambda: source.read(1024 * 1024), b""):
                    copy.write(chunk)
            files.append({"name": name, "size": target.stat().st_size, "sha256": sha256(target)})
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "site_url": settings.SITE_URL,
            "storage": "bucket " + settings.AWS_STORAGE_BUCKET_NAME
            if settings.AWS_STORAGE_BUCKET_NAME
            else "folder",
            "database": {"file": DUMP, "sha256": sha256(dump), "tables": tables},
            "files": files,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        rows = sum(manifest["database"]["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['database']['tables'])} tables ({rows} rows) and {len(files)} files "
            f"to {folder}"
        )

    def manifest(self, folder):
        path = folder / MANIFEST
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{path} cannot be read: {error}") from None
        if manifest.get("format") != FORMAT:
            raise CommandError(f"{path} is not a backup manifest this version can read.")
        return manifest

    def verify(self, folder):
        manifest = self.manifest(folder)
        wrong = []
        entries = [(DUMP, manifest["database"]["sha256"])]
        entries += [(f"files/{entry['name']}", entry["sha256"]) for entry in manifest["files"]]
        for relative, expected in entries:
            path = folder / relative
            if not path.is_file():
                wrong.append(f"{relative} is missing")
            elif sha256(path) != expected:
                wrong.append(f"{relative} does not match its checksum")
        if wrong:
            raise CommandError("The backup is damaged: " + "; ".join(wrong))
        self.stdout.write(f"Checksums match: the database dump and {len(manifest['files'])} files.")

    def restore(self, folder):
        manifest = self.manifest(folder)
        for entry in manifest["files"]:
            name = entry["name"]
            if default_storage.exists(name):
                default_storage.delete(name)
            with open(folder / "files" / name, "rb") as handle:
                saved = default_storage.save(name, File(handle))
            if saved != name:
                raise CommandError(f"The storage renamed {name} to {saved}; restore into an empty storage.")
        self.stdout.write(f"Restored {len(manifest['files'])} files.")

    def check_rows(self, folder):
        expected = self.manifest(folder)["database"]["tables"]
        found = row_counts()
        differ = [
            f"{table}: {expected.get(table)} in the backup, {found.get(table)} now"
            for table in sorted(set(expected) | set(found))
            if expected.get(table) != found.get(table)
        ]
        if differ:
            raise CommandError("The restored database differs from the backup: " + "; ".join(differ))
        self.stdout.write(f"Row counts match the backup in all {len(expected)} tables.")
