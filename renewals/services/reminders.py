"""The daily renewal sweep: lapse, renewal due, and the reminders it claims.

The sweep works in batches of endorsements by id, each batch in its own transaction with a fixed
number of queries. A reminder is claimed by inserting its `ReminderSent` row with
``ON CONFLICT DO NOTHING RETURNING``: only the rows this run inserted come back, so a job that
runs twice, or two beat processes at once, never email anyone twice. The emails are sent by a
retrying task in `renewals.tasks` queued after the batch commits; sending stamps `sent_at`.
"""

import datetime
from collections import Counter

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from endorsement import outbox

from ..models import Endorsement, EndorsementEvent, ReminderSent, RenewalPeriod
from ..signals import endorsements_lapsed
from ..standing import Standing, grace_periods, with_standing

BATCH_SIZE = 1000
Kind = ReminderSent.Kind
Status = Endorsement.Status
# (kind, days before the due date): each reminder's window runs until the next one's starts,
# so a sweep that missed days still sends the reminder whose window is open, never a stale one.
BEFORE_DUE = ((Kind.DAYS_90, 90), (Kind.DAYS_30, 30), (Kind.DAYS_7, 7))
DONE = (RenewalPeriod.Status.SUBMITTED, RenewalPeriod.Status.APPROVED)


def reminder_kind(days_left):
    """The reminder whose window `days_left` (due date minus today) falls in, or None."""
    if days_left < 0:
        return Kind.OVERDUE
    kind = None
    for candidate, days in BEFORE_DUE:
        if days_left <= days:
            kind = candidate
    return kind


def _renewal_in_hand():
    """The endorsement's current period is submitted or approved: the endorsee has done their part."""
    return Exists(
        RenewalPeriod.objects.filter(
            endorsement=OuterRef("pk"), due_on=OuterRef("renewal_due"), status__in=DONE
        )
    )


def _id_batches(queryset, size):
    """Ids of `queryset` in ascending batches; one narrow query per batch."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", "renewal_due")[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1][0]


def _claim(pairs, kinds, now):
    """Insert ReminderSent rows for (endorsement id, due date, kind); return the ids inserted now."""
    if not pairs:
        return []
    table = connection.ops.quote_name(ReminderSent._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s)"] * len(pairs))
    params = []
    for (endorsement_id, due_on), kind in zip(pairs, kinds, strict=True):
        params += [endorsement_id, due_on, kind, now]
    # Only the quoted table name and the placeholders are interpolated; the values are parameters.
    sql = (
        f"INSERT INTO {table} (endorsement_id, due_on, kind, created_at) VALUES {values} "  # noqa: S608
        "ON CONFLICT (endorsement_id, due_on, kind) DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            params,
        )
        return [row[0] for row in cursor.fetchall()]


def _queue_notices(reminder_ids, today):
    from ..tasks import send_renewal_notices

    if reminder_ids:
        day = today.isoformat()
        outbox.enqueue(send_renewal_notices, reminder_ids=reminder_ids, today=day)


def _move(rows, to_status, now, note):
    """Set the status of the endorsements in `rows` [(id, from status)] and record the events."""
    ids = [pk for pk, _status in rows]
    Endorsement.objects.filter(pk__in=ids).update(status=to_status, status_changed_at=now)
    EndorsementEvent.objects.bulk_create(
        EndorsementEvent(endorsement_id=pk, at=now, from_status=status, to_status=to_status, note=note)
        for pk, status in rows
    )


def _locked(candidates, batch):
    """The batch's rows still matching `candidates`, locked; rows another sweep holds are skipped."""
    return list(
        candidates.filter(pk__in=[pk for pk, _due in batch])
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")
        .values_list("pk", "status", "renewal_due")
    )


def lapse_batch(candidates, batch, today, now):
    with transaction.atomic():
        rows = _locked(candidates, batch)
        if not rows:
            return 0
        _move(
            [(pk, status) for pk, status, _due in rows],
            Status.LAPSED,
            now,
            "Not renewed within the grace period",
        )
        RenewalPeriod.objects.filter(
            endorsement_id__in=[pk for pk, _status, _due in rows], status__in=RenewalPeriod.EDITABLE
        ).update(status=RenewalPeriod.Status.LAPSED)
        endorsements_lapsed.send(sender=Endorsement, endorsement_ids=[pk for pk, _s, _d in rows], on=today)
        claimed = _claim([(pk, due) for pk, _status, due in rows], [Kind.LAPSED] * len(rows), now)
        _queue_notices(claimed, today)
        return len(rows)


def due_batch(candidates, batch, now):
    with transaction.atomic():
        rows = _locked(candidates, batch)
        if rows:
            _move(
                [(pk, status) for pk, status, _due in rows],
                Status.RENEWAL_DUE,
                now,
                "Renewal due date passed",
            )
        return len(rows)


def reminder_batch(batch, today, now):
    with transaction.atomic():
        pairs, kinds = [], []
        for pk, due in batch:
            kind = reminder_kind((due - today).days)
            if kind is not None:
                pairs.append((pk, due))
                kinds.append(kind)
        claimed = _claim(pairs, kinds, now)
        _queue_notices(claimed, today)
        return len(claimed)


def sweep(*, today=None, batch_size=BATCH_SIZE):
    """Lapse, mark renewal due and send reminders as of `today`; returns what it did, counted."""
    today = today or timezone.localdate()
    # A day replayed by an operator records its changes on that day, so a lapse reads
    # "lapsed on" the day it took effect rather than the day of the replay.
    if today == timezone.localdate():
        now = timezone.now()
    else:
        now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(6, 0)))
    graces, own_graces = grace_periods()
    current = Endorsement.objects.filter(status__in=Endorsement.CURRENT)
    done = Counter()

    # Lapse what the public pages already call lapsed (`renewals.standing`): past the grace period
    # (the association's, else the edition's) with no renewal in hand; the coordinator's delay on
    # a submitted renewal does not lapse it. The due-date bound is implied by the standing; it
    # lets the index narrow the rows first.
    past_shortest_grace = today - datetime.timedelta(days=min(graces | own_graces, default=0))
    lapsing = with_standing(
        current.filter(renewal_due__lt=past_shortest_grace), today, (graces, own_graces)
    ).filter(standing=Standing.LAPSED)
    for batch in _id_batches(lapsing, batch_size):
        done["lapsed"] += lapse_batch(lapsing, batch, today, now)

    becoming_due = Endorsement.objects.filter(status=Status.ACTIVE, renewal_due__lt=today)
    for batch in _id_batches(becoming_due, batch_size):
        done["renewal_due"] += due_batch(becoming_due, batch, now)

    longest_grace = max(graces | own_graces, default=0)
    to_remind = current.filter(
        renewal_due__lte=today + datetime.timedelta(days=BEFORE_DUE[0][1]),
        renewal_due__gte=today - datetime.timedelta(days=longest_grace),
    ).exclude(_renewal_in_hand())
    for batch in _id_batches(to_remind, batch_size):
        done["reminders"] += reminder_batch(batch, today, now)
    return dict(done)
