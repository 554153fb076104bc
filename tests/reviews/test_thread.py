"""The application's conversation: who sees it, who may write, what is shown where, who is emailed."""

import pytest
from django.core import mail
from django.urls import reverse

from applications.models import Application
from applications.services import lifecycle as applications
from reviews import services
from reviews.models import Comment
from reviews.tasks import send_comment_notice
from tests.applications.factories import make_application, make_user
from tests.endorsement.staff_factories import give_totp

from .factories import complete_ifa, in_review, make_advisor, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(guidelines):
    return make_application()


@pytest.fixture
def advisor(draft, coordinator):
    advisor = make_advisor()
    give_totp(advisor)
    services.assign_advisor(draft, advisor, by=coordinator)
    return advisor


def thread_url(application, name="index"):
    return reverse(f"thread:{name}", args=[application.pk])


def post(client, application, body, section="", follow=False, **extra):
    data = {"body": body, "section": section, **extra}
    return client.post(thread_url(application, "post"), data, follow=follow)


# --- who may see and write --------------------------------------------------------------------


def test_applicant_advisor_and_coordinator_see_the_conversation(client, draft, advisor, coordinator):
    services.add_comment(draft, author=draft.applicant, body="Where do I log my CDA?", section="education")
    give_totp(coordinator)
    for user in (draft.applicant, advisor, coordinator):
        client.force_login(user)
        response = client.get(thread_url(draft))
        assert response.status_code == 200
        assert "Where do I log my CDA?" in response.text


def test_outsiders_and_reviewers_get_a_404_and_cannot_post(client, draft, coordinator):
    reviewer = make_reviewer()
    give_totp(reviewer)
    application = in_review(complete_ifa(), coordinator)
    services.assign_reviewer(application, reviewer, by=coordinator)
    for user, target in ((make_user(email="stranger@example.org"), draft), (reviewer, application)):
        client.force_login(user)
        assert client.get(thread_url(target)).status_code == 404
        assert post(client, target, "Hello").status_code == 404
    assert not Comment.objects.exists()


def test_an_advisor_of_another_application_gets_a_404(client, draft, coordinator):
    other = make_advisor()
    give_totp(other)
    client.force_login(other)
    assert client.get(thread_url(draft)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, draft):
    response = client.get(thread_url(draft))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_posting_needs_post(client, draft):
    client.force_login(draft.applicant)
    assert client.get(thread_url(draft, "post")).status_code == 405


# --- writing ------------------------------------------------------------------------------------


def test_applicant_posts_a_comment_about_a_section(client, draft):
    client.force_login(draft.applicant)
    response = post(client, draft, "I added my transcript.", "education")
    comment = Comment.objects.get()
    assert (comment.section, comment.body, comment.author) == (
        "education",
        "I added my transcript.",
        draft.applicant,
    )
    assert response.status_code == 302
    assert response["Location"] == f"{thread_url(draft)}#comment-{comment.pk}"
    page = client.get(thread_url(draft))
    assert "Education" in page.text and "I added my transcript." in page.text


def test_an_empty_comment_is_refused_at_the_field(client, draft):
    client.force_login(draft.applicant)
    response = post(client, draft, "   ")
    assert response.status_code == 400
    assert response.context["comment_form"].errors["body"] == ["Write a comment."]
    assert not Comment.objects.exists()


def test_an_unknown_section_is_refused(client, draft):
    client.force_login(draft.applicant)
    response = post(client, draft, "Hello", "hobbies")
    assert response.status_code == 400
    assert "section" in response.context["comment_form"].errors
    assert not Comment.objects.exists()


def test_a_withdrawn_application_has_no_form_and_refuses_comments(client, draft):
    applications.withdraw_application(draft, by=draft.applicant)
    client.force_login(draft.applicant)
    page = client.get(thread_url(draft))
    assert "the conversation is closed" in page.text
    assert 'name="body"' not in page.text
    response = post(client, draft, "Still there?", follow=True)
    assert response.redirect_chain == [(thread_url(draft), 302)]
    assert "This application was withdrawn; the conversation is closed." in response.text
    assert not Comment.objects.exists()


def test_comments_are_escaped_and_keep_their_line_breaks(client, draft):
    services.add_comment(draft, author=draft.applicant, body="<script>alert(1)</script>\nSecond line")
    client.force_login(draft.applicant)
    page = client.get(thread_url(draft)).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Second line" in page


def test_next_brings_the_writer_back_to_our_page_but_never_elsewhere(client, draft):
    client.force_login(draft.applicant)
    training = reverse("applications:training", args=[draft.pk])
    response = post(client, draft, "About my hours", "training", next=training)
    assert response["Location"].startswith(f"{training}#comment-")
    response = post(client, draft, "Again", "training", next="https://evil.example.com/")
    assert response["Location"].startswith(f"{thread_url(draft)}#comment-")


# --- emails ------------------------------------------------------------------------------------


def test_applicant_comment_emails_advisor_and_coordinators_once_each(
    client, draft, advisor, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(draft.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, draft, "Could you look at my work section?", "work")
    [message] = mail.outbox
    assert message.to == sorted([advisor.email, coordinator.email])
    assert "Could you look at my work section?" in mail.outbox[0].body
    assert "about the work section" in mail.outbox[0].body
    comment = Comment.objects.get()
    assert comment.notified_at is not None
    send_comment_notice(comment_id=comment.pk)
    assert len(mail.outbox) == 1


def test_advisor_comment_emails_the_applicant_and_coordinators_not_the_advisor(
    client, draft, advisor, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, draft, "Welcome! I am your advisor.")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([draft.applicant.email, coordinator.email])


def test_coordinator_comment_emails_applicant_and_advisor(
    client, draft, advisor, coordinator, django_capture_on_commit_callbacks
):
    other_coordinator = make_user(email="second.coordinator@example.org")
    other_coordinator.groups.add(*coordinator.groups.all())
    give_totp(coordinator)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, draft, "Your membership expires soon.", "membership")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([draft.applicant.email, advisor.email])


# --- on the applicant's pages -----------------------------------------------------------------


def test_overview_shows_whole_application_comments_and_counts_per_section(client, draft, advisor):
    services.add_comment(draft, author=advisor, body="Start with your education.")
    services.add_comment(draft, author=advisor, body="Log the CDA here.", section="education")
    services.add_comment(draft, author=draft.applicant, body="Done.", section="education")
    client.force_login(draft.applicant)
    page = client.get(reverse("applications:overview", args=[draft.pk])).text
    assert "Start with your education." in page
    assert "Ada Advisor" in page and "(Advisor)" in page
    assert "Log the CDA here." not in page
    assert "Education</a>: 2 comments" in page
    assert f'action="{thread_url(draft, "post")}"' in page


def test_section_page_shows_its_comments_and_a_form_that_comes_back_to_it(client, draft, advisor):
    services.add_comment(draft, author=advisor, body="Log the CDA here.", section="education")
    services.add_comment(draft, author=advisor, body="Hours look right.", section="training")
    client.force_login(draft.applicant)
    url = reverse("applications:education", args=[draft.pk])
    page = client.get(url).text
    assert "Log the CDA here." in page
    assert "Hours look right." not in page
    assert 'name="section" value="education"' in page
    response = post(client, draft, "Added it.", "education", next=url)
    assert response["Location"].startswith(f"{url}#comment-")
    assert "Added it." in client.get(url).text


def test_a_reviewer_viewing_the_overview_sees_no_conversation(client, guidelines, coordinator):
    reviewer = make_reviewer()
    give_totp(reviewer)
    application = in_review(complete_ifa(), coordinator)
    services.assign_reviewer(application, reviewer, by=coordinator)
    services.add_comment(application, author=application.applicant, body="Private to the thread")
    client.force_login(reviewer)
    page = client.get(reverse("applications:overview", args=[application.pk]))
    assert page.status_code == 200
    assert "Private to the thread" not in page.text


def test_coordinator_work_page_lists_the_thread_with_roles(client, draft, advisor, coordinator):
    services.add_comment(draft, author=advisor, body="Met the applicant today.", section="rsc")
    give_totp(coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("reviews:work", args=[draft.pk])).text
    assert "Met the applicant today." in page
    assert "(Advisor) on Reflective supervision/consultation (RS/C)" in page
    assert draft.status == Application.Status.DRAFT


def test_the_conversation_page_leads_each_reader_back_to_their_own_page(client, draft, advisor, coordinator):
    give_totp(coordinator)
    for user, back in (
        (draft.applicant, reverse("applications:overview", args=[draft.pk])),
        (advisor, reverse("advisor:application", args=[draft.pk])),
        (coordinator, reverse("reviews:work", args=[draft.pk])),
    ):
        client.force_login(user)
        assert client.get(thread_url(draft)).context["back_url"] == back
