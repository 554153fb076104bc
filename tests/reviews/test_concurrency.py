"""Two coordinators acting on the same application at once: one wins, the other is told why."""

import threading

import pytest
from django.db import connection

from applications.models import ApplicationEvent
from reviews import services
from reviews.models import Decision
from reviews.services import ReviewError

from .factories import complete_ifa, in_review, make_coordinator, reviewed

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) need PostgreSQL; CI runs this test on PostgreSQL",
    ),
]


def test_two_coordinators_deciding_at_once_decide_once(guidelines):
    first, second = make_coordinator(), make_coordinator()
    application = reviewed(in_review(complete_ifa(), first), first)
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(coordinator, outcome):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            services.decide(
                application,
                outcome=outcome,
                reasons="Reasons" if outcome == "denied" else "",
                email_subject="Your application",
                email_body="As written.",
                by=coordinator,
            )
            outcomes[coordinator.pk] = "decided"
        except ReviewError as error:
            outcomes[coordinator.pk] = str(error)
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=act, args=(first, "approved")),
        threading.Thread(target=act, args=(second, "denied")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert list(outcomes.values()).count("decided") == 1
    refused = [message for message in outcomes.values() if message != "decided"]
    assert len(refused) == 1
    assert refused[0].startswith("Only an application in review can be decided.")
    assert Decision.objects.filter(application=application).count() == 1
    decision = Decision.objects.get(application=application)
    # One status change out of review (the reviews' notes stay in review).
    decided = ApplicationEvent.objects.filter(application=application, from_status="in_review").exclude(
        to_status="in_review"
    )
    assert decided.count() == 1
    event = decided.get()
    assert (event.to_status, event.actor_id) == (decision.outcome, decision.decided_by_id)
