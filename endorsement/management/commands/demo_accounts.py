from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from applications.people import person_name
from competencies.models import Association, Membership
from endorsement import accounts, roles

DEMO_PASSWORD = "endorse-demo-2026"  # noqa: S105 - printed for local demos only
# A well-known authenticator secret for the demo staff (base32); never use it for real people.
DEMO_TOTP_SECRET = "ENDORSEMENTDEMOSTAFFTOTPSECRET23"  # noqa: S105
DEMO_ACCOUNTS = (
    ("applicant@example.org", "Applicant", ()),
    ("coordinator@example.org", "Coordinator", (roles.COORDINATORS,)),
    ("reviewer@example.org", "Reviewer", (roles.REVIEWERS,)),
    ("advisor@example.org", "Advisor", (roles.ADVISORS,)),
    ("admin@example.org", "Admin", ()),
)
# Staff of one association each, besides the accounts above (whose staff work in every one).
PER_ASSOCIATION = (
    ("coordinator", "Coordinator", roles.COORDINATOR),
    ("reviewer", "Reviewer", roles.REVIEWER),
    ("advisor", "Advisor", roles.ADVISOR),
    ("admin", "Assoc. admin", roles.ASSOCIATION_ADMIN),
)
GROUP_ROLES = {group: role for role, group in roles.GROUP_OF_ROLE.items()}
#: The domain of the people `seed_demo` makes up; its reviewers sign in like the demo staff.
DEMO_DOMAIN = "demo.example.org"


def demo_reviewers():
    """The reviewers `seed_demo` made (reviewerN@demo.example.org), so that two can review at once."""
    return (
        get_user_model()
        .objects.filter(groups__name=roles.REVIEWERS, email__iendswith=f"@{DEMO_DOMAIN}")
        .select_related("profile")
        .order_by("pk")
    )


def demo_accounts():
    """(email, label, groups, [(association, role)]) of every demo account."""
    associations = list(Association.objects.order_by("slug"))
    rows = [
        (email, label, groups, [(a, GROUP_ROLES[g]) for g in groups for a in associations])
        for email, label, groups in DEMO_ACCOUNTS
    ]
    for association in associations:
        for prefix, label, role in PER_ASSOCIATION:
            group = roles.GROUP_OF_ROLE.get(role)
            rows.append(
                (
                    f"{prefix}+{association.slug}@example.org",
                    f"{label} ({association.short_name})",
                    (group,) if group else (),
                    [(association, role)],
                )
            )
    return rows


def current_code(secret):
    """The six-digit code an authenticator app shows for the secret right now."""
    counter = list(yield_hotp_counters_from_time())[0]
    return format_hotp_value(hotp_value(secret, counter))


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo accounts and print how to sign in with them. Staff accounts "
        "must use an authenticator app; --with-totp gives them all one well-known secret."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD)
        parser.add_argument(
            "--with-totp",
            action="store_true",
            help=(
                "Activate the authenticator app of every staff demo account with a well-known "
                "secret, printed below, so a demo needs no QR scanning. Demos only."
            ),
        )

    @transaction.atomic
    def handle(self, *args, password, with_totp, **options):
        roles.ensure_groups()
        User = get_user_model()
        self.stdout.write(f"Demo accounts (password: {password}):")
        staff_without_totp = []
        for email, label, groups, memberships in demo_accounts():
            user, _ = User.objects.get_or_create(username=email, defaults={"email": email})
            user.email = email
            user.first_name = label
            user.last_name = "Demo"
            user.is_superuser = label == "Admin"
            # An association's admin edits its settings in the admin site.
            user.is_staff = user.is_superuser or any(
                role == roles.ASSOCIATION_ADMIN for _a, role in memberships
            )
            user.set_password(password)
            user.save()
            user.groups.set(Group.objects.filter(name__in=groups))
            Membership.objects.filter(user=user).delete()
            Membership.objects.bulk_create(
                Membership(user=user, association=association, role=role) for association, role in memberships
            )
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            note = ""
            if accounts.requires_totp(user):
                if with_totp:
                    self.use_demo_totp(user)
                if accounts.has_totp(user):
                    note = "authenticator app active"
                else:
                    note = "sets up an authenticator app at first sign-in"
                    staff_without_totp.append(email)
            self.stdout.write(f"  {label:<20} {email:<34} {note}".rstrip())
        self.make_demo_reviewers_usable(password, with_totp)
        if with_totp:
            self.stdout.write("")
            self.stdout.write(f"Staff authenticator secret (demo only): {DEMO_TOTP_SECRET}")
            url = get_mfa_adapter().build_totp_url(User(email="demo-staff"), DEMO_TOTP_SECRET)
            self.stdout.write(f"  add it to an authenticator app: {url}")
            self.stdout.write(f"  or compute a code: oathtool --totp -b {DEMO_TOTP_SECRET}")
            self.stdout.write(
                f"  the code right now is {current_code(DEMO_TOTP_SECRET)} (changes every 30 seconds)"
            )
        elif staff_without_totp:
            self.stdout.write("")
            self.stdout.write(
                "Staff accounts must use an authenticator app: at their first sign-in they are sent to "
                "set one up (scan the QR code, enter the code). Run with --with-totp to give them all "
                "a well-known secret instead."
            )

    def make_demo_reviewers_usable(self, password, with_totp):
        """The same password and authenticator as the demo staff for seed_demo's reviewers."""
        reviewers = list(demo_reviewers())
        if not reviewers:
            return
        hashed = make_password(password)  # hashed once: the same password for every one of them
        for user in reviewers:
            user.password = hashed
            user.save(update_fields=["password"])
            if with_totp:
                self.use_demo_totp(user)
        active = all(accounts.has_totp(user) for user in reviewers)
        note = "authenticator app active" if active else "set up an authenticator app at first sign-in"
        self.stdout.write("")
        self.stdout.write(f"Demo reviewers from seed_demo (same password, {note}):")
        for user in reviewers:
            self.stdout.write(f"  {person_name(user):<20} {user.email}")

    @staticmethod
    def use_demo_totp(user):
        """Replace the account's authenticators with the well-known demo secret."""
        Authenticator.objects.filter(user=user).delete()
        TOTP.activate(user, DEMO_TOTP_SECRET)
