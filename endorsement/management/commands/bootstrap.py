import getpass
import os
import secrets
import sys

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from endorsement import jobs, roles


class Command(BaseCommand):
    help = (
        "First setup of a new installation, safe to run again: creates the role groups, the first "
        "admin (also a coordinator unless --coordinator-email names someone else) and that "
        "coordinator, both with a verified email address, and prints what to do next."
    )

    def add_arguments(self, parser):
        parser.add_argument("--admin-email", required=True, help="The first admin's email address.")
        parser.add_argument(
            "--coordinator-email",
            help="The first endorsement coordinator, if not the admin (who is then a coordinator too).",
        )
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Set new passwords for accounts that already exist (otherwise they are kept).",
        )

    def handle(self, *args, admin_email, coordinator_email=None, reset_password=False, **options):
        admin_email = self.checked_email(admin_email, "--admin-email")
        coordinator_email = self.checked_email(coordinator_email, "--coordinator-email")
        if coordinator_email == admin_email:
            coordinator_email = None
        with transaction.atomic():
            jobs.after_migrate(sender=None)
            coordinators = Group.objects.get(name=roles.COORDINATORS)
            self.stdout.write(f"Role groups: {', '.join(roles.STAFF_GROUPS)}.")
            admin = self.account(
                admin_email, "ADMIN", reset_password, is_staff=True, is_superuser=True, label="Admin"
            )
            if coordinator_email:
                coordinator = self.account(
                    coordinator_email, "COORDINATOR", reset_password, label="Coordinator"
                )
                coordinator.groups.add(coordinators)
                admin.groups.remove(coordinators)
            else:
                admin.groups.add(coordinators)
        self.next_steps(admin_email, coordinator_email)

    def checked_email(self, email, option):
        if email is None:
            return None
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{option}: {email!r} is not an email address.") from None
        return email

    def account(self, email, role, reset_password, *, label, is_staff=False, is_superuser=False):
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User(username=email, email=email)
        user.is_active = True
        user.is_staff = user.is_staff or is_staff
        user.is_superuser = user.is_superuser or is_superuser
        password = None
        if created or reset_password:
            password, shown = self.password_for(role, email)
            user.set_password(password)
        user.save()
        EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
        address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        else:
            address.verified = address.primary = True
            address.save(update_fields=["verified", "primary"])
        state = "created" if created else ("password reset" if password else "already there, password kept")
        self.stdout.write(f"{label}: {email} ({state}, email verified).")
        if password and shown:
            self.stdout.write(f"  Password (shown once, change it after signing in): {password}")
        return user

    def password_for(self, role, email):
        """The password from BOOTSTRAP_<ROLE>_PASSWORD, typed at the prompt, or a new random one."""
        from_env = os.environ.get(f"BOOTSTRAP_{role}_PASSWORD")
        if from_env:
            return from_env, False
        if sys.stdin.isatty():
            while True:
                typed = getpass.getpass(f"Password for {email} (empty: generate one): ")
                if not typed:
                    break
                if typed == getpass.getpass("Again: "):
                    return typed, False
                self.stderr.write("The two passwords differ; try again.")
        return secrets.token_urlsafe(12), True

    def next_steps(self, admin_email, coordinator_email):
        site = settings.SITE_URL
        lines = [
            "",
            "Next steps:",
            f"  1. Sign in at {site}/accounts/login/ as {admin_email} and set up an authenticator app "
            "(every staff member must).",
            f"  2. Check email: python manage.py sendtestemail {admin_email}",
            f'  3. Check the site: {site}/healthz must answer "status": "ok".',
            f"  4. Grant more staff in {site}/admin/ (Users: groups {', '.join(repr(g) for g in roles.STAFF_GROUPS)}).",
            "  5. Schedule scripts/backup.sh every night and try scripts/restore.sh once (docs/operations.md).",
        ]
        if coordinator_email:
            lines.insert(
                3, f"     {coordinator_email} signs in the same way and coordinates the applications."
            )
        self.stdout.write("\n".join(lines))
