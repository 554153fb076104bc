"""Endorse every approved application that has no endorsement yet: `manage.py seed_endorsements`.

For demos and benchmarks after `seed_demo`: rows are written in bulk, a batch per association,
with numbers taken under the association's sequence lock exactly as `grant_endorsement` takes
them. PDFs are rendered only with --render (in this process; no email). Running it again grants
nothing new. A holder with a lapsed endorsement in the same category is reinstated one by one
through `grant_endorsement`, which knows how.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from applications.models import Application
from renewals.certificates import store_certificate
from renewals.models import (
    Certificate,
    Endorsement,
    EndorsementEvent,
    EndorsementNumberSequence,
    RenewalPeriod,
)
from renewals.services import endorsements as services

BATCH = 500


class Command(BaseCommand):
    help = "Grant endorsements for approved applications that lack one (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--render", action="store_true", help="Render the certificate PDFs too (slow).")

    def handle(self, *args, render=False, **options):
        started = time.monotonic()
        pending = (
            Application.objects.filter(status=Application.Status.APPROVED, endorsement__isnull=True)
            .select_related("category__edition__association", "applicant__profile")
            .order_by("pk")
        )
        lapsed = set(
            Endorsement.objects.filter(status=Endorsement.Status.LAPSED).values_list(
                "holder_id", "association_id", "category__code"
            )
        )
        granted = reinstated = 0
        batch = []
        for application in pending.iterator(chunk_size=BATCH):
            edition = application.category.edition
            if (application.applicant_id, edition.association_id, application.category.code) in lapsed:
                services.grant_endorsement(application, granted_on=self.granted_on(application))
                reinstated += 1
                continue
            batch.append(application)
            if len(batch) >= BATCH:
                granted += self.grant_batch(batch)
                batch = []
        if batch:
            granted += self.grant_batch(batch)

        rendered = 0
        if render:
            for certificate in Certificate.objects.filter(rendered_at__isnull=True).select_related(
                "endorsement__category", "endorsement__edition", "endorsement__association"
            ):
                rendered += store_certificate(certificate)
        self.stdout.write(
            f"Granted {granted} endorsement(s), reinstated {reinstated}, rendered {rendered} certificate(s) "
            f"in {time.monotonic() - started:.1f} s."
        )

    @staticmethod
    def granted_on(application):
        return timezone.localdate(application.decided_at) if application.decided_at else timezone.localdate()

    @transaction.atomic
    def grant_batch(self, applications):
        by_association = {}
        for application in applications:
            by_association.setdefault(application.category.edition.association, []).append(application)
        now = timezone.now()
        endorsements = []
        for association, members in sorted(by_association.items(), key=lambda item: item[0].pk):
            EndorsementNumberSequence.objects.get_or_create(association=association)
            sequence = EndorsementNumberSequence.objects.select_for_update().get(association=association)
            for application in members:
                sequence.last_number += 1
                granted_on = self.granted_on(application)
                edition = application.category.edition
                name, listed, region = services.holder_details(application.applicant)
                endorsements.append(
                    Endorsement(
                        holder_id=application.applicant_id,
                        application=application,
                        association=association,
                        edition=edition,
                        category=application.category,
                        number=f"{association.short_name}-{sequence.last_number:05d}",
                        holder_name=name,
                        granted_on=granted_on,
                        renewal_due=services.renewal_due_after(edition, granted_on, first=True),
                        status_changed_at=now,
                        listed_in_directory=listed,
                        region=region,
                    )
                )
            sequence.save(update_fields=["last_number"])
        Endorsement.objects.bulk_create(endorsements)
        EndorsementEvent.objects.bulk_create(
            EndorsementEvent(
                endorsement=e,
                to_status=e.status,
                note=f"Granted on application {e.application_id} (seed_endorsements)",
            )
            for e in endorsements
        )
        RenewalPeriod.objects.bulk_create(
            RenewalPeriod(endorsement=e, starts_on=e.granted_on, due_on=e.renewal_due) for e in endorsements
        )
        Certificate.objects.bulk_create(
            Certificate(endorsement=e, valid_from=e.granted_on, valid_until=e.renewal_due)
            for e in endorsements
        )
        return len(endorsements)
