"""Search that folds case and accents: 'lopez' and 'MARIA' find 'María Elena López'.

`Folded(expression)` is the SQL function ``ea_fold``: on PostgreSQL ``lower(unaccent(…))``,
created IMMUTABLE by a migration (endorsement 0004) so that trigram GIN indexes can be built on
it and serve ``LIKE '%word%'``; on SQLite the same name is registered on every connection with
`fold()` below. `contains_folded(field, word)` is the lookup both databases answer alike (the ``folded``
transform, registered on text fields when the project starts).
"""

import unicodedata

from django.db.models import CharField, Func, Q, TextField, Transform, Value

FOLD_FUNCTION = "ea_fold"


def fold(text):
    """Lower case without accents: what ``ea_fold`` returns in SQL."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


class Folded(Func):
    function = FOLD_FUNCTION
    output_field = TextField()


class FoldedTransform(Transform):
    """``name__folded__contains=…`` on any text column."""

    lookup_name = "folded"
    function = FOLD_FUNCTION
    output_field = TextField()


def register_lookups():
    CharField.register_lookup(FoldedTransform)
    TextField.register_lookup(FoldedTransform)


def contains_folded(field, word):
    """`field` contains `word`, case and accents aside; the word's own LIKE wildcards are escaped."""
    return Q(**{f"{field}__folded__contains": Folded(Value(word))})


def register_sqlite_fold(sender, connection, **kwargs):
    """Give each SQLite connection the ``ea_fold`` function (PostgreSQL has it from a migration)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


def trigram_indexes(*columns):
    """Migration operation: a trigram GIN index on ``ea_fold(column)`` for each (model label,
    column) pair, on PostgreSQL only (SQLite searches its small tables without one)."""
    from django.db import migrations

    def names(apps, label, column):
        table = apps.get_model(label)._meta.db_table
        return table, f"{table}_{column}_fold_trgm"[:63]

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for label, column in columns:
            table, index = names(apps, label, column)
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(index)} ON {quote(table)} "
                f"USING gin ({FOLD_FUNCTION}({quote(column)}) gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for label, column in columns:
            schema_editor.execute(
                f"DROP INDEX IF EXISTS {schema_editor.quote_name(names(apps, label, column)[1])}"
            )

    return migrations.RunPython(create, drop)
