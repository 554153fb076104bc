"""An applicant applying again (IMHS after IFS) copies the entries of their earlier application
section by section, documents included, without duplicates."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Degree, Document, TrainingEntry, WorkPeriod
from applications.uploads import store_document

from .factories import PDF_BYTES, add_training, make_application, make_user, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier(guidelines):
    """An IFS application with a degree and its transcript, a position and three trainings."""
    application = make_application(code="IFS")
    transcript = store_document(
        application, upload("BSW transcript.pdf"), kind=Document.Kind.TRANSCRIPT, by=None
    )
    Degree.objects.create(
        application=application,
        level="bachelor",
        name="BSW",
        institution="State University",
        conferred=datetime.date(2015, 5, 20),
        transcript=transcript,
    )
    WorkPeriod.objects.create(
        application=application,
        title="Home visitor",
        employer="Family Services",
        start=datetime.date(2016, 1, 1),
        infant_related=True,
    )
    add_training(application, 3, hours="2")
    return application


def copy(client, application, source, section):
    return client.post(
        reverse("applications:copy_entries", args=[application.pk]), {"source": source.pk, "section": section}
    )


def test_a_new_application_offers_the_earlier_entries_section_by_section(client, earlier):
    new = make_application(earlier.applicant, code="IMHS")
    client.force_login(earlier.applicant)

    page = client.get(reverse("applications:overview", args=[new.pk])).text

    assert "Copy from your earlier application" in page
    assert "Your IFS application" in page
    for offer in (
        "Education: copy 1 entry",
        "Work experience: copy 1 entry",
        "Specialized training: copy 3 entries",
    ):
        assert offer in page
    section = client.get(reverse("applications:training", args=[new.pk])).text
    assert "Specialized training: copy 3 entries" in section and "Education: copy" not in section


def test_copying_a_section_adds_its_entries_once_and_copies_the_transcript(client, earlier):
    new = make_application(earlier.applicant, code="IMHS")
    client.force_login(earlier.applicant)

    response = copy(client, new, earlier, "education")

    assert response.status_code == 302 and response["Location"] == reverse(
        "applications:education", args=[new.pk]
    )
    degree = Degree.objects.get(application=new)
    assert (degree.name, degree.institution, degree.conferred) == (
        "BSW",
        "State University",
        datetime.date(2015, 5, 20),
    )
    original = Degree.objects.get(application=earlier).transcript
    assert degree.transcript.application_id == new.pk and degree.transcript.pk != original.pk
    assert degree.transcript.sha256 == original.sha256
    assert b"".join(client.get(degree.transcript.get_absolute_url()).streaming_content) == PDF_BYTES
    page = client.get(response["Location"]).text
    assert "Copied 1 entry from your IFS application into Education" in page
    assert "Education: copy" not in page  # nothing left to offer

    again = copy(client, new, earlier, "education")
    assert "Nothing new to copy" in client.get(again["Location"]).text
    assert Degree.objects.filter(application=new).count() == 1
    assert Document.objects.filter(application=new).count() == 1


def test_copies_are_independent_of_the_earlier_application(client, earlier):
    new = make_application(earlier.applicant, code="IMHS")
    client.force_login(earlier.applicant)
    copy(client, new, earlier, "training")

    TrainingEntry.objects.filter(application=new).update(hours=Decimal("5"))

    assert (
        sorted(TrainingEntry.objects.filter(application=earlier).values_list("hours", flat=True))
        == [Decimal("2")] * 3
    )
    assert TrainingEntry.objects.filter(application=new).count() == 3
    # Edited copies no longer match: a second copy would add the originals again, which the offer says.
    assert (
        "Specialized training: copy 3 entries"
        in client.get(reverse("applications:training", args=[new.pk])).text
    )


def test_only_ones_own_earlier_application_can_be_copied_and_only_into_a_draft(client, earlier):
    stranger = make_application(make_user(), code="IMHS")
    client.force_login(stranger.applicant)
    assert copy(client, stranger, earlier, "training").status_code == 404
    assert not TrainingEntry.objects.filter(application=stranger).exists()
    assert (
        "Copy from your earlier application"
        not in client.get(reverse("applications:overview", args=[stranger.pk])).text
    )


def test_an_entry_whose_file_is_gone_from_storage_comes_over_without_it(client, earlier):
    Degree.objects.get(application=earlier).transcript.file.delete(save=False)
    new = make_application(earlier.applicant, code="IMHS")
    client.force_login(earlier.applicant)

    copy(client, new, earlier, "education")

    degree = Degree.objects.get(application=new)
    assert degree.transcript is None
    assert "Not uploaded" in client.get(reverse("applications:education", args=[new.pk])).text
