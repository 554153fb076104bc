import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from applications.permissions import EXTRA_VIEWERS, can_view, get_application_for
from reviews import permissions, services
from tests.applications.factories import make_user

from .factories import complete_ifa, in_review, make_advisor, make_reviewer

pytestmark = pytest.mark.django_db


def test_reviews_registers_its_viewers_once():
    assert EXTRA_VIEWERS.count(permissions.is_assigned_reviewer) == 1
    assert EXTRA_VIEWERS.count(permissions.is_advisor_of) == 1


def test_coordinators_work_every_application_but_their_own(guidelines, coordinator):
    application = complete_ifa()
    assert permissions.can_work_application(coordinator, application)
    assert not permissions.can_work_application(make_reviewer(), application)
    assert not permissions.can_work_application(application.applicant, application)
    assert not permissions.can_work_application(AnonymousUser(), application)
    own = complete_ifa()
    own.applicant = coordinator
    assert not permissions.can_work_application(coordinator, own)


def test_assigned_reviewer_views_until_stepping_back(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    reviewer, other = make_reviewer(), make_reviewer()
    assert not permissions.is_assigned_reviewer(reviewer, application)
    assert not can_view(reviewer, application)
    assignment = services.assign_reviewer(application, reviewer, by=coordinator)
    assert permissions.is_assigned_reviewer(reviewer, application)
    assert get_application_for(reviewer, application.pk) == application
    assert not can_view(other, application)
    with pytest.raises(Http404):
        get_application_for(reviewer, application.pk, "edit")
    services.recuse_reviewer(assignment, by=reviewer, note="Former colleague.")
    assert not permissions.is_assigned_reviewer(reviewer, application)
    assert not can_view(reviewer, application)


def test_a_reviewer_removed_from_the_group_loses_access(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    reviewer = make_reviewer()
    services.assign_reviewer(application, reviewer, by=coordinator)
    reviewer.groups.clear()
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    assert not permissions.is_assigned_reviewer(reviewer, application)


def test_advisor_of_the_application_views_it_and_comments(guidelines, coordinator):
    application = complete_ifa()
    advisor, stranger = make_advisor(), make_advisor()
    assert not can_view(advisor, application)
    services.assign_advisor(application, advisor, by=coordinator)
    assert permissions.is_advisor_of(advisor, application)
    assert can_view(advisor, application)
    assert permissions.can_comment(advisor, application)
    assert not permissions.is_advisor_of(stranger, application)
    assert not can_view(stranger, application)
    assert not permissions.can_comment(stranger, application)
    assert permissions.can_comment(application.applicant, application)
    assert not permissions.can_comment(make_user(), application)


def test_reviewers_see_each_others_reviews_only_once_all_are_in(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    first, second = make_reviewer(), make_reviewer()
    one = services.assign_reviewer(application, first, by=coordinator)
    two = services.assign_reviewer(application, second, by=coordinator)
    assert permissions.can_review(first, one) and not permissions.can_review(second, one)
    services.submit_review(one, recommendation="approve", summary="Good.", items=[], by=first)
    one.refresh_from_db()
    assert not permissions.can_review(first, one)
    assert not permissions.can_see_reviews(first, application)
    assert not permissions.can_see_reviews(second, application)
    assert permissions.can_see_reviews(coordinator, application)
    services.submit_review(two, recommendation="deny", summary="Thin.", items=[], by=second)
    assert permissions.can_see_reviews(first, application)
    assert permissions.can_see_reviews(second, application)
    assert not permissions.can_see_reviews(make_reviewer(), application)
