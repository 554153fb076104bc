"""The overview is one clear page: status and the next step, the checklist, the conversation; after
submission, the steps ahead and the association's typical time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from applications.services import lifecycle as services
from competencies.models import Association

from .factories import make_application, make_complete_ifa

pytestmark = pytest.mark.django_db


def overview(client, application):
    client.force_login(application.applicant)
    return client.get(reverse("applications:overview", args=[application.pk])).text


def test_the_overview_puts_status_and_one_next_step_first_then_the_checklist_then_the_conversation(
    client, guidelines
):
    application = make_application(code="IFA")

    page = overview(client, application)

    status, checklist, conversation = (
        page.index(h) for h in ('id="status-heading"', 'id="checklist-heading"', "Conversation")
    )
    assert status < checklist < conversation
    next_step = page[page.index('class="next-step"') : page.index("</p>", page.index('class="next-step"'))]
    assert "Next step:" in next_step and reverse("applications:education", args=[application.pk]) in next_step
    assert "Before you can submit" not in page
    assert 'id="sections-heading"' not in page
    # What is missing is said in the checklist, not in a list above it as well.
    assert "Specialized training: 0 of 30" not in page[: page.index('id="checklist-heading"')]


def test_a_complete_draft_says_nothing_stands_in_the_way(client, guidelines):
    page = overview(client, make_complete_ifa())
    assert "Next step:" not in page
    assert "Every requirement you can complete before submission is met." in page
    assert "Review and submit" in page


def submit(application):
    return services.submit_application(application, by=application.applicant)


def test_after_submitting_the_receipt_shows_the_steps_ahead_without_an_exam_for_ifa(client, guidelines):
    application = submit(make_complete_ifa())
    client.force_login(application.applicant)

    page = client.get(reverse("applications:receipt", args=[application.pk])).text

    assert "What happens next" in page
    for step in ("Review of your portfolio", "Your references", "Decision"):
        assert step in page
    assert "Written exam" not in page
    assert 'aria-current="step"' in page
    assert "usually decides within" not in page and "median" not in page  # nothing known, nothing promised
    assert "What happens next" in overview(client, application)


def test_the_typical_time_is_the_associations_policy_when_it_set_one(client, guidelines):
    application = submit(make_complete_ifa())
    Association.objects.filter(pk=application.association_pk).update(typical_decision_weeks=6)
    client.force_login(application.applicant)
    page = client.get(reverse("applications:receipt", args=[application.pk])).text
    assert "usually decides within <strong>6 weeks</strong> of submission" in page


def test_without_a_policy_the_typical_time_is_the_median_of_recent_decisions(client, guidelines):
    now = timezone.now()
    for weeks in (2, 3, 4, 5, 9):
        decided = make_application(code="IFA")
        Application.objects.filter(pk=decided.pk).update(
            status=Application.Status.APPROVED,
            submitted_at=now - datetime.timedelta(weeks=weeks),
            decided_at=now,
        )
    application = submit(make_complete_ifa())
    client.force_login(application.applicant)
    page = client.get(reverse("applications:receipt", args=[application.pk])).text
    assert "a median of <strong>4 weeks</strong> after they were submitted" in page


def test_a_category_with_an_exam_shows_the_exam_step_with_its_parts(guidelines):
    from applications.next_steps import steps_ahead

    application = make_application(code="IMHS")
    Application.objects.filter(pk=application.pk).update(status=Application.Status.EXAM_PENDING)
    application.refresh_from_db()

    steps = {step["key"]: step for step in steps_ahead(application)}

    assert list(steps) == ["review", "references", "exam", "decision"]
    assert "multiple-choice test and essay" in steps["exam"]["text"]
    assert [steps[key]["state"] for key in steps] == ["done", "done", "current", "ahead"]


def test_a_returned_application_points_to_the_coordinators_requests_first(client, guidelines):
    from reviews import services as reviews
    from tests.reviews.factories import in_review, make_coordinator

    application = make_complete_ifa()
    coordinator = make_coordinator()
    in_review(application, coordinator)
    reviews.request_changes(application, requests=[("training", "Add the certificate.")], by=coordinator)

    page = overview(client, application)

    next_step = page[page.index('class="next-step"') : page.index("</p>", page.index('class="next-step"'))]
    assert "make the changes the Endorsement coordinator asked for" in next_step
    assert 'href="#change-requests-heading-application"' in next_step
    assert 'id="change-requests-heading-application"' in page
    assert page.index('id="checklist-heading"') < page.index('id="change-requests-heading-application"')
