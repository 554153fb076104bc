"""The ``ea_fold`` SQL function behind accent- and case-free search (endorsement.search).

On PostgreSQL: the unaccent and pg_trgm extensions, and ``ea_fold(text)`` as an IMMUTABLE
``lower(unaccent(…))`` so that trigram GIN indexes can be built on it. SQLite registers the
same function on each connection instead, so there is nothing to create there.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # unaccent() itself is only STABLE (it reads a dictionary by name); naming the dictionary
    # makes the wrapper safe to declare IMMUTABLE and so usable in an index.
    """
    CREATE OR REPLACE FUNCTION ea_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$
    """,
]
DROP = ["DROP FUNCTION IF EXISTS ea_fold(text)"]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("endorsement", "0003_encrypt_totp_secrets")]

    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
