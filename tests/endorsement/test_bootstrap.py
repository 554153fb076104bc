"""`manage.py bootstrap`: the first admin and coordinator of a new installation, safe to repeat."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from endorsement import roles

pytestmark = pytest.mark.django_db


def bootstrap(*args, **env):
    out = StringIO()
    call_command("bootstrap", *args, stdout=out)
    return out.getvalue()


def test_bootstrap_creates_a_verified_admin_who_coordinates_and_prints_next_steps(monkeypatch):
    Group.objects.all().delete()
    monkeypatch.setenv("BOOTSTRAP_ADMIN_PASSWORD", "a long admin passphrase")

    out = bootstrap("--admin-email", "Chair@Example.org")

    admin = get_user_model().objects.get(email="chair@example.org")
    assert admin.is_staff and admin.is_superuser and admin.check_password("a long admin passphrase")
    assert EmailAddress.objects.get(user=admin).verified
    assert roles.is_coordinator(admin) and admin.groups.filter(name=roles.COORDINATORS).exists()
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.STAFF_GROUPS)
    assert "Admin: chair@example.org (created, email verified)." in out
    assert "Password" not in out  # it came from the environment
    assert "Sign in at http://127.0.0.1:8000/accounts/login/ as chair@example.org" in out
    assert "python manage.py sendtestemail chair@example.org" in out
    assert "/healthz" in out and "scripts/backup.sh" in out


def test_bootstrap_without_a_password_generates_one_and_shows_it_once():
    out = bootstrap("--admin-email", "chair@example.org")

    line = next(line for line in out.splitlines() if "Password (shown once" in line)
    password = line.rsplit(": ", 1)[1]
    assert len(password) >= 16
    assert get_user_model().objects.get(email="chair@example.org").check_password(password)


def test_a_separate_coordinator_gets_the_group_and_a_verified_email(monkeypatch):
    monkeypatch.setenv("BOOTSTRAP_ADMIN_PASSWORD", "a long admin passphrase")
    monkeypatch.setenv("BOOTSTRAP_COORDINATOR_PASSWORD", "a long coordinator passphrase")

    out = bootstrap("--admin-email", "chair@example.org", "--coordinator-email", "coord@example.org")

    coordinator = get_user_model().objects.get(email="coord@example.org")
    assert not coordinator.is_staff and roles.is_coordinator(coordinator)
    assert coordinator.groups.filter(name=roles.COORDINATORS).exists()
    assert EmailAddress.objects.get(user=coordinator, email="coord@example.org").verified
    assert not get_user_model().objects.get(email="chair@example.org").groups.exists()
    assert "Coordinator: coord@example.org (created, email verified)." in out


def test_running_bootstrap_again_keeps_passwords_and_changes_nothing(monkeypatch):
    monkeypatch.setenv("BOOTSTRAP_ADMIN_PASSWORD", "the first passphrase")
    bootstrap("--admin-email", "chair@example.org")
    monkeypatch.setenv("BOOTSTRAP_ADMIN_PASSWORD", "another passphrase")

    out = bootstrap("--admin-email", "chair@example.org")

    assert get_user_model().objects.filter(email="chair@example.org").count() == 1
    admin = get_user_model().objects.get(email="chair@example.org")
    assert admin.check_password("the first passphrase")
    assert EmailAddress.objects.filter(user=admin).count() == 1
    assert "Admin: chair@example.org (already there, password kept, email verified)." in out

    bootstrap("--admin-email", "chair@example.org", "--reset-password")
    admin.refresh_from_db()
    assert admin.check_password("another passphrase")


def test_bootstrap_verifies_an_existing_unverified_account():
    user = get_user_model().objects.create_user("chair@example.org", "chair@example.org", "x" * 12)
    EmailAddress.objects.create(user=user, email="chair@example.org", verified=False, primary=True)

    bootstrap("--admin-email", "chair@example.org")

    user.refresh_from_db()
    assert user.is_superuser and user.check_password("x" * 12)
    assert EmailAddress.objects.get(user=user).verified


def test_bootstrap_refuses_an_address_that_is_not_one():
    with pytest.raises(CommandError, match="--admin-email: 'chair-at-example' is not an email address."):
        bootstrap("--admin-email", "chair-at-example")


def test_the_bootstrapped_admin_signs_in_without_an_email_verification_step(client, monkeypatch, mailoutbox):
    monkeypatch.setenv("BOOTSTRAP_ADMIN_PASSWORD", "a long admin passphrase")
    bootstrap("--admin-email", "chair@example.org")

    response = client.post(
        "/accounts/login/", {"login": "chair@example.org", "password": "a long admin passphrase"}, follow=True
    )

    assert response.wsgi_request.user.email == "chair@example.org"
    # Towards the queue (a superuser coordinates every association), and straight on to setting up
    # the authenticator app every staff member needs.
    assert [url for url, _ in response.redirect_chain][:2] == [
        "/coordinator/",
        "/accounts/2fa/totp/activate/",
    ]
    assert mailoutbox == []
