"""The coordinator's dashboard (/coordinator/dashboard/): its figures on a hand-built history."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, ApplicationEvent, ReferenceRequest
from competencies.models import Category
from reviews import dashboard
from reviews.models import ExamResult, ExamSitting, Review, ReviewerAssignment
from tests.applications.factories import make_application, make_user
from tests.endorsement.staff_factories import give_totp

from .factories import make_reviewer

pytestmark = pytest.mark.django_db
URL = "/coordinator/dashboard/"
S = Application.Status
# Noon in Los Angeles (the default TIME_ZONE); in UTC so that day arithmetic ignores daylight saving.
NOW = datetime.datetime(2026, 11, 15, 20, 0, tzinfo=datetime.UTC)
ORIMHA = {"association": "", "edition": "orimha"}


def ago(days):
    return NOW - datetime.timedelta(days=days)


def history(name, code, steps, *, edition="orimha"):
    """An application whose history is `steps`: (status, days before NOW), oldest first.

    A step whose status repeats the previous one is a note, not a change of status.
    """
    application = make_application(make_user(legal_name=name), code=code, edition=edition)
    application.events.all().delete()
    previous, changed = "", None
    for status, days in steps:
        ApplicationEvent.objects.create(
            application=application, created_at=ago(days), from_status=previous, to_status=status
        )
        if status != previous:
            changed = days
        previous = status
    submissions = [days for status, days in steps if status == S.SUBMITTED]
    Application.objects.filter(pk=application.pk).update(
        status=steps[-1][0],
        status_changed_at=ago(changed),
        submitted_at=ago(submissions[-1]) if submissions else None,
        decided_at=ago(steps[-1][1]) if steps[-1][0] in S.DECIDED else None,
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def coordinator(coordinator):
    give_totp(coordinator)
    return coordinator


@pytest.fixture
def world(guidelines, coordinator):
    """Seven orimha applications with known durations, and one MI-AIMH application."""
    apps = {
        "A": history(
            "Ann Approved", "IFA", [(S.DRAFT, 100), (S.SUBMITTED, 90), (S.IN_REVIEW, 80), (S.APPROVED, 60)]
        ),
        "B": history(
            "Ben Denied",
            "IFA",
            [
                (S.DRAFT, 50),
                (S.SUBMITTED, 40),
                (S.IN_REVIEW, 30),
                (S.CHANGES_REQUESTED, 25),
                (S.SUBMITTED, 20),
                (S.IN_REVIEW, 15),
                (S.IN_REVIEW, 12),  # a note: the stay in review goes on
                (S.DENIED, 0),
            ],
        ),
        "C": history(
            "Cy Approved", "IFS", [(S.DRAFT, 42), (S.SUBMITTED, 35), (S.IN_REVIEW, 30), (S.APPROVED, 25)]
        ),
        "D": history(
            "Dee Examinee",
            "IMHS",
            [(S.DRAFT, 70), (S.SUBMITTED, 60), (S.IN_REVIEW, 50), (S.EXAM_PENDING, 20)],
        ),
        "E": history("Eve Submitted", "IFA", [(S.DRAFT, 5), (S.SUBMITTED, 4)]),
        "F": history("Fay Draft", "IFA", [(S.DRAFT, 1)]),
        "G": history("Gus Withdrawn", "IFA", [(S.DRAFT, 410), (S.SUBMITTED, 400), (S.WITHDRAWN, 399)]),
        "H": history("Hal Michigan", "IFS", [(S.DRAFT, 6), (S.SUBMITTED, 5)], edition="mi-aimh-2025"),
    }

    def reference(app, name, status, days):
        return ReferenceRequest.objects.create(
            application=app,
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            role="colleague",
            status=status,
            invited_at=ago(days),
        )

    reference(apps["E"], "Olive Oldest", ReferenceRequest.Status.INVITED, 12)
    reference(apps["E"], "Opal Opened", ReferenceRequest.Status.OPENED, 3)
    reference(apps["E"], "Sam Submitted", ReferenceRequest.Status.SUBMITTED, 30)
    reference(apps["E"], "Dot Declined", ReferenceRequest.Status.DECLINED, 30)
    reference(apps["F"], "Fred Fresh", ReferenceRequest.Status.INVITED, 1)
    reference(apps["G"], "Wes Withdrawn", ReferenceRequest.Status.INVITED, 398)  # application closed
    reference(apps["H"], "Mo Michigan", ReferenceRequest.Status.INVITED, 100)  # other edition

    busy, steady, idle = (
        make_reviewer(legal_name="Rita Busy"),
        make_reviewer(legal_name="Rob Steady"),
        make_reviewer(legal_name="Ray Idle"),
    )
    open_ = ReviewerAssignment.Status.ASSIGNED
    done = ReviewerAssignment.Status.SUBMITTED

    def assign(app, reviewer, status, days, reviewed=None):
        assignment = ReviewerAssignment.objects.create(
            application=app, reviewer=reviewer, status=status, assigned_at=ago(days)
        )
        if reviewed is not None:
            Review.objects.create(
                assignment=assignment, recommendation="approve", summary="Fine.", submitted_at=ago(reviewed)
            )

    assign(apps["E"], busy, open_, 2)
    assign(apps["D"], busy, open_, 8)
    assign(apps["A"], busy, done, 85, reviewed=100 - 1)  # long ago: not in the last 90 days
    assign(apps["C"], steady, done, 29, reviewed=26)
    assign(apps["B"], steady, ReviewerAssignment.Status.RECUSED, 28)
    assign(apps["H"], steady, open_, 4)  # other edition

    ExamSitting.objects.create(
        application=apps["D"],
        sat_on=ago(10).date(),
        multiple_choice_score=70,
        pass_mark_percent=80,
        multiple_choice_result=ExamResult.FAILED,
    )
    return {"apps": apps, "reviewers": (busy, steady, idle), "coordinator": coordinator}


def scoped(filters):
    return dashboard.scoped_categories(list(Category.objects.select_related("edition__association")), filters)


def orimha_categories():
    return scoped(ORIMHA)


def figures(world, filters=ORIMHA):
    categories = scoped(filters)
    return dashboard.dashboard(world["coordinator"], filters, categories=categories, now=NOW)


def test_counts_by_status_and_category(world):
    counts = figures(world)["counts"]
    rows = {row["code"]: dict(zip(S.values, row["counts"], strict=True)) for row in counts["rows"]}
    assert [row["code"] for row in counts["rows"]] == ["IFA", "IFS", "IMHS"]
    assert rows["IFA"] == {
        **dict.fromkeys(S.values, 0),
        "draft": 1,
        "submitted": 1,
        "approved": 1,
        "denied": 1,
        "withdrawn": 1,
    }
    assert rows["IFS"]["approved"] == 1 and sum(rows["IFS"].values()) == 1
    assert rows["IMHS"]["exam_pending"] == 1
    assert counts["total"] == 7
    assert {item["label"]: item["value"] for item in counts["by_status"]}["Approved"] == 2


def test_association_and_edition_filters_scope_every_figure(world):
    everything = figures(world, {"association": "", "edition": ""})
    michigan = figures(world, {"association": "mi-aimh", "edition": ""})
    assert everything["counts"]["total"] == 8
    assert michigan["counts"]["total"] == 1
    assert [row["code"] for row in michigan["counts"]["rows"]] == ["IFS"]
    assert michigan["references"]["total"] == 1
    assert michigan["exams"]["total"] == 0
    load = {row["name"]: row["open"] for row in michigan["reviewers"]}
    assert load["Rob Steady"] == 1 and load["Rita Busy"] == 0


def test_first_submissions_per_month_over_twelve_months_with_empty_months(world):
    months = figures(world)["months"]
    assert len(months) == 12
    assert months[0]["label"] == "December 2025" and months[-1]["label"] == "November 2026"
    by_month = {m["label"]: m["value"] for m in months}
    # A on Aug 17, D on Sep 16, B and C in October (B's resubmission not counted again), E in Nov.
    assert by_month == {
        **{m["label"]: 0 for m in months},
        "August 2026": 1,
        "September 2026": 1,
        "October 2026": 2,
        "November 2026": 1,
    }


def test_median_days_from_first_submission_to_decision(world):
    medians = figures(world)["medians"]
    # A: 90 → 60 = 30 days; B: first submitted 40 days ago, denied today = 40; C: 35 → 25 = 10.
    assert medians["decided"] == 3
    assert medians["decision_overall"] == pytest.approx(30)
    by_category = {row["label"]: (row["median"], row["count"]) for row in medians["decision_by_category"]}
    assert by_category == {"IFA": (pytest.approx(35), 2), "IFS": (pytest.approx(10), 1)}


def test_median_days_in_each_status_count_the_current_stay_until_now(world):
    per_status = {
        row["value"]: (row["median"], row["count"]) for row in figures(world)["medians"]["per_status"]
    }
    # draft: 10, 10, 7, 10, 1, 1 (Fay's draft still open), 10 → 10
    assert per_status["draft"] == (pytest.approx(10), 7)
    # submitted: 10, 10 and 5, 5, 10, 4 (Eve, until now), 1 → 5
    assert per_status["submitted"] == (pytest.approx(5), 7)
    # in review: 20, 5 and 15 (the note does not end the stay), 5, 30 → 15
    assert per_status["in_review"] == (pytest.approx(15), 5)
    assert per_status["changes_requested"] == (pytest.approx(5), 1)
    assert per_status["exam_pending"] == (pytest.approx(20), 1)
    assert set(per_status) == {"draft", "submitted", "in_review", "changes_requested", "exam_pending"}


def test_medians_take_the_middle_of_an_even_count(guidelines, coordinator):
    history("One", "IFA", [(S.DRAFT, 30), (S.SUBMITTED, 20), (S.APPROVED, 10)])
    history("Two", "IFA", [(S.DRAFT, 30), (S.SUBMITTED, 26), (S.APPROVED, 10)])
    applications = dashboard.applications_for(coordinator, {}, [])
    assert dashboard.decision_medians(applications) == {
        "overall": (pytest.approx(13), 2),
        "IFA": (pytest.approx(13), 2),
    }
    assert dashboard.status_medians(applications, now=NOW) == {
        "draft": (pytest.approx(7), 2),
        "submitted": (pytest.approx(13), 2),
    }


def test_outstanding_references_on_open_applications(world):
    references = figures(world)["references"]
    assert references["total"] == 3
    assert references["applications"] == 2
    assert references["oldest"]["rater"] == "Olive Oldest"
    assert references["oldest"]["days"] == 12
    assert references["oldest"]["url"] == reverse("reviews:work", args=[world["apps"]["E"].pk])


def test_reviewer_load(world):
    rows = figures(world)["reviewers"]
    # Most open assignments first, then the oldest open one, then by name.
    assert [row["name"] for row in rows] == ["Rita Busy", "Ray Idle", "Rob Steady"]
    busy, idle, steady = rows
    assert (busy["open"], busy["recent"], busy["oldest_days"]) == (2, 0, 8)
    assert (steady["open"], steady["recent"], steady["oldest_days"]) == (0, 1, None)
    assert (idle["open"], idle["recent"], idle["oldest_days"]) == (0, 0, None)


def test_exams_waiting_with_the_retake_date(world):
    exams = figures(world)["exams"]
    assert exams["total"] == 1
    (row,) = exams["rows"]
    assert (row["applicant"], row["code"], row["days"]) == ("Dee Examinee", "IMHS", 20)
    multiple_choice, essay = row["parts"]
    assert multiple_choice["retake"] == ago(10).date() + datetime.timedelta(days=365)
    assert "failed" in multiple_choice["text"]
    assert essay == {"label": "Essay", "text": "not sat yet"}


def test_page_shows_the_figures_charts_and_tables(world, client):
    client.force_login(world["coordinator"])
    response = client.get(URL + "?edition=orimha")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 4
    assert 'role="img"' in html and "<title id=" in html
    assert "<caption>7 applications by category (rows) and status (columns)</caption>" in html
    assert "Olive Oldest" in html and "Dee Examinee" in html and "Rita Busy" in html
    assert "Median days in each status" in html


def test_unknown_filter_value_is_explained_at_its_field(world, client):
    client.force_login(world["coordinator"])
    response = client.get(URL + "?edition=nope")
    assert response.status_code == 200
    assert response.context["form"].errors["edition"]
    assert response.context["counts"]["total"] == 8  # the bad filter is ignored


def test_empty_dashboard_says_so(guidelines, coordinator, client):
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert "No applications yet" in html
    assert "No application has been approved or denied yet" in html
    assert "No application is waiting for the exam." in html


def test_url_and_navigation(guidelines, coordinator, client):
    assert reverse("reviews:dashboard") == URL
    client.force_login(coordinator)
    response = client.get(reverse("reviews:queue"))
    assert f'href="{URL}"' in response.content.decode()
    assert {"label": "Dashboard", "url": URL, "current": False} in response.context["nav_items"]


def test_non_coordinators_are_refused(guidelines, client):
    client.force_login(make_user())
    assert client.get(URL).status_code == 403
    reviewer = make_reviewer()
    give_totp(reviewer)
    client.force_login(reviewer)
    assert client.get(URL).status_code == 403
    assert "Dashboard" not in [item["label"] for item in client.get("/").context["nav_items"]]


def test_anonymous_is_sent_to_sign_in():
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_dashboard_is_read_only(guidelines, coordinator, client):
    client.force_login(coordinator)
    assert client.post(URL).status_code == 405


def as_of(text):
    return re.search(r"Figures as of ([^;]+);", text).group(1)


def _queries(client):
    cache.clear()  # the figures themselves, not the cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_the_data(world, client):
    client.force_login(world["coordinator"])
    few = _queries(client)
    for number in range(12):
        more = history(
            f"Extra {number}",
            "IMHS",
            [(S.DRAFT, 40 + number), (S.SUBMITTED, 30), (S.IN_REVIEW, 20), (S.EXAM_PENDING, 10)],
        )
        ExamSitting.objects.create(
            application=more,
            sat_on=ago(5).date(),
            multiple_choice_score=90,
            pass_mark_percent=80,
            multiple_choice_result=ExamResult.PASSED,
        )
        ReviewerAssignment.objects.create(application=more, reviewer=make_reviewer(legal_name=f"R {number}"))
        ReferenceRequest.objects.create(
            application=more, name="Extra rater", email=f"x{number}@example.org", role="colleague"
        )
    assert _queries(client) == few


def test_figures_are_kept_for_some_minutes_and_the_page_says_as_of_when(world, client):
    client.force_login(world["coordinator"])
    cache.clear()
    first = client.get(URL + "?edition=orimha").content.decode()
    history("Late Arrival", "IFA", [(S.DRAFT, 1)])
    with CaptureQueriesContext(connection) as captured:
        again = client.get(URL + "?edition=orimha").content.decode()
    # The figures and the page drawn from them are kept: the same counts, as of the same time.
    assert "7 applications by category" in first and "7 applications by category" in again
    assert as_of(again) == as_of(first)
    assert len(captured) < _queries(client)
    assert "they are recounted every 5 minutes" in again
    assert "8 applications by category" in client.get(URL + "?edition=orimha").content.decode()
