"""What is worked out from an association's guideline data, kept until that data changes.

The category pages, the engine's rules of a category, the areas a rater rates and the level of
every endorsement code are read on most pages and change only when staff edit the guidelines.
Each is kept in the cache under the guidelines' current *generation*, which every change to the
guideline data replaces (`content_changed`): the models' `post_save`/`post_delete` signals and
`ContentQuerySet`'s bulk writes call it, so no ORM write leaves a stale copy behind.

The process's own token keeps a new release (templates, wording, translations, the engine) from
reading what an older one kept; the timeout bounds how long a cache that is not shared between
processes (no Redis) may serve a copy from before an edit made in another process.
"""

import uuid

from django.core.cache import cache
from django.db import models, transaction

KEPT_SECONDS = 10 * 60
GENERATION_KEY = "guidelines:generation"
PROCESS_TOKEN = uuid.uuid4().hex[:12]


def generation():
    """The token of the guidelines' current content: a new one after every change."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        # Never fall back to a token used before: a lost key starts a generation of its own.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY) or "uncached"
    return token


def _renew_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _changed_in_this_transaction():
    """Whether the transaction under way has changed guideline data (its renewal is waiting)."""
    connection = transaction.get_connection()
    return any(callback is _renew_generation for _savepoints, callback, _robust in connection.run_on_commit)


def content_changed(**_signal):
    """Everything kept is out of date: now, and again once the change commits (a copy made
    between the two from the data as it was before would be kept otherwise).

    Once per transaction: loading an edition saves thousands of rows in one. Django keeps the
    callbacks of the transaction under way in `run_on_commit` and drops them on rollback, so a
    renewal already waiting there covers every later save of the same transaction."""
    if _changed_in_this_transaction():
        return
    _renew_generation()
    transaction.on_commit(_renew_generation)


def kept(name, compute):
    """`compute()`, worked out once per generation of the guidelines and kept under `name`.

    A transaction that has changed guideline data reads its own uncommitted rows, which may yet
    be rolled back: it works the value out afresh and keeps nothing. The value goes through the
    cache's pickling, so every reader gets a copy of its own to change."""
    if _changed_in_this_transaction():
        return compute()
    key = f"guidelines:{PROCESS_TOKEN}:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEPT_SECONDS)
    return value


class ContentQuerySet(models.QuerySet):
    """The querysets of the guideline models: their bulk writes, which send no signals, also
    make everything kept out of date."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        content_changed()
        return rows

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        rows = super().bulk_update(objs, fields, batch_size=batch_size)
        content_changed()
        return rows

    bulk_update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        content_changed()
        return created

    bulk_create.alters_data = True
