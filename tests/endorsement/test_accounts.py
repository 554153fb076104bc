"""Accounts: signup with email verification, password reset, rate limits, TOTP for staff."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competencies.models import Association, staff_facts
from endorsement import accounts, roles

PASSWORD = "a-long-enough-passphrase-42"  # noqa: S105


def make_user(django_user_model, email, *, verified=True, groups=(), **extra):
    user = django_user_model.objects.create_user(username=email, email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if groups:
        roles.ensure_groups()
        user.groups.set(Group.objects.filter(name__in=groups))
    return user


def totp_code(secret):
    counter = list(yield_hotp_counters_from_time())[0]
    return format_hotp_value(hotp_value(secret, counter))


def link_in(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator(django_user_model):
    return make_user(django_user_model, "coord@example.org", groups=[roles.COORDINATORS])


@pytest.fixture
def applicant(django_user_model):
    return make_user(django_user_model, "applicant@example.org")


# Signup and email verification


@pytest.mark.django_db
def test_signup_sends_a_verification_email_whose_link_verifies_the_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {"email": "New.Person@Example.org", "password1": PASSWORD, "password2": PASSWORD},
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    address = EmailAddress.objects.get(email="new.person@example.org")
    assert address.verified is False
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.person@example.org"]
    assert message.subject == "[Endorsement] Please Confirm Your Email Address"

    confirm_url = link_in(message)
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "new.person@example.org" in page.content.decode()
    confirmed = client.post(confirm_url)

    address.refresh_from_db()
    assert address.verified is True
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("applications:profile")
    assert client.get(reverse("applications:profile")).status_code == 200


@pytest.mark.django_db
def test_signup_gives_the_email_address_as_username(client, django_user_model):
    client.post(
        reverse("account_signup"),
        {"email": "jane@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert django_user_model.objects.get(email="jane@example.org").username == "jane@example.org"


@pytest.mark.django_db
def test_signup_username_falls_back_when_the_email_is_taken_as_a_username(client, django_user_model):
    django_user_model.objects.create_user(username="jane@example.org", email="old@example.org")

    client.post(
        reverse("account_signup"),
        {"email": "jane@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    user = django_user_model.objects.get(email="jane@example.org")
    assert user.username != "jane@example.org"
    assert user.username


@pytest.mark.django_db
def test_verification_pages_use_the_site_layout_and_never_show_the_username(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": "jane@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    sent = client.get(reverse("account_email_verification_sent")).content.decode()
    confirm = client.get(link_in(mailoutbox[0])).content.decode()

    for content in (sent, confirm):
        assert '<nav class="site-nav" aria-label="Main">' in content
        assert 'href="/static/css/forms.css"' in content
    assert "Verify Your Email Address" in sent
    assert "is an email address for user jane@example.org" in confirm
    assert "This address was given for an account on Endorsement" in mailoutbox[0].body


@pytest.mark.django_db
def test_unverified_user_cannot_sign_in_and_is_sent_to_verification(
    client, django_user_model, mailoutbox, django_capture_on_commit_callbacks
):
    make_user(django_user_model, "unverified@example.org", verified=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(client, "unverified@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert [m.to for m in mailoutbox] == [["unverified@example.org"]]


@pytest.mark.django_db
def test_verified_user_signs_in_with_email(client, applicant):
    response = sign_in(client, "applicant@example.org")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)


@pytest.mark.django_db
def test_wrong_password_is_reported_on_the_form(client, applicant):
    response = sign_in(client, "applicant@example.org", "wrong-password")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in content
    assert "The email address and/or password you specified are not correct." in content
    assert "_auth_user_id" not in client.session


# Password reset


def ask_for_a_password_reset(client, email, django_capture_on_commit_callbacks):
    """Post the reset form, send what it queues, and check the page says to look in the inbox."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


@pytest.mark.django_db
def test_password_reset_email_arrives_and_its_link_sets_a_new_password(
    client, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    ask_for_a_password_reset(client, "applicant@example.org", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "[Endorsement] Password Reset Email"
    assert "username" not in mailoutbox[0].body

    key_page = client.get(link_in(mailoutbox[0]))
    assert key_page.status_code == 302  # allauth moves the key into the session
    set_password_url = key_page["Location"]
    form = client.get(set_password_url)
    assert form.status_code == 200
    assert 'name="password1"' in form.content.decode()
    done = client.post(
        set_password_url, {"password1": "brand-new-passphrase-7", "password2": "brand-new-passphrase-7"}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("account_reset_password_from_key_done")

    applicant.refresh_from_db()
    assert applicant.check_password("brand-new-passphrase-7")
    client.logout()
    assert sign_in(client, "applicant@example.org", "brand-new-passphrase-7").status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_says_so_by_email_not_on_the_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    ask_for_a_password_reset(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "[Endorsement] Unknown Account"
    assert "we do not have any record of such an account" in mailoutbox[0].body


# Rate limits


def test_rate_limits_are_configured_for_login_signup_and_reset(settings):
    from endorsement import settings as project_settings

    assert project_settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"
    assert project_settings.ACCOUNT_RATE_LIMITS["signup"] == "20/m/ip"
    assert project_settings.ACCOUNT_RATE_LIMITS["reset_password"] == "20/m/ip,5/m/key"


@pytest.mark.django_db
def test_login_rate_limit_engages_after_five_failed_attempts(client, settings, applicant):
    from endorsement import settings as project_settings

    settings.ACCOUNT_RATE_LIMITS = project_settings.ACCOUNT_RATE_LIMITS

    for _ in range(5):
        response = sign_in(client, "applicant@example.org", "wrong-password")
        assert "The email address and/or password you specified are not correct." in response.content.decode()

    blocked = sign_in(client, "applicant@example.org")  # even the right password

    assert blocked.status_code == 429
    assert "Too many failed sign-in attempts for this email address or from your connection." in (
        blocked.content.decode()
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signup_rate_limit_answers_429_in_the_site_layout(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}

    for n in range(2):
        client.post(
            reverse("account_signup"),
            {"email": f"person{n}@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    response = client.post(
        reverse("account_signup"),
        {"email": "person3@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many attempts" in content
    assert '<nav class="site-nav" aria-label="Main">' in content


# Two-factor authentication


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/guidelines/", "/admin/", "/applications/"])
def test_coordinator_without_totp_is_sent_to_totp_setup_from_any_page(client, coordinator, path):
    client.force_login(coordinator)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_totp_redirect_explains_why(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/guidelines/", follow=True)

    content = response.content.decode()
    assert "must be protected with an authenticator app" in content
    assert 'role="alert"' in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    ["reviewer", "advisor", "admin", "superuser"],
)
def test_every_staff_role_must_set_up_totp(client, django_user_model, role):
    extra = {
        "reviewer": {"groups": [roles.REVIEWERS]},
        "advisor": {"groups": [roles.ADVISORS]},
        "admin": {"is_staff": True},
        "superuser": {"is_staff": True, "is_superuser": True},
    }[role]
    client.force_login(make_user(django_user_model, f"{role}@example.org", **extra))

    response = client.get("/guidelines/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_activate_totp",
        "account_email",
        "account_change_password",
        "account_reset_password",
        "healthz",
    ],
)
def test_staff_without_totp_can_still_open_the_setup_email_and_password_pages(client, coordinator, name):
    client.force_login(coordinator)

    response = client.get(reverse(name))

    assert response.status_code != 302 or response["Location"] != reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_staff_without_totp_can_sign_out(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_without_totp_can_fetch_static_files(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/static/css/site.css")

    assert response.status_code != 302


@pytest.mark.django_db
def test_coordinator_gets_through_once_totp_is_active(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)

    assert client.get("/guidelines/").status_code == 200
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_staff_signs_in_activates_totp_in_the_browser_flow_and_gets_through(client, coordinator):
    signed_in = sign_in(client, "coord@example.org")
    assert signed_in.status_code == 302

    assert client.get(signed_in["Location"])["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before an authenticator is added.
    confirm = client.get(reverse("mfa_activate_totp"), follow=True)
    assert confirm.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert "must be protected with an authenticator app" in confirm.content.decode()
    reauthenticated = client.post(confirm.redirect_chain[-1][0], {"password": PASSWORD})
    assert reauthenticated["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'class="totp-qr"' in content
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in content

    wrong = client.post(
        reverse("mfa_activate_totp"), {"code": "000000" if totp_code(secret) != "000000" else "111111"}
    )
    wrong_content = wrong.content.decode()
    assert wrong.status_code == 200
    assert 'aria-invalid="true"' in wrong_content
    assert 'aria-describedby="id_code_error"' in wrong_content
    assert 'id="id_code_error"' in wrong_content

    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    assert client.get("/guidelines/").status_code == 200


@pytest.mark.django_db
def test_staff_with_totp_must_enter_a_code_at_sign_in(client, coordinator):
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)

    response = sign_in(client, "coord@example.org")

    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)


@pytest.mark.django_db
def test_staff_cannot_remove_their_authenticator_app_but_applicants_can(coordinator, applicant):
    from allauth.mfa.adapter import get_adapter

    staff_totp = TOTP.activate(coordinator, generate_totp_secret()).instance
    applicant_totp = TOTP.activate(applicant, generate_totp_secret()).instance

    assert get_adapter().can_delete_authenticator(staff_totp) is False
    assert get_adapter().can_delete_authenticator(applicant_totp) is True


@pytest.mark.django_db
def test_applicant_without_totp_is_not_redirected(client, applicant):
    client.force_login(applicant)

    assert client.get("/guidelines/").status_code == 200
    assert client.get(reverse("applications:profile")).status_code == 200
    assert accounts.requires_totp(applicant) is False


@pytest.mark.django_db
def test_two_factor_is_offered_to_everyone_from_the_account_pages(client, applicant):
    client.force_login(applicant)

    for name in ("account_email", "account_change_password", "applications:profile"):
        content = client.get(reverse(name)).content.decode()
        assert f'href="{reverse("mfa_index")}"' in content, name
        assert f'href="{reverse("applications:profile")}"' in content, name
    mfa = client.get(reverse("mfa_index")).content.decode()
    assert f'href="{reverse("mfa_activate_totp")}"' in mfa


@pytest.mark.django_db
def test_anonymous_visitors_are_not_affected(client):
    assert client.get("/guidelines/").status_code == 200


# Demo accounts


@pytest.mark.django_db
def test_demo_accounts_say_that_staff_set_up_totp_at_first_sign_in(client):
    from io import StringIO

    out = StringIO()
    call_command("demo_accounts", stdout=out)

    output = out.getvalue()
    assert "coordinator@example.org" in output
    assert "sets up an authenticator app at first sign-in" in output
    assert "--with-totp" in output
    sign_in(client, "coordinator@example.org", "endorse-demo-2026")
    assert client.get("/")["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_demo_accounts_with_totp_print_the_secret_and_staff_can_sign_in(client):
    from io import StringIO

    from endorsement.management.commands.demo_accounts import DEMO_TOTP_SECRET

    out = StringIO()
    call_command("demo_accounts", "--with-totp", stdout=out)
    call_command("demo_accounts", "--with-totp", stdout=StringIO())  # idempotent

    output = out.getvalue()
    assert DEMO_TOTP_SECRET in output
    assert "otpauth://totp/" in output
    # coordinator, reviewer, advisor, admin; and per association its coordinator, reviewer,
    # advisor and association admin.
    per_association = 4 * Association.objects.count()
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == 4 + per_association
    response = sign_in(client, "reviewer@example.org", "endorse-demo-2026")
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)})
    assert client.get("/guidelines/").status_code == 200
    client.logout()
    sign_in(client, "applicant@example.org", "endorse-demo-2026")
    assert client.get("/guidelines/").status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(client, settings, applicant):
    """Every request comes from the proxy's address; the limits key on the client's (X-Forwarded-For)."""
    from endorsement import settings as project_settings

    settings.ACCOUNT_RATE_LIMITS = project_settings.ACCOUNT_RATE_LIMITS
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(10):  # the per-address limit is 10 a minute
        client.post(
            reverse("account_login"),
            {"login": f"guess{n}@example.org", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",
            **proxy,
        )
    limited = client.post(
        reverse("account_login"),
        {"login": "guess@example.org", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    other = client.post(
        reverse("account_login"),
        {"login": "applicant@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        **proxy,
    )

    assert limited.status_code == 429
    assert other.status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)


@pytest.mark.django_db
def test_a_request_that_skipped_the_proxy_is_keyed_on_its_own_address(rf, settings):
    from endorsement.accounts import AccountAdapter

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="192.0.2.1")

    assert AccountAdapter().get_client_ip(request) == "192.0.2.1"


def test_trusted_proxy_count_comes_from_the_environment(settings_read_from):
    read = settings_read_from(
        {"PATH": "/usr/bin:/bin", "TRUSTED_PROXY_COUNT": "2", "DATABASE_URL": "sqlite:///:memory:"}
    )

    assert read.ALLAUTH_TRUSTED_PROXY_COUNT == 2


@pytest.mark.django_db
def test_the_roles_query_also_says_whether_the_authenticator_app_is_active(coordinator, django_user_model):
    assert staff_facts(django_user_model.objects.get(pk=coordinator.pk)).has_totp is False
    TOTP.activate(coordinator, generate_totp_secret())

    fresh = django_user_model.objects.get(pk=coordinator.pk)
    with CaptureQueriesContext(connection) as captured:
        facts = staff_facts(fresh)
        assert accounts.requires_totp(fresh)
    assert len(captured) == 1
    assert facts.has_totp is True
    assert roles.COORDINATORS in facts.groups


@pytest.mark.django_db
def test_recovery_codes_alone_are_not_an_authenticator_app(coordinator, django_user_model):
    Authenticator.objects.create(user=coordinator, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert staff_facts(django_user_model.objects.get(pk=coordinator.pk)).has_totp is False
