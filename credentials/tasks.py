"""Signing a credential: a thin, idempotent, retrying task with a keyword-only id."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def sign_credential(*, credential_id):
    services.sign(credential_id)
