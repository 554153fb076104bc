"""The applicant's journey in a real browser: sign up, fill in an IFS application, get rated, submit.

Every applicant and rater page visited is checked with axe-core (the copy bundled in
axe_playwright_python, injected into the page; nothing is fetched from a CDN): a
"serious" or "critical" violation fails the test.
"""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application, ReferenceRequest
from tests.applications.factories import PDF_BYTES as ONE_PAGE_PDF

from .applying import RATERS, fill_degree, fill_position, fill_rsc_period, ifs_card, rate_every_area
from .browsing import assert_accessible, links_in, path_of, sign_in, visit

pytestmark = pytest.mark.django_db(transaction=True)

PDF_BYTES = ONE_PAGE_PDF
PASSWORD = "a-long-Passphrase-2025"
LEGAL_NAME = "Jordan Rivera Applicant"


def submit(page, button_name):
    with page.expect_navigation():
        page.get_by_role("button", name=button_name).click()
    assert_accessible(page)


def submit_and_see(page, button_name, message):
    """Press the button, then see the next page confirm what was saved."""
    submit(page, button_name)
    expect(page.get_by_text(message)).to_be_visible()


def iso(date):
    return date.isoformat()


def requirement(page, key):
    return page.locator(f"#requirement-{key}")


def test_new_applicant_signs_up_applies_for_ifs_is_rated_and_submits(
    page, browser, live_server, agreement_texts, tmp_path
):
    mail.outbox.clear()
    page.set_default_timeout(10_000)
    today = datetime.date.today()
    email = "jordan.applicant@example.org"

    # --- sign up and verify the email address --------------------------------------------
    visit(page, "/accounts/signup/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form").filter(has=page.locator("input[name=password2]")).locator(
            "button[type=submit]"
        ).click()
    assert_accessible(page)
    confirmations = [m for m in mail.outbox if email in m.to]
    assert len(confirmations) == 1
    (link,) = links_in(confirmations[0], "/accounts/confirm-email/")
    visit(page, path_of(link))
    submit(page, "Confirm")

    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: signed in; the profile asks for the legal name.
    if "/applications/profile/" not in page.url:
        visit(page, "/applications/profile/")
    page.get_by_label("Legal name").fill(LEGAL_NAME)
    submit_and_see(page, "Save", "Your profile is saved.")

    # --- start an IFS application under the ORIMHA edition ---------------------------------
    visit(page, "/applications/start/")
    card = ifs_card(page)
    card.get_by_label("Infant Family Specialist (IFS)").check()
    submit(page, "Start the application")
    application = Application.objects.get(applicant__email=email)
    assert application.category.code == "IFS"
    assert application.category.edition.slug == "orimha"
    base = f"/applications/{application.pk}"
    expect(page.get_by_role("heading", name="Checklist")).to_be_visible()

    # --- education: a Bachelor's degree with its transcript --------------------------------
    transcript = tmp_path / "transcript.pdf"
    transcript.write_bytes(PDF_BYTES)
    visit(page, f"{base}/education/")
    expect(requirement(page, "education")).to_contain_text("Not met yet")
    fill_degree(page, transcript)
    submit_and_see(page, "Save degree", "Degree added.")
    expect(requirement(page, "education")).to_contain_text("Met")
    expect(page.locator("#degree-entries").locator("..")).to_contain_text("BSW")

    # --- work: paid, post-degree, infant related, 12 families, still in the position ---------
    # (RS/C counts only "while providing services to infants/toddlers ... and families")
    visit(page, f"{base}/work/")
    fill_position(page, "Home visitor")
    submit_and_see(page, "Save position", "Position added.")
    expect(requirement(page, "work_experience")).to_contain_text("Met")

    # --- training: not met, then met as hours are added ------------------------------------
    visit(page, f"{base}/training/")
    training = requirement(page, "training")
    expect(training).to_contain_text("Not met yet")
    expect(training).to_contain_text("0 of 30 clock hours")
    expect(training).to_contain_text("30 to go")
    page.get_by_label("Training title").fill("Infant mental health foundations")
    page.locator("#id_training-provider").fill("ORIMHA")
    page.get_by_label("Date (or last day)").fill("2023-03-10")
    page.locator("#id_training-hours").fill("20")
    submit_and_see(page, "Save training", "Training added.")
    expect(training).to_contain_text("20 of 30 clock hours")
    expect(training).to_contain_text("10 to go")
    expect(training).to_contain_text("Not met yet")

    # A CSV with one bad row: the preview names the row and the reason, and nothing is saved.
    page.get_by_role("link", name="Import them from a CSV file").click()
    assert_accessible(page)
    header = "title,provider,date,hours,about_rsc\n"
    good_rows = (
        "Reflective practice,ORIMHA,2023-05-02,6,no\nInfant-parent observation,OHSU,05/20/2023,6.5,yes\n"
    )
    bad_csv = tmp_path / "training-bad.csv"
    bad_csv.write_text(header + good_rows + "Attachment basics,ORIMHA,2023-06-01,lots,no\n")
    page.get_by_label("CSV file").set_input_files(str(bad_csv))
    submit(page, "Preview the import")
    problems = page.locator(".import-problems")
    expect(problems).to_contain_text("1 row needs fixing — nothing was added")
    expect(problems.locator("tr", has_text="Row 4")).to_contain_text("hours")
    expect(page.get_by_role("button", name=re.compile("Add these"))).to_have_count(0)
    assert application.trainingentry_entries.count() == 1

    fixed_csv = tmp_path / "training-fixed.csv"
    fixed_csv.write_text(header + good_rows + "Attachment basics,ORIMHA,2023-06-01,2,no\n")
    page.get_by_label("CSV file").set_input_files(str(fixed_csv))
    submit(page, "Preview the import")
    expect(page.get_by_role("heading", name="3 entries will be added")).to_be_visible()
    submit_and_see(page, "Add these 3 entries", "3 entries added to your specialized training log.")
    expect(training).to_contain_text("34.5 of 30 clock hours")
    expect(training).not_to_contain_text("to go")
    expect(training).to_contain_text("Met")
    assert application.trainingentry_entries.count() == 4

    # --- RS/C: 30 hours over 16 months from an IMHS-endorsed provider, after the degree ----
    visit(page, f"{base}/rsc/")
    expect(requirement(page, "reflective_supervision")).to_contain_text("Not met yet")
    fill_rsc_period(page, today)
    submit_and_see(page, "Save rs/c period", "RS/C period added.")
    expect(requirement(page, "reflective_supervision")).to_contain_text("Met")

    # --- code of ethics and agreement, signed by typing the full name ----------------------
    visit(page, f"{base}/attestations/")
    page.locator("#id_code_of_ethics-signed_name").fill(LEGAL_NAME)
    submit_and_see(page, "Sign the code of ethics", "Code of ethics signed.")
    page.locator("#id_agreement-signed_name").fill(LEGAL_NAME)
    submit_and_see(page, "Sign the endorsement agreement", "Endorsement agreement signed.")
    expect(requirement(page, "code_of_ethics")).to_contain_text("Met")
    expect(requirement(page, "agreement")).to_contain_text("Met")

    # --- membership --------------------------------------------------------------------------
    visit(page, f"{base}/membership/")
    page.locator("#id_membership_association").fill("Oregon Infant Mental Health Association")
    page.get_by_label("Membership number").fill("OR-1234")
    page.get_by_label("Membership expires on").fill(iso(today + datetime.timedelta(days=300)))
    submit_and_see(page, "Save membership", "Membership saved.")
    expect(requirement(page, "membership")).to_contain_text("Met")

    # --- three raters ------------------------------------------------------------------------
    visit(page, f"{base}/references/")
    for name, rater_email, role, codes, _capacity in RATERS:
        page.get_by_label("Rater's name").fill(name)
        page.get_by_label("Rater's email").fill(rater_email)
        page.get_by_label("How the rater knows your work").select_option(role)
        for code in codes:
            page.locator(f"input[name='rater_endorsements'][value='{code}']").check()
        page.locator("input[name='waiver'][value='yes']").check()
        submit_and_see(page, "Invite by email", f"{name} was invited by email to rate you.")
    assert application.references.count() == 3

    # Each rater opens the emailed link in a browser of their own and rates every area.
    for name, rater_email, _role, _codes, capacity in RATERS:
        (invitation,) = [m for m in mail.outbox if rater_email in m.to]
        (link,) = links_in(invitation, "/ratings/")
        context = browser.new_context(base_url=live_server.url)
        try:
            rater = context.new_page()
            rater.goto(path_of(link))
            expect(rater).to_have_url(re.compile(r"/ratings/form/$"))
            expect(rater.get_by_role("heading", level=1)).to_contain_text("Reference rating for")
            assert_accessible(rater)
            rate_every_area(rater, f"{name}: consistent, warm and reflective practice.")
            rater.get_by_label("How long have you known the applicant?").fill("4 years")
            rater.locator(f"input[name='capacity'][value='{capacity}']").check()
            with rater.expect_navigation():
                rater.get_by_role("button", name="Submit rating").click()
            expect(rater).to_have_url(re.compile(r"/ratings/thanks/$"))
            assert_accessible(rater)
        finally:
            context.close()
    statuses = set(application.references.values_list("status", flat=True))
    assert statuses == {ReferenceRequest.Status.SUBMITTED}

    # --- review, submit, receipt -----------------------------------------------------------
    visit(page, f"{base}/references/")
    expect(page.locator("#requirement-heading").locator("..")).to_contain_text("Met")
    visit(page, f"{base}/review/")
    expect(page.locator("#verdict-heading")).to_have_text(
        re.compile(r"Every requirement is met|Complete, with items for the coordinator to judge")
    )
    submit(page, "Submit the application")
    expect(page).to_have_url(re.compile(rf"{base}/receipt/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your application is submitted")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    receipts = [m for m in mail.outbox if email in m.to and "We received your IFS" in m.subject]
    assert len(receipts) == 1


def test_ifs_under_the_2025_edition_needs_no_degree_and_33_training_hours(page, live_server, guidelines):
    from tests.applications.factories import make_user

    user = make_user(legal_name="Robin No-Degree")
    sign_in(page.context, live_server, user)

    visit(page, "/applications/start/")
    card = ifs_card(page, "mi-aimh-2025")
    card.get_by_label("Infant Family Specialist (IFS)").check()
    submit(page, "Start the application")
    application = Application.objects.get(applicant=user)
    assert application.category.edition.slug == "mi-aimh-2025"
    assert not application.degree_entries.exists()

    overview = f"/applications/{application.pk}/"
    expect(page).to_have_url(re.compile(rf"{overview}$"))
    expect(requirement(page, "education")).to_contain_text("Not required")
    expect(requirement(page, "training")).to_contain_text("0 of 33 clock hours")
    expect(requirement(page, "training")).to_contain_text("33 to go")

    visit(page, f"{overview}education/")
    education = requirement(page, "education")
    expect(education).to_contain_text("Not required")
    expect(education).to_contain_text("No degree requirement")

    visit(page, f"{overview}training/")
    expect(requirement(page, "training")).to_contain_text("of 33 clock hours")


FOCUS_STYLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
        id: el.id, tag: el.tagName, text: (el.innerText || el.value || '').slice(0, 40),
        outline: style.outlineStyle, outlineWidth: style.outlineWidth, shadow: style.boxShadow,
    };
}"""


def focus_is_visible(page):
    focus = page.evaluate(FOCUS_STYLE)
    assert focus is not None, "nothing has the focus"
    visible = (focus["outline"] != "none" and focus["outlineWidth"] != "0px") or focus["shadow"] != "none"
    assert visible, f"the focused element shows no focus ring: {focus}"
    return focus


def tab_to(page, element_id, limit=80):
    """Press Tab until the element with this id has the focus; each stop must show the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = focus_is_visible(page)
        if focus["id"] == element_id:
            return
    pytest.fail(f"#{element_id} was not reached with {limit} presses of Tab")


def test_training_entry_added_with_the_keyboard_alone(page, live_server, guidelines):
    from tests.applications.factories import make_application

    application = make_application(code="IFS")
    sign_in(page.context, live_server, application.applicant)
    visit(page, f"/applications/{application.pk}/training/")
    expect(requirement(page, "training")).to_contain_text("0 of 30 clock hours")

    tab_to(page, "id_training-title")
    page.keyboard.type("Keyboard-only training")
    page.keyboard.press("Tab")
    assert focus_is_visible(page)["id"] == "id_training-provider"
    page.keyboard.type("ORIMHA")
    page.keyboard.press("Tab")
    assert focus_is_visible(page)["id"] == "id_training-date"
    page.keyboard.type("03102023")  # Chromium's date field: month, day, year segments
    page.keyboard.press("Tab")
    if page.evaluate("() => document.activeElement.id") == "id_training-date":
        # Chromium's own calendar button inside the date field takes one Tab stop; the browser
        # draws its focus ring (the page's CSS cannot see it), so it is passed over here.
        page.keyboard.press("Tab")
    assert focus_is_visible(page)["id"] == "id_training-hours"
    page.keyboard.type("2.5")
    page.keyboard.press("Tab")  # the "about RS/C" radio group: "No" is already chosen
    assert focus_is_visible(page)["id"] == "id_training-about_rsc_1"
    page.keyboard.press("Tab")  # the certificate of attendance, optional: left empty
    assert focus_is_visible(page)["id"] == "id_training-upload"
    page.keyboard.press("Tab")
    assert focus_is_visible(page)["text"] == "Save training"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)

    expect(page.get_by_text("Training added.")).to_be_visible()
    expect(requirement(page, "training")).to_contain_text("2.5 of 30 clock hours")
    entry = application.trainingentry_entries.get()
    assert (entry.title, entry.provider, entry.date, float(entry.hours), entry.about_rsc) == (
        "Keyboard-only training",
        "ORIMHA",
        datetime.date(2023, 3, 10),
        2.5,
        False,
    )


def test_a_wrong_value_is_announced_at_its_field(page, live_server, guidelines):
    from tests.applications.factories import make_application

    application = make_application(code="IFS")
    sign_in(page.context, live_server, application.applicant)
    visit(page, f"/applications/{application.pk}/training/")
    page.get_by_label("Training title").fill("Not yet attended")
    page.get_by_label("Date (or last day)").fill(iso(datetime.date.today() + datetime.timedelta(days=40)))
    page.locator("#id_training-hours").fill("-3")
    submit(page, "Save training")

    expect(page.get_by_role("alert").filter(has_text="Nothing was saved yet").first).to_be_visible()
    for field_id, message in (
        ("id_training-date", "The date is in the future"),
        ("id_training-hours", "greater than or equal to"),
    ):
        field = page.locator(f"#{field_id}")
        expect(field).to_have_attribute("aria-invalid", "true")
        described_by = (field.get_attribute("aria-describedby") or "").split()
        assert described_by, f"#{field_id} has no aria-describedby"
        texts = [page.locator(f"[id='{target}']").inner_text() for target in described_by]
        assert any(message in text for text in texts), (field_id, described_by, texts)
        expect(page.locator(f"[id='{field_id}_error']")).to_be_visible()
    # The valid field keeps what was typed and is not marked invalid.
    title = page.get_by_label("Training title")
    expect(title).to_have_value("Not yet attended")
    assert title.get_attribute("aria-invalid") in (None, "false")
    assert not application.trainingentry_entries.exists()

    # The same on the references form, which renders its fields by hand.
    visit(page, f"/applications/{application.pk}/references/")
    page.get_by_label("Rater's name").fill("Pat Supervisor")
    page.get_by_label("Rater's email").fill("not-an-email")
    submit(page, "Invite by email")
    email = page.get_by_label("Rater's email")
    expect(email).to_have_attribute("aria-invalid", "true")
    described_by = (email.get_attribute("aria-describedby") or "").split()
    assert "id_email_error" in described_by, described_by
    expect(page.locator("#id_email_error")).to_contain_text("valid email address")
    assert not application.references.exists()
