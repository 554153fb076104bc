"""The directory's name search from a stored column: `Endorsement.holder_search`, ea_fold() of
the holder's name, kept by a trigger on PostgreSQL as the queue's search text is (applications
0014) and filled here for the endorsements there are. The trigram index of 0003 found the rows
but each match was folded again to check it (unaccent on every candidate, most of a search's
SQL); the stored column is compared as it is. SQLite keeps it empty: it folds the name.
"""

from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION ea_endorsement_holder_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.holder_search := coalesce(ea_fold(NEW.holder_name), '');
    RETURN NEW;
END $$
"""

FILL = "UPDATE renewals_endorsement SET holder_search = coalesce(ea_fold(holder_name), '')"

TRIGGER = """
CREATE TRIGGER endorsement_holder_search
    BEFORE INSERT OR UPDATE OF holder_name, holder_search
    ON renewals_endorsement FOR EACH ROW EXECUTE FUNCTION ea_endorsement_holder_search()
"""

INDEX = """
CREATE INDEX IF NOT EXISTS endorsement_holder_search_trgm
    ON renewals_endorsement USING gin (holder_search gin_trgm_ops)
"""

# 0003's index on ea_fold(holder_name): nothing searches that expression any more.
FOLDED_NAME_INDEX = "renewals_endorsement_holder_name_fold_trgm"
DROP_FOLDED_NAME_INDEX = f"DROP INDEX IF EXISTS {FOLDED_NAME_INDEX}"
FOLDED_NAME_INDEX_AGAIN = (
    f"CREATE INDEX IF NOT EXISTS {FOLDED_NAME_INDEX} ON renewals_endorsement "
    "USING gin (ea_fold(holder_name) gin_trgm_ops)"
)

DROP = (
    "DROP INDEX IF EXISTS endorsement_holder_search_trgm",
    "DROP TRIGGER IF EXISTS endorsement_holder_search ON renewals_endorsement",
    "DROP FUNCTION IF EXISTS ea_endorsement_holder_search()",
)


def _run(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("renewals", "0004_directory_order_index"),
        ("endorsement", "0004_search_folding"),
    ]

    operations = [
        migrations.AddField(
            model_name="endorsement",
            name="holder_search",
            field=models.TextField(blank=True, default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(
            _run(FILL, FUNCTION, TRIGGER, INDEX, DROP_FOLDED_NAME_INDEX),
            _run(*DROP, FOLDED_NAME_INDEX_AGAIN),
        ),
    ]
