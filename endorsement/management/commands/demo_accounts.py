from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from endorsement import roles

DEMO_PASSWORD = "endorse-demo-2026"  # noqa: S105 - printed for local demos only
DEMO_ACCOUNTS = (
    ("applicant@example.org", "Applicant", ()),
    ("coordinator@example.org", "Coordinator", (roles.COORDINATORS,)),
    ("reviewer@example.org", "Reviewer", (roles.REVIEWERS,)),
    ("advisor@example.org", "Advisor", (roles.ADVISORS,)),
    ("admin@example.org", "Admin", ()),
)


class Command(BaseCommand):
    help = "Create (or reset) the demo accounts and print how to sign in with them."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD)

    @transaction.atomic
    def handle(self, *args, password, **options):
        roles.ensure_groups()
        User = get_user_model()
        self.stdout.write(f"Demo accounts (password: {password}):")
        for email, label, groups in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(username=email, defaults={"email": email})
            user.email = email
            user.first_name = label
            user.last_name = "Demo"
            user.is_staff = user.is_superuser = label == "Admin"
            user.set_password(password)
            user.save()
            user.groups.set(Group.objects.filter(name__in=groups))
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            self.stdout.write(f"  {label:<12} {email}")
