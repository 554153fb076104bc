"""The daily renewal sweep (lapse, renewal due, reminders) and the renewal emails.

The sweep works in batches of endorsements by id, each batch in its own transaction with a fixed
number of queries. A reminder is claimed by inserting its `ReminderSent` row with
``ON CONFLICT DO NOTHING RETURNING``: only the rows this run inserted come back, so a job that
runs twice, or two beat processes at once, never email anyone twice. The emails are sent by a
retrying task queued after the batch commits; sending stamps `sent_at`.
"""

import datetime
from collections import Counter

from celery import shared_task
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from competencies.models import Association, Edition
from endorsement import roles
from endorsement.emails import send_templated_email

from .models import Endorsement, EndorsementEvent, ReminderSent, RenewalPeriod

BATCH_SIZE = 1000
RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 8}
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


def _past_grace(today, graces, own_graces=()):
    """Due date plus the grace days is before today (one term per distinct grace): the
    association's grace period where it set one (`own_graces`), else the edition's."""
    condition = Q(pk__in=[])
    for grace in sorted(graces):
        condition |= Q(
            association__renewal_grace_days__isnull=True,
            edition__renewal_grace_days=grace,
            renewal_due__lt=today - datetime.timedelta(days=grace),
        )
    for grace in sorted(own_graces):
        condition |= Q(
            association__renewal_grace_days=grace, renewal_due__lt=today - datetime.timedelta(days=grace)
        )
    return condition


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
    if reminder_ids:
        day = today.isoformat()
        transaction.on_commit(lambda: send_renewal_notices.delay(reminder_ids=reminder_ids, today=day))


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
    graces = set(Edition.objects.values_list("renewal_grace_days", flat=True))
    own_graces = set(
        Association.objects.exclude(renewal_grace_days=None).values_list("renewal_grace_days", flat=True)
    )
    current = Endorsement.objects.filter(status__in=Endorsement.CURRENT)
    done = Counter()

    # An endorsee whose renewal waits for the coordinator does not lapse for the coordinator's delay.
    lapsing = current.filter(_past_grace(today, graces, own_graces)).exclude(_renewal_in_hand())
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


@shared_task(acks_late=True)
def renewal_sweep(today=None):
    """The daily beat job; `today` (YYYY-MM-DD) lets an operator replay a missed day."""
    day = datetime.date.fromisoformat(today) if isinstance(today, str) else today
    return sweep(today=day)


# --- emails ----------------------------------------------------------------------------------


def _renewal_url(endorsement_id):
    return reverse("renewals:renewal", args=[endorsement_id])


@shared_task(acks_late=True, **RETRY)
def send_renewal_notices(*, reminder_ids, today=None):
    """Email the claimed reminders not yet sent; a retry after a failure sends only the rest.

    `today` is the sweep's day, so that "due in N days" is right for a replayed day too."""
    reminders = ReminderSent.objects.filter(pk__in=reminder_ids, sent_at__isnull=True).select_related(
        "endorsement__holder", "endorsement__category", "endorsement__association"
    )
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    sent = []
    try:
        for reminder in reminders.order_by("pk"):
            endorsement = reminder.endorsement
            if not endorsement.holder.email:
                continue
            name = "renewal_lapsed" if reminder.kind == Kind.LAPSED else "renewal_reminder"
            send_templated_email(
                name,
                {
                    "endorsement": endorsement,
                    "reminder": reminder,
                    "days_left": (reminder.due_on - today).days,
                    "overdue": reminder.kind == Kind.OVERDUE,
                    "url": _renewal_url(endorsement.pk),
                },
                [endorsement.holder.email],
            )
            sent.append(reminder.pk)
    finally:
        # Stamped together (one UPDATE, not one commit per email), and also when a send fails
        # midway, so that the retry sends only the rest.
        if sent:
            ReminderSent.objects.filter(pk__in=sent).update(sent_at=timezone.now())


def _period(period_id):
    return (
        RenewalPeriod.objects.select_related("endorsement__holder", "endorsement__category")
        .filter(pk=period_id)
        .first()
    )


@shared_task(acks_late=True, **RETRY)
def send_changes_requested(*, period_id):
    period = _period(period_id)
    if period is None or period.status != RenewalPeriod.Status.CHANGES_REQUESTED:
        return
    endorsement = period.endorsement
    send_templated_email(
        "renewal_changes_requested",
        {"endorsement": endorsement, "period": period, "url": _renewal_url(endorsement.pk)},
        [endorsement.holder.email],
    )


@shared_task(acks_late=True, **RETRY)
def notify_coordinators_of_renewal(*, period_id):
    period = _period(period_id)
    if period is None or period.status != RenewalPeriod.Status.SUBMITTED:
        return
    coordinators = roles.people(roles.COORDINATOR, period.endorsement.association_id)
    emails = sorted({user.email for user in coordinators if user.email})
    if emails:
        send_templated_email(
            "renewal_submitted",
            {
                "period": period,
                "endorsement": period.endorsement,
                "url": reverse("renewal_queue:detail", args=[period.pk]),
            },
            emails,
        )
