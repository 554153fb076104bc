"""The directory's order served by an index over the listed endorsements."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("renewals", "0003_directory_search_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="endorsement",
            index=models.Index(
                django.db.models.functions.text.Lower("holder_name"),
                models.F("number"),
                condition=models.Q(("listed_in_directory", True)),
                name="endorsement_directory",
            ),
        ),
    ]
