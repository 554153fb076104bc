"""Deep links from emails survive sign-in (the staff code step included), and a sign-in without
one lands staff on their work."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.urls import reverse

from endorsement import roles
from tests.applications.factories import make_application, make_user
from tests.endorsement.staff_factories import join
from tests.endorsement.test_accounts import PASSWORD, totp_code

pytestmark = pytest.mark.django_db


def with_password(user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def staff(group, role, legal_name):
    roles.ensure_groups()
    user = with_password(make_user(legal_name=legal_name))
    user.groups.add(Group.objects.get(name=group))
    join(user, role)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def sign_in(client, user, next_url=None):
    data = {"login": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("account_login"), data)


def test_signed_out_applicant_following_a_link_signs_in_and_lands_on_it(client, guidelines):
    application = make_application(with_password(make_user()), code="IFA")
    link = reverse("applications:attestations", args=[application.pk])

    response = client.get(link)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={link}"
    signed_in = sign_in(client, application.applicant, next_url=link)
    assert signed_in["Location"] == link
    assert "Code of ethics" in client.get(signed_in["Location"]).text


def test_coordinator_following_a_link_lands_on_it_after_the_code_step(client, guidelines):
    coordinator, secret = staff(roles.COORDINATORS, roles.COORDINATOR, "Casey Coordinator")
    application = make_application(code="IFA")
    link = reverse("applications:overview", args=[application.pk])

    login_url = client.get(link)["Location"]
    assert login_url == f"{reverse('account_login')}?next={link}"
    assert sign_in(client, coordinator, next_url=link)["Location"] == reverse("mfa_authenticate")
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert done["Location"] == link
    assert client.get(link).status_code == 200


def test_coordinator_signing_in_without_a_link_lands_on_the_queue(client, guidelines):
    coordinator, secret = staff(roles.COORDINATORS, roles.COORDINATOR, "Casey Coordinator")
    sign_in(client, coordinator)
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert done["Location"] == reverse("reviews:queue")


def test_reviewer_signing_in_without_a_link_lands_on_their_assignments(client, guidelines):
    reviewer, secret = staff(roles.REVIEWERS, roles.REVIEWER, "Rita Reviewer")
    sign_in(client, reviewer)
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert done["Location"] == reverse("reviewer:assignments")


def test_signed_in_outsider_still_gets_page_not_found(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(make_user())
    assert client.get(reverse("applications:overview", args=[application.pk])).status_code == 404
