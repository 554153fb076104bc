"""Signals through which apps to the right of renewals react to an endorsement's life.

This is the one place the codebase uses Django signals (see the style guide): renewals must not
import the apps that build on it (credentials), yet they must react within the same
transaction. Every signal is sent by a `renewals` service *inside* its transaction, after the
endorsement's row and event are written, with `sender=Endorsement`. A receiver that writes
rows therefore commits or rolls back with the change itself; a receiver with work that may
fail or take long (signing, email) must queue it with `transaction.on_commit`, so that it can
never make the grant, the renewal or the lapse fail.

* ``endorsement_granted(endorsement, by)`` — a new endorsement, or a lapsed one granted again
  on a new application (same number).
* ``endorsement_renewed(endorsement, period, by)`` — a renewal was approved; the endorsement
  runs to its new due date.
* ``endorsements_lapsed(endorsement_ids, on)`` — the daily sweep lapsed these endorsements
  (a list of ids: the sweep works in batches); `on` is the sweep's day.
* ``endorsement_revoked(endorsement, by, reason)`` — a coordinator revoked it.
* ``endorsement_reinstated(endorsement, by, reason)`` — a coordinator reinstated a revoked one.
"""

from django.dispatch import Signal

endorsement_granted = Signal()
endorsement_renewed = Signal()
endorsements_lapsed = Signal()
endorsement_revoked = Signal()
endorsement_reinstated = Signal()
