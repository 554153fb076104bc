"""An endorsee moves: they ask to transfer their endorsement; the receiving association decides."""

import pytest
from django.urls import reverse

from competencies.models import Association
from renewals.models import Endorsement, Transfer
from renewals.services import transfers
from tests.endorsement.staff_factories import give_totp
from tests.reviews.factories import make_coordinator

from .endorsee_factories import endorse

pytestmark = pytest.mark.django_db


def association(slug):
    return Association.objects.get(slug=slug)


@pytest.fixture
def endorsement(guidelines):
    return endorse(name="Morgan Mover")


@pytest.fixture
def michigan_coordinator(guidelines):
    user = make_coordinator(legal_name="Mick Michigan", associations=[association("mi-aimh")])
    give_totp(user)
    return user


@pytest.fixture
def oregon_coordinator(guidelines):
    user = make_coordinator(legal_name="Olga Oregon", associations=[association("orimha")])
    give_totp(user)
    return user


def ask(client, endorsement, slug="mi-aimh", reason="I moved to Detroit in June."):
    client.force_login(endorsement.holder)
    return client.post(
        reverse("transfers:request", args=[endorsement.pk]),
        {"to_association": association(slug).pk, "reason": reason},
    )


def test_the_receiving_coordinator_accepts_and_the_number_and_history_stay(
    client,
    endorsement,
    michigan_coordinator,
    oregon_coordinator,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    number = endorsement.number
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, endorsement)
    assert response.status_code == 302
    notice = next(mail for mail in mailoutbox if michigan_coordinator.email in mail.to)
    assert "I moved to Detroit in June." in notice.body
    assert all(oregon_coordinator.email not in mail.to for mail in mailoutbox)

    client.force_login(oregon_coordinator)
    assert client.get(reverse("transfers:queue")).context["pending"].count() == 0
    transfer = Transfer.objects.get()
    assert (
        client.post(reverse("transfers:decide", args=[transfer.pk]), {"decision": "accept"}).status_code
        == 404
    )

    client.force_login(michigan_coordinator)
    assert [t.pk for t in client.get(reverse("transfers:queue")).context["pending"]] == [transfer.pk]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("transfers:decide", args=[transfer.pk]), {"decision": "accept", "note": "Welcome!"}
        )
    moved = Endorsement.objects.get(pk=endorsement.pk)
    assert (moved.association.slug, moved.number) == ("mi-aimh", number)
    notes = list(moved.events.values_list("note", flat=True))
    assert notes[-2] == f"Transfer to {association('mi-aimh').name} requested"
    assert notes[-1].startswith("Transferred from ") and f"number {number} kept: Welcome!" in notes[-1]
    decided = mailoutbox[-1]
    assert decided.to == [endorsement.holder.email] and "accepted" in decided.subject
    # Now Michigan's coordinator handles it, Oregon's no longer sees it.
    client.force_login(oregon_coordinator)
    assert client.get(reverse("renewals:detail", args=[endorsement.pk])).status_code == 404
    client.force_login(michigan_coordinator)
    assert client.get(reverse("renewals:detail", args=[endorsement.pk])).status_code == 200


def test_declining_needs_a_note_and_leaves_the_endorsement_where_it_was(
    client, endorsement, michigan_coordinator
):
    ask(client, endorsement)
    transfer = Transfer.objects.get()
    client.force_login(michigan_coordinator)
    response = client.post(
        reverse("transfers:decide", args=[transfer.pk]), {"decision": "decline"}, follow=True
    )
    assert "Say why the transfer is declined" in response.content.decode()
    client.post(
        reverse("transfers:decide", args=[transfer.pk]), {"decision": "decline", "note": "Not our region."}
    )
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DECLINED
    assert Endorsement.objects.get(pk=endorsement.pk).association.slug == "orimha"


def test_the_request_form_explains_mistakes_at_the_field(client, endorsement):
    client.force_login(endorsement.holder)
    response = client.post(reverse("transfers:request", args=[endorsement.pk]), {})
    assert response.status_code == 400
    assert response.context["form"].errors["to_association"] == ["Choose the association you are moving to."]
    with pytest.raises(transfers.TransferError, match="already with"):
        transfers.request_transfer(endorsement, association("orimha"), by=endorsement.holder)
    ask(client, endorsement)
    page = client.get(reverse("transfers:request", args=[endorsement.pk]))
    assert "is waiting for their decision" in page.content.decode()
    with pytest.raises(transfers.TransferError, match="already waiting"):
        transfers.request_transfer(endorsement, association("mi-aimh"), by=endorsement.holder)
