"""Trigram indexes for the queue's search of applicants' names and emails (PostgreSQL only)."""

from django.conf import settings
from django.db import migrations

from endorsement.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_exam_sitting_void"),
        ("endorsement", "0004_search_folding"),
        ("applications", "0007_snapshot_keys_certificateprogram"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        trigram_indexes(
            (settings.AUTH_USER_MODEL, "email"),
            (settings.AUTH_USER_MODEL, "first_name"),
            (settings.AUTH_USER_MODEL, "last_name"),
            ("applications.Profile", "legal_name"),
            ("applications.Profile", "preferred_name"),
        )
    ]
