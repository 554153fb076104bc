"""Submission snapshots name each entry "<model name>:<pk>"; the certificate program entries,
renamed in 0005, are renamed in the snapshots taken before, so a resubmission still compares them."""

from django.db import migrations

OLD, NEW = "certificate:", "certificateprogram:"


def rename_keys(apps, schema_editor):
    SubmissionSnapshot = apps.get_model("applications", "SubmissionSnapshot")
    for snapshot in SubmissionSnapshot.objects.iterator():
        education = snapshot.data.get("sections", {}).get("education")
        if not education or not any(key.startswith(OLD) for key in education):
            continue
        snapshot.data["sections"]["education"] = {
            (NEW + key[len(OLD) :] if key.startswith(OLD) else key): entry for key, entry in education.items()
        }
        snapshot.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_rename_certificate_certificateprogram"),
    ]

    operations = [
        migrations.RunPython(rename_keys, migrations.RunPython.noop),
    ]
