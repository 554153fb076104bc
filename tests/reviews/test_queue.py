"""The coordinator's queue (/coordinator/) and its CSV export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ReferenceRequest
from reviews.models import ReviewerAssignment
from reviews.queue import csv_safe
from tests.applications.factories import make_application, make_user
from tests.endorsement.staff_factories import give_totp

from .factories import make_reviewer

pytestmark = pytest.mark.django_db
QUEUE = "/coordinator/"
EXPORT = "/coordinator/export.csv"
S = Application.Status


@pytest.fixture
def coordinator(coordinator):
    give_totp(coordinator)
    return coordinator


@pytest.fixture
def client(client, coordinator):
    client.force_login(coordinator)
    return client


def app(name, *, code="IFA", edition="orimha", status=S.SUBMITTED, days=0, email=None):
    user = make_user(legal_name=name, email=email)
    application = make_application(user, code=code, edition=edition)
    changed = timezone.now() - datetime.timedelta(days=days, hours=1)
    Application.objects.filter(pk=application.pk).update(status=status, status_changed_at=changed)
    application.refresh_from_db()
    return application


def names(response):
    return [row.applicant_name for row in response.context["page"].object_list]


def test_urls_are_stable():
    assert reverse("reviews:queue") == QUEUE
    assert reverse("reviews:queue_export") == EXPORT


def test_queue_filters_by_status_and_category_code(client, guidelines):
    app("Ida Submitted IFS", code="IFS")
    app("Mia Michigan IFS", code="IFS", edition="mi-aimh-2025")
    app("Rae In-review IFS", code="IFS", status=S.IN_REVIEW)
    app("Ann Submitted IFA", code="IFA")
    response = client.get(QUEUE + "?status=submitted&category=IFS")
    assert response.status_code == 200
    assert sorted(names(response)) == ["Ida Submitted IFS", "Mia Michigan IFS"]


def test_queue_filters_by_edition_and_association(client, guidelines):
    app("Oregon Applicant", code="IFS")
    app("Michigan Applicant", code="IFS", edition="mi-aimh-2025")
    assert names(client.get(QUEUE + "?edition=mi-aimh-2025")) == ["Michigan Applicant"]
    assert names(client.get(QUEUE + "?association=orimha")) == ["Oregon Applicant"]


def test_queue_filters_by_assigned_reviewer(client, guidelines):
    reviewer = make_reviewer(legal_name="Rita Reviewer")
    other = make_reviewer(legal_name="Otto Other")
    mine = app("Assigned To Rita", status=S.IN_REVIEW)
    recused = app("Rita Stepped Back", status=S.IN_REVIEW)
    app("Nobody Assigned", status=S.IN_REVIEW)
    ReviewerAssignment.objects.create(application=mine, reviewer=reviewer)
    ReviewerAssignment.objects.create(application=mine, reviewer=other)
    ReviewerAssignment.objects.create(
        application=recused, reviewer=reviewer, status=ReviewerAssignment.Status.RECUSED
    )
    response = client.get(QUEUE + f"?reviewer={reviewer.pk}")
    assert names(response) == ["Assigned To Rita"]
    assert response.context["page"].object_list[0].assigned_reviewers == 2


def test_queue_reads_the_reviewers_once_for_both_dropdowns(client, guidelines):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rita = make_reviewer(legal_name="Rita Reviewer")
    gone = make_reviewer(legal_name="Gone Reviewer")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    app("Someone", status=S.IN_REVIEW)
    client.get(QUEUE + "?status=")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(QUEUE + "?status=")
    html = response.content.decode()
    reviewer_lists = [sql for sql in (q["sql"] for q in captured.captured_queries) if "auth_group" in sql]
    assert len([sql for sql in reviewer_lists if "ORDER BY" in sql and "legal_name" in sql]) == 1
    filters, bulk = html.split('id="queue-bulk"')
    assert f'<option value="{rita.pk}">Rita Reviewer' in filters
    assert f'<option value="{rita.pk}">Rita Reviewer' in bulk
    assert f'<option value="{gone.pk}">Gone Reviewer' in filters  # still filterable by
    assert f'value="{gone.pk}"' not in bulk  # but no longer assignable


def test_queue_filters_outstanding_references(client, guidelines):
    complete = app("Three Ratings")
    waiting = app("Two Ratings")
    for application, submitted in ((complete, 3), (waiting, 2)):
        for number in range(3):
            ReferenceRequest.objects.create(
                application=application,
                name=f"Rater {number}",
                email=f"rater{number}.{application.pk}@example.org",
                role="colleague",
                status=ReferenceRequest.Status.SUBMITTED
                if number < submitted
                else ReferenceRequest.Status.OPENED,
            )
    response = client.get(QUEUE + "?references=outstanding")
    assert names(response) == ["Two Ratings"]
    assert response.context["page"].object_list[0].submitted_ratings == 2


def test_queue_filters_by_minimum_days_in_status(client, guidelines):
    app("Waiting Long", days=30)
    app("Just Arrived", days=2)
    assert names(client.get(QUEUE + "?days=10")) == ["Waiting Long"]


def test_queue_searches_name_and_email(client, guidelines):
    app("Maria Gonzalez", email="mg@example.org")
    app("Tom Brown", email="tom.brown@clinic.example.org")
    assert names(client.get(QUEUE + "?q=gonz")) == ["Maria Gonzalez"]
    assert names(client.get(QUEUE + "?q=CLINIC.example")) == ["Tom Brown"]
    assert names(client.get(QUEUE + "?q=nobody")) == []


def test_queue_search_with_many_matches_reads_them_as_one_array(client, guidelines, monkeypatch):
    monkeypatch.setattr("reviews.queue.PEOPLE_AS_ARRAY", 0)
    app("Maria Gonzalez", status=S.SUBMITTED)
    app("Luis Gonzalez", status=S.DRAFT)
    app("Tom Brown")
    response = client.get(QUEUE + "?status=&q=gonzalez")
    assert sorted(names(response)) == ["Luis Gonzalez", "Maria Gonzalez"]
    counts = {c["value"]: c["count"] for c in response.context["counts"]}
    assert (counts["submitted"], counts["draft"]) == (1, 1)


def test_queue_sorts_by_age_name_status_and_category(client, guidelines):
    app("Bea Middle", code="IFS", status=S.IN_REVIEW, days=10)
    app("Al Oldest", code="IMHS", status=S.DRAFT, days=40)
    app("Cy Newest", code="IFA", status=S.APPROVED, days=1)
    assert names(client.get(QUEUE + "?status=")) == [
        "Al Oldest",
        "Bea Middle",
        "Cy Newest",
    ]  # most days first
    assert names(client.get(QUEUE + "?sort=age")) == ["Cy Newest", "Bea Middle", "Al Oldest"]
    assert names(client.get(QUEUE + "?sort=name")) == ["Al Oldest", "Bea Middle", "Cy Newest"]
    assert names(client.get(QUEUE + "?sort=-name")) == ["Cy Newest", "Bea Middle", "Al Oldest"]
    assert names(client.get(QUEUE + "?sort=status")) == ["Al Oldest", "Bea Middle", "Cy Newest"]
    assert names(client.get(QUEUE + "?sort=-category")) == ["Al Oldest", "Bea Middle", "Cy Newest"]
    assert names(client.get(QUEUE + "?sort=category")) == ["Cy Newest", "Bea Middle", "Al Oldest"]


def test_queue_sort_by_name_follows_a_renamed_profile_and_a_changed_email(client, guidelines):
    first = app("Al First", email="zed@example.org")
    app("Bea Second", email="bea@example.org")
    profile = first.applicant.profile
    profile.legal_name = "Zoe Renamed"
    profile.save()
    assert names(client.get(QUEUE + "?status=&sort=name")) == ["Bea Second", "Zoe Renamed"]
    profile.delete()  # without a profile: the email stands in, and such rows sort last
    user = first.applicant
    user.email = "aaa@example.org"
    user.save()
    assert names(client.get(QUEUE + "?status=&sort=name"))[0] == "Bea Second"
    assert names(client.get(QUEUE + "?status=&sort=-name"))[-1] == "Bea Second"


def test_queue_search_follows_renamed_people(client, guidelines):
    first = app("Al First", email="al@example.org")
    app("Bea Second", email="bea@example.org")
    profile = first.applicant.profile
    profile.legal_name, profile.preferred_name = "Zoë Renamed", "Zed"
    profile.save()
    assert names(client.get(QUEUE + "?status=&q=zoe")) == ["Zoë Renamed"]
    assert names(client.get(QUEUE + "?status=&q=zed")) == ["Zoë Renamed"]
    assert names(client.get(QUEUE + "?status=&q=first")) == []
    user = first.applicant
    user.email, user.first_name = "moved@clinic.example.org", "Alonzo"
    user.save()
    assert names(client.get(QUEUE + "?status=&q=clinic")) == ["Zoë Renamed"]
    assert names(client.get(QUEUE + "?status=&q=alonzo")) == ["Zoë Renamed"]
    profile.delete()  # without a profile the user's own names are still searched
    assert len(names(client.get(QUEUE + "?status=&q=alonzo"))) == 1
    assert names(client.get(QUEUE + "?status=&q=zoe")) == []


def test_queue_paginates_fifty_per_page(client, guidelines):
    for number in range(53):
        app(f"Person {number:02d}", days=number)
    first = client.get(QUEUE + "?sort=age&status=submitted")
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.num_pages == 2
    assert 'href="?sort=age&amp;status=submitted&amp;page=2"' in first.content.decode()
    second = client.get(QUEUE + "?sort=age&status=submitted&page=2")
    assert names(second) == ["Person 50", "Person 51", "Person 52"]


def test_queue_counts_per_status_under_the_other_filters(client, guidelines):
    app("A", code="IFS", status=S.SUBMITTED)
    app("B", code="IFS", status=S.SUBMITTED)
    app("C", code="IFS", status=S.DENIED)
    app("D", code="IFA", status=S.SUBMITTED)
    response = client.get(QUEUE + "?category=IFS&status=denied")
    counts = {c["value"]: c["count"] for c in response.context["counts"]}
    assert counts == {**dict.fromkeys(S.values, 0), "submitted": 2, "denied": 1, "with_staff": 2}
    assert response.context["total"] == 1
    assert names(response) == ["C"]
    html = response.content.decode()
    assert 'href="?category=IFS&amp;status=submitted"' in html
    assert 'aria-current="page">Denied <span class="count">1</span>' in html


def test_queue_shows_the_age_of_each_item_and_links_it(client, guidelines):
    application = app("Ella Waiting", status=S.SUBMITTED, days=12)
    html = client.get(QUEUE).content.decode()
    assert "12 days in Submitted" in html
    link = (
        reverse("reviews:work", args=[application.pk]) if _has_work_page() else application.get_absolute_url()
    )
    assert f'href="{link}"' in html


def _has_work_page():
    from django.urls import NoReverseMatch

    try:
        reverse("reviews:work", args=[1])
    except NoReverseMatch:
        return False
    return True


def test_queue_filter_form_has_labels_and_reports_bad_values(client, guidelines):
    app("Anyone")
    response = client.get(QUEUE + "?days=-3&status=bogus")
    assert response.status_code == 200
    html = response.content.decode()
    for field in (
        "q",
        "status",
        "category",
        "edition",
        "association",
        "reviewer",
        "references",
        "days",
        "sort",
    ):
        assert f'<label for="id_{field}">' in html
    assert 'method="get"' in html
    assert names(response) == ["Anyone"]  # the bad filters are ignored, and said so
    assert response.context["form"].errors.keys() == {"days", "status"}


def test_export_streams_the_filtered_list_as_csv(client, guidelines):
    app("Ida Submitted IFS", code="IFS", days=5, email="ida@example.org")
    app("Ann Submitted IFA", code="IFA")
    response = client.get(EXPORT + "?status=submitted&category=IFS")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="applications-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:8] == [
        "ID",
        "Applicant",
        "Email",
        "Category",
        "Edition",
        "Association",
        "Status",
        "Days in status",
    ]
    assert len(rows) == 2
    assert rows[1][1:8] == [
        "Ida Submitted IFS",
        "ida@example.org",
        "IFS",
        "orimha",
        "ORIMHA",
        "Submitted",
        "5",
    ]


def test_export_guards_against_formula_injection(client, guidelines):
    app('=HYPERLINK("http://evil.example","x")', email="plain@example.org")
    app("+1 Plus", email="plus@example.org")
    body = b"".join(client.get(EXPORT + "?sort=name").streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert [row[1] for row in rows[1:]] == ["'+1 Plus", '\'=HYPERLINK("http://evil.example","x")']
    assert csv_safe("-2") == "'-2"
    assert csv_safe("@SUM(A1)") == "'@SUM(A1)"
    assert csv_safe("Plain") == "Plain"
    assert csv_safe(3) == "3"


@pytest.mark.parametrize("url", [QUEUE, EXPORT])
def test_non_coordinators_get_404(client, url, guidelines):
    applicant = make_user()
    client.force_login(applicant)
    assert client.get(url).status_code == 404
    reviewer = make_reviewer()
    give_totp(reviewer)
    client.force_login(reviewer)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [QUEUE, EXPORT])
def test_anonymous_is_sent_to_sign_in(url):
    from django.test import Client

    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_coordinator_without_authenticator_is_sent_to_set_one_up(guidelines):
    from django.test import Client

    from .factories import make_coordinator

    client = Client()
    client.force_login(make_coordinator())
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_queue_is_post_free(client):
    assert client.post(QUEUE).status_code == 405


@pytest.mark.slow
def test_queue_query_count_does_not_grow_with_rows(client, guidelines, django_assert_max_num_queries):
    from django.core.management import call_command

    counts = []
    for rows in (3, 57):  # then 60 rows: more than the page of 50 shows
        call_command("seed_demo", applications=rows, seed=rows, verbosity=0)
        # The first request after a change recounts and remembers the filters; then the counts
        # come from the cache and the filters are already remembered.
        client.get(QUEUE + "?sort=-age")
        # The filters' categories, editions and associations are kept with the guidelines.
        with django_assert_max_num_queries(8) as captured:
            response = client.get(QUEUE + "?sort=-age")
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    assert Application.objects.count() == 60
    assert len(response.context["page"].object_list) == 50
    assert counts[0] == counts[1]


def test_queue_opens_on_the_work_with_staff_longest_waiting_first(client, guidelines):
    app("Old Draft", status=S.DRAFT, days=700)
    app("New Submission", status=S.SUBMITTED, days=2)
    app("Waiting Exam", status=S.EXAM_PENDING, days=30)
    app("Long Review", status=S.IN_REVIEW, days=60)
    app("Back With Applicant", status=S.CHANGES_REQUESTED, days=90)
    response = client.get(QUEUE)
    assert names(response) == ["Long Review", "Waiting Exam", "New Submission"]
    html = response.content.decode()
    assert 'aria-current="page">Needs you now <span class="count">3</span>' in html
    assert 'href="?sort=-age&amp;status=draft"' in html  # drafts are one filter away
    assert names(client.get(QUEUE + "?status=draft")) == ["Old Draft"]


def test_queue_remembers_the_last_filters_until_reset(client, guidelines):
    app("Ida IFS", code="IFS", status=S.DRAFT)
    app("Ann IFA", code="IFA", status=S.DRAFT)
    assert names(client.get(QUEUE + "?status=draft&category=IFS")) == ["Ida IFS"]
    again = client.get(QUEUE)
    assert names(again) == ["Ida IFS"]
    assert again.context["form"]["category"].value() == "IFS"
    assert client.get(QUEUE + "?page=1").context["form"]["category"].value() == "IFS"
    reset = client.get(QUEUE + "?reset=1")
    assert reset.status_code == 302 and reset["Location"] == QUEUE
    assert names(client.get(QUEUE)) == []  # back on the work with staff: drafts are not there


def test_queue_search_ignores_case_and_accents(client, guidelines):
    app("María Elena López", email="mel@example.org")
    app("Tom Brown", email="tom@example.org")
    for query in ("lopez", "Maria", "LÓPEZ", "maría elena", "ELENA lop"):
        assert names(client.get(QUEUE + f"?status=&q={query}")) == ["María Elena López"], query
    assert names(client.get(QUEUE + "?status=&q=100%25")) == []  # a wildcard is searched as itself


def test_queue_last_page_is_read_from_the_other_end(client, guidelines):
    for number in range(120):
        app(f"Person {number:03d}", days=number)
    last = client.get(QUEUE + "?status=submitted&sort=age&page=3")
    assert names(last) == [f"Person {number:03d}" for number in range(100, 120)]
    middle = client.get(QUEUE + "?status=submitted&sort=-age&page=2")
    assert names(middle) == [f"Person {number:03d}" for number in range(69, 19, -1)]


def test_the_filters_show_an_edition_renamed_since_the_last_visit(client, guidelines):
    from competencies.models import Edition

    app("Ada Applicant")
    client.get(QUEUE)
    Edition.objects.filter(slug="orimha").update(title="Oregon guidelines, renamed")
    assert '<option value="orimha">Oregon guidelines, renamed</option>' in client.get(QUEUE).content.decode()
