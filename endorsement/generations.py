"""What is worked out from some data, kept in the cache until that data changes.

A `Generation` names the current content of some data (the guidelines, the endorsements) by a
token that every change replaces: the models' `post_save`/`post_delete` signals call
`changed`, and so do the bulk writes of a `GenerationQuerySet` (which send no signals). What is
kept under one token is never read under the next, so no ORM write leaves a stale copy behind.

The process's own token keeps a new release (templates, wording, translations, the engine) from
reading what an older one kept; the timeout bounds how long a cache that is not shared between
processes (no Redis) may serve a copy from before an edit made in another process.
"""

import uuid

from django.core.cache import cache
from django.db import models, transaction

KEPT_SECONDS = 10 * 60
MISSING = object()
PROCESS_TOKEN = uuid.uuid4().hex[:12]


class Generation:
    def __init__(self, name):
        self.name = name
        self.key = f"{name}:generation"
        # One bound method, so that a renewal already queued can be recognised by identity.
        self.renew = self._renew

    def token(self):
        """The token of the data's current content: a new one after every change."""
        token = cache.get(self.key)
        if token is None:
            # Never fall back to a token used before: a lost key starts a generation of its own.
            cache.add(self.key, uuid.uuid4().hex, None)
            token = cache.get(self.key) or "uncached"
        return token

    def _renew(self):
        cache.set(self.key, uuid.uuid4().hex, None)

    def changed_in_this_transaction(self):
        """Whether the transaction under way has changed the data (its renewal is waiting)."""
        connection = transaction.get_connection()
        return any(callback is self.renew for _savepoints, callback, _robust in connection.run_on_commit)

    def changed(self, **_signal):
        """Everything kept is out of date: now, and again once the change commits (a copy made
        between the two from the data as it was before would be kept otherwise).

        Once per transaction: loading an edition saves thousands of rows in one. Django keeps
        the callbacks of the transaction under way in `run_on_commit` and drops them on
        rollback, so a renewal already waiting there covers every later save of the same
        transaction."""
        if self.changed_in_this_transaction():
            return
        self.renew()
        transaction.on_commit(self.renew)

    def kept(self, name, compute, seconds=KEPT_SECONDS, *, keep_none=True):
        """`compute()`, worked out once per generation and kept under `name`; with
        `keep_none=False` a None (nothing found) is worked out again each time, so that asking
        for what does not exist adds nothing to the cache.

        A transaction that has changed the data reads its own uncommitted rows, which may yet
        be rolled back: it works the value out afresh and keeps nothing. The value goes through
        the cache's pickling, so every reader gets a copy of its own to change."""
        if self.changed_in_this_transaction():
            return compute()
        key = f"{self.name}:{PROCESS_TOKEN}:{self.token()}:{name}"
        found = cache.get(key, MISSING)
        if found is not MISSING:
            return found
        value = compute()
        if value is not None or keep_none:
            cache.set(key, value, seconds)
        return value


class GenerationQuerySet(models.QuerySet):
    """A queryset whose bulk writes, which send no signals, also end its model's `generation`."""

    generation = None

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        self.generation.changed()
        return rows

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        rows = super().bulk_update(objs, fields, batch_size=batch_size)
        self.generation.changed()
        return rows

    bulk_update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        self.generation.changed()
        return created

    bulk_create.alters_data = True
