import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Document, TrainingEntry
from applications.uploads import store_document

from .factories import add_training, make_application, make_coordinator, make_user, upload

pytestmark = pytest.mark.django_db

SECTIONS = ["education", "work", "training", "rsc", "membership", "attestations"]


@pytest.fixture
def owned(guidelines):
    application = make_application(code="IMHS")
    add_training(application, 1)
    document = store_document(application, upload(), kind=Document.Kind.TRANSCRIPT, by=application.applicant)
    return application, document


def urls_of(application, document):
    entry = TrainingEntry.objects.get(application=application)
    pk = application.pk
    return [
        reverse("applications:overview", args=[pk]),
        reverse("applications:review", args=[pk]),
        reverse("applications:withdraw", args=[pk]),
        reverse("applications:import_training", args=[pk]),
        reverse("applications:document", args=[pk, document.pk]),
        reverse("applications:entry_edit", args=[pk, "training", entry.pk]),
        reverse("applications:entry_delete", args=[pk, "training", entry.pk]),
        *[reverse(f"applications:{name}", args=[pk]) for name in SECTIONS],
    ]


@pytest.mark.parametrize("who", ["other_applicant", "rater"])
def test_outsiders_get_404_for_reading_and_writing(client, owned, who):
    application, document = owned
    outsider = make_user() if who == "other_applicant" else make_user(legal_name="")
    if who == "other_applicant":
        make_application(outsider, code="IMHS")
    client.force_login(outsider)
    for url in urls_of(application, document):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"kind": "training", "training-title": "x"}).status_code == 404, url
    assert client.post(reverse("applications:submit", args=[application.pk])).status_code == 404
    assert TrainingEntry.objects.filter(application=application).count() == 1
    application.refresh_from_db()
    assert application.status == "draft"


def test_anonymous_visitors_are_sent_to_sign_in_and_back_without_seeing_anything(client, owned):
    application, document = owned
    for url in urls_of(application, document):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
        assert str(application.category.code) not in response.text
        assert client.post(url, {"kind": "training"})["Location"].startswith(reverse("account_login")), url
    assert client.post(reverse("applications:submit", args=[application.pk])).status_code == 302
    assert TrainingEntry.objects.filter(application=application).count() == 1


def test_a_coordinator_may_read_but_not_edit(client, owned):
    application, document = owned
    client.force_login(make_coordinator())
    assert client.get(reverse("applications:overview", args=[application.pk])).status_code == 200
    assert client.get(document.get_absolute_url()).status_code == 200
    page = client.get(reverse("applications:training", args=[application.pk]))
    assert page.status_code == 200 and "Save training" not in page.text
    response = client.post(reverse("applications:training", args=[application.pk]), {"kind": "training"})
    assert response.status_code == 404


def test_document_of_another_application_is_not_served_through_mine(client, owned):
    application, document = owned
    mine = make_application(code="IFS")
    client.force_login(mine.applicant)
    assert client.get(reverse("applications:document", args=[mine.pk, document.pk])).status_code == 404


def test_a_submitted_application_refuses_every_edit(client, owned):
    application, _document = owned
    Application.objects.filter(pk=application.pk).update(status="submitted", submitted_at=timezone.now())
    entry = TrainingEntry.objects.get(application=application)
    client.force_login(application.applicant)
    pk = application.pk
    posts = [
        (
            reverse("applications:training", args=[pk]),
            {
                "kind": "training",
                "training-title": "New",
                "training-date": "2024-01-01",
                "training-hours": "3",
                "training-about_rsc": "False",
            },
        ),
        (
            reverse("applications:entry_edit", args=[pk, "training", entry.pk]),
            {
                "training-title": "Changed",
                "training-date": "2024-01-01",
                "training-hours": "3",
                "training-about_rsc": "False",
            },
        ),
        (reverse("applications:entry_delete", args=[pk, "training", entry.pk]), {}),
        (reverse("applications:membership", args=[pk]), {"membership_association": "Changed"}),
        (
            reverse("applications:attestations", args=[pk]),
            {"kind": "agreement", "agreement-kind": "agreement", "agreement-signed_name": "Alex Applicant"},
        ),
        (reverse("applications:import_training", args=[pk]), {"action": "confirm", "digest": "x"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert "can no longer be changed" in response.text
    entry.refresh_from_db()
    assert entry.title == "Training 0"
    assert TrainingEntry.objects.filter(application=application).count() == 1
    application.refresh_from_db()
    assert application.membership_association == "" and not application.attestations.exists()
    page = client.get(reverse("applications:training", args=[pk]))
    assert page.status_code == 200
    assert "You are seeing it read-only" in page.text and "Save training" not in page.text
