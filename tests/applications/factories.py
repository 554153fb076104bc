"""Small builders for applicant-side tests: verified users, applications through the services."""

import datetime
import itertools
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from applications.models import Profile, RSCEntry, TrainingEntry, WorkPeriod
from applications.services import lifecycle as services
from endorsement import roles

_numbers = itertools.count(1)


def make_user(*, email=None, verified=True, legal_name="Alex Applicant"):
    number = next(_numbers)
    email = email or f"person{number}@example.org"
    user = get_user_model().objects.create_user(
        username=f"person{number}", email=email, first_name="Alex", last_name="Applicant"
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if legal_name:
        Profile.objects.create(user=user, legal_name=legal_name)
    return user


def make_coordinator():
    roles.ensure_groups()
    from django.contrib.auth.models import Group

    user = make_user(legal_name="Casey Coordinator")
    user.groups.add(Group.objects.get(name=roles.COORDINATORS))
    from tests.endorsement.staff_factories import join

    join(user, roles.COORDINATOR)  # of every association
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())  # staff must have an authenticator app
    return user


def category(code="IFA", edition="orimha"):
    from competencies.models import Category

    return Category.objects.select_related("edition").get(edition__slug=edition, code=code)


def make_application(user=None, code="IFA", edition="orimha"):
    user = user or make_user()
    return services.start_application(user, category(code, edition))


def add_training(application, count, hours="1.5", start=datetime.date(2024, 1, 1)):
    TrainingEntry.objects.bulk_create(
        TrainingEntry(
            application=application,
            title=f"Training {index}",
            date=start + datetime.timedelta(days=index % 300),
            hours=Decimal(hours),
        )
        for index in range(count)
    )


def add_rsc(application, count, hours="1", endorsements=("IMHM-C",)):
    RSCEntry.objects.bulk_create(
        RSCEntry(
            application=application,
            provider=f"Provider {index % 3}",
            provider_endorsements=list(endorsements),
            start=datetime.date(2024, 1, 1) + datetime.timedelta(days=index),
            end=datetime.date(2024, 1, 1) + datetime.timedelta(days=index),
            hours=Decimal(hours),
        )
        for index in range(count)
    )


def add_work(application, count):
    WorkPeriod.objects.bulk_create(
        WorkPeriod(
            application=application,
            title=f"Home visitor {index}",
            employer="Family Services",
            start=datetime.date(2015 + index, 1, 1),
            end=datetime.date(2015 + index, 12, 31),
            paid=True,
            infant_related=True,
            families_served=5,
            relationship_focus=True,
        )
        for index in range(count)
    )


# Tiny files whose first bytes are what the upload check looks for.
def _one_page_pdf():
    """A one-page PDF with a correct cross-reference table, as PDF writers make them (uploads are
    parsed: see endorsement/pdf_inspection.py)."""
    objects = [
        b"<< /Type /Pages /Count 1 /Kids [ 3 0 R ] >>",
        b"<< /Type /Catalog /Pages 1 0 R >>",
        b"<< /Type /Page /Resources << >> /MediaBox [ 0 0 72 72 ] /Parent 1 0 R >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 2 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF_BYTES = _one_page_pdf()
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name="transcript.pdf", content=PDF_BYTES, content_type="application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def make_complete_ifa(user=None):
    """An IFA application in which every requirement is met and three ratings are in."""
    from django.utils import timezone

    from applications.models import Attestation, Coursework, Document, ReferenceRequest
    from applications.uploads import store_document

    application = make_application(user, "IFA")
    document = store_document(application, upload(), kind=Document.Kind.TRANSCRIPT, by=application.applicant)
    Coursework.objects.create(application=application, institution="Community College", transcript=document)
    add_training(application, 20, hours="1.5")
    for role, codes in (("current_supervisor", ["IFS"]), ("colleague", []), ("parent", [])):
        ReferenceRequest.objects.create(
            application=application,
            name=f"Rater {role}",
            email=f"{role}@example.org",
            role=role,
            rater_endorsements=codes,
            status=ReferenceRequest.Status.SUBMITTED,
            answered_at=timezone.now(),
        )
    for kind in Attestation.Kind.values:
        Attestation.objects.create(
            application=application, kind=kind, signed_name="Alex Applicant", text_version="default/x/2025-1"
        )
    application.membership_association = "Infant Mental Health Association"
    application.membership_expires = timezone.localdate() + datetime.timedelta(days=200)
    application.save()
    return application
