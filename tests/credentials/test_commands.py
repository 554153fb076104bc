"""The key and issuance commands."""

import pytest
from django.core.management import call_command

from credentials.models import Credential, IssuerKey
from renewals.models import Endorsement
from tests.renewals.endorsee_factories import approved

pytestmark = pytest.mark.django_db


def test_issue_credentials_covers_bulk_seeded_endorsements_once(guidelines, capsys):
    approved(code="IFA")
    approved(code="IFS")
    call_command("seed_endorsements")
    assert Endorsement.objects.count() == 2 and not Credential.objects.exists()
    capsys.readouterr()
    call_command("issue_credentials")
    assert capsys.readouterr().out.startswith("Issued 2 credential(s)")
    assert Credential.objects.filter(status=Credential.Status.ACTIVE, signed_at__isnull=False).count() == 2
    call_command("issue_credentials")
    assert capsys.readouterr().out.startswith("Issued 0 credential(s), signed 0")


def test_credential_keys_creates_once_rotates_and_lists(guidelines, capsys):
    call_command("credential_keys", "create", "--association", "orimha")
    call_command("credential_keys", "create", "--association", "orimha")
    assert IssuerKey.objects.filter(association__slug="orimha").count() == 1
    call_command("credential_keys", "rotate", "--association", "orimha")
    capsys.readouterr()
    call_command("credential_keys", "list", "--association", "orimha")
    out = capsys.readouterr().out
    assert (
        "orimha key-1: from" in out and "retired" in out and "orimha key-2: from" in out and "in use" in out
    )


def test_deleting_an_endorsement_as_the_demo_reset_does_removes_its_credentials(guidelines):
    approved(code="IFA")
    call_command("seed_endorsements")
    call_command("issue_credentials")
    assert Credential.objects.count() == 1
    Endorsement.objects.all().delete()
    assert not Credential.objects.exists()
