"""The coordinator's renewal queue: who sees it, filters, query budget, approve, request changes."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse

from renewals.models import Certificate, Endorsement, RenewalPeriod
from renewals.services import renewal_periods as renewal_services
from renewals.services.endorsements import renewal_due_after
from tests.applications.factories import make_coordinator, make_user
from tests.renewals.test_renewal_period import make_endorsement, period_of

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
QUEUE = reverse("renewal_queue:index")


def submitted_renewal(*, due=None, name=None, code="IFS"):
    endorsement = make_endorsement(code=code, due=due or TODAY + datetime.timedelta(days=20))
    if name:
        Endorsement.objects.filter(pk=endorsement.pk).update(holder_name=name)
        endorsement.refresh_from_db()
    period = period_of(endorsement)
    renewal_services.save_details(
        period, by=None, membership_association="IMHA", membership_expires=None, provides_rsc=False
    )
    renewal_services.attest_no_sanction(period, by=None, signed_name=endorsement.holder_name)
    return renewal_services.submit_renewal(period, by=endorsement.holder)


@pytest.fixture
def coordinator(client, guidelines):
    user = make_coordinator()
    client.force_login(user)
    return user


def test_only_coordinators_see_the_queue(client, guidelines):
    submitted_renewal()
    client.force_login(make_user())
    assert client.get(QUEUE).status_code == 404
    period = RenewalPeriod.objects.get()
    assert client.get(reverse("renewal_queue:detail", args=[period.pk])).status_code == 404
    assert client.post(reverse("renewal_queue:approve", args=[period.pk])).status_code == 404
    period.refresh_from_db()
    assert period.status == RenewalPeriod.Status.SUBMITTED


def test_queue_lists_submitted_renewals_by_due_date(client, coordinator):
    later = submitted_renewal(due=TODAY + datetime.timedelta(days=40), name="Lee Later")
    sooner = submitted_renewal(due=TODAY + datetime.timedelta(days=10), name="Sam Sooner")
    make_endorsement()  # open, not submitted: not in the default view
    response = client.get(QUEUE)
    assert [period.pk for period in response.context["page"].object_list] == [sooner.pk, later.pk]
    text = response.content.decode()
    assert "2 renewals" in text
    assert text.index("Sam Sooner") < text.index("Lee Later")
    response = client.get(QUEUE, {"status": ""})
    assert response.context["total"] == 3


def test_queue_filters_and_search(client, coordinator):
    submitted_renewal(due=TODAY + datetime.timedelta(days=40), name="Lee Later")
    soon = submitted_renewal(due=TODAY + datetime.timedelta(days=10), name="Sam Sooner", code="IMHS")
    due_before = (TODAY + datetime.timedelta(days=20)).isoformat()
    assert [p.pk for p in client.get(QUEUE, {"due_before": due_before}).context["page"].object_list] == [
        soon.pk
    ]
    assert [p.pk for p in client.get(QUEUE, {"category": "IMHS"}).context["page"].object_list] == [soon.pk]
    assert [p.pk for p in client.get(QUEUE, {"q": "sooner"}).context["page"].object_list] == [soon.pk]
    number = soon.endorsement.number
    assert [p.pk for p in client.get(QUEUE, {"q": number}).context["page"].object_list] == [soon.pk]
    response = client.get(QUEUE, {"due_before": "next week"})
    assert "Enter the date as YYYY-MM-DD" in response.content.decode()


def test_queue_query_count_does_not_grow_with_rows(client, coordinator, django_assert_max_num_queries):
    submitted_renewal()
    with django_assert_max_num_queries(12) as few:
        client.get(QUEUE)
    for _ in range(6):
        submitted_renewal()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assert response.context["total"] == 7


def test_approve_renews_for_the_next_cycle(client, coordinator):
    period = submitted_renewal()
    endorsement = period.endorsement
    old_due = endorsement.renewal_due
    Endorsement.objects.filter(pk=endorsement.pk).update(status=Endorsement.Status.RENEWAL_DUE)
    detail = reverse("renewal_queue:detail", args=[period.pk])
    page = client.get(detail).content.decode()
    assert "Approve the renewal" in page
    assert "0 of 15 clock hours" in page
    response = client.post(
        reverse("renewal_queue:approve", args=[period.pk]), {"approve-note": "Thanks"}, follow=True
    )
    assert "Renewal approved" in response.content.decode()
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.ACTIVE
    assert endorsement.renewal_due == renewal_due_after(endorsement.edition, old_due) > old_due
    period.refresh_from_db()
    assert (period.status, period.decided_by, period.coordinator_note) == ("approved", coordinator, "Thanks")
    new_period = period_of(endorsement)
    assert (new_period.starts_on, new_period.due_on) == (
        old_due + datetime.timedelta(days=1),
        endorsement.renewal_due,
    )
    assert new_period.status == RenewalPeriod.Status.OPEN
    assert Certificate.objects.filter(
        endorsement=endorsement, valid_from=new_period.starts_on, valid_until=endorsement.renewal_due
    ).exists()
    assert endorsement.events.filter(from_status="renewal_due", to_status="active", by=coordinator).exists()


def test_a_second_approval_says_who_decided(client, coordinator):
    period = submitted_renewal()
    url = reverse("renewal_queue:approve", args=[period.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "already decided this renewal" in response.content.decode()
    assert RenewalPeriod.objects.filter(endorsement=period.endorsement).count() == 2


def test_coordinators_do_not_decide_their_own_renewal(client, guidelines):
    holder = make_coordinator()
    endorsement = make_endorsement(user=holder)
    period = period_of(endorsement)
    renewal_services.save_details(
        period, by=None, membership_association="A", membership_expires=None, provides_rsc=False
    )
    renewal_services.attest_no_sanction(period, by=None, signed_name="x")
    renewal_services.submit_renewal(period, by=holder)
    client.force_login(holder)
    assert (
        "another coordinator decides it"
        in client.get(reverse("renewal_queue:detail", args=[period.pk])).content.decode()
    )
    assert client.post(reverse("renewal_queue:approve", args=[period.pk])).status_code == 404


def test_request_changes_needs_a_note_and_emails_it(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    period = submitted_renewal()
    url = reverse("renewal_queue:request_changes", args=[period.pk])
    response = client.post(url, {"changes-note": "  "})
    assert response.status_code == 400
    assert "Say what the endorsee should change" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"changes-note": "Please add your RS/C log for the spring."})
    period.refresh_from_db()
    assert period.status == RenewalPeriod.Status.CHANGES_REQUESTED
    assert period.is_editable()
    [mail] = mailoutbox
    assert mail.to == [period.endorsement.holder.email]
    assert "Please add your RS/C log for the spring." in mail.body
    # The endorsee sees the note and can submit again.
    client.force_login(period.endorsement.holder)
    page = client.get(reverse("renewals:renewal", args=[period.endorsement.pk])).content.decode()
    assert "Please add your RS/C log for the spring." in page
    client.post(reverse("renewals:renewal_submit", args=[period.endorsement.pk]))
    period.refresh_from_db()
    assert period.status == RenewalPeriod.Status.SUBMITTED


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) and concurrent transactions need PostgreSQL; CI runs this test on PostgreSQL",
)
def test_two_coordinators_approving_at_once_renew_once(guidelines):
    period = submitted_renewal()
    first, second = make_coordinator(), make_coordinator()
    start = threading.Barrier(2)
    outcomes = []

    def approve(user):
        try:
            start.wait()
            renewal_services.approve_renewal(period, by=user)
            outcomes.append("approved")
        except renewal_services.RenewalError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("approved") == 1
    [refusal] = [outcome for outcome in outcomes if outcome != "approved"]
    assert "already decided this renewal" in refusal
    assert RenewalPeriod.objects.filter(endorsement=period.endorsement).count() == 2
    assert period.endorsement.certificates.count() == 2
