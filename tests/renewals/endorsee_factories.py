"""Endorsements built through the real grant service, for the endorsee and public page tests."""

import datetime

from applications.models import Application, Profile
from renewals.models import Endorsement
from renewals.services import endorsements as services
from tests.applications.factories import make_application, make_user

TODAY = datetime.date.today()


def approved(user=None, *, code="IFA", edition="orimha"):
    """An application marked approved directly (the review's own tests cover the decision)."""
    application = make_application(user, code=code, edition=edition)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.APPROVED)
    application.refresh_from_db()
    return application


def endorse(
    user=None,
    *,
    code="IFA",
    edition="orimha",
    granted_on=None,
    name="Alex Applicant",
    region="",
    listed=False,
    status=None,
):
    """A person with a profile, endorsed through `grant_endorsement`, optionally moved to `status`."""
    user = user or make_user(legal_name=name)
    Profile.objects.filter(user=user).update(region=region, directory_opt_in=listed)
    endorsement = services.grant_endorsement(
        approved(user, code=code, edition=edition),
        granted_on=granted_on or TODAY - datetime.timedelta(days=30),
    )
    if status is not None and status != endorsement.status:
        endorsement = services.change_status(endorsement, status, note="Set up by the test")
    return Endorsement.objects.get(pk=endorsement.pk)


def listed_copies(endorsement, count, name, *, region=""):
    """`count` more listed endorsements like `endorsement` (in bulk, no grant), held by the same
    person under the names `name.format(n)` for n from 1: enough rows to page through."""
    return Endorsement.objects.bulk_create(
        Endorsement(
            holder=endorsement.holder,
            association=endorsement.association,
            edition=endorsement.edition,
            category=endorsement.category,
            number=f"BULK-{index:05d}",
            verification_code=f"bulk{index}",
            holder_name=name.format(index + 1),
            granted_on=endorsement.granted_on,
            renewal_due=endorsement.renewal_due,
            listed_in_directory=True,
            region=region,
        )
        for index in range(count)
    )
