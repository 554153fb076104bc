"""The rater's side: the emailed link, the token-free form, drafts, submitting and declining."""

import logging
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationEvent, Rating, ReferenceRequest

from .rater_factories import areas_of, invite, make_application, post_data, rater_post, submit

pytestmark = pytest.mark.usefixtures("guidelines")

FORM = reverse("ratings:form")


def start_url(token):
    return reverse("ratings:start", args=[token])


@pytest.fixture
def application():
    return make_application(name="Avery Applicant")


@pytest.fixture
def reference(application):
    return invite(application, name="Rita Rater", waiver=True)


@pytest.fixture
def rater(reference):
    """A browser that has opened the emailed link."""
    client = Client(enforce_csrf_checks=True)
    response = client.get(start_url(reference.token))
    assert response.status_code == 302
    return client


def test_first_use_redirects_to_a_token_free_url_without_referrer(reference):
    client = Client()
    response = client.get(start_url(reference.token))
    assert response.status_code == 302
    assert response["Location"] == FORM == "/ratings/form/"
    assert reference.token not in response["Location"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert client.session["rater_reference_id"] == reference.pk
    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.OPENED
    assert reference.opened_at is not None


def test_form_shows_applicant_category_waiver_domains_and_scale(rater, application):
    response = rater.get(FORM)
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Avery Applicant" in page
    assert application.category.name in page
    assert "The applicant has waived the right to read your rating." in page
    for domain in application.category.competency_holder.domains.all():
        assert domain.title in page
    areas = areas_of(application)
    assert page.count("Not enough information to rate</span></label>") == len(areas)
    assert page.count("<legend>") >= len(areas)
    assert "1 — Beginning" in page and "4 — Exemplary" in page
    assert "<details>" in page
    assert "Save and finish later" in page and "Submit rating" in page
    assert reverse("ratings:decline") in page


def test_form_without_waiver_says_so():
    application = make_application()
    reference = invite(application, waiver=False)
    client = Client()
    client.get(start_url(reference.token))
    assert "The applicant has not waived the right to read your rating" in client.get(FORM).content.decode()


def test_save_and_come_back_with_the_same_link_keeps_the_draft(rater, reference, application):
    area = areas_of(application)[0]
    response = rater_post(rater, FORM, {"action": "save", f"area_{area.pk}": "4", "known_for": "2 years"})
    assert response.status_code == 200
    assert "Your answers are saved" in response.content.decode()
    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.OPENED
    assert reference.rating.answers.get().score == 4

    later = Client()  # another day, another browser: the same emailed link
    assert later.get(start_url(reference.token)).status_code == 302
    page = later.get(FORM).content.decode()
    assert f'name="area_{area.pk}" value="4" id="id_area_{area.pk}_3" checked' in page
    form = later.get(FORM).context["form"]
    assert form.initial[f"area_{area.pk}"] == "4"
    assert form.initial["known_for"] == "2 years"


def test_submit_requires_every_area_and_names_the_missing_fields(rater, reference, application):
    areas = areas_of(application)
    data = post_data(application)
    del data[f"area_{areas[1].pk}"]
    data["known_for"] = ""
    response = rater_post(rater, FORM, data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors[f"area_{areas[1].pk}"] == [
        f"Rate “{areas[1].name}”: choose 1 to 4, or “Not enough information to rate”."
    ]
    assert "known_for" in errors
    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.OPENED
    assert reference.rating.answers.count() == len(areas) - 1  # what was entered is kept


def test_submit_thanks_clears_the_session_and_kills_the_link(
    rater, reference, application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = rater_post(rater, FORM, post_data(application, score=3))
    assert response.status_code == 302
    assert response["Location"] == reverse("ratings:thanks")
    thanks = rater.get(response["Location"])
    assert "Your rating has been submitted" in thanks.content.decode()
    assert thanks["Referrer-Policy"] == "no-referrer"
    assert "rater_reference_id" not in rater.session
    assert rater.get(FORM).status_code == 410

    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.SUBMITTED
    assert reference.rating.submitted_at is not None
    assert reference.rating.answers.count() == len(areas_of(application))
    assert ApplicationEvent.objects.filter(
        application=application, note="Rita Rater submitted a rating"
    ).exists()
    [notice] = mailoutbox
    assert notice.to == [application.applicant.email]
    assert "Rita Rater submitted a reference rating" in notice.subject

    again = Client().get(start_url(reference.token))
    assert again.status_code == 410
    page = again.content.decode()
    assert "can no longer be used" in page
    assert "Avery Applicant" not in page and application.applicant.email not in page
    assert "Rita Rater" not in page


def test_wrong_token_is_404_and_reveals_nothing(reference, application):
    response = Client().get(start_url("not-a-real-token-" + "x" * 30))
    assert response.status_code == 404
    page = response.content.decode()
    assert "This rating link is not valid" in page
    assert "Avery Applicant" not in page and application.category.name not in page
    assert response["Referrer-Policy"] == "no-referrer"


def test_expired_link_is_410(reference):
    ReferenceRequest.objects.filter(pk=reference.pk).update(
        token_expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = Client().get(start_url(reference.token))
    assert response.status_code == 410
    assert "Avery Applicant" not in response.content.decode()


def test_link_with_status_expired_is_410(reference):
    ReferenceRequest.objects.filter(pk=reference.pk).update(status=ReferenceRequest.Status.EXPIRED)
    assert Client().get(start_url(reference.token)).status_code == 410


def test_a_rater_session_ends_when_the_link_expires(rater, reference):
    ReferenceRequest.objects.filter(pk=reference.pk).update(
        token_expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert rater.get(FORM).status_code == 410


def test_the_form_without_a_rater_session_explains_how_to_come_back():
    response = Client().get(FORM)
    assert response.status_code == 410
    assert "open the link in your invitation email again" in response.content.decode()


def test_decline_with_reason_notifies_the_applicant(
    rater, reference, application, mailoutbox, django_capture_on_commit_callbacks
):
    decline_url = reverse("ratings:decline")
    page = rater.get(decline_url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    empty = rater_post(rater, decline_url, {"reason": "  "})
    assert empty.status_code == 400
    assert "reason" in empty.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        response = rater_post(rater, decline_url, {"reason": "I have not worked with Avery for years."})
    assert response["Location"] == reverse("ratings:thanks")
    assert "You declined" in rater.get(response["Location"]).content.decode()
    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.DECLINED
    assert reference.decline_reason == "I have not worked with Avery for years."
    [notice] = mailoutbox
    assert notice.to == [application.applicant.email]
    assert "declined" in notice.subject
    assert "I have not worked with Avery for years." in notice.body
    assert Client().get(start_url(reference.token)).status_code == 410


def test_six_not_enough_information_answers_warn_before_submitting(rater, reference, application):
    data = post_data(application, unrated=6)
    response = rater_post(rater, FORM, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "You marked 6 areas “Not enough information to rate”" in page
    assert "more than 5" in page
    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.OPENED
    assert Rating.objects.get(reference=reference).answers.filter(score=0).count() == 6

    response = rater_post(rater, FORM, {**data, "accept_not_counted": "on"})
    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.SUBMITTED


def test_five_not_enough_information_answers_submit_without_a_warning(rater, reference, application):
    assert rater_post(rater, FORM, post_data(application, unrated=5)).status_code == 302


def test_a_bad_token_request_logs_no_token(caplog, reference):
    bad = "Zz9" + "q" * 40
    with caplog.at_level(logging.DEBUG):
        Client().get(start_url(bad))
        Client().get(f"/ratings/{bad}/extra/")  # unmatched URL: Django logs "Not Found: <path>"
        submit(reference)
        Client().get(start_url(reference.token))
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert bad not in text
    assert reference.token not in text
    assert "/ratings/[redacted]" in text


def test_the_redacting_filter_covers_server_lines():
    from endorsement.logging_filters import RedactRatingTokens

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /ratings/SeCrEt123/ HTTP/1.1", 302, 0),
        None,
    )
    RedactRatingTokens().filter(record)
    assert record.getMessage() == '"GET /ratings/[redacted]/ HTTP/1.1" 302 0'
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, "GET /ratings/form/", (), None)
    RedactRatingTokens().filter(record)
    assert record.getMessage() == "GET /ratings/form/"


def test_rating_a_withdrawn_application_is_refused(reference, application):
    from applications.models import Application

    Application.objects.filter(pk=application.pk).update(status=Application.Status.WITHDRAWN)
    assert Client().get(start_url(reference.token)).status_code == 410


def test_a_post_without_the_session_value_is_refused(rater, reference, application):
    response = rater.post(FORM, post_data(application), HTTP_ORIGIN="null")
    assert response.status_code == 403
    assert rater.post(reverse("ratings:decline"), {"reason": "x"}).status_code == 403
    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.OPENED


def test_a_post_from_another_rater_session_is_refused(rater, reference, application):
    other = invite(application)
    intruder = Client(enforce_csrf_checks=True)
    intruder.get(start_url(other.token))
    data = {**post_data(application), "rater_nonce": intruder.session["rater_form_nonce"]}
    assert rater.post(FORM, data, HTTP_ORIGIN="null").status_code == 403


def test_resending_the_link_ends_the_session_opened_with_the_old_one(rater, reference, application):
    from applications.services import references

    area = areas_of(application)[0]
    assert rater_post(rater, FORM, {"action": "save", f"area_{area.pk}": "4"}).status_code == 200
    resent = references.resend_invitation(reference, by=application.applicant)

    response = rater_post(rater, FORM, {"action": "save", f"area_{area.pk}": "2", "known_for": "9 years"})

    assert response.status_code == 410
    assert rater.get(FORM).status_code == 410
    assert Rating.objects.get(reference=reference).known_for != "9 years"
    fresh = Client(enforce_csrf_checks=True)
    assert fresh.get(start_url(resent.token)).status_code == 302
    assert fresh.get(FORM).status_code == 200


def test_a_reminder_keeps_the_session_of_a_rater_at_work(rater, reference, application):
    from applications.services import references

    references.send_reminders(timezone.now() + timedelta(days=8))

    assert rater.get(FORM).status_code == 200


def test_the_form_counts_the_areas_left_from_the_saved_draft(rater, application):
    areas = areas_of(application)
    response = rater.get(FORM)
    assert (
        f"<strong data-areas-left>{len(areas)}</strong> of {len(areas)} areas left"
        in response.content.decode()
    )
    answers = {f"area_{area.pk}": "3" for area in areas[:12]}
    rater_post(rater, FORM, {"action": "save", **answers})
    page = rater.get(FORM).content.decode()
    assert f"<strong data-areas-left>{len(areas) - 12}</strong> of {len(areas)} areas left" in page


def test_each_area_is_a_named_group_of_the_five_scale_choices(rater, application):
    page = rater.get(FORM).content.decode()
    area = areas_of(application)[0]
    row = page[page.index(f'id="area_{area.pk}-group"') :]
    row = row[: row.index("</fieldset>")]
    assert f"<legend>{area.name[0].upper()}{area.name[1:]}</legend>" in row
    assert row.count('type="radio"') == 5
    assert "4 — Exemplary</span></label>" in row


def test_autosave_keeps_the_draft_and_answers_with_the_count(rater, reference, application):
    areas = areas_of(application)
    data = {
        "action": "autosave",
        f"area_{areas[0].pk}": "2",
        "rater_nonce": rater.session["rater_form_nonce"],
    }
    response = rater.post(FORM, data, HTTP_ORIGIN="null", HTTP_X_RATING_AUTOSAVE="1")
    assert response.status_code == 200
    assert response.json() == {"saved": True, "areas_left": len(areas) - 1}
    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.OPENED
    assert reference.rating.answers.get().score == 2


def test_autosave_without_the_nonce_is_refused(rater, reference, application):
    area = areas_of(application)[0]
    response = rater.post(FORM, {f"area_{area.pk}": "2"}, HTTP_ORIGIN="null", HTTP_X_RATING_AUTOSAVE="1")
    assert response.status_code == 403
    assert not Rating.objects.filter(reference=reference).exists()


def test_a_domain_save_button_saves_and_says_so_at_that_domain(rater, reference, application):
    domain = application.category.competency_holder.domains.order_by("order", "pk").first()
    area = domain.areas.first()
    response = rater_post(rater, FORM, {"action": f"save:{domain.pk}", f"area_{area.pk}": "4"})
    assert response.status_code == 200
    page = response.content.decode()
    section = page[page.index(f'id="domain-{domain.pk}"') :]
    assert section.index('<span role="status">Your answers are saved.</span>') < section.index("</section>")
    assert f'formaction="{FORM}#domain-{domain.pk}"' in page
    assert reference.rating.answers.get().score == 4
