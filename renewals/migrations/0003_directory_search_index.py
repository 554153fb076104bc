"""A trigram index for the directory's search of holders' names (PostgreSQL only)."""

from django.db import migrations

from endorsement.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("renewals", "0002_endorsement_transfer"),
        ("endorsement", "0004_search_folding"),
    ]

    operations = [trigram_indexes(("renewals.Endorsement", "holder_name"))]
