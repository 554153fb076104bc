"""The queue's sort by name from one index: `Application.applicant_sort_name` and
`applicant_sort_email`, lower() of the applicant's legal name and email, kept by triggers on
PostgreSQL (an application written, a profile's name or a user's email changed), filled here for
the applications there are. SQLite keeps them empty: the queue sorts by the joined names there.
"""

from django.conf import settings
from django.db import migrations, models

FUNCTIONS = """
CREATE OR REPLACE FUNCTION ea_application_sort_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT lower(p.legal_name), lower(u.email)
      INTO NEW.applicant_sort_name, NEW.applicant_sort_email
      FROM {users} u LEFT JOIN applications_profile p ON p.user_id = u.id
     WHERE u.id = NEW.applicant_id;
    NEW.applicant_sort_email := coalesce(NEW.applicant_sort_email, '');
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION ea_profile_sort_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR TG_OP = 'DELETE' OR NEW.user_id <> OLD.user_id
       OR NEW.legal_name IS DISTINCT FROM OLD.legal_name THEN
        UPDATE applications_application SET applicant_sort_name = applicant_sort_name
         WHERE applicant_id IN (
             CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.user_id END,
             CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.user_id END
         );
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION ea_user_sort_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.email IS DISTINCT FROM OLD.email THEN
        UPDATE applications_application SET applicant_sort_email = applicant_sort_email
         WHERE applicant_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
"""

FILL = """
UPDATE applications_application a
   SET applicant_sort_name = lower(p.legal_name), applicant_sort_email = lower(u.email)
  FROM {users} u LEFT JOIN applications_profile p ON p.user_id = u.id
 WHERE u.id = a.applicant_id
"""

TRIGGERS = """
CREATE TRIGGER application_sort_names
    BEFORE INSERT OR UPDATE OF applicant_id, applicant_sort_name, applicant_sort_email
    ON applications_application FOR EACH ROW EXECUTE FUNCTION ea_application_sort_names()

CREATE TRIGGER profile_sort_names
    AFTER INSERT OR DELETE OR UPDATE OF legal_name, user_id
    ON applications_profile FOR EACH ROW EXECUTE FUNCTION ea_profile_sort_names()

CREATE TRIGGER user_sort_email
    AFTER UPDATE OF email ON {users} FOR EACH ROW EXECUTE FUNCTION ea_user_sort_email()
"""

DROP = """
DROP TRIGGER IF EXISTS application_sort_names ON applications_application

DROP TRIGGER IF EXISTS profile_sort_names ON applications_profile

DROP TRIGGER IF EXISTS user_sort_email ON {users}

DROP FUNCTION IF EXISTS ea_application_sort_names(), ea_profile_sort_names(), ea_user_sort_email()
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
        ("applications", "0012_languages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="applicant_sort_name",
            field=models.CharField(blank=True, editable=False, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="application",
            name="applicant_sort_email",
            field=models.CharField(blank=True, editable=False, max_length=254, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(_run(FILL, FUNCTIONS, TRIGGERS), _run(DROP)),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["applicant_sort_name", "applicant_sort_email", "id"], name="application_sort_name"
            ),
        ),
    ]
