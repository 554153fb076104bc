"""Every page coordinators, reviewers and advisors work in, checked with axe-core in a browser.

The data covers each state a page shows differently: an application submitted, one in review
with one review in and one open, one waiting for the exam, one returned with changes
requested. Each staff member is signed in by handing the browser a session made on the server
(the sign-in form with its authenticator code is covered in tests/endorsement). A "serious" or
"critical" axe violation on any page fails the test, with every such violation listed.
"""

import datetime

import pytest
from django.urls import reverse

from applications.models import Application
from competencies.models import Association
from competencies.staff import add_staff
from endorsement import roles
from renewals.services.transfers import request_transfer
from reviews import services
from reviews.forms.reviewer import ReviewForm
from reviews.views.reviewer import _review_points
from tests.applications.factories import make_user
from tests.endorsement.staff_factories import give_totp
from tests.renewals.endorsee_factories import endorse
from tests.reviews.factories import (
    complete_ifa,
    complete_imhs,
    in_review,
    make_advisor,
    make_coordinator,
    make_reviewer,
    reviewed,
    submitted,
)

from .browsing import serious_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = datetime.date.today()


class Visitor:
    """One browser tab signed in as one person; collects every problem instead of stopping."""

    def __init__(self, browser, live_server, user, problems):
        self.context = browser.new_context(base_url=live_server.url)
        sign_in(self.context, live_server, user)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.problems = problems

    def visit(self, path, *, expect_text=None):
        response = self.page.goto(path)
        if response is None or response.status != 200:
            status = response.status if response else "no response"
            self.problems.append(f"{path}: status {status}")
            return
        if expect_text and expect_text not in self.page.content():
            self.problems.append(f"{path}: {expect_text!r} is not on the page")
        lines = serious_violations(self.page)
        if lines:
            self.problems.append(f"{path}: {len(lines)} axe line(s)\n" + "\n".join(lines))

    def close(self):
        self.context.close()


def _submit_review(assignment, *, verdict="met"):
    application = assignment.application
    _result, _requirements, points, domains = _review_points(application)
    form = ReviewForm(requirements=points, domains=domains)
    items = []
    for point in form.points:
        item = {"verdict": verdict, "note": "The hours log has gaps." if verdict != "met" else ""}
        item.update({"requirement": point.requirement} if point.requirement else {"domain": point.domain})
        items.append(item)
    return services.submit_review(
        assignment,
        recommendation="request_changes" if verdict != "met" else "approve",
        summary="A thorough portfolio.",
        items=items,
        by=assignment.reviewer,
    )


def _vet_unendorsed(application, coordinator):
    for reference in application.references.filter(rater_endorsements=[]):
        services.vet_rater(reference, accepted=True, called_on=TODAY, note="Called", by=coordinator)


@pytest.fixture
def staff_world(guidelines):
    coordinator = make_coordinator(legal_name="Casey Coordinator")
    reviewer = make_reviewer(legal_name="Robin Reviewer")
    second_reviewer = make_reviewer(legal_name="Rene Reviewer")
    advisor = make_advisor()
    for user in (coordinator, reviewer, second_reviewer, advisor):
        give_totp(user)

    waiting = submitted(complete_ifa(endorsed_rater=False))

    reviewing = in_review(complete_imhs(internship=True), coordinator)
    done = services.assign_reviewer(reviewing, reviewer, by=coordinator)
    open_assignment = services.assign_reviewer(reviewing, second_reviewer, by=coordinator)
    _submit_review(done, verdict="not_met")
    services.assign_advisor(reviewing, advisor, by=coordinator)
    services.add_comment(reviewing, author=coordinator, body="Please add the internship supervisor's letter.")

    exam = reviewed(in_review(complete_imhs(), coordinator), coordinator)
    _vet_unendorsed(exam, coordinator)
    services.send_to_exam(exam, by=coordinator)

    returned = in_review(complete_ifa(), coordinator)
    services.request_changes(returned, requests=[("training", "Add the certificates.")], by=coordinator)
    services.assign_advisor(returned, advisor, by=coordinator)

    # An association admin with a staff change on record, and a transfer waiting for ORIMHA.
    orimha = Association.objects.get(slug="orimha")
    association_admin = make_user(legal_name="Ada Admin")
    add_staff(orimha, email=association_admin.email, role=roles.ASSOCIATION_ADMIN, by=None)
    association_admin.refresh_from_db()
    give_totp(association_admin)
    add_staff(orimha, email="new.reviewer@example.org", role=roles.REVIEWER, by=association_admin)
    moving = endorse(name="Morgan Mover", edition="mi-aimh-2025", code="IFS")
    request_transfer(moving, orimha, reason="I moved to Portland.", by=moving.holder)

    return {
        "association_admin": association_admin,
        "coordinator": coordinator,
        "reviewer": reviewer,
        "second_reviewer": second_reviewer,
        "advisor": advisor,
        "waiting": waiting,
        "reviewing": reviewing,
        "exam": exam,
        "returned": returned,
        "done_assignment": done,
        "open_assignment": open_assignment,
    }


def test_every_staff_page_has_no_serious_accessibility_violation(browser, live_server, staff_world):
    world = staff_world
    for key, status in (
        ("waiting", Application.Status.SUBMITTED),
        ("reviewing", Application.Status.IN_REVIEW),
        ("exam", Application.Status.EXAM_PENDING),
        ("returned", Application.Status.CHANGES_REQUESTED),
    ):
        world[key].refresh_from_db()
        assert world[key].status == status, key
    problems = []

    coordinator = Visitor(browser, live_server, world["coordinator"], problems)
    queue = reverse("reviews:queue")
    coordinator.visit(queue, expect_text="export.csv")
    coordinator.visit(f"{queue}?status=submitted&category=IFA&sort=oldest")
    coordinator.visit(f"{queue}?status=in_review&references=outstanding&days=0")
    coordinator.visit(f"{queue}?q=nobody-is-called-this")  # the empty result
    coordinator.visit(f"{queue}?status=bogus&days=-3")  # filters with errors at the fields
    for key in ("waiting", "reviewing", "exam", "returned"):
        coordinator.visit(reverse("reviews:work", args=[world[key].pk]))
    decide = reverse("reviews:decide", args=[world["reviewing"].pk])
    coordinator.visit(decide)
    coordinator.visit(f"{decide}?outcome=denied&reasons=The+hours+are+not+documented.&include_feedback=on")
    coordinator.visit(f"{decide}?outcome=denied")  # the draft form with its error
    coordinator.visit(reverse("reviews:dashboard"))
    coordinator.visit(reverse("thread:index", kwargs={"pk": world["reviewing"].pk}))
    coordinator.visit(reverse("renewal_queue:index"))
    coordinator.visit(reverse("transfers:queue"), expect_text="Accept the transfer")
    coordinator.close()

    association_admin = Visitor(browser, live_server, world["association_admin"], problems)
    association_admin.visit(reverse("staff:association", args=["orimha"]), expect_text="Give someone a role")
    association_admin.close()

    reviewer = Visitor(browser, live_server, world["reviewer"], problems)
    reviewer.visit(reverse("reviewer:assignments"))
    reviewer.visit(reverse("reviewer:review", args=[world["done_assignment"].pk]))
    reviewer.close()

    second = Visitor(browser, live_server, world["second_reviewer"], problems)
    second.visit(reverse("reviewer:review", args=[world["open_assignment"].pk]))
    second.close()

    advisor = Visitor(browser, live_server, world["advisor"], problems)
    advisor.visit(reverse("advisor:index"))
    advisor.visit(reverse("advisor:application", args=[world["reviewing"].pk]))
    advisor.visit(reverse("advisor:application", args=[world["returned"].pk]))
    advisor.visit(reverse("thread:index", kwargs={"pk": world["returned"].pk}))
    advisor.close()

    assert not problems, "Staff pages with problems:\n" + "\n".join(problems)
