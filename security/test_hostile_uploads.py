"""At least 500 generated hostile uploads through the real upload form, with clamd (a local fake
speaking INSTREAM) configured: each is refused at the field with nothing stored, or (a hostile
name on a harmless file) stored under a safe name and served with its detected type."""

import os
import re
from collections import Counter

import pytest
from django.conf import settings
from django.urls import reverse

from applications.models import Degree, Document
from tests.applications.factories import make_application, upload
from tests.applications.test_uploads import degree_data
from tests.fake_clamd import FakeClamd
from tests.hostile_files import hostile_uploads

pytestmark = pytest.mark.django_db
COUNT = 500
SAFE_NAME = re.compile(r"^[\w\-]{1,80}\.(pdf|png|jpg)$")  # no separators, dots or controls


def test_hostile_uploads_are_refused_or_stored_safely(client, guidelines, figures):
    application = make_application(code="IFS")
    client.force_login(application.applicant)
    url = reverse("applications:education", args=[application.pk])
    outcomes, problems = Counter(), []
    with FakeClamd() as clamd:
        settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", clamd.port
        try:
            for hostile in hostile_uploads(COUNT, max_bytes=settings.UPLOAD_MAX_BYTES):
                before = Document.objects.count()
                response = client.post(url, degree_data(upload(hostile.name, hostile.content)))
                stored = Document.objects.count() - before
                if hostile.refused:
                    refused = response.status_code == 200 and 'id="id_degree-upload_error"' in response.text
                    if not refused or stored:
                        problems.append(f"{hostile.label}: {response.status_code}, stored {stored}")
                    outcomes["refused at the field, nothing stored"] += 1
                else:
                    document = Document.objects.order_by("-pk").first()
                    if (
                        response.status_code != 302
                        or stored != 1
                        or not SAFE_NAME.match(document.original_name)
                    ):
                        problems.append(
                            f"{hostile.label}: {response.status_code}, name {document.original_name!r}"
                        )
                    served = client.get(reverse("applications:document", args=[application.pk, document.pk]))
                    if (
                        served["Content-Type"] != document.content_type
                        or served["X-Content-Type-Options"] != "nosniff"
                    ):
                        problems.append(f"{hostile.label}: served as {served['Content-Type']}")
                    outcomes["stored under a safe name"] += 1
                    Degree.objects.filter(application=application).delete()
                    document.file.delete(save=False)
                    document.delete()
        finally:
            settings.CLAMD_HOST = ""
        figures["uploads scanned by clamd (INSTREAM)"] = clamd.scanned
    figures["hostile uploads tried"] = sum(outcomes.values())
    for outcome, count in outcomes.items():
        figures[f"  uploads {outcome}"] = count
    leftovers = os.path.join(settings.MEDIA_ROOT, "applications", str(application.pk))
    figures["  files left in storage"] = sum(len(names) for _root, _dirs, names in os.walk(leftovers))
    assert sum(outcomes.values()) >= COUNT
    assert problems == []
    assert figures["  files left in storage"] == 0
