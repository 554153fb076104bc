"""Accounts: email as the only login, and an authenticator app for every staff member.

django-allauth does the work (signup, email verification, password reset, TOTP);
this module adapts it to our people:

* ``AccountAdapter`` gives every new user their email address as the username.
  Django's ``User`` needs a unique username, but nobody ever types or sees it:
  people sign in with their email, and ``user_display`` shows the email.
* ``AccountAdapter.send_mail`` hands allauth's emails (verification, password reset) to a
  worker through the outbox, so a slow or down SMTP server never holds or fails a request.
* ``AccountAdapter.get_login_redirect_url`` lands staff on their work (a coordinator on the
  queue, a reviewer on their assignments) when the sign-in carries no ``next``.
* ``MFAAdapter`` refuses to remove the authenticator app of a staff member, and encrypts TOTP
  secrets at rest with ``ENCRYPTION_KEYS``.
* ``StaffTOTPRequiredMiddleware`` sends coordinators, reviewers, advisors and
  admins who have not activated an authenticator app to its setup page, from
  every page but the few they need to get there.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_email, user_username
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competencies.models import staff_facts

from . import encryption, languages, ratelimits, roles

TOTP_REQUIRED_MESSAGE = _(
    "Your account has a coordinator, reviewer, advisor or admin role, so it must be protected "
    "with an authenticator app. Scan the code below with an app such as Google Authenticator, "
    "Microsoft Authenticator or 1Password, then enter the six-digit code it shows."
)

# Pages a staff member without an authenticator app may still open: setting it up
# (and re-entering the password first), signing out, and managing the email
# address and password (the app can only be added once the email is verified).
TOTP_SETUP_VIEWS = frozenset(
    {
        "account_logout",
        "account_login",
        "account_reauthenticate",
        "account_email",
        "account_email_verification_sent",
        "account_confirm_email",
        "account_change_password",
        "account_set_password",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "admin:logout",
        "healthz",
    }
)


def user_display(user):
    """How allauth names a person in pages and emails: by their email address."""
    return user.email or gettext("your account")


def requires_totp(user):
    """Staff — coordinators, reviewers, advisors and admins — must use an authenticator app."""
    return user.is_authenticated and (
        roles.is_admin(user)
        or roles.is_coordinator(user)
        or roles.is_reviewer(user)
        or roles.is_advisor(user)
    )


def has_totp(user):
    """Whether `user` has activated an authenticator app, asked of the database now (a request's
    own user has the answer in `staff_facts`, read with its roles)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = DefaultAccountAdapter.error_messages | {
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts for this email address or from your connection. "
            "Wait five minutes, then try again, or reset your password."
        ),
    }

    def get_login_redirect_url(self, request):
        """Where a sign-in without a `next` lands: the work of the person's role."""
        user = request.user
        if roles.is_coordinator(user):
            return reverse("reviews:queue")
        if roles.is_reviewer(user):
            return reverse("reviewer:assignments")
        if roles.is_advisor(user):
            return reverse("advisor:index")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        """Render allauth's email in the request; a worker sends it (`endorsement.outbox`)."""
        from . import outbox
        from .tasks import send_email

        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            **context,
        }
        with translation.override(self.recipient_language(email, context)):
            message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (content for content, kind in getattr(message, "alternatives", []) if kind == "text/html"), None
        )
        with transaction.atomic():
            outbox.enqueue(
                send_email,
                subject=message.subject,
                body=message.body,
                from_email=message.from_email,
                to=list(message.to),
                html=html,
            )

    @staticmethod
    def recipient_language(email, context):
        """A known person's emails are in the language saved on their profile; anyone else's (a
        new sign-up confirming an address) in the language of the page they came from."""
        user = context.get("user")
        if user is None or not getattr(user, "pk", None):
            user = get_user_model().objects.filter(email__iexact=email).order_by("pk").first()
        return languages.saved_language(user) or translation.get_language()

    def get_client_ip(self, request):
        """The client's address as the trusted proxies saw it (TRUSTED_PROXY_COUNT).

        A request that did not pass through every trusted proxy (its X-Forwarded-For is shorter)
        is keyed on the address that sent it, instead of failing.
        """
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            return request.META["REMOTE_ADDR"]

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            ratelimits.mark_limited(request)
            raise

    def populate_username(self, request, user):
        """Use the (lower-cased) email address as the username when it is a valid, free one."""
        email = user_email(user)
        if email and not user_username(user):
            User = get_user_model()
            field = User._meta.get_field(User.USERNAME_FIELD)
            try:
                field.run_validators(email)
            except ValidationError:
                pass
            else:
                if (
                    len(email) <= field.max_length
                    and not User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": email}).exists()
                ):
                    user_username(user, email)
        # Falls back to allauth's generated unique username (e.g. "jane2") otherwise.
        super().populate_username(request, user)


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted (`endorsement.encryption`)."""

    def encrypt(self, text):
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text):
        return encryption.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator):
        if authenticator.type == Authenticator.Type.TOTP and requires_totp(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)


class StaffTOTPRequiredMiddleware:
    """Send staff without an activated authenticator app to set one up.

    Goes after ``AuthenticationMiddleware``, ``MessageMiddleware`` and allauth's
    ``AccountMiddleware``. Works in ``process_view`` so that the resolved URL name
    decides which pages stay open; static files never get this far.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.path_info.startswith(settings.STATIC_URL) or self.is_setup_view(request):
            return None
        if not requires_totp(user) or staff_facts(user).has_totp:
            return None
        messages.warning(request, TOTP_REQUIRED_MESSAGE)
        return redirect("mfa_activate_totp")

    @staticmethod
    def is_setup_view(request):
        match = request.resolver_match
        if match is None:
            return False
        return match.view_name in TOTP_SETUP_VIEWS or match.view_name.startswith("mfa_")
