"""The queue's search from one trigram index: `Application.applicant_search`, ea_fold() of the
applicant's email, first and last name, legal and preferred name in one column, kept by
triggers on PostgreSQL as the sort columns of 0013 are (an application written, a profile's
names or a user's email or names changed), filled here for the applications there are. A word
is searched in one folded column of this table instead of five ORed indexes over two tables,
and the queue needs no list of matched people. SQLite keeps it empty: it searches the people.
"""

from django.conf import settings
from django.db import migrations, models

# Words are split on white space, so the space between the names never lets one word match
# across two of them.
SEARCH_TEXT = "ea_fold(concat_ws(' ', u.email, u.first_name, u.last_name, p.legal_name, p.preferred_name))"

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION ea_application_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT {SEARCH_TEXT}
      INTO NEW.applicant_search
      FROM {{users}} u LEFT JOIN applications_profile p ON p.user_id = u.id
     WHERE u.id = NEW.applicant_id;
    NEW.applicant_search := coalesce(NEW.applicant_search, '');
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION ea_profile_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR TG_OP = 'DELETE' OR NEW.user_id <> OLD.user_id
       OR NEW.legal_name IS DISTINCT FROM OLD.legal_name
       OR NEW.preferred_name IS DISTINCT FROM OLD.preferred_name THEN
        UPDATE applications_application SET applicant_search = applicant_search
         WHERE applicant_id IN (
             CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.user_id END,
             CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.user_id END
         );
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION ea_user_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.email IS DISTINCT FROM OLD.email OR NEW.first_name IS DISTINCT FROM OLD.first_name
       OR NEW.last_name IS DISTINCT FROM OLD.last_name THEN
        UPDATE applications_application SET applicant_search = applicant_search
         WHERE applicant_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
"""

FILL = f"""
UPDATE applications_application a
   SET applicant_search = {SEARCH_TEXT}
  FROM {{users}} u LEFT JOIN applications_profile p ON p.user_id = u.id
 WHERE u.id = a.applicant_id
"""

TRIGGERS = """
CREATE TRIGGER application_search_text
    BEFORE INSERT OR UPDATE OF applicant_id, applicant_search
    ON applications_application FOR EACH ROW EXECUTE FUNCTION ea_application_search_text()

CREATE TRIGGER profile_search_text
    AFTER INSERT OR DELETE OR UPDATE OF legal_name, preferred_name, user_id
    ON applications_profile FOR EACH ROW EXECUTE FUNCTION ea_profile_search_text()

CREATE TRIGGER user_search_text
    AFTER UPDATE OF email, first_name, last_name ON {users}
    FOR EACH ROW EXECUTE FUNCTION ea_user_search_text()

CREATE INDEX IF NOT EXISTS application_search_trgm
    ON applications_application USING gin (applicant_search gin_trgm_ops)
"""

DROP = """
DROP INDEX IF EXISTS application_search_trgm

DROP TRIGGER IF EXISTS application_search_text ON applications_application

DROP TRIGGER IF EXISTS profile_search_text ON applications_profile

DROP TRIGGER IF EXISTS user_search_text ON {users}

DROP FUNCTION IF EXISTS ea_application_search_text(), ea_profile_search_text(), ea_user_search_text()
"""


def _run(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        users = schema_editor.quote_name(apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table)
        for text in statements:
            # One statement at a time: a blank line ends each.
            for statement in text.strip().split("\n\n"):
                schema_editor.execute(statement.format(users=users))

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0013_application_sort_name"),
        ("endorsement", "0004_search_folding"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="applicant_search",
            field=models.TextField(blank=True, default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(_run(FILL, FUNCTIONS, TRIGGERS), _run(DROP)),
    ]
