"""The outbox's worker side and the email that allauth sends (see `endorsement.outbox`)."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from . import outbox


@shared_task(acks_late=True)
def deliver(*, queued_task_id):
    outbox.run(queued_task_id)


@shared_task(acks_late=True)
def drain_outbox():
    """Beat: hand every queued task that is due (the broker was down, a run failed) to a worker."""
    return outbox.drain()


@shared_task
def send_email(*, subject, body, from_email, to, html=None):
    """An email rendered in the request (allauth's), sent by a worker with EMAIL_TIMEOUT."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
