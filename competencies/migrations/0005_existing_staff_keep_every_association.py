"""Staff who were in a role group before memberships existed keep seeing what they saw: they
become members, in that role, of every association on the install."""

from django.db import migrations

GROUP_ROLES = {
    "Endorsement coordinators": "coordinator",
    "Application reviewers": "reviewer",
    "Endorsement advisors": "advisor",
}


def grant_every_association(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Association = apps.get_model("competencies", "Association")
    Membership = apps.get_model("competencies", "Membership")
    associations = list(Association.objects.values_list("pk", flat=True))
    rows = []
    for group in Group.objects.filter(name__in=GROUP_ROLES):
        for user_id in group.user_set.values_list("pk", flat=True):
            rows.extend(
                Membership(user_id=user_id, association_id=pk, role=GROUP_ROLES[group.name])
                for pk in associations
            )
    Membership.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("competencies", "0004_association_membership"),
    ]

    operations = [migrations.RunPython(grant_every_association, migrations.RunPython.noop)]
