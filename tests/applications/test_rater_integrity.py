"""A rating comes from someone other than the applicant, once per rater.

Walk-through from issue 10: an applicant invited their own address as "program supervisor",
opened the link while signed in and rated themselves 4s; the checklist said Met ("4 of 3
ratings received"). The same address could also be invited twice under two roles.
"""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from applications.models import Rating, ReferenceRequest
from applications.services.lifecycle import ApplicationError

from .rater_factories import invite, make_application, make_user, post_data, rater_post

pytestmark = pytest.mark.usefixtures("guidelines")


def test_an_applicant_cannot_invite_their_own_address():
    application = make_application()
    with pytest.raises(ApplicationError) as refused:
        invite(application, email=application.applicant.email.upper())
    assert refused.value.field == "email"
    assert "your own account" in str(refused.value)
    assert not ReferenceRequest.objects.exists()


def test_nor_another_address_of_their_account():
    application = make_application()
    EmailAddress.objects.create(user=application.applicant, email="home@example.net", verified=True)
    with pytest.raises(ApplicationError, match="your own account"):
        invite(application, email="Home@Example.net")


def test_the_same_rater_cannot_be_invited_twice_under_two_roles():
    application = make_application()
    invite(application, name="Rita Rater", email="rita@example.org", role="program_supervisor")
    with pytest.raises(ApplicationError) as refused:
        invite(application, name="Rita R.", email="RITA@example.org", role="colleague")
    assert refused.value.field == "email"
    assert str(refused.value) == (
        "Rita Rater is already invited at this address (as program supervisor). Each rater rates once."
    )
    assert ReferenceRequest.objects.count() == 1


def test_the_references_page_says_so_at_the_email_field(client):
    application = make_application()
    client.force_login(application.applicant)
    response = client.post(
        reverse("applications:references", args=[application.pk]),
        {
            "name": "Me Myself",
            "email": application.applicant.email,
            "role": "program_supervisor",
            "rater_endorsements": ["IFS"],
            "waiver": "yes",
        },
    )
    assert response.status_code == 400
    assert "This is an address of your own account" in response.text
    assert 'value="Me Myself"' in response.text


def test_a_signed_in_applicant_opening_a_rating_link_is_refused_and_nothing_is_saved(client):
    application = make_application()
    reference = invite(application)
    client.force_login(application.applicant)
    response = client.get(reverse("ratings:start", args=[reference.token]))
    assert response.status_code == 403
    assert "You cannot rate your own application" in response.text
    # The link is as it was: not opened, and the real rater can still use it.
    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.INVITED
    assert client.get(reverse("ratings:form")).status_code == 410


def test_an_applicant_who_signs_in_during_a_rater_session_cannot_submit_it(client):
    application = make_application()
    reference = invite(application)
    assert client.get(reverse("ratings:start", args=[reference.token])).status_code == 302
    client.force_login(application.applicant)
    response = rater_post(client, reverse("ratings:form"), post_data(application, score=4))
    assert response.status_code == 403
    assert not Rating.objects.exists()
    reference.refresh_from_db()
    assert reference.status != ReferenceRequest.Status.SUBMITTED


def test_someone_else_signed_in_can_still_rate(client):
    application = make_application()
    reference = invite(application)
    client.force_login(make_user())
    assert client.get(reverse("ratings:start", args=[reference.token])).status_code == 302
    response = rater_post(client, reverse("ratings:form"), post_data(application))
    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.SUBMITTED
