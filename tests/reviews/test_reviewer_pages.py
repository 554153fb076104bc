"""The reviewer's pages: their list, one application to review, blind reviews, stepping back."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, ApplicationEvent
from competencies.models import Domain
from reviews import services
from reviews.facts import evaluate_reviewed
from reviews.models import Review, ReviewerAssignment, ReviewItem
from tests.applications.factories import make_application, make_user
from tests.endorsement.staff_factories import give_totp

from .factories import complete_ifa, in_review, make_reviewer
from .test_work_views import rate

pytestmark = pytest.mark.django_db
A = ReviewerAssignment.Status

LIST_URL = reverse("reviewer:assignments")


def staff_reviewer(name):
    user = make_reviewer(legal_name=name)
    give_totp(user)
    return user


@pytest.fixture
def robin(db):
    return staff_reviewer("Robin Reviewer")


@pytest.fixture
def quinn(db):
    return staff_reviewer("Quinn Reviewer")


def review_url(assignment, name="review"):
    return reverse(f"reviewer:{name}", args=[assignment.pk])


def assigned(coordinator, *reviewers, application=None):
    """An IFA application in review with each reviewer assigned; their assignments in order."""
    application = application or complete_ifa()
    in_review(application, coordinator)
    return [services.assign_reviewer(application, reviewer, by=coordinator) for reviewer in reviewers]


def review_data(client, assignment, verdict="met", recommendation="approve", summary="A strong portfolio."):
    """The review form's POST body with every point given `verdict` (and a note where one is needed)."""
    form = client.get(review_url(assignment)).context["review_form"]
    data = {"recommendation": recommendation, "summary": summary}
    for point in form.points:
        data[point.name] = verdict
        data[f"{point.name}_note"] = "" if verdict == "met" else f"About {point.label}."
    return data


def submit_review(client, assignment, **kwargs):
    return client.post(review_url(assignment, "submit"), review_data(client, assignment, **kwargs))


# --- the list --------------------------------------------------------------------------------------


def test_list_shows_only_own_assignments_open_first_then_submitted_and_stepped_back_apart(
    guidelines, client, coordinator, robin, quinn
):
    (first,) = assigned(coordinator, robin)
    second, theirs = assigned(coordinator, robin, quinn)
    third, _ = assigned(coordinator, robin, quinn)
    client.force_login(robin)
    assert submit_review(client, first).status_code == 302
    services.recuse_reviewer(third, by=robin, note="I supervised this applicant.")

    response = client.get(LIST_URL)

    assert response.status_code == 200
    context = response.context
    assert [row.pk for row in context["open"]] == [second.pk]
    assert [row.pk for row in context["submitted"]] == [first.pk]
    assert [row.pk for row in context["recused"]] == [third.pk]
    text = response.text
    assert review_url(second) in text and review_url(first) in text
    assert review_url(third) not in text  # stepped back: no way in any more
    assert review_url(theirs) not in text
    assert "Conflict of interest: I supervised this applicant." in text
    assert "Submitted" in text and "approve" in text
    assert text.index("Waiting for your review (1)") < text.index("Reviews you submitted (1)")
    assert "Alex Applicant" in text and "IFA" in text


def test_list_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["applicant", "coordinator"])
def test_list_is_403_for_people_without_the_reviewer_role(guidelines, client, coordinator, who):
    (assignment,) = assigned(coordinator, staff_reviewer("Robin Reviewer"))
    user = assignment.application.applicant if who == "applicant" else coordinator
    give_totp(coordinator)
    client.force_login(user)
    for url in (LIST_URL, review_url(assignment)):
        response = client.get(url)
        assert response.status_code == 403
        assert "This page is for application reviewers" in response.text
    assert client.post(review_url(assignment, "submit"), {}).status_code == 403
    assert client.post(review_url(assignment, "recuse"), {"note": "x"}).status_code == 403
    assert ReviewerAssignment.objects.get(pk=assignment.pk).status == A.ASSIGNED


def test_navigation_links_reviewers_to_their_reviews(guidelines, client, robin):
    client.force_login(robin)
    assert f'<a href="{LIST_URL}" aria-current="page">Your reviews</a>' in client.get(LIST_URL).text
    client.force_login(make_user())
    assert "Your reviews" not in client.get(reverse("home")).text


def test_list_query_count_does_not_grow_with_the_assignments(guidelines, client, robin):
    def queries(count):
        ReviewerAssignment.objects.filter(reviewer=robin).delete()
        for index in range(count):
            assignment = ReviewerAssignment.objects.create(application=make_application(), reviewer=robin)
            if index % 3 == 0:
                assignment.status = A.SUBMITTED
                assignment.save()
                Review.objects.create(assignment=assignment, recommendation="approve", summary="Fine.")
            elif index % 3 == 1:
                assignment.status = A.RECUSED
                assignment.save()
        client.get(LIST_URL)  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST_URL)
        rows = (
            len(response.context["open"])
            + len(response.context["submitted"])
            + len(response.context["recused"])
        )
        assert rows == count
        return len(captured)

    client.force_login(robin)
    assert queries(3) == queries(30)


# --- the review page -------------------------------------------------------------------------------


def test_review_page_shows_the_portfolio_ratings_verdict_and_a_point_per_requirement_and_domain(
    guidelines, client, coordinator, robin
):
    application = complete_ifa()
    rate(application)
    (assignment,) = assigned(coordinator, robin, application=application)
    client.force_login(robin)

    response = client.get(review_url(assignment))

    assert response.status_code == 200
    text = response.text
    for heading in ("Engine verdict", "Education", "Specialized training", "Ratings side by side"):
        assert heading in text
    document = application.documents.get()
    document_url = reverse("applications:document", args=[application.pk, document.pk])
    assert document_url in text
    assert client.get(document_url).status_code == 200  # the reviewer may open the documents
    assert "Comment on " in text  # the raters' comments per domain
    form = response.context["review_form"]
    keys = [point.requirement for point in form.requirement_points]
    # Every requirement the engine evaluates for IFA, in its order; RS/C is only encouraged for
    # IFA and the exam comes after the portfolio is accepted, so neither is judged.
    engine = evaluate_reviewed(application)["requirements"]
    assert keys == [row["key"] for row in engine if row["status"] != "not_required" and row["key"] != "exam"]
    assert {"education", "training", "references", "code_of_ethics"} <= set(keys)
    assert "reflective_supervision" not in keys
    domains = Domain.objects.filter(category=application.category).order_by("order", "pk")
    assert [point.domain for point in form.domain_points] == list(domains)
    assert f'action="{review_url(assignment, "submit")}"' in text
    assert f'action="{review_url(assignment, "recuse")}"' in text


def test_review_page_is_404_for_another_reviewer_and_after_stepping_back(
    guidelines, client, coordinator, robin, quinn
):
    mine, theirs = assigned(coordinator, robin, quinn)
    client.force_login(quinn)
    assert client.get(review_url(mine)).status_code == 404
    assert client.post(review_url(mine, "submit"), {}).status_code == 404
    assert client.post(review_url(mine, "recuse"), {"note": "Not mine"}).status_code == 404
    assert client.get(review_url(theirs)).status_code == 200
    assert ReviewerAssignment.objects.get(pk=mine.pk).status == A.ASSIGNED


def test_review_actions_are_post_only(guidelines, client, coordinator, robin):
    (assignment,) = assigned(coordinator, robin)
    client.force_login(robin)
    assert client.get(review_url(assignment, "submit")).status_code == 405
    assert client.get(review_url(assignment, "recuse")).status_code == 405


def test_submitting_records_every_verdict_and_the_recommendation(guidelines, client, coordinator, robin):
    (assignment,) = assigned(coordinator, robin)
    client.force_login(robin)
    data = review_data(client, assignment, recommendation="request_changes", summary="Ask for a transcript.")
    data["req_education"] = "not_met"
    data["req_education_note"] = "The transcript is not legible."

    response = client.post(review_url(assignment, "submit"), data, follow=True)

    assert response.redirect_chain[-1][0] == review_url(assignment) + "#your-review"
    assert "Your review is submitted. Thank you." in response.text
    review = Review.objects.get(assignment=assignment)
    assert (review.recommendation, review.summary) == ("request_changes", "Ask for a transcript.")
    items = {item.requirement or item.domain_id: item for item in review.items.all()}
    assert len(items) == len(response.context["review_form"].points)
    education = items["education"]
    assert (education.verdict, education.note) == ("not_met", "The transcript is not legible.")
    assert items["training"].verdict == "met"
    domains = Domain.objects.filter(category=assignment.application.category)
    assert all(items[domain.pk].verdict == "met" for domain in domains)
    assert ReviewerAssignment.objects.get(pk=assignment.pk).status == A.SUBMITTED
    event = ApplicationEvent.objects.filter(application=assignment.application).last()
    assert (event.actor, event.note) == (robin, "Review submitted: recommends request changes")
    # The page now shows the review read-only, with no form left to submit.
    assert "it can no longer be changed" in response.text
    assert f'action="{review_url(assignment, "submit")}"' not in response.text
    assert f'action="{review_url(assignment, "recuse")}"' not in response.text


def test_missing_answers_are_shown_at_their_fields_and_nothing_is_lost(
    guidelines, client, coordinator, robin
):
    (assignment,) = assigned(coordinator, robin)
    client.force_login(robin)
    data = review_data(client, assignment, summary="")
    del data["req_training"]
    data["req_education"] = "unclear"
    data["req_education_note"] = ""
    data["req_references"] = "not_met"
    data["req_references_note"] = "The colleague barely knows her work."

    response = client.post(review_url(assignment, "submit"), data)

    assert response.status_code == 400
    form = response.context["review_form"]
    assert form.errors["req_training"] == ["Choose met, not met or unclear for Specialized training."]
    assert form.errors["req_education_note"] == ["Say what is unclear about Education."]
    assert form.errors["summary"] == ["Write a short summary of your review."]
    assert set(form.errors) == {"req_training", "req_education_note", "summary"}
    text = response.text
    assert "Your review is not submitted yet" in text
    assert 'id="review-req_education_note_error"' in text
    # What was entered stays: the chosen verdicts and the notes.
    assert re.search(r'value="not_met"[^>]*id="review-req_references_1"[^>]*checked', text)
    assert "The colleague barely knows her work." in text
    assert not Review.objects.exists()
    assert ReviewerAssignment.objects.get(pk=assignment.pk).status == A.ASSIGNED


def test_a_second_submit_is_refused_with_a_clear_message(guidelines, client, coordinator, robin):
    (assignment,) = assigned(coordinator, robin)
    client.force_login(robin)
    data = review_data(client, assignment)
    assert client.post(review_url(assignment, "submit"), data).status_code == 302

    data["summary"] = "Changed my mind."
    response = client.post(review_url(assignment, "submit"), data, follow=True)

    assert response.redirect_chain[-1][0] == review_url(assignment) + "#your-review"
    assert "Your review was already submitted on" in response.text
    assert Review.objects.get().summary == "A strong portfolio."
    assert ReviewItem.objects.filter(review__assignment=assignment).count() == len(
        response.context["review_form"].points
    )


def test_a_review_cannot_be_submitted_once_the_application_left_review(
    guidelines, client, coordinator, robin
):
    (assignment,) = assigned(coordinator, robin)
    client.force_login(robin)
    data = review_data(client, assignment)
    services.request_changes(assignment.application, requests=[("", "Add a transcript.")], by=coordinator)

    response = client.post(review_url(assignment, "submit"), data, follow=True)

    assert "Reviews can only be submitted while the application is in review." in response.text
    assert not Review.objects.exists()
    assert "Reviews can be submitted while it is in review" in response.text
    assert f'action="{review_url(assignment, "submit")}"' not in response.text


def test_reviews_are_blind_until_every_reviewer_has_submitted(guidelines, client, coordinator, robin, quinn):
    mine, theirs = assigned(coordinator, robin, quinn)
    client.force_login(quinn)
    submit_review(client, theirs, verdict="unclear", recommendation="deny", summary="Quinn secret summary.")

    client.force_login(robin)
    before = client.get(review_url(mine))
    assert "Quinn secret summary." not in before.text
    assert "Quinn Reviewer" not in before.text
    assert before.context["review_table"]["reviews"] == []

    submit_review(client, mine, summary="Robin summary.")
    after = client.get(review_url(mine))
    assert "Quinn secret summary." in after.text
    assert "Robin summary." in after.text
    assert [r.column_label for r in after.context["review_table"]["reviews"]] == [
        "Your review",
        "Quinn Reviewer",
    ]
    assert "disagree" in after.text
    assert "The reviewers recommend different outcomes" in after.text


def test_own_review_is_shown_while_the_other_is_pending(guidelines, client, coordinator, robin, quinn):
    mine, _theirs = assigned(coordinator, robin, quinn)
    client.force_login(robin)
    submit_review(client, mine, summary="Robin summary.")
    response = client.get(review_url(mine))
    assert "Robin summary." in response.text
    assert "The other review stays hidden until every reviewer has submitted." in response.text
    assert [r.column_label for r in response.context["review_table"]["reviews"]] == ["Your review"]


# --- stepping back -----------------------------------------------------------------------------------


def test_stepping_back_needs_a_note(guidelines, client, coordinator, robin):
    (assignment,) = assigned(coordinator, robin)
    client.force_login(robin)
    response = client.post(review_url(assignment, "recuse"), {"note": "  "})
    assert response.status_code == 400
    assert response.context["recuse_form"].errors["note"] == ["Say briefly what the conflict of interest is."]
    assert ReviewerAssignment.objects.get(pk=assignment.pk).status == A.ASSIGNED


def test_stepping_back_takes_the_application_off_the_reviewers_list_and_out_of_reach(
    guidelines, client, coordinator, robin
):
    (assignment,) = assigned(coordinator, robin)
    application = assignment.application
    client.force_login(robin)

    response = client.post(
        review_url(assignment, "recuse"), {"note": "She was my supervisee last year."}, follow=True
    )

    assert response.redirect_chain[-1][0] == LIST_URL
    assert "You stepped back from Alex Applicant’s IFA application." in response.text
    assert response.context["open"] == []
    assignment.refresh_from_db()
    assert (assignment.status, assignment.conflict_note) == (A.RECUSED, "She was my supervisee last year.")
    note = ApplicationEvent.objects.filter(application=application).last().note
    assert note == "Reviewer Robin Reviewer stepped back: She was my supervisee last year."
    assert client.get(review_url(assignment)).status_code == 404
    document = application.documents.get()
    assert client.get(reverse("applications:document", args=[application.pk, document.pk])).status_code == 404
    # A second click on the button changes nothing.
    assert client.post(review_url(assignment, "recuse"), {"note": "again"}).status_code == 404
    assert Application.objects.get(pk=application.pk).status == Application.Status.IN_REVIEW


# --- drafts and errors -----------------------------------------------------------------------------


def test_a_saved_draft_is_filled_in_when_the_reviewer_comes_back_and_counts_for_nothing(
    guidelines, client, coordinator, robin
):
    (assignment,) = assigned(coordinator, robin)
    client.force_login(robin)
    data = review_data(client, assignment, verdict="unclear", summary="Half way through.")
    point = next(name for name in data if name.startswith("req_") and not name.endswith("_note"))
    data["action"] = "draft"
    response = client.post(review_url(assignment, "submit"), data, follow=True)

    assert response.redirect_chain[-1][0].endswith("#your-review")
    assert "Draft saved at" in response.text
    form = response.context["review_form"]
    assert not form.is_bound
    assert form.initial[point] == "unclear" and form.initial["summary"] == "Half way through."
    assert "Your draft of" in response.text and "Half way through." in response.text
    checked = re.search(rf'<input type="radio" name="{point}" value="unclear"[^>]*checked>', response.text)
    assert checked is not None
    assignment.refresh_from_db()
    assert assignment.status == A.ASSIGNED and not Review.objects.exists()
    # Then submitted: the draft goes.
    data["action"] = "submit"
    client.post(review_url(assignment, "submit"), data)
    assignment.refresh_from_db()
    assert assignment.status == A.SUBMITTED and not hasattr(assignment, "draft")


def test_an_incomplete_draft_is_saved_as_it_is(guidelines, client, coordinator, robin):
    (assignment,) = assigned(coordinator, robin)
    client.force_login(robin)
    response = client.post(review_url(assignment, "submit"), {"action": "draft", "summary": "Only a start."})
    assert response.status_code == 302
    assert assignment.draft.data == {"summary": "Only a start."}


def test_autosave_gets_json_back(guidelines, client, coordinator, robin):
    (assignment,) = assigned(coordinator, robin)
    client.force_login(robin)
    response = client.post(
        review_url(assignment, "submit"),
        {"action": "draft", "summary": "Typed."},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200 and "saved_at" in response.json()


def test_errors_are_summarised_at_the_top_with_a_link_to_each_field(guidelines, client, coordinator, robin):
    (assignment,) = assigned(coordinator, robin)
    client.force_login(robin)
    data = review_data(client, assignment, verdict="not_met")
    point = next(name for name in data if name.startswith("req_") and not name.endswith("_note"))
    data[f"{point}_note"] = ""
    del data["recommendation"]
    response = client.post(review_url(assignment, "submit"), data)

    assert response.status_code == 400
    text = response.text
    summary = text[text.index('id="review-errors"') :]
    summary = summary[: summary.index("</div>")]
    assert f'href="#review-{point}_note"' in summary
    assert 'href="#review-recommendation_0"' in summary
    assert f'id="review-{point}_note"' in text and 'id="review-recommendation_0"' in text
    # The summary comes before the portfolio, and the form is the first section of the layout.
    assert text.index('id="review-errors"') < text.index('id="portfolio"')
    assert text.index('id="your-review"') < text.index('id="portfolio"')
    assert text.index('href="#your-review">Jump to your review') < text.index('id="portfolio"')
