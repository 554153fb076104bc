"""`manage.py seed_demo`: realistic demo data in every status and category, shown by the queue."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from applications.models import Application, ApplicationEvent, Rating, ReferenceRequest
from competencies.models import Category
from reviews.facts import evaluate_reviewed
from reviews.models import Decision, Review, ReviewerAssignment
from tests.endorsement.staff_factories import give_totp

pytestmark = pytest.mark.django_db


def test_seed_demo_covers_every_status_and_category_and_the_queue_shows_them(client, guidelines):
    call_command("seed_demo", applications=40, seed=1, verbosity=0)

    applications = Application.objects.select_related("category")
    assert applications.count() == 40
    assert set(applications.values_list("status", flat=True)) == set(Application.Status.values)
    assert set(applications.values_list("category", flat=True)) == set(
        Category.objects.values_list("pk", flat=True)
    )
    for exam_pending in applications.filter(status="exam_pending"):
        assert exam_pending.category.code.startswith(("IMHS", "IMHM"))
    assert not applications.exclude(applicant__email__endswith="@demo.example.org").exists()
    assert not applications.filter(applicant__profile__isnull=True).exists()
    assert not applications.filter(applicant__emailaddress__verified=False).exists()
    # Each application has its history, references and ratings; reviewed ones have reviews.
    assert ApplicationEvent.objects.values("application").distinct().count() == 40
    assert ReferenceRequest.objects.count() == 3 * 40
    assert Rating.objects.filter(submitted_at__isnull=False).exists()
    later = applications.filter(status__in=["changes_requested", "exam_pending", "approved", "denied"])
    assert ReviewerAssignment.objects.filter(application__in=later).count() == 2 * later.count()
    assert Review.objects.filter(assignment__application__in=later).count() == 2 * later.count()
    assert Decision.objects.count() == applications.filter(status__in=["approved", "denied"]).count()
    for application in applications.exclude(status="draft"):
        assert application.submitted_at is not None
        assert application.created_at <= application.submitted_at <= application.status_changed_at

    coordinator = get_user_model().objects.get(username="coordinator@example.org")
    give_totp(coordinator)
    client.force_login(coordinator)
    response = client.get("/coordinator/?status=")  # every status, not only the work with staff
    counts = {
        c["value"]: c["count"] for c in response.context["counts"] if c["value"] in Application.Status.values
    }
    assert sum(counts.values()) == 40
    assert all(counts[status] for status in Application.Status.values)
    html = response.content.decode()
    for code in set(applications.values_list("category__code", flat=True)):
        assert f"<td>{code}<br>" in html


def test_seed_demo_is_deterministic_adds_more_and_resets(guidelines):
    def snapshot():
        return list(
            Application.objects.order_by("pk").values_list("applicant__email", "category__code", "status")
        )

    call_command("seed_demo", applications=12, seed=5, verbosity=0)
    first = snapshot()
    call_command("seed_demo", applications=12, seed=5, reset=True, verbosity=0)
    assert snapshot() == first
    call_command("seed_demo", applications=5, seed=5, verbosity=0)
    assert Application.objects.count() == 17
    assert get_user_model().objects.filter(username="coordinator@example.org").count() == 1


def test_the_demo_resets_after_its_approved_applications_were_endorsed(guidelines):
    from renewals.models import Endorsement

    call_command("seed_demo", applications=40, seed=7, verbosity=0)
    call_command("seed_endorsements", verbosity=0)
    approved = Application.objects.filter(status=Application.Status.APPROVED).count()
    assert approved and Endorsement.objects.count() == approved

    call_command("seed_demo", applications=40, seed=7, reset=True, verbosity=0)
    call_command("seed_endorsements", verbosity=0)

    assert Endorsement.objects.count() == approved
    assert not Endorsement.objects.exclude(application__status=Application.Status.APPROVED).exists()
    # Most demo endorsees list themselves, so the demo directory is not empty.
    assert Endorsement.objects.filter(listed_in_directory=True).count() > approved / 2


def demo_verdicts():
    """Every demo application's verdict with the coordinator's judgments, as the work page shows it."""
    verdicts = {}
    for application in Application.objects.select_related("category__edition").order_by("pk"):
        as_of = timezone.localdate(application.decided_at) if application.decided_at else None
        verdicts[application.pk] = (application.status, evaluate_reviewed(application, as_of=as_of))
    return verdicts


def test_demo_verdicts_match_where_each_application_stands(guidelines):
    """Issue 10: every approved demo application used to be `not_eligible` by its own verdict."""
    call_command("seed_demo", applications=100, verbosity=0)
    verdicts = demo_verdicts()
    by_status = {}
    for status, result in verdicts.values():
        by_status.setdefault(status, []).append(result)
    approved = by_status["approved"]
    assert approved and all(result["status"] == "eligible" for result in approved)
    for result in by_status["exam_pending"]:
        unmet = [
            item["key"] for item in result["requirements"] if item["status"] not in ("met", "not_required")
        ]
        assert unmet == ["exam"]
    assert all(result["status"] == "not_eligible" for result in by_status["denied"])
    open_ones = {result["status"] for status in ("submitted", "in_review") for result in by_status[status]}
    assert open_ones == {"eligible", "needs_review", "not_eligible"}


@pytest.mark.django_db(transaction=True)
def test_the_writer_thread_writes_the_same_answers_and_items_as_one_transaction(guidelines):
    from django.db import connection, transaction
    from django.db.models import Count, Sum

    from applications.models import RatingAnswer
    from reviews.models import ReviewItem

    if connection.vendor != "postgresql":
        pytest.skip("the writer thread runs only on PostgreSQL")

    def snapshot():
        return (
            RatingAnswer.objects.aggregate(rows=Count("pk"), scores=Sum("score")),
            sorted(ReviewItem.objects.values_list("verdict").annotate(Count("pk"))),
            sorted(Application.objects.values_list("applicant__email", "status")),
        )

    # Outside a transaction, with several batches: the rating answers and review items go
    # through the writer's own connection, a batch behind.
    call_command("seed_demo", applications=30, seed=3, batch_size=10, verbosity=0)
    threaded = snapshot()
    with transaction.atomic():  # inside one, everything is written in the batch's transaction
        call_command("seed_demo", applications=30, seed=3, batch_size=10, reset=True, verbosity=0)
    assert snapshot() == threaded
    assert threaded[0]["rows"] > 30 * 3
