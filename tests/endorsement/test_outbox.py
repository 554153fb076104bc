"""The outbox: nothing a user did is lost, and nobody sees a 500, while the broker is down."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from applications.models import ReferenceRequest, hash_token
from endorsement import outbox
from endorsement.celery import app as celery_app
from endorsement.models import QueuedTask
from renewals.models import Certificate
from tests.endorsement.staff_factories import give_totp
from tests.reviews.factories import complete_ifa, make_coordinator, reviewed

pytestmark = pytest.mark.django_db(transaction=True)

CLOSED_PORT = 8701  # nothing listens there (the security branch's port range)


def _reset_broker_connections():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker():
    """Switch between a broker that is down (a closed port) and one that works (eager)."""

    class Broker:
        def down(self):
            celery_app.conf.task_always_eager = False
            celery_app.conf.broker_url = f"redis://127.0.0.1:{CLOSED_PORT}/9"
            _reset_broker_connections()

        def up(self):
            celery_app.conf.task_always_eager = True
            celery_app.conf.broker_url = "memory://"
            _reset_broker_connections()
            outbox._broker_down_until = 0.0

    broker = Broker()
    yield broker
    broker.up()


@pytest.mark.slow
def test_broker_down_while_users_work_loses_nothing_and_delivers_each_email_once(
    client, guidelines, broker, mailoutbox
):
    application = complete_ifa()
    application.references.all().delete()
    applicant = application.applicant
    coordinator = make_coordinator()
    give_totp(coordinator)
    broker.down()

    client.force_login(applicant)
    invited = client.post(
        reverse("applications:references", args=[application.pk]),
        {"name": "Rita Rater", "email": "rita@example.org", "role": "program_supervisor", "waiver": "yes"},
    )
    assert invited.status_code == 302
    # The complete portfolio's references were submitted ones; put them back for submission.
    complete = complete_ifa()
    for reference in complete.references.all():
        reference.pk, reference.application = None, application
        reference.save()
    submitted = client.post(reverse("applications:submit", args=[application.pk]))
    assert submitted.status_code == 302
    commented = client.post(
        reverse("thread:post", args=[application.pk]), {"body": "Is anything missing?", "section": ""}
    )
    assert commented.status_code == 302

    client.force_login(coordinator)
    work = reverse("reviews:work_start_review", args=[application.pk])
    assert client.post(work).status_code == 302
    reviewed(application, coordinator)  # the two reviews a decision needs (their emails wait too)
    decided = client.post(
        reverse("reviews:decide", args=[application.pk]),
        {"outcome": "approved", "reasons": "", "email_subject": "Approved", "email_body": "Welcome."},
    )
    assert decided.status_code == 302

    assert mail.outbox == []
    certificate = Certificate.objects.get(endorsement__holder=applicant)
    assert not certificate.is_rendered()
    waiting = QueuedTask.objects.filter(done_at__isnull=True).count()
    assert waiting >= 6

    broker.up()
    outbox.drain()
    outbox.drain()  # a second pass (beat runs every minute) delivers nothing again

    assert QueuedTask.objects.filter(done_at__isnull=True).count() == 0
    subjects = sorted(message.subject for message in mailoutbox)
    to = {message.subject: message.to for message in mailoutbox}
    assert len(subjects) == len(set(subjects)), subjects
    assert any(recipients == ["rita@example.org"] for recipients in to.values())
    assert "Approved" in subjects
    certificate.refresh_from_db()
    assert certificate.is_rendered()
    certificate_emails = [
        m for m in mailoutbox if m.to == [applicant.email] and "certificate" in m.subject.lower()
    ]
    assert len(certificate_emails) == 1
    # The invitation carries the link whose hash is stored (its only copy was the encrypted,
    # now emptied, outbox row).
    invitation = next(m for m in mailoutbox if m.to == ["rita@example.org"])
    token = re.search(r"/ratings/([^/\s]+)/", invitation.body).group(1)
    assert ReferenceRequest.objects.get(email="rita@example.org").token_hash == hash_token(token)
    assert set(QueuedTask.objects.values_list("payload", flat=True)) == {""}


def test_a_failing_task_is_retried_until_it_succeeds_then_never_again(guidelines, mailoutbox, monkeypatch):
    from reviews import tasks as review_tasks

    calls = []

    def flaky(*, application_id):
        calls.append(application_id)
        if len(calls) == 1:
            raise OSError("SMTP server down")

    monkeypatch.setattr(review_tasks.send_change_requests, "_orig_run", flaky, raising=False)
    row = outbox.enqueue(review_tasks.send_change_requests, application_id=7)  # autocommit: runs now

    row.refresh_from_db()
    assert (row.done_at, row.attempts, row.last_error) == (None, 1, "OSError: SMTP server down")
    QueuedTask.objects.filter(pk=row.pk).update(available_at=row.created_at)
    outbox.drain()
    outbox.drain()
    row.refresh_from_db()
    assert row.done_at is not None and row.attempts == 2 and row.payload == ""
    assert calls == [7, 7]


def test_a_row_another_worker_runs_is_left_alone(guidelines):
    from django.utils import timezone

    from reviews.tasks import send_change_requests

    row = QueuedTask.objects.create(
        task=send_change_requests.name,
        payload=outbox.encryption.encrypt('{"application_id": 1}'),
        available_at=timezone.now(),
        claimed_until=timezone.now() + outbox.RUN_LEASE,
    )
    assert outbox.run(row.pk) is False
    assert outbox.drain() == 0


def test_the_payload_is_encrypted_at_rest(guidelines):
    from django.db import transaction

    from applications.tasks import send_rating_invitation

    with transaction.atomic():
        row = outbox.enqueue(send_rating_invitation, reference_id=1, token="secret-token-value")
        stored = QueuedTask.objects.get(pk=row.pk).payload
    assert "secret-token-value" not in stored
    assert "secret-token-value" in outbox.encryption.decrypt(stored)


def test_signup_with_a_down_smtp_server_is_no_500_and_the_email_follows(
    client, guidelines, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", CLOSED_PORT, False

    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"},
    )

    assert response.status_code == 302
    row = QueuedTask.objects.get(task="endorsement.tasks.send_email")
    assert row.done_at is None and "ConnectionRefusedError" in row.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    QueuedTask.objects.filter(pk=row.pk).update(available_at=row.created_at)
    outbox.drain()
    assert [m.to for m in mailoutbox] == [["new@example.org"]]


def test_email_has_a_timeout():
    from django.conf import settings

    assert settings.EMAIL_TIMEOUT == 10


def test_with_redis_down_the_cache_misses_instead_of_failing_and_sign_in_works(client, guidelines, settings):
    from django.core.cache import caches

    from tests.applications.factories import make_user

    settings.CACHES = {
        "default": {
            "BACKEND": "endorsement.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/9",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    from endorsement import settings as project_settings

    settings.ACCOUNT_RATE_LIMITS = project_settings.ACCOUNT_RATE_LIMITS
    cache = caches["default"]
    assert cache.get("missing", "default") == "default"
    assert cache.set("key", 1) is None and cache.add("key", 1) is True and cache.get_many(["a"]) == {}
    user = make_user()
    user.set_password("a-long-passphrase-9")
    user.save()

    response = client.post(reverse("account_login"), {"login": user.email, "password": "a-long-passphrase-9"})

    assert response.status_code == 302
