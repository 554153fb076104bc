"""Where the association allows it, a rating from an earlier application counts again while it is
valid, for a category that accepts the rater's role and rates the same competencies."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import ReferenceRequest
from applications.services import lifecycle
from competencies.models import Association

from .rater_factories import invite, make_application, submit

pytestmark = pytest.mark.django_db


def allow_reuse(application, **policy):
    Association.objects.filter(pk=application.association_pk).update(reuse_ratings=True, **policy)


@pytest.fixture
def rated_then_withdrawn(guidelines):
    """An IFS application with one submitted rating, withdrawn; a new IFS application of the same person."""
    earlier = make_application(code="IFS")
    reference = invite(earlier, name="Rita Rater", role="program_supervisor")
    submit(reference)
    lifecycle.withdraw_application(earlier, by=earlier.applicant, reason="")
    return earlier, make_application(applicant=earlier.applicant, code="IFS")


def references_page(client, application):
    client.force_login(application.applicant)
    return client.get(reverse("applications:references", args=[application.pk])).text


def reuse(client, application, reference):
    return client.post(
        reverse("applications:reference_reuse", args=[application.pk]),
        {"reference": reference.pk},
        follow=True,
    )


def test_without_the_associations_policy_no_rating_is_offered(client, rated_then_withdrawn):
    earlier, new = rated_then_withdrawn
    assert "Ratings you can reuse" not in references_page(client, new)
    reuse(client, new, earlier.references.get())
    assert not new.references.exists()


def test_with_the_policy_a_valid_rating_counts_again_once(client, rated_then_withdrawn):
    earlier, new = rated_then_withdrawn
    allow_reuse(new)
    page = references_page(client, new)
    assert "Ratings you can reuse" in page and "Reuse the rating of Rita Rater" in page

    response = reuse(client, new, earlier.references.get())

    assert "now counts for this application too" in response.text
    copy = new.references.get()
    original = earlier.references.get()
    assert (copy.status, copy.answered_at, copy.token_hash) == (
        ReferenceRequest.Status.SUBMITTED,
        original.answered_at,
        None,
    )
    assert copy.rating.answers.count() == original.rating.answers.count()
    references = {item["key"]: item for item in lifecycle.evaluate_application(new)["requirements"]}[
        "references"
    ]
    assert "1 of" in references["summary"] or references["have"]
    assert "Reuse the rating of" not in response.text
    reuse(client, new, original)
    assert new.references.count() == 1


def test_a_rating_older_than_the_validity_is_not_offered(client, rated_then_withdrawn):
    earlier, new = rated_then_withdrawn
    allow_reuse(new, rating_valid_days=30)
    earlier.references.update(answered_at=timezone.now() - datetime.timedelta(days=31))
    assert "Ratings you can reuse" not in references_page(client, new)


def test_a_rating_of_other_competencies_is_not_offered(client, rated_then_withdrawn):
    earlier, _new = rated_then_withdrawn
    imhs = make_application(applicant=earlier.applicant, code="IMHS")
    allow_reuse(imhs)
    # The IFS rater did not rate the IMHS intervention competencies.
    assert "Ratings you can reuse" not in references_page(client, imhs)
