"""The applicant's references section: inviting raters, their links, waivers and who reads ratings."""

import pytest
from django.db import connection
from django.urls import reverse

from applications.forms.references import RaterForm
from applications.models import Application, ApplicationEvent, ReferenceRequest, hash_token
from applications.services import references
from applications.services.lifecycle import ApplicationError, evaluate_application

from .rater_factories import (
    category,
    invite,
    link_token,
    make_application,
    make_coordinator,
    make_user,
    submit,
)

pytestmark = pytest.mark.usefixtures("guidelines")


def references_url(application):
    return reverse("applications:references", args=[application.pk])


def detail_url(reference):
    return reverse("applications:rating_detail", args=[reference.application_id, reference.pk])


def requirement(application, key="references"):
    result = evaluate_application(application)
    return next(item for item in result["requirements"] if item["key"] == key)


def test_invite_stores_only_the_token_hash(django_capture_on_commit_callbacks):
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        reference = invite(application)
    token = reference.token
    stored = ReferenceRequest.objects.get(pk=reference.pk)
    assert stored.token_hash == hash_token(token)
    assert len(token) >= 43
    with connection.cursor() as cursor:
        for table in ("applications_referencerequest", "applications_applicationevent"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 -- fixed table names
            assert token not in repr(cursor.fetchall())


def test_invitation_email_contains_the_link_and_the_link_works(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    application = make_application(name="Avery Applicant")
    with django_capture_on_commit_callbacks(execute=True):
        reference = invite(application, name="Rita Rater", email="rita@example.org")
    [message] = mailoutbox
    assert message.to == ["rita@example.org"]
    assert "Avery Applicant" in message.subject
    token = link_token(message)
    assert token == reference.token
    assert "The applicant has waived the right to read your rating." in message.body
    response = client.get(reverse("ratings:start", args=[token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("ratings:form")
    assert client.get(response["Location"]).status_code == 200


def test_invitation_is_recorded_in_the_history():
    application = make_application()
    invite(application, name="Rita Rater", role="rsc_provider")
    event = ApplicationEvent.objects.filter(application=application).last()
    assert event.note == "Invited Rita Rater (RS/C provider) to rate"
    assert event.from_status == event.to_status == Application.Status.DRAFT


def test_roles_offered_are_exactly_those_the_category_allows(client):
    application = make_application(code="IFS", edition="orimha")
    form = RaterForm(category=application.category)
    offered = [value for value, _label in form.fields["role"].choices if value]
    assert offered == [
        "program_supervisor",
        "current_supervisor",
        "rsc_provider",
        "other_supervisor",
        "teacher",
        "trainer",
        "consultant",
        "colleague",
    ]
    assert "student" not in offered
    client.force_login(application.applicant)
    page = client.get(references_url(application)).content.decode()
    assert '<option value="rsc_provider">RS/C provider</option>' in page
    assert 'value="student"' not in page
    assert "I waive my right to read this rating" in page


def test_roles_include_fallback_and_allowed_roles():
    assert references.allowed_roles(category("IMHM-P")) == [
        "program_supervisor",
        "current_supervisor",
        "rsc_provider",
        "colleague",
    ]
    assert "parent" in references.allowed_roles(category("IFA"))


def test_inviting_a_role_the_category_does_not_name_is_refused_at_the_role_field(client):
    application = make_application()
    client.force_login(application.applicant)
    response = client.post(
        references_url(application),
        {"name": "Sam Student", "email": "sam@example.org", "role": "student", "waiver": "yes"},
    )
    assert response.status_code == 400
    assert "the guidelines do not name that role" in response.context["form"].errors["role"][0]
    assert not application.references.exists()
    with pytest.raises(ApplicationError) as error:
        invite(application, role="student")
    assert error.value.field == "role"


def test_add_rater_through_the_page(client, mailoutbox, django_capture_on_commit_callbacks):
    application = make_application()
    client.force_login(application.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            references_url(application),
            {
                "name": "Rita  Rater",
                "email": "Rita@Example.org",
                "role": "rsc_provider",
                "rater_endorsements": ["IMHS", "IFS"],
                "waiver": "no",
            },
        )
    assert response.status_code == 302
    reference = application.references.get()
    assert (reference.name, reference.email, reference.role) == (
        "Rita Rater",
        "rita@example.org",
        "rsc_provider",
    )
    assert reference.rater_endorsements == ["IFS", "IMHS"]
    assert reference.waiver is False
    assert reference.status == ReferenceRequest.Status.INVITED
    assert len(mailoutbox) == 1


def test_waiver_must_be_chosen(client):
    application = make_application()
    client.force_login(application.applicant)
    response = client.post(
        references_url(application), {"name": "Rita", "email": "rita@example.org", "role": "colleague"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["waiver"] == [
        "Choose whether you waive your right to read this rating."
    ]


def test_page_lists_raters_with_status_and_missing_slots(client, django_assert_max_num_queries):
    application = make_application()
    invite(application, name="Paula Program", role="program_supervisor")
    declined = invite(application, name="Dee Decliner", role="colleague")
    references.decline_rating(declined, "I do not know her work")
    client.force_login(application.applicant)
    with django_assert_max_num_queries(40):
        response = client.get(references_url(application))
    page = response.content.decode()
    assert "Paula Program" in page and "Invited" in page
    assert "Dee Decliner" in page and "Declined" in page
    assert "0 of 3 ratings received" in page
    assert "still needed: one from your current program supervisor" in page
    assert "the person providing your reflective supervision/consultation" in page
    assert reverse("applications:reference_replace", args=[application.pk, declined.pk]) in page


def test_resend_makes_the_old_link_dead(client, mailoutbox, django_capture_on_commit_callbacks):
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        reference = invite(application)
    old = reference.token
    client.force_login(application.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:reference_resend", args=[application.pk, reference.pk]))
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    new = link_token(mailoutbox[1])
    assert new != old
    rater = client.__class__()
    assert rater.get(reverse("ratings:start", args=[old])).status_code == 404
    assert rater.get(reverse("ratings:start", args=[new])).status_code == 302


def test_resend_is_post_only(client):
    application = make_application()
    reference = invite(application)
    client.force_login(application.applicant)
    assert (
        client.get(reverse("applications:reference_resend", args=[application.pk, reference.pk])).status_code
        == 405
    )


def test_replace_a_rater_who_declined(client, mailoutbox, django_capture_on_commit_callbacks):
    application = make_application()
    declined = invite(application, name="Dee Decliner")
    references.decline_rating(declined, "Too busy")
    client.force_login(application.applicant)
    url = reverse("applications:reference_replace", args=[application.pk, declined.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"name": "Nora New", "email": "nora@example.org", "role": "program_supervisor", "waiver": "yes"},
        )
    assert response.status_code == 302
    declined.refresh_from_db()
    assert declined.replaced_by.name == "Nora New"
    assert declined.token_hash is None
    assert [r["name"] for r in application.facts()["references"]] == ["Nora New"]
    assert mailoutbox[-1].to == ["nora@example.org"]


def test_replace_is_refused_for_an_open_invitation():
    application = make_application()
    reference = invite(application)
    with pytest.raises(ApplicationError, match="Only a rater who declined or whose link expired"):
        references.replace_rater(
            reference,
            name="Other",
            email="o@example.org",
            role="colleague",
            rater_endorsements=[],
            waiver=True,
            by=application.applicant,
        )


def test_remove_an_unanswered_invitation(client):
    application = make_application()
    reference = invite(application)
    client.force_login(application.applicant)
    response = client.post(reverse("applications:reference_remove", args=[application.pk, reference.pk]))
    assert response.status_code == 302
    assert not application.references.exists()
    assert client.get(reverse("ratings:start", args=[reference.token])).status_code == 404


def test_a_submitted_rating_cannot_be_removed():
    application = make_application()
    reference = invite(application)
    submit(reference)
    with pytest.raises(ApplicationError, match="already answered"):
        references.remove_invitation(reference, by=application.applicant)


def test_editing_raters_is_refused_when_the_application_is_not_editable(client):
    application = make_application()
    reference = invite(application)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED)
    client.force_login(application.applicant)
    response = client.post(
        references_url(application),
        {"name": "Late", "email": "late@example.org", "role": "colleague", "waiver": "yes"},
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("applications:reference_resend", args=[application.pk, reference.pk])).status_code
        == 403
    )
    page = client.get(references_url(application)).content.decode()
    assert "can no longer be changed" in page
    assert "Invite by email" not in page
    application.refresh_from_db()
    with pytest.raises(ApplicationError):
        invite(application)


def test_with_waiver_the_owner_sees_only_the_status(client):
    application = make_application()
    reference = invite(application, name="Wendy Waived", waiver=True)
    submit(reference)
    client.force_login(application.applicant)
    page = client.get(references_url(application)).content.decode()
    assert "Wendy Waived" in page and "Submitted" in page
    assert detail_url(reference) not in page
    assert client.get(detail_url(reference)).status_code == 404


def test_without_waiver_the_owner_reads_the_rating(client):
    application = make_application()
    reference = invite(application, name="Nell Notwaived", waiver=False)
    submit(reference, score=4, unrated=1)
    client.force_login(application.applicant)
    assert detail_url(reference) in client.get(references_url(application)).content.decode()
    response = client.get(detail_url(reference))
    assert response.status_code == 200
    page = response.content.decode()
    assert "4 — Exemplary" in page
    assert "Not enough information to rate" in page
    assert "Comment on Theoretical Foundations" in page
    assert "4 years" in page and "As a supervisor" in page


def test_coordinator_reads_a_waived_rating(client):
    application = make_application()
    reference = invite(application, waiver=True)
    submit(reference, score=2)
    client.force_login(make_coordinator())
    response = client.get(detail_url(reference))
    assert response.status_code == 200
    assert "2 — Developing" in response.content.decode()
    page = client.get(references_url(application)).content.decode()
    assert detail_url(reference) in page
    assert "Invite by email" not in page


def test_another_applicant_gets_404(client):
    application = make_application()
    reference = invite(application, waiver=False)
    submit(reference)
    client.force_login(make_user())
    assert client.get(references_url(application)).status_code == 404
    assert client.get(detail_url(reference)).status_code == 404
    assert (
        client.post(reverse("applications:reference_remove", args=[application.pk, reference.pk])).status_code
        == 404
    )


def test_an_unsubmitted_rating_has_no_detail_page(client):
    application = make_application()
    reference = invite(application, waiver=False)
    client.force_login(make_coordinator())
    assert client.get(detail_url(reference)).status_code == 404


def _three_raters(application, *, unrated):
    supervisor = invite(application, name="Paula Program", role="program_supervisor")
    rsc = invite(application, name="Rory RSC", role="rsc_provider")
    colleague = invite(application, name="Cora Colleague", role="colleague")
    submit(supervisor)
    submit(rsc)
    submit(colleague, unrated=unrated)
    return colleague


def test_a_rating_with_six_not_enough_information_answers_does_not_count():
    application = make_application()
    _three_raters(application, unrated=6)
    item = requirement(application)
    assert item["status"] == "not_met"
    assert item["have"] == 2
    assert any("marks 6 areas" in detail and "Cora Colleague" in detail for detail in item["details"])


def test_a_rating_with_five_not_enough_information_answers_counts():
    application = make_application()
    _three_raters(application, unrated=5)
    item = requirement(application)
    assert (item["status"], item["have"]) == ("met", 3)
