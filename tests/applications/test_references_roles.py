"""The references section shows the rater roles the category accepts, as its guidelines write them."""

import pytest
from django.urls import reverse

from .rater_factories import make_application

pytestmark = pytest.mark.usefixtures("guidelines")


def references_page(client, code):
    application = make_application(code=code)
    client.force_login(application.applicant)
    return client.get(reverse("applications:references", args=[application.pk])).content.decode()


def test_ifa_references_section_lists_the_roles_as_written(client):
    # IFA: "One can come from a colleague, or a parent/recipient of services (paid or volunteer),
    # teacher, CDA mentor, or Board member"
    page = references_page(client, "IFA")
    line = page.split('class="accepted-roles">')[1].split("</p>")[0]
    for role in ("Colleague", "Parent or recipient of services", "Teacher", "CDA mentor", "Board member"):
        assert role in line
    for role in ("Trainer", "Consultant", "RS/C provider"):
        assert role not in line
    assert '<option value="trainer"' not in page


def test_imhs_references_section_says_a_supervisee_needs_a_supervisor(client):
    # IMHS: "or supervisee (if applicant is a supervisor)"
    page = references_page(client, "IMHS")
    assert "A supervisee may rate you only if you are a supervisor." in page
    assert '<option value="supervisee"' in page
