"""The applicant's journey in Spanish: a browser that asks for Spanish (locale es-ES, so
Accept-Language es) signs up, fills in the profile, applies for IFS, names three raters who rate
in Spanish, and submits.

Every page is `<html lang="es">`, carries the language switcher, and passes axe-core. Controls
are found by their names and ids, not by their English words, so the test holds while the
applications' pages are being translated; the strings asserted are the core's own (navigation,
account, switcher, footer, the submission receipt).
"""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application, Profile, ReferenceRequest
from tests.applications.factories import PDF_BYTES

from .applying import RATERS, fill_degree, fill_position, fill_rsc_period, ifs_card, rate_every_area
from .browsing import assert_accessible, links_in, path_of
from .conftest import assert_no_refusals, watch_policy_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "una-Frase-larga-2025"
LEGAL_NAME = "María Elena López Rivera"


def assert_spanish_page(page):
    """The page says it is Spanish, offers the switcher with Spanish chosen, and passes axe."""
    expect(page.locator("html")).to_have_attribute("lang", "es")
    switcher = page.locator("form.language-switcher")
    expect(switcher.get_by_label("Idioma")).to_have_value("es")
    expect(switcher.locator("option[lang=es]")).to_have_text("Español")
    expect(switcher.locator("option[lang=en]")).to_have_text("English")
    expect(page.locator("a.skip-link")).to_have_text("Saltar al contenido principal")
    assert_accessible(page)


def visit(page, path):
    page.goto(path)
    assert_spanish_page(page)


def save_form_of(page, selector):
    """Press the first submit button of the form holding `selector`."""
    form = page.locator("form").filter(has=page.locator(selector))
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    assert_spanish_page(page)


@pytest.fixture
def spanish_browser(browser, live_server):
    """new_context(): a browser context that asks for Spanish, watched for CSP refusals."""
    contexts, refusals = [], []

    def new_context():
        context = browser.new_context(base_url=live_server.url, locale="es-ES")
        watch_policy_violations(context, refusals)
        contexts.append(context)
        return context

    yield new_context
    for context in contexts:
        context.close()
    assert_no_refusals(refusals)


def test_a_spanish_speaking_applicant_signs_up_applies_is_rated_and_submits(
    spanish_browser, agreement_texts, tmp_path
):
    mail.outbox.clear()
    page = spanish_browser().new_page()
    page.set_default_timeout(10_000)
    today = datetime.date.today()
    email = "maria.lopez@example.org"

    # --- the home page, then sign up and verify the address -------------------------------------
    visit(page, "/")
    expect(page.locator(".account-links")).to_contain_text("Iniciar sesión")
    expect(page.locator(".account-links")).to_contain_text("Crear una cuenta")
    expect(page.locator(".site-nav")).to_contain_text("Pautas de competencias")
    expect(page.locator(".site-footer")).to_contain_text("¿Tiene preguntas sobre una solicitud?")

    visit(page, "/accounts/signup/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    save_form_of(page, "input[name=password2]")
    (confirmation,) = [m for m in mail.outbox if email in m.to]
    assert "Para confirmar que es suya, abra este enlace:" in confirmation.body
    (link,) = links_in(confirmation, "/accounts/confirm-email/")
    visit(page, path_of(link))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert_spanish_page(page)

    # Signed in: the account area and the navigation read Spanish.
    expect(page.locator(".account-label")).to_have_text("Sesión iniciada como")
    expect(page.locator(".account-signout button")).to_have_text("Cerrar sesión")
    expect(page.locator(".site-nav")).to_contain_text("Sus solicitudes")

    # --- the profile: the legal name, and Spanish saved as the language ------------------------
    visit(page, "/applications/profile/")
    page.locator("#id_legal_name").fill(LEGAL_NAME)
    page.locator("#id_language").select_option("es")
    save_form_of(page, "#id_legal_name")
    assert Profile.objects.get(user__email=email).language == "es"

    # --- start an IFS application under the ORIMHA edition --------------------------------------
    visit(page, "/applications/start/")
    card = ifs_card(page)
    card.locator("input[type=radio]").check()
    save_form_of(page, "li.card")
    application = Application.objects.get(applicant__email=email)
    assert application.category.code == "IFS"
    base = f"/applications/{application.pk}"

    # --- education, work, training, RS/C ----------------------------------------------------------
    transcript = tmp_path / "transcript.pdf"
    transcript.write_bytes(PDF_BYTES)
    visit(page, f"{base}/education/")
    fill_degree(page, transcript)
    save_form_of(page, "#id_degree-name")
    assert application.degree_entries.count() == 1

    visit(page, f"{base}/work/")
    fill_position(page, "Visitadora domiciliaria")
    save_form_of(page, "#id_work-title")

    visit(page, f"{base}/training/")
    page.locator("#id_training-title").fill("Fundamentos de salud mental infantil")
    page.locator("#id_training-provider").fill("ORIMHA")
    page.locator("#id_training-date").fill("2023-03-10")
    page.locator("#id_training-hours").fill("34.5")
    save_form_of(page, "#id_training-title")
    assert application.trainingentry_entries.count() == 1

    visit(page, f"{base}/rsc/")
    fill_rsc_period(page, today)
    save_form_of(page, "#id_rsc-provider")

    # --- code of ethics, agreement, membership --------------------------------------------------
    visit(page, f"{base}/attestations/")
    page.locator("#id_code_of_ethics-signed_name").fill(LEGAL_NAME)
    save_form_of(page, "#id_code_of_ethics-signed_name")
    page.locator("#id_agreement-signed_name").fill(LEGAL_NAME)
    save_form_of(page, "#id_agreement-signed_name")

    visit(page, f"{base}/membership/")
    page.locator("#id_membership_association").fill("Oregon Infant Mental Health Association")
    page.locator("#id_membership_number").fill("OR-1234")
    page.locator("#id_membership_expires").fill((today + datetime.timedelta(days=300)).isoformat())
    save_form_of(page, "#id_membership_number")

    # --- three raters, invited in Spanish (the applicant's language is preselected) -------------
    visit(page, f"{base}/references/")
    for name, rater_email, role, codes, _capacity in RATERS:
        expect(page.locator("input[name=language][value=es]")).to_be_checked()
        page.locator("#id_name").fill(name)
        page.locator("#id_email").fill(rater_email)
        page.locator("#id_role").select_option(role)
        for code in codes:
            page.locator(f"input[name='rater_endorsements'][value='{code}']").check()
        page.locator("input[name='waiver'][value='yes']").check()
        save_form_of(page, "#id_email")
    assert set(application.references.values_list("language", flat=True)) == {"es"}

    # Each rater opens the emailed link in a Spanish browser of their own and rates every area.
    for name, rater_email, _role, _codes, capacity in RATERS:
        (invitation,) = [m for m in mail.outbox if rater_email in m.to]
        (link,) = links_in(invitation, "/ratings/")
        rater = spanish_browser().new_page()
        rater.set_default_timeout(10_000)
        rater.goto(path_of(link))
        expect(rater).to_have_url(re.compile(r"/ratings/form/$"))
        assert_spanish_page(rater)
        rate_every_area(rater, f"{name}: una práctica constante, cálida y reflexiva.")
        rater.locator("#id_known_for").fill("4 años")
        rater.locator(f"input[name='capacity'][value='{capacity}']").check()
        with rater.expect_navigation():
            rater.locator("button[type=submit][name=action][value=submit]").click()
        expect(rater).to_have_url(re.compile(r"/ratings/thanks/$"))
        assert_spanish_page(rater)
    statuses = set(application.references.values_list("status", flat=True))
    assert statuses == {ReferenceRequest.Status.SUBMITTED}

    # --- review and submit; the receipt comes in Spanish ------------------------------------------
    visit(page, f"{base}/review/")
    save_form_of(page, "button[data-busy-text]")
    expect(page).to_have_url(re.compile(rf"{base}/receipt/$"))
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    (receipt,) = [
        m for m in mail.outbox if email in m.to and "Recibimos su solicitud de Endorsement IFS" in m.subject
    ]
    assert "Gracias: su solicitud de Endorsement como" in receipt.body

    # --- the switcher, with no script of ours: back to English, saved to the profile -----------
    switcher = page.locator("form.language-switcher")
    switcher.get_by_label("Idioma").select_option("en")
    with page.expect_navigation():
        switcher.get_by_role("button", name="Cambiar idioma").click()
    expect(page).to_have_url(re.compile(rf"{base}/receipt/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("form.language-switcher").get_by_label("Language")).to_have_value("en")
    assert_accessible(page)
    assert Profile.objects.get(user__email=email).language == "en"
