"""Uploads and certificates in an S3 bucket, against moto's S3 server on 127.0.0.1.

The design: the bucket is private and browsers never reach it. Every download streams through
the permission-checked view, so a revoked permission takes effect at once and nothing needs the
bucket to be reachable from outside (in docker-compose it is not).
"""

import hashlib

import boto3
import pytest
from botocore.exceptions import ClientError
from django.test import override_settings
from django.urls import reverse

from applications.models import Degree
from endorsement import health
from renewals.models import Certificate
from tests.applications.factories import PDF_BYTES, make_application, make_user, upload
from tests.renewals.endorsee_factories import endorse

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BUCKET = "endorsement-test"
KEYS = {"aws_access_key_id": "moto-access", "aws_secret_access_key": "moto-secret"}


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)  # a free port
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_client(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **KEYS)


def bucket_storages(endpoint, bucket=BUCKET):
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 60,
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def bucket(s3_server):
    client = s3_client(s3_server)
    client.create_bucket(Bucket=BUCKET)
    health.reset_cache()
    with override_settings(STORAGES=bucket_storages(s3_server), AWS_STORAGE_BUCKET_NAME=BUCKET):
        yield client
    health.reset_cache()
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def is_private(client, key):
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return all(grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants)


def test_an_upload_lands_privately_in_the_bucket_and_streams_only_to_who_may_see_it(
    bucket, client, guidelines
):
    application = make_application(code="IFS")
    client.force_login(application.applicant)

    response = client.post(
        reverse("applications:education", args=[application.pk]),
        {
            "kind": "degree",
            "degree-level": "bachelor",
            "degree-name": "BSW",
            "degree-institution": "State University",
            "degree-conferred": "2015-05-20",
            "degree-upload": upload("transcript.pdf"),
        },
    )

    assert response.status_code == 302
    document = Degree.objects.get(application=application).transcript
    stored = bucket.get_object(Bucket=BUCKET, Key=document.file.name)
    assert stored["Body"].read() == PDF_BYTES
    assert is_private(bucket, document.file.name)

    served = client.get(document.get_absolute_url())
    assert served.status_code == 200  # streamed by Django, not a redirect to the bucket
    assert b"".join(served.streaming_content) == PDF_BYTES
    assert "private" in served["Cache-Control"]

    client.force_login(make_user(email="someone.else@example.org"))
    assert client.get(document.get_absolute_url()).status_code == 404


def test_the_certificate_task_writes_the_pdf_to_the_bucket_and_the_endorsee_downloads_it(
    bucket, client, guidelines, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        endorsement = endorse(name="Jordan Lee")
    certificate = Certificate.objects.get(endorsement=endorsement)
    assert certificate.is_rendered()
    stored = bucket.get_object(Bucket=BUCKET, Key=certificate.file.name)["Body"].read()
    assert stored.startswith(b"%PDF") and hashlib.sha256(stored).hexdigest() == certificate.sha256
    assert is_private(bucket, certificate.file.name)

    client.force_login(endorsement.holder)
    response = client.get(reverse("renewals:certificate", args=[endorsement.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored

    client.force_login(make_user(email="someone.else@example.org"))
    assert client.get(reverse("renewals:certificate", args=[endorsement.pk])).status_code == 404


def test_a_deleted_file_is_gone_from_the_bucket(bucket, guidelines):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("applications/1/note.pdf", ContentFile(PDF_BYTES))
    assert default_storage.exists(name)

    default_storage.delete(name)

    assert not default_storage.exists(name)
    with pytest.raises(ClientError):
        bucket.head_object(Bucket=BUCKET, Key=name)


def test_healthz_reports_the_bucket(bucket, client, s3_server):
    assert client.get("/healthz").json()["storage"] == "ok"

    health.reset_cache()
    with override_settings(
        STORAGES=bucket_storages(s3_server, "no-such-bucket"), AWS_STORAGE_BUCKET_NAME="no-such-bucket"
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["storage"] == "unavailable"
