"""reviews announces an approval through `reviews.signals.application_approved`; renewals reacts."""

import pytest
from django.db import transaction

from applications.models import Application
from renewals.models import Endorsement
from renewals.services.endorsements import grant_on_approval
from reviews import services
from reviews.models import Decision
from reviews.signals import application_approved

from .factories import complete_ifa, in_review, reviewed


def approve(application, coordinator):
    return services.decide(
        application,
        outcome="approved",
        reasons="",
        email_subject="Welcome",
        email_body="Dear Alex,\n\nWelcome.\n",
        by=coordinator,
    )


def test_renewals_is_connected_to_the_approval_signal():
    uid = "renewals.grant_on_approval"
    assert application_approved.disconnect(dispatch_uid=uid)  # True: it was connected
    application_approved.connect(grant_on_approval, dispatch_uid=uid)


def test_an_approval_sends_the_signal_once_with_the_decision_inside_the_transaction(guidelines, coordinator):
    application = reviewed(in_review(complete_ifa(), coordinator), coordinator)
    heard = []

    def receiver(sender, *, decision, **kwargs):
        heard.append((sender, decision, transaction.get_connection().in_atomic_block))
        assert Application.objects.get(pk=decision.application_id).status == Application.Status.APPROVED

    application_approved.connect(receiver)
    try:
        decision = approve(application, coordinator)
    finally:
        application_approved.disconnect(receiver)
    assert heard == [(Decision, decision, True)]
    assert Endorsement.objects.filter(application=application).count() == 1


def test_a_denial_sends_no_approval_signal(guidelines, coordinator):
    application = reviewed(in_review(complete_ifa(), coordinator), coordinator)
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    application_approved.connect(receiver)
    try:
        services.decide(
            application,
            outcome="denied",
            reasons="Too little.",
            email_subject="S",
            email_body="B",
            by=coordinator,
        )
    finally:
        application_approved.disconnect(receiver)
    assert heard == []
    assert not Endorsement.objects.exists()


def test_a_failing_receiver_rolls_the_approval_back(guidelines, coordinator):
    application = reviewed(in_review(complete_ifa(), coordinator), coordinator)

    def receiver(sender, **kwargs):
        raise RuntimeError("the right-hand app failed")

    application_approved.connect(receiver)
    try:
        with pytest.raises(RuntimeError):
            approve(application, coordinator)
    finally:
        application_approved.disconnect(receiver)
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    assert not Decision.objects.exists()
