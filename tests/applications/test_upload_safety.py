"""Bad input at the edges: real sizes in the message, request bodies capped before they are read,
PDFs with scripts or launch actions refused by parsing them, uploads scanned by clamd (INSTREAM)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from applications.models import Degree, Document
from endorsement import clamav
from endorsement.request_limits import describe_size
from tests import hostile_files
from tests.fake_clamd import EICAR, FakeClamd, closed_port

from .factories import PDF_BYTES, make_application, upload
from .test_uploads import degree_data, stored_files

pytestmark = pytest.mark.django_db

TEN_MB = 10 * 1024 * 1024


@pytest.fixture
def applicant_client(client, guidelines):
    application = make_application(code="IFS")
    client.force_login(application.applicant)
    client.application = application
    # The test media folder outlives a test database's rows (SQLite reuses the numbers), so
    # "nothing stored" is compared with what was there.
    client.stored_before = stored_files(application)
    return client


def post_degree(client, name, content):
    return client.post(
        reverse("applications:education", args=[client.application.pk]), degree_data(upload(name, content))
    )


def assert_refused_at_the_field(response, client, message):
    assert response.status_code == 200
    assert 'id="id_degree-upload_error"' in response.text
    assert message in response.text
    assert 'value="State University"' in response.text and 'value="BSW"' in response.text
    assert not Document.objects.exists() and not Degree.objects.exists()
    assert stored_files(client.application) == client.stored_before


def test_ten_megabytes_and_one_byte_is_described_by_its_real_size(applicant_client):
    response = post_degree(applicant_client, "big.pdf", PDF_BYTES + b"\0" * (TEN_MB + 1 - len(PDF_BYTES)))

    assert_refused_at_the_field(
        response,
        applicant_client,
        "This file is 10.000001 MB (10,485,761 bytes); files can be at most 10 MB.",
    )


def test_describe_size_is_never_the_limit_itself():
    assert describe_size(TEN_MB + 1, TEN_MB) == "10.000001 MB (10,485,761 bytes)"
    assert describe_size(TEN_MB + 200 * 1024, TEN_MB) == "10.2 MB (10,690,560 bytes)"
    assert describe_size(30 * 1024 * 1024) == "30.0 MB (31,457,280 bytes)"


def test_a_30_mb_body_is_refused_from_its_length_before_it_is_read(applicant_client):
    url = reverse("applications:education", args=[applicant_client.application.pk])

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = applicant_client.generic(
        "POST",
        url,
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(30 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == 413
    assert "What you sent is 30.0 MB (31,457,280 bytes); a file can be at most 10.0 MB" in response.text
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize(
    ("label", "content", "what"),
    [
        ("document JavaScript", hostile_files.pdf_with_document_js(), "contains JavaScript"),
        ("OpenAction script", hostile_files.pdf_with_open_action(), "contains JavaScript"),
        ("page-open script", hostile_files.pdf_with_page_action(), "contains JavaScript"),
        ("Launch link", hostile_files.pdf_with_link_annotation("/Launch", "cmd.exe"), "launches a program"),
        ("Launch OpenAction", hostile_files.pdf_with_open_action("/Launch", "/bin/sh"), "launches a program"),
        ("script in an object stream", hostile_files.pdf_with_object_streams(), "contains JavaScript"),
        ("XFA form", hostile_files.pdf_with_xfa(), "XFA form"),
    ],
)
def test_a_pdf_with_active_content_is_refused_at_the_field(applicant_client, label, content, what):
    response = post_degree(applicant_client, "transcript.pdf", content)

    assert_refused_at_the_field(response, applicant_client, what)


def test_a_clean_pdf_from_a_pdf_writer_is_accepted(applicant_client):
    response = post_degree(applicant_client, "transcript.pdf", hostile_files.clean_pdf())

    assert response.status_code == 302
    assert Document.objects.count() == 1


def test_a_damaged_pdf_is_refused_with_what_to_do(applicant_client):
    response = post_degree(applicant_client, "transcript.pdf", PDF_BYTES[: len(PDF_BYTES) // 2])

    assert_refused_at_the_field(response, applicant_client, "could not be read as a PDF")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("eicar-in.pdf", PDF_BYTES.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%" + EICAR + b"\n", 1)),
        ("attached.pdf", hostile_files.pdf_with_embedded_eicar()),
        ("scan.png", hostile_files.PNG_BYTES + EICAR),
    ],
)
def test_clamd_over_tcp_flags_eicar_and_nothing_is_stored(applicant_client, settings, name, content):
    with FakeClamd() as clamd:
        settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", clamd.port
        response = post_degree(applicant_client, name, content)
        assert clamd.scanned == 1

    assert_refused_at_the_field(response, applicant_client, "Our virus scanner flagged")
    assert "Eicar-Signature" in response.text


def test_clamd_over_a_unix_socket_passes_a_clean_file(applicant_client, settings, tmp_path):
    path = tmp_path / "clamd.sock"
    with FakeClamd(socket_path=path) as clamd:
        settings.CLAMD_SOCKET = str(path)
        response = post_degree(applicant_client, "transcript.pdf", hostile_files.clean_pdf())
        assert clamd.scanned == 1

    assert response.status_code == 302
    assert Document.objects.count() == 1


def test_a_configured_clamd_that_does_not_answer_refuses_the_upload(applicant_client, settings):
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", closed_port()

    response = post_degree(applicant_client, "transcript.pdf", hostile_files.clean_pdf())

    assert_refused_at_the_field(response, applicant_client, "could not check")


@override_settings(CLAMD_HOST="", CLAMD_SOCKET="")
def test_scanning_is_off_when_clamd_is_not_configured():
    assert not clamav.enabled()
