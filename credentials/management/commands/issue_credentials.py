"""Issue and sign a credential for every valid endorsement that has none (idempotent)."""

import time

from django.core.management.base import BaseCommand

from credentials import services
from credentials.models import Credential
from renewals.models import Endorsement
from renewals.standing import VALID, with_standing


class Command(BaseCommand):
    help = (
        "Issue and sign, in this process, the credential of every endorsement valid today that has "
        "no live credential (e.g. endorsements loaded by seed_endorsements). Running it again does nothing."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        live = Credential.objects.filter(status__in=services.LIVE).values("endorsement")
        missing = with_standing(Endorsement.objects.exclude(pk__in=live)).filter(standing__in=VALID)
        issued = 0
        for endorsement in missing.order_by("pk").iterator(chunk_size=500):
            credential = services.issue_credential(endorsement)
            services.sign(credential.pk)
            issued += 1
        pending = Credential.objects.filter(status=Credential.Status.PENDING).values_list("pk", flat=True)
        signed = 0
        for credential_id in list(pending):
            services.sign(credential_id)
            signed += 1
        self.stdout.write(
            f"Issued {issued} credential(s), signed {signed} pending one(s) in {time.monotonic() - started:.1f} s."
        )
