"""`demo_accounts` staffs every association: its own coordinator, reviewer, advisor and admin."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from applications.models import Application
from competencies.models import Association, Membership
from endorsement.management.commands.demo_accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET, current_code
from tests.applications.factories import make_application, make_user

pytestmark = pytest.mark.django_db


def sign_in_with_totp(client, email):
    client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": current_code(DEMO_TOTP_SECRET)})
    return client


def roles_of(email):
    return set(Membership.objects.filter(user__username=email).values_list("association__slug", "role"))


def test_each_association_gets_its_own_coordinator_reviewer_and_advisor(guidelines):
    out = StringIO()
    call_command("demo_accounts", "--with-totp", stdout=out)
    for association in Association.objects.all():
        slug = association.slug
        assert roles_of(f"coordinator+{slug}@example.org") == {(slug, "coordinator")}
        assert roles_of(f"reviewer+{slug}@example.org") == {(slug, "reviewer")}
        assert roles_of(f"advisor+{slug}@example.org") == {(slug, "advisor")}
        assert roles_of(f"admin+{slug}@example.org") == {(slug, "admin")}
        assert f"coordinator+{slug}@example.org" in out.getvalue()
    every = set(Association.objects.values_list("slug", flat=True))
    assert roles_of("coordinator@example.org") == {(slug, "coordinator") for slug in every}


def test_an_associations_demo_coordinator_signs_in_with_the_demo_secret_and_sees_only_its_own(
    client, guidelines
):
    call_command("demo_accounts", "--with-totp", stdout=StringIO())
    oregon = make_application(make_user(legal_name="Orla Oregon"), code="IFS", edition="orimha")
    michigan = make_application(make_user(legal_name="Mira Michigan"), code="IFS", edition="mi-aimh-2025")
    Application.objects.filter(pk__in=[oregon.pk, michigan.pk]).update(status=Application.Status.SUBMITTED)

    sign_in_with_totp(client, "coordinator+orimha@example.org")
    names = [row.applicant_name for row in client.get("/coordinator/").context["page"].object_list]
    assert names == ["Orla Oregon"]
    assert client.get(reverse("reviews:work", args=[michigan.pk])).status_code == 404

    client.logout()
    sign_in_with_totp(client, "coordinator@example.org")
    names = [row.applicant_name for row in client.get("/coordinator/").context["page"].object_list]
    assert sorted(names) == ["Mira Michigan", "Orla Oregon"]


def test_the_seeded_demo_reviewers_sign_in_like_the_demo_staff_so_two_can_review(client, guidelines):
    out = StringIO()
    call_command("seed_demo", applications=0, verbosity=0)
    call_command("demo_accounts", "--with-totp", stdout=out)

    assert "Demo reviewers from seed_demo (same password, authenticator app active):" in out.getvalue()
    assert "reviewer1@demo.example.org" in out.getvalue()
    assert "reviewer2@demo.example.org" in out.getvalue()
    for email in ("reviewer1@demo.example.org", "reviewer2@demo.example.org"):
        sign_in_with_totp(client, email)
        assert client.get(reverse("reviewer:assignments")).status_code == 200
        client.logout()
        cache.clear()  # one authenticator code used twice within 30 seconds is refused
