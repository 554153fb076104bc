import os

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from applications.models import Degree, Document
from applications.uploads import safe_filename

from .factories import PDF_BYTES, PNG_BYTES, make_application, upload

pytestmark = pytest.mark.django_db


def degree_data(file):
    return {
        "kind": "degree",
        "degree-level": "bachelor",
        "degree-name": "BSW",
        "degree-institution": "State University",
        "degree-conferred": "2015-05-20",
        "degree-upload": file,
    }


def stored_files(application):
    folder = os.path.join(settings.MEDIA_ROOT, "applications", str(application.pk))
    return [name for _root, _dirs, names in os.walk(folder) for name in names]


def test_a_pdf_named_file_that_is_not_a_pdf_is_refused_at_the_field_and_the_rest_is_kept(client, guidelines):
    application = make_application(code="IFS")
    # The test media folder outlives a test database's rows, so compare with what was there.
    before = stored_files(application)
    client.force_login(application.applicant)
    fake = upload("transcript.pdf", b"MZ\x90\x00 this is a program, not a transcript")
    response = client.post(reverse("applications:education", args=[application.pk]), degree_data(fake))
    assert response.status_code == 200
    assert 'id="id_degree-upload_error"' in response.text
    assert "is not a PDF, JPEG or PNG file" in response.text
    assert 'value="State University"' in response.text and 'value="BSW"' in response.text
    assert not Document.objects.exists()
    assert not Degree.objects.exists()
    assert stored_files(application) == before


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_an_oversize_file_is_refused(client, guidelines):
    application = make_application(code="IFS")
    client.force_login(application.applicant)
    big = upload("transcript.pdf", PDF_BYTES + b"0" * 2048)
    response = client.post(reverse("applications:education", args=[application.pk]), degree_data(big))
    assert 'id="id_degree-upload_error"' in response.text
    assert "files can be at most" in response.text
    assert not Document.objects.exists()


def test_a_real_pdf_is_stored_privately_and_served_to_the_owner(client, guidelines):
    application = make_application(code="IFS")
    client.force_login(application.applicant)
    response = client.post(
        reverse("applications:education", args=[application.pk]),
        degree_data(upload("../My Transcript (final).pdf")),
    )
    assert response.status_code == 302
    degree = Degree.objects.get(application=application)
    document = degree.transcript
    assert (document.content_type, document.size, len(document.sha256)) == (
        "application/pdf",
        len(PDF_BYTES),
        64,
    )
    assert document.original_name == "My_Transcript_final.pdf"
    served = client.get(document.get_absolute_url())
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF_BYTES
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("inline")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "private" in served["Cache-Control"]
    download = client.get(document.get_absolute_url() + "?download=1")
    assert download["Content-Disposition"].startswith("attachment")


def test_the_extension_follows_the_content(client, guidelines):
    application = make_application(code="IFS")
    client.force_login(application.applicant)
    client.post(
        reverse("applications:education", args=[application.pk]), degree_data(upload("scan.pdf", PNG_BYTES))
    )
    document = Document.objects.get()
    assert (document.content_type, document.original_name) == ("image/png", "scan.png")


def test_safe_filename():
    assert safe_filename("../../etc/passwd", ".pdf") == "passwd.pdf"
    assert safe_filename("résumé final.exe", ".png") == "résumé_final.png"
    assert safe_filename("", ".jpg") == "document.jpg"
    assert safe_filename("...", ".pdf") == "document.pdf"
