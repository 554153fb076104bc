"""An association's time zone and logo reach its people: the times on their pages and in their
emails are the association's local times, and its emails carry its logo — another
association's people see neither."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from applications.services import lifecycle as applications
from competencies.models import Association, StaffChange
from endorsement import roles
from endorsement.emails import render_email
from endorsement.time_zones import SESSION_KEY
from reviews.tasks import send_decision
from tests.applications.factories import make_application, make_complete_ifa, make_user
from tests.endorsement.staff_factories import make_association_admin
from tests.reviews.factories import complete_ifa, in_review, make_coordinator
from tests.reviews.test_services_transitions import decide

pytestmark = pytest.mark.django_db

# 23:30 in Detroit on 1 December is 04:30 UTC on 2 December and 20:30 in Los Angeles.
EVENING_IN_DETROIT = datetime.datetime(2026, 12, 2, 4, 30, tzinfo=datetime.UTC)


@pytest.fixture
def orimha(guidelines):
    association = Association.objects.get(slug="orimha")
    association.time_zone = "America/Detroit"
    association.save(update_fields=["time_zone"])
    return association


def png_logo():
    buffer = io.BytesIO()
    Image.new("RGB", (90, 30), (31, 58, 95)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="orimha.png")


def test_a_time_zone_name_is_checked_at_the_field(orimha):
    orimha.time_zone = "Oregon/Portland"
    with pytest.raises(ValidationError) as error:
        orimha.full_clean()
    assert "not a time zone name" in str(error.value.message_dict["time_zone"])


def test_the_coordinators_email_gives_the_submission_time_in_the_associations_zone(orimha, settings):
    assert settings.TIME_ZONE == "America/Los_Angeles"
    application = make_application()
    application.submitted_at = EVENING_IN_DETROIT
    _, body = render_email("submission_notice", {"application": application})
    assert "December 1, 2026, 11:30 PM" in body

    michigan_application = make_application(code="IFS", edition="mi-aimh-2025")
    michigan_application.submitted_at = EVENING_IN_DETROIT
    _, body = render_email("submission_notice", {"application": michigan_application})
    assert "December 1, 2026, 8:30 PM" in body


def test_staff_of_one_association_see_its_local_times_after_signing_in(client, orimha):
    admin = make_association_admin(orimha)
    StaffChange.objects.create(
        association=orimha,
        by=admin,
        at=EVENING_IN_DETROIT,
        action=StaffChange.Action.ADDED,
        person=admin,
        email=admin.email,
        role=roles.ASSOCIATION_ADMIN,
    )
    client.force_login(admin)
    assert client.session[SESSION_KEY] == "America/Detroit"
    page = client.get(reverse("staff:association", args=[orimha.slug])).content.decode()
    assert "December 1, 2026, 11:30 PM" in page
    # The time zone is the request's only: the next code outside it runs in the install's.
    assert timezone.get_current_timezone_name() == "America/Los_Angeles"


def test_staff_of_several_associations_and_applicants_of_none_see_the_installs_time(client, orimha):
    coordinator = make_coordinator()  # a coordinator of every association
    client.force_login(coordinator)
    assert client.session[SESSION_KEY] == ""

    applicant = make_user()
    make_application(applicant)
    client.force_login(applicant)
    assert client.session[SESSION_KEY] == "America/Detroit"


def test_an_email_about_an_association_with_a_logo_shows_it_inline(
    orimha, django_capture_on_commit_callbacks, mailoutbox
):
    orimha.logo.save("orimha.png", png_logo())
    application = make_complete_ifa()
    with django_capture_on_commit_callbacks(execute=True):
        applications.submit_application(application, by=application.applicant)
    receipt = next(mail for mail in mailoutbox if mail.to == [application.applicant.email])

    html, mime_type = receipt.alternatives[0]
    assert mime_type == "text/html"
    message = receipt.message()
    assert message.get_content_type() == "multipart/related"
    logo = next(part for part in message.walk() if part.get_content_type() == "image/png")
    assert f'src="cid:{logo["Content-ID"].strip("<>")}"' in html
    assert 'alt="Oregon Infant Mental Health Association"' in html
    # The same words in both versions, and nothing fetched from the site.
    assert "your application for Endorsement" in receipt.body and "your application for Endorsement" in html
    assert "http" not in html.split("<body>")[0]


def test_an_email_about_an_association_without_a_logo_is_plain_text(
    orimha, django_capture_on_commit_callbacks, mailoutbox
):
    michigan = Association.objects.get(slug="mi-aimh")
    assert not michigan.logo
    orimha.logo.save("orimha.png", png_logo())
    application = make_complete_ifa()
    Association.objects.filter(pk=orimha.pk).update(logo="")
    with django_capture_on_commit_callbacks(execute=True):
        applications.submit_application(application, by=application.applicant)
    receipt = next(mail for mail in mailoutbox if mail.to == [application.applicant.email])
    assert receipt.alternatives == []
    assert receipt.message().get_content_type() == "text/plain"


def test_the_decision_email_comes_from_the_associations_address_under_its_logo(guidelines, mailoutbox):
    Association.objects.filter(slug="orimha").update(
        sender_email="endorsement@orimha.example.org", reply_to_email="help@orimha.example.org"
    )
    Association.objects.get(slug="orimha").logo.save("orimha.png", png_logo())
    coordinator = make_coordinator()
    application = in_review(complete_ifa(), coordinator)
    mailoutbox.clear()
    decision = decide(application, coordinator)
    send_decision(decision_id=decision.pk)
    (email,) = mailoutbox
    assert email.from_email == "ORIMHA <endorsement@orimha.example.org>"
    assert email.reply_to == ["help@orimha.example.org"]
    assert email.body == decision.email_body
    assert email.alternatives and "cid:" in email.alternatives[0][0]
