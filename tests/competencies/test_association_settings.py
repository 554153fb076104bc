"""An association's settings, edited in the admin by its own admin: its policies reach its
applicants' checklist and exams, its logo and signers its certificates, its addresses its emails
— and never another association's."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from applications.services import lifecycle as applications
from applications.services import references
from competencies.models import Association, Category
from competencies.services import rules_for_category
from renewals import certificates
from renewals.models import Certificate
from reviews import services
from tests.applications.factories import make_application, make_complete_ifa, make_user
from tests.applications.rater_factories import invite
from tests.endorsement.staff_factories import make_association_admin
from tests.renewals.endorsee_factories import endorse
from tests.reviews.factories import TODAY, complete_imhs, in_review, make_coordinator, reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def orimha(guidelines):
    return Association.objects.get(slug="orimha")


@pytest.fixture
def association_admin(orimha):
    return make_association_admin(orimha)


def change_url(association):
    return reverse("admin:competencies_association_change", args=[association.pk])


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (31, 58, 95)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def settings_form(association, **changes):
    """The admin's change form as the association's admin submits it (slug is read-only)."""
    fields = [
        "name",
        "short_name",
        "website",
        "signature_1_name",
        "signature_1_title",
        "signature_2_name",
        "signature_2_title",
        "sender_email",
        "reply_to_email",
        "contact_name",
        "contact_email",
        "contact_phone",
        *Association.POLICY_FIELDS,
    ]
    data = {name: "" if getattr(association, name) is None else getattr(association, name) for name in fields}
    data.update(changes)
    return data


def save_settings(client, association, **changes):
    response = client.post(change_url(association), settings_form(association, **changes))
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    association.refresh_from_db()
    return association


def test_the_association_admin_sees_and_edits_only_their_association(client, association_admin, orimha):
    client.force_login(association_admin)
    listed = client.get(reverse("admin:competencies_association_changelist"))
    assert [a.slug for a in listed.context["cl"].result_list] == ["orimha"]
    michigan = Association.objects.get(slug="mi-aimh")
    other = client.get(change_url(michigan))
    assert other.status_code == 302  # the admin's "does not exist" redirect
    assert client.post(change_url(michigan), settings_form(michigan, name="Taken over")).status_code == 302
    michigan.refresh_from_db()
    assert michigan.name != "Taken over"
    page = client.get(change_url(orimha))
    assert page.status_code == 200
    assert "slug" not in page.context["adminform"].form.fields  # read-only for them


def test_a_pass_mark_out_of_range_is_explained_at_the_field(client, association_admin, orimha):
    client.force_login(association_admin)
    response = client.post(change_url(orimha), settings_form(orimha, pass_mark_percent="120"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["pass_mark_percent"] == [
        "Ensure this value is less than or equal to 100."
    ]


def test_a_lower_pass_mark_passes_the_associations_applicants_only(client, association_admin, orimha):
    coordinator = make_coordinator()
    application = reviewed(in_review(complete_imhs(), coordinator), coordinator)
    services.send_to_exam(application, by=coordinator)
    client.force_login(association_admin)
    save_settings(client, orimha, pass_mark_percent="70")

    sitting = services.record_exam(
        application, sat_on=TODAY, accommodations="", multiple_choice_score=Decimal("75"), by=coordinator
    )
    assert (sitting.pass_mark_percent, sitting.multiple_choice_result) == (Decimal("70"), "passed")
    assert rules_for_category(application.category)["application"]["exam"]["pass_mark_percent"] == 70
    assert Association.objects.get(slug="mi-aimh").policy("pass_mark_percent", 80) == 80


def test_the_not_enough_information_limit_changes_the_checklist_of_that_association_only(
    client, association_admin, orimha
):
    oregon_ifa = Category.objects.get(edition__slug="orimha", code="IFA")
    michigan_ifs = Category.objects.get(edition__slug="mi-aimh-2025", code="IFS")
    michigan_before = references.max_not_enough_information(michigan_ifs)
    client.force_login(association_admin)
    save_settings(client, orimha, max_not_enough_information="2", rating_valid_days="400")

    assert references.max_not_enough_information(oregon_ifa) == 2
    assert rules_for_category(oregon_ifa)["application"]["references"]["max_age_days"] == 400
    assert references.max_not_enough_information(michigan_ifs) == michigan_before


def test_the_rating_due_policy_sets_when_a_raters_link_expires(orimha):
    Association.objects.filter(pk=orimha.pk).update(rating_due_days=10)
    application = make_application(code="IFA")
    reference = invite(
        application,
        name="Nora Rater",
        email="nora@example.org",
        role="current_supervisor",
        rater_endorsements=[],
    )
    expected = timezone.now() + datetime.timedelta(days=10)
    assert abs(reference.token_expires_at - expected) < datetime.timedelta(minutes=1)


def text_and_images(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(page.extract_text() for page in reader.pages), sum(len(p.images) for p in reader.pages)


def test_the_logo_and_signers_appear_on_the_associations_certificates_only(client, association_admin, orimha):
    client.force_login(association_admin)
    data = settings_form(
        orimha, signature_1_name="Maria Gomez", signature_1_title="Endorsement coordinator", logo=png()
    )
    assert client.post(change_url(orimha), data).status_code == 302
    oregon = Certificate.objects.get(endorsement=endorse(name="Olive Oregon"))
    michigan = Certificate.objects.get(
        endorsement=endorse(name="Milo Michigan", edition="mi-aimh-2025", code="IFS")
    )

    text, images = text_and_images(certificates.render_certificate_pdf(oregon))
    assert "Maria Gomez" in text and images == 1
    text, images = text_and_images(certificates.render_certificate_pdf(michigan))
    assert "Maria Gomez" not in text and images == 0
    assert "For the board of the" in text


def test_the_sender_and_reply_to_addresses_are_the_associations(
    orimha, django_capture_on_commit_callbacks, mailoutbox
):
    Association.objects.filter(pk=orimha.pk).update(
        sender_email="endorsement@orimha.example.org", reply_to_email="help@orimha.example.org"
    )
    application = make_complete_ifa()
    with django_capture_on_commit_callbacks(execute=True):
        applications.submit_application(application, by=application.applicant)
    receipt = next(mail for mail in mailoutbox if mail.to == [application.applicant.email])
    assert receipt.from_email == "ORIMHA <endorsement@orimha.example.org>"
    assert receipt.reply_to == ["help@orimha.example.org"]


def test_the_public_contact_is_shown_to_the_associations_applicants(
    client, orimha, django_capture_on_commit_callbacks, mailoutbox
):
    Association.objects.filter(pk=orimha.pk).update(
        contact_name="Jo Helper", contact_email="help@orimha.example.org", contact_phone="503-555-0100"
    )
    application = make_complete_ifa()
    michigan = make_application(code="IFS", edition="mi-aimh-2025")
    client.force_login(application.applicant)
    page = client.get(reverse("applications:overview", args=[application.pk])).content.decode()
    assert "Contact Jo Helper at" in page and "503-555-0100" in page
    client.force_login(michigan.applicant)
    page = client.get(reverse("applications:overview", args=[michigan.pk])).content.decode()
    assert "Jo Helper" not in page
    with django_capture_on_commit_callbacks(execute=True):
        applications.submit_application(application, by=application.applicant)
    receipt = next(mail for mail in mailoutbox if mail.to == [application.applicant.email])
    assert "Write to Jo Helper at help@orimha.example.org or call 503-555-0100." in receipt.body


def test_reloading_the_guidelines_keeps_the_settings_the_association_admin_chose(orimha):
    from django.core.management import call_command

    Association.objects.filter(pk=orimha.pk).update(name="ORIMHA, Oregon's association", pass_mark_percent=75)
    call_command("load_guidelines", verbosity=0)
    orimha.refresh_from_db()
    assert (orimha.name, orimha.pass_mark_percent) == ("ORIMHA, Oregon's association", 75)


def test_an_applicant_picks_their_association_before_the_category_and_may_apply_in_another(
    client, guidelines
):
    Association.objects.filter(slug="mi-aimh").update(region="Michigan")
    applicant = make_user(legal_name="Morgan Mover")
    make_application(applicant, code="IFS", edition="orimha")
    client.force_login(applicant)
    page = client.get(reverse("applications:start"))
    assert "Where do you work?" in page.text and "— Michigan" in page.text
    picked = client.get(reverse("applications:start"), {"association": "mi-aimh"})
    codes = {
        category.edition.association.slug for category in picked.context["form"].fields["category"].queryset
    }
    assert codes == {"mi-aimh"}
    michigan_ifs = Category.objects.get(edition__slug="mi-aimh-2025", code="IFS")
    response = client.post(
        reverse("applications:start") + "?association=mi-aimh", {"category": michigan_ifs.pk}
    )
    assert response.status_code == 302
    assert sorted(applicant.applications.values_list("category__edition__slug", flat=True)) == [
        "mi-aimh-2025",
        "orimha",
    ]


def test_the_association_admin_sets_the_typical_time_and_lets_ratings_carry_over(
    client, association_admin, orimha
):
    client.force_login(association_admin)
    page = client.get(change_url(orimha))
    assert {"typical_decision_weeks", "reuse_ratings"} <= set(page.context["adminform"].form.fields)
    assert orimha.reuse_ratings is False  # off unless the association decides otherwise

    save_settings(client, orimha, typical_decision_weeks="6", reuse_ratings="on")

    assert (orimha.typical_decision_weeks, orimha.reuse_ratings) == (6, True)
    assert Association.objects.get(slug="mi-aimh").reuse_ratings is False
