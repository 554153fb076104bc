"""Indexes on lower(email) of accounts and their addresses: the work page looks raters' addresses
up in both (applications.services.references.address_matches)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0009_queue_sort_indexes"),
        ("account", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS auth_user_lower_email ON auth_user (lower(email))",
            "DROP INDEX IF EXISTS auth_user_lower_email",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS account_emailaddress_lower_email ON account_emailaddress (lower(email))",
            "DROP INDEX IF EXISTS account_emailaddress_lower_email",
        ),
    ]
