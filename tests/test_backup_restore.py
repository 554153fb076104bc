"""scripts/backup.sh and scripts/restore.sh, for real: a seeded database and its files are backed
up, restored into an empty database and an empty media folder, and compared table by table and
file by file."""

import hashlib
import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command

from applications.models import Document
from renewals.models import Certificate
from tests.parallel import database_name

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

RESTORED_DB = database_name("endorsement_ops_restore")


def database():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("backups are of PostgreSQL databases")
    return db


def url(db, name):
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def admin_connection(db):
    return psycopg.connect(url(db, "postgres"), autocommit=True)


@pytest.fixture
def empty_database():
    db = database()
    with admin_connection(db) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{RESTORED_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{RESTORED_DB}"')
    yield url(db, RESTORED_DB)
    with admin_connection(db) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{RESTORED_DB}" WITH (FORCE)')


def counts(database_url):
    with psycopg.connect(database_url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        count = 'SELECT COUNT(*) FROM "{}"'  # names read from pg_tables, not from a user
        return {table: conn.execute(count.format(table)).fetchone()[0] for table in tables}


def checksums(folder):
    folder = Path(folder)
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def script_env(database_url, media_root):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="endorsement.settings",
        DEBUG="true",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        AWS_STORAGE_BUCKET_NAME="",
    )
    return env


def run(command, env):
    done = subprocess.run(  # noqa: S603 - the project's own scripts
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def seed():
    from tests.applications.factories import make_complete_ifa
    from tests.renewals.endorsee_factories import endorse

    call_command("seed_demo", applications=15, verbosity=0)
    make_complete_ifa()
    endorse(name="Jordan Lee")
    assert Document.objects.exists() and Certificate.objects.filter(rendered_at__isnull=False).exists()


def test_a_backup_restored_into_an_empty_database_has_every_row_and_every_file(
    guidelines, empty_database, tmp_path
):
    seed()
    source_url = url(database(), settings.DATABASES["default"]["NAME"])
    source_media = Path(settings.MEDIA_ROOT)
    before_rows, before_files = counts(source_url), checksums(source_media)
    assert before_files and sum(before_rows.values()) > 1000

    out = run(
        [str(settings.BASE_DIR / "scripts" / "backup.sh"), str(tmp_path / "backups")],
        script_env(source_url, source_media),
    )

    (backup,) = (tmp_path / "backups").iterdir()
    assert f"Backup complete: {backup}" in out
    assert f"and {len(before_files)} files" in out
    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()

    out = run(
        [str(settings.BASE_DIR / "scripts" / "restore.sh"), str(backup), "--yes"],
        script_env(empty_database, restored_media),
    )

    assert f"Row counts match the backup in all {len(before_rows)} tables." in out
    assert counts(empty_database) == before_rows
    assert checksums(restored_media) == before_files


def test_a_damaged_backup_is_refused_before_anything_is_restored(guidelines, empty_database, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    default_storage.save("applications/0/transcript.pdf", ContentFile(b"%PDF-1.4 a transcript"))
    source_url = url(database(), settings.DATABASES["default"]["NAME"])
    run(
        [str(settings.BASE_DIR / "scripts" / "backup.sh"), str(tmp_path / "backups")],
        script_env(source_url, settings.MEDIA_ROOT),
    )
    (backup,) = (tmp_path / "backups").iterdir()
    victim = next((backup / "files").rglob("*.pdf"))
    victim.write_bytes(victim.read_bytes() + b"tampered")

    done = subprocess.run(  # noqa: S603 - the project's own script
        [str(settings.BASE_DIR / "scripts" / "restore.sh"), str(backup), "--yes"],
        cwd=settings.BASE_DIR,
        env=script_env(empty_database, tmp_path / "media"),
        capture_output=True,
        text=True,
    )

    assert done.returncode != 0
    assert f"{victim.relative_to(backup)} does not match its checksum" in done.stderr
    assert counts(empty_database) == {}
