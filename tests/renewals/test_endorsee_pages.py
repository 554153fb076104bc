"""The endorsee's pages: the list, one endorsement, the certificate download and the listing toggle."""

import datetime

import pytest
from django.urls import reverse

from renewals.models import Certificate, Endorsement
from renewals.tasks import render_certificate
from tests.applications.factories import make_coordinator, make_user

from .endorsee_factories import endorse

pytestmark = pytest.mark.django_db
D = datetime.date
Status = Endorsement.Status


def rendered(endorsement):
    certificate = Certificate.objects.get(endorsement=endorsement)
    render_certificate.delay(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def holder(guidelines):
    return make_user(legal_name="Jordan Lee")


def test_the_list_shows_status_number_dates_and_links(client, holder):
    endorsement = endorse(holder, code="IFS", granted_on=D(2026, 5, 4))
    rendered(endorsement)
    client.force_login(holder)
    text = client.get(reverse("renewals:home")).content.decode()

    assert "Infant Family Specialist (IFS)" in text
    assert endorsement.number in text
    assert "May 4, 2026" in text and "December 31, 2026" in text
    assert "Active: valid until December 31, 2026." in text
    assert reverse("renewals:certificate", args=[endorsement.pk]) in text
    assert reverse("verify:detail", args=[endorsement.verification_code]) in text


def test_the_list_says_when_there_is_nothing_yet(client, holder):
    client.force_login(holder)
    response = client.get(reverse("renewals:home"))
    assert "You hold no endorsement yet" in response.content.decode()


def test_the_list_shows_only_the_signed_in_persons_endorsements(client, holder):
    mine = endorse(holder)
    theirs = endorse(name="Someone Else")
    client.force_login(holder)
    text = client.get(reverse("renewals:home")).content.decode()
    assert mine.number in text and theirs.number not in text


def test_the_list_keeps_a_fixed_number_of_queries(client, holder, django_assert_max_num_queries):
    client.force_login(holder)
    endorse(holder, code="IFA")
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("renewals:home"))
    for code in ("IFS", "IMHS", "IMHM-C"):
        endorse(holder, code=code)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("renewals:home"))


def test_the_applicants_home_shows_the_endorsements_panel(client, holder):
    endorsement = endorse(holder)
    rendered(endorsement)
    client.force_login(holder)
    text = client.get(reverse("applications:home")).content.decode()
    assert "Your endorsements" in text
    assert reverse("renewals:certificate", args=[endorsement.pk]) in text


def test_the_applicants_home_has_no_panel_without_endorsements(client, holder):
    client.force_login(holder)
    assert 'id="endorsements-panel-title"' not in client.get(reverse("applications:home")).content.decode()


def test_the_detail_page_shows_the_endorsement_and_its_history(client, holder):
    endorsement = endorse(holder, code="IMHS", region="Oregon")
    client.force_login(holder)
    text = client.get(reverse("renewals:detail", args=[endorsement.pk])).content.decode()
    assert "Infant Mental Health Specialist (IMHS)" in text
    assert endorsement.number in text
    assert "Granted on application" in text
    assert "<td>Active</td>" in text  # the status by its label, not its code
    assert f"<strong>Active: valid until {endorsement.renewal_due:%B %-d, %Y}.</strong>" in text
    assert "being prepared" in text  # the PDF task has not run yet
    assert "List me in the directory" in text


def test_others_get_404_but_coordinators_and_admins_may_look(client, holder, admin_user):
    endorsement = endorse(holder)
    url = reverse("renewals:detail", args=[endorsement.pk])
    client.force_login(make_user())
    assert client.get(url).status_code == 404
    client.force_login(make_coordinator())
    response = client.get(url)
    assert response.status_code == 200
    assert "List me in the directory" not in response.content.decode()  # only the holder decides
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client, holder):
    endorsement = endorse(holder)
    response = client.get(reverse("renewals:detail", args=[endorsement.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_certificate_downloads_as_an_attachment(client, holder):
    endorsement = endorse(holder)
    certificate = rendered(endorsement)
    client.force_login(holder)
    response = client.get(reverse("renewals:certificate", args=[endorsement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        f"certificate-{endorsement.number}-{certificate.valid_until}.pdf" in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_coordinators_may_download_others_may_not(client, holder):
    endorsement = endorse(holder)
    rendered(endorsement)
    url = reverse("renewals:certificate", args=[endorsement.pk])
    client.force_login(make_user())
    assert client.get(url).status_code == 404
    client.force_login(make_coordinator())
    assert client.get(url)["Content-Type"] == "application/pdf"


def test_a_certificate_not_rendered_yet_says_to_refresh(client, holder):
    endorsement = endorse(holder)
    client.force_login(holder)
    response = client.get(reverse("renewals:certificate", args=[endorsement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "being prepared. Refresh this page in a minute" in response.content.decode()


def test_a_lapsed_endorsement_offers_no_certificate(client, holder):
    endorsement = endorse(holder)
    rendered(endorsement)
    endorsement = endorse(holder, code="IFS", status=Status.LAPSED)
    client.force_login(holder)
    response = client.get(reverse("renewals:certificate", args=[endorsement.pk]))
    assert response["Content-Type"].startswith("text/html")
    assert "not currently valid" in response.content.decode()


def test_the_holder_lists_and_unlists_the_endorsement(client, holder):
    endorsement = endorse(holder)
    url = reverse("renewals:directory_listing", args=[endorsement.pk])
    client.force_login(holder)

    response = client.post(url, {"listed": "yes"}, follow=True)
    assert "is listed in the public directory" in response.content.decode()
    assert Endorsement.objects.get(pk=endorsement.pk).listed_in_directory is True
    client.post(url, {"listed": "yes"})  # a double submit changes nothing more
    assert endorsement.events.filter(note="Listed in the directory").count() == 1

    response = client.post(url, {"listed": "no"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "renewals:detail", args=[endorsement.pk]
    )
    assert Endorsement.objects.get(pk=endorsement.pk).listed_in_directory is False


def test_only_the_holder_changes_the_listing(client, holder):
    endorsement = endorse(holder)
    url = reverse("renewals:directory_listing", args=[endorsement.pk])
    client.force_login(make_coordinator())
    assert client.post(url, {"listed": "yes"}).status_code == 404
    client.force_login(holder)
    assert client.get(url).status_code == 405
    assert Endorsement.objects.get(pk=endorsement.pk).listed_in_directory is False


def test_after_an_early_renewal_the_certificate_in_force_stays_downloadable(
    client, holder, django_capture_on_commit_callbacks
):
    from renewals.services import renewal_periods as renewal_services

    endorsement = endorse(holder)
    in_force = rendered(endorsement)
    period = endorsement.periods.get()
    renewal_services.save_details(
        period, by=holder, membership_association="ORIMHA", membership_expires=None, provides_rsc=False
    )
    renewal_services.attest_no_sanction(period, by=holder, signed_name=endorsement.holder_name)
    renewal_services.submit_renewal(period, by=holder)
    with django_capture_on_commit_callbacks(execute=True):
        renewal_services.approve_renewal(period, by=make_coordinator())
    endorsement.refresh_from_db()
    following = Certificate.objects.exclude(pk=in_force.pk).get(endorsement=endorsement)
    assert following.valid_from == in_force.valid_until + datetime.timedelta(days=1) > datetime.date.today()
    client.force_login(holder)

    text = client.get(reverse("renewals:detail", args=[endorsement.pk])).content.decode()

    assert f"valid from {following.valid_from:%B %-d, %Y} to {following.valid_until:%B %-d, %Y}" in text
    assert f"to {in_force.valid_until:%B %-d, %Y}." in text
    response = client.get(reverse("renewals:certificate", args=[endorsement.pk]), {"in_force": "1"})
    assert f"certificate-{endorsement.number}-{in_force.valid_until}.pdf" in response["Content-Disposition"]
    response = client.get(reverse("renewals:certificate", args=[endorsement.pk]))
    assert f"certificate-{endorsement.number}-{following.valid_until}.pdf" in response["Content-Disposition"]


def test_without_an_early_renewal_there_is_one_certificate_to_download(client, holder):
    endorsement = endorse(holder)
    rendered(endorsement)
    client.force_login(holder)
    text = client.get(reverse("renewals:detail", args=[endorsement.pk])).content.decode()
    assert "certificate in force today" not in text
    response = client.get(reverse("renewals:certificate", args=[endorsement.pk]), {"in_force": "1"})
    assert response.status_code == 404
