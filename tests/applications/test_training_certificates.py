"""A training entry carries its certificate of attendance, checked like a transcript and readable
by the people who may read the transcripts."""

import pytest
from django.urls import reverse

from applications.models import Document, TrainingEntry
from reviews import services as reviews
from tests import hostile_files
from tests.endorsement.staff_factories import give_totp
from tests.reviews.factories import in_review, make_coordinator, make_reviewer

from .factories import PDF_BYTES, make_application, make_complete_ifa, make_user, upload
from .test_views_sections import training_data

pytestmark = pytest.mark.django_db


def training_with(file):
    return training_data(**{"training-upload": file})


def test_a_certificate_of_attendance_is_stored_and_listed_with_its_training(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    url = reverse("applications:training", args=[application.pk])
    assert 'id="id_training-upload"' in client.get(url).text

    response = client.post(url, training_with(upload("Attendance certificate.pdf")))

    assert response.status_code == 302
    entry = TrainingEntry.objects.get(application=application)
    assert entry.certificate.kind == Document.Kind.CERTIFICATE
    assert entry.certificate.original_name == "Attendance_certificate.pdf"
    page = client.get(url).text
    assert "Certificate: " in page and entry.certificate.get_absolute_url() in page
    assert b"".join(client.get(entry.certificate.get_absolute_url()).streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"MZ\x90\x00 a program", "is not a PDF, JPEG or PNG file"),
        (hostile_files.pdf_with_document_js(), "contains JavaScript"),
    ],
)
def test_a_refused_certificate_keeps_the_rest_of_the_training_form(client, guidelines, content, what):
    application = make_application(code="IFA")
    client.force_login(application.applicant)

    response = client.post(
        reverse("applications:training", args=[application.pk]), training_with(upload("cert.pdf", content))
    )

    assert response.status_code == 200
    assert 'id="id_training-upload_error"' in response.text and what in response.text
    assert 'value="Attachment and early relationships"' in response.text
    assert 'value="State association"' in response.text
    assert not TrainingEntry.objects.exists() and not Document.objects.exists()


def test_the_coordinator_and_the_assigned_reviewer_open_the_certificate_and_outsiders_do_not(
    client, guidelines
):
    application = make_complete_ifa()
    client.force_login(application.applicant)
    client.post(reverse("applications:training", args=[application.pk]), training_with(upload("cert.pdf")))
    certificate = TrainingEntry.objects.get(application=application, certificate__isnull=False).certificate
    coordinator = make_coordinator()
    in_review(application, coordinator)
    reviewer = make_reviewer()
    reviews.assign_reviewer(application, reviewer, by=coordinator)

    for person in (coordinator, reviewer):
        give_totp(person)
        client.force_login(person)
        assert client.get(certificate.get_absolute_url()).status_code == 200
    client.force_login(coordinator)
    work = client.get(reverse("reviews:work", args=[application.pk])).text
    assert certificate.get_absolute_url() in work
    other_reviewer = make_reviewer(legal_name="Other Reviewer")
    give_totp(other_reviewer)
    for outsider in (other_reviewer, make_user()):
        client.force_login(outsider)
        assert client.get(certificate.get_absolute_url()).status_code == 404
