"""An endorsement's standing on a date: the one truth the public pages and credentials read.

The stored `Endorsement.status` changes only when a service or the daily sweep runs; the public
must not depend on that. `standing_expression(day)` computes the standing in SQL from the
endorsement's dates and its grace period (the association's, else the edition's), so a list can filter on it
(`with_standing(queryset, day).filter(standing__in=LISTED)`), and `standing_on(endorsement, day)`
reads the same expression for one endorsement. The sweep lapses exactly what this says is
lapsed; it records the transition and sends the notice.

Standings, in order of precedence:

* revoked, retired, inactive — the stored status a person set; dates do not undo it;
* lapsed — stored as lapsed, or past the grace period with no renewal submitted;
* expired — past the grace period while a submitted renewal waits for the coordinator: not
  valid today, but not lapsed either (approving the renewal restores it without reapplying);
* in_grace — past the renewal due date, within the edition's grace period: still valid;
* current — on or before the renewal due date.
"""

import datetime

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from competencies import content
from competencies.models import Association, Edition

from .models import Endorsement, RenewalPeriod

Status = Endorsement.Status


class Standing(models.TextChoices):
    CURRENT = "current", pgettext_lazy("standing", "Current")
    IN_GRACE = "in_grace", pgettext_lazy("standing", "In grace period")
    EXPIRED = "expired", pgettext_lazy("standing", "Expired")
    LAPSED = "lapsed", pgettext_lazy("standing", "Lapsed")
    REVOKED = "revoked", pgettext_lazy("standing", "Revoked")
    RETIRED = "retired", pgettext_lazy("standing", "Retired")
    INACTIVE = "inactive", pgettext_lazy("standing", "Inactive")


# Standings in which the endorsement is valid: it verifies as valid and the directory lists it.
VALID = (Standing.CURRENT, Standing.IN_GRACE)
# A renewal the endorsee has done their part for: the coordinator's delay does not lapse it.
RENEWAL_IN_HAND = (RenewalPeriod.Status.SUBMITTED, RenewalPeriod.Status.APPROVED)


def renewal_in_hand():
    """The endorsement's current period is submitted or approved."""
    return Exists(
        RenewalPeriod.objects.filter(
            endorsement=OuterRef("pk"), due_on=OuterRef("renewal_due"), status__in=RENEWAL_IN_HAND
        )
    )


def grace_periods():
    """(the editions' grace days, the associations' own grace days): the terms of `within_grace`,
    read once per change of the guidelines."""

    def read():
        return (
            set(Edition.objects.order_by().values_list("renewal_grace_days", flat=True).distinct()),
            set(
                Association.objects.exclude(renewal_grace_days=None)
                .order_by()
                .values_list("renewal_grace_days", flat=True)
            ),
        )

    return content.kept("grace-periods", read)


def within_grace(day, graces=None):
    """The due date plus the grace days is on or after `day`: the association's grace period
    where it set one, else the edition's (one term per distinct grace)."""
    edition_graces, own_graces = graces if graces is not None else grace_periods()
    condition = Q(pk__in=[])
    for grace in sorted(edition_graces):
        condition |= Q(
            association__renewal_grace_days__isnull=True,
            edition__renewal_grace_days=grace,
            renewal_due__gte=day - datetime.timedelta(days=grace),
        )
    for grace in sorted(own_graces):
        condition |= Q(
            association__renewal_grace_days=grace, renewal_due__gte=day - datetime.timedelta(days=grace)
        )
    return condition


def standing_expression(day, graces=None):
    """The standing on `day` as a SQL CASE over the endorsement's row (see the module docstring)."""
    return Case(
        When(status=Status.REVOKED, then=Value(Standing.REVOKED.value)),
        When(status=Status.RETIRED, then=Value(Standing.RETIRED.value)),
        When(status=Status.INACTIVE, then=Value(Standing.INACTIVE.value)),
        When(status=Status.LAPSED, then=Value(Standing.LAPSED.value)),
        When(renewal_due__gte=day, then=Value(Standing.CURRENT.value)),
        When(within_grace(day, graces), then=Value(Standing.IN_GRACE.value)),
        When(renewal_in_hand(), then=Value(Standing.EXPIRED.value)),
        default=Value(Standing.LAPSED.value),
        output_field=models.CharField(max_length=12),
    )


def with_standing(queryset, day=None, graces=None):
    """`queryset` of endorsements annotated with `standing` on `day` (default today)."""
    return queryset.annotate(standing=standing_expression(day or timezone.localdate(), graces))


# Stored statuses a person set (or the sweep recorded): dates do not make these valid.
NEVER_VALID = (Status.REVOKED, Status.RETIRED, Status.INACTIVE, Status.LAPSED)


def valid_on(queryset, day=None):
    """The endorsements of `queryset` that are valid on `day`: what the directory may list.

    Annotated with `standing`; filtered by what makes `standing_expression` current or in
    grace, written as plain conditions on the columns (the same rows as ``standing__in=VALID``)
    so that the planner estimates them and an index can serve the directory's order."""
    day = day or timezone.localdate()
    graces = grace_periods()
    valid = ~Q(status__in=NEVER_VALID) & (Q(renewal_due__gte=day) | within_grace(day, graces))
    return with_standing(queryset, day, graces).filter(valid)


def standing_on(endorsement, day=None):
    """The standing of one endorsement on `day` (default today), from the same expression."""
    value = (
        with_standing(Endorsement.objects.filter(pk=endorsement.pk), day)
        .values_list("standing", flat=True)
        .first()
    )
    return Standing(value)


def grace_ends_on(endorsement):
    """The last day an unrenewed endorsement stays valid after its due date."""
    days = endorsement.association.policy("renewal_grace_days", endorsement.edition.renewal_grace_days)
    return endorsement.renewal_due + datetime.timedelta(days=days)


def standing_sentence(endorsement, standing):
    """The standing in one plain sentence, as the public reads it."""
    due = endorsement.renewal_due
    grace_end = grace_ends_on(endorsement)
    since = timezone.localdate(endorsement.status_changed_at)
    if standing == Standing.CURRENT:
        return _("Current: valid until %(due)s.") % {"due": date_format(due)}
    if standing == Standing.IN_GRACE:
        return _(
            "In grace period: the renewal was due on %(due)s; the endorsement stays valid "
            "until %(grace_end)s while the renewal is completed."
        ) % {"due": date_format(due), "grace_end": date_format(grace_end)}
    if standing == Standing.EXPIRED:
        return _(
            "Expired on %(grace_end)s: a renewal has been submitted and is waiting for the "
            "association's decision; the endorsement is not valid until it is approved."
        ) % {"grace_end": date_format(grace_end)}
    if standing == Standing.LAPSED:
        # The sweep may not have run yet: the lapse took effect the day after the grace ended.
        lapsed_on = since if endorsement.status == Status.LAPSED else grace_end + datetime.timedelta(days=1)
        return _(
            "Lapsed: this endorsement lapsed on %(lapsed_on)s because it was not renewed; "
            "it is not currently valid."
        ) % {"lapsed_on": date_format(lapsed_on)}
    # Whole sentences, not a verb slotted into one: Spanish words them differently.
    sentences = {
        Standing.REVOKED: _("This endorsement was revoked on %(since)s; it is not currently valid."),
        Standing.RETIRED: _("This endorsement was retired on %(since)s; it is not currently valid."),
        Standing.INACTIVE: _(
            "This endorsement has been inactive since %(since)s; it is not currently valid."
        ),
    }
    return sentences[standing] % {"since": date_format(since)}
