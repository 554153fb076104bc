"""At 1280×800 the queue, the work page and the reviewer's page fit the window: no horizontal
scrolling, every column of the queue in view, and the page's left edge where the header's is."""

import pytest
from django.urls import reverse

from applications.models import Profile
from reviews import services
from tests.endorsement.staff_factories import give_totp
from tests.reviews.factories import complete_ifa, in_review, make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db(transaction=True)

COLUMNS = ["Applicant", "Category", "Status", "Age", "Ratings", "Reviewers", "Submitted"]


def layout(page):
    return page.evaluate(
        """() => {
            const left = (selector) => document.querySelector(selector).getBoundingClientRect().left;
            return {
                overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                header: left('.site-header-inner .brand'),
                main: left('main h1'),
            };
        }"""
    )


def column_edges(page):
    return page.evaluate(
        """() => [...document.querySelectorAll('.queue-table thead th')].map((th) => ({
            text: th.textContent.trim(), right: th.getBoundingClientRect().right,
        }))"""
    )


def test_the_wide_pages_fit_1280_pixels_with_every_column_visible(guidelines, browser, live_server):
    from .browsing import sign_in

    coordinator = make_coordinator(legal_name="Casey Coordinator")
    reviewer = make_reviewer(legal_name="Robin Reviewer")
    for user in (coordinator, reviewer):
        give_totp(user)
    applications = [in_review(complete_ifa(), coordinator) for _ in range(3)]
    Profile.objects.filter(user=applications[0].applicant).update(
        legal_name="María Elena López-Villanueva de la Fuente"
    )
    applications[0].applicant.email = "maria.elena.lopez-villanueva.delafuente@a-long-domain.example.org"
    applications[0].applicant.save(update_fields=["email"])
    assignment = services.assign_reviewer(applications[0], reviewer, by=coordinator)

    pages = [
        (coordinator, reverse("reviews:queue")),
        (coordinator, reverse("reviews:work", args=[applications[0].pk])),
        (reviewer, reverse("reviewer:review", args=[assignment.pk])),
    ]
    for user, path in pages:
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
        sign_in(context, live_server, user)
        page = context.new_page()
        page.goto(path)
        measured = layout(page)
        assert measured["overflow"] <= 0, f"{path} scrolls sideways by {measured['overflow']}px"
        assert abs(measured["main"] - measured["header"]) <= 1, f"{path}: {measured}"
        if path == reverse("reviews:queue"):
            edges = column_edges(page)
            assert [edge["text"] for edge in edges] == COLUMNS
            assert all(edge["right"] <= 1280 for edge in edges), edges
            scroller = page.evaluate(
                "() => { const s = document.querySelector('.table-scroll'); return s.scrollWidth - s.clientWidth; }"
            )
            assert scroller <= 0, f"the queue table hides {scroller}px in a horizontal scroll"
        context.close()


def test_the_review_form_is_in_the_first_screen_and_saves_itself(guidelines, browser, live_server):
    from reviews.models import ReviewDraft

    from .browsing import sign_in

    coordinator = make_coordinator(legal_name="Casey Coordinator")
    reviewer = make_reviewer(legal_name="Robin Reviewer")
    give_totp(reviewer)
    application = in_review(complete_ifa(), coordinator)
    assignment = services.assign_reviewer(application, reviewer, by=coordinator)

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    sign_in(context, live_server, reviewer)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(reverse("reviewer:review", args=[assignment.pk]))
    top = page.evaluate("() => document.querySelector('#review-form').getBoundingClientRect().top")
    assert top < 800, f"the review form starts {top}px down"

    page.fill("#review-summary", "Strong work with families; training log to check.")
    page.locator("[data-autosave-status]").filter(has_text="Draft saved at").wait_for()
    draft = ReviewDraft.objects.get(assignment=assignment)
    assert draft.data["summary"] == "Strong work with families; training log to check."

    page.reload()
    assert page.input_value("#review-summary") == "Strong work with families; training log to check."
    assert page.locator("#review-draft-saved").is_visible()
    context.close()
