"""The proof of an endorsement's life, in a real browser, from approval to renewal and to a lapse.

A coordinator approves an IFA application on the decide page; the grant creates the endorsement
and the (eager) worker renders its certificate and emails it. The endorsee downloads the
certificate and reads their name and number back from the PDF; the public verification page
says it is valid. The daily sweep, run for the day 30 days before the due date, sends the
30-day reminder. The endorsee logs training, confirms membership, signs the attestation and
submits; the coordinator approves from the renewals queue, and the endorsement runs to the next
cycle with a second certificate. Another endorsee is not renewed: the sweep run for the day
after the grace period lapses them, the directory drops them and their verification page says
so. Every endorsee, public and renewal page visited is checked with axe-core (no serious or
critical violation).
"""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from applications.models import Profile
from renewals import tasks
from renewals.models import Certificate, Endorsement, ReminderSent, RenewalPeriod
from renewals.services.endorsements import grace_ends_on, renewal_due_after
from tests.endorsement.staff_factories import give_totp
from tests.renewals.endorsee_factories import endorse
from tests.reviews.factories import complete_ifa, in_review, make_coordinator, reviewed
from tests.reviews.test_work_views import rate

from .browsing import assert_accessible, press, visit

pytestmark = pytest.mark.django_db(transaction=True)
HOLDER = "Alex Applicant"  # the legal name the application factories give the applicant


def follow(page, link, *, check=True):
    with page.expect_navigation():
        page.get_by_role("link", name=link, exact=True).click()
    if check:
        assert_accessible(page)


def pdf_text(download):
    return PdfReader(io.BytesIO(Path(download.path()).read_bytes())).pages[0].extract_text()


def long_date(day):
    return f"{day:%B} {day.day}, {day.year}"  # as the pages print it: "December 31, 2027"


def mail_to(address, subject_part):
    return [m for m in mail.outbox if address in m.to and subject_part in m.subject]


def requirement(page, label):
    """The engine's row for one requirement on a renewal page (a list item headed `label`)."""
    return page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=label, exact=True))


def sweep_on(day):
    """The daily beat job's task, replayed for `day`; the email tasks it queues run eagerly."""
    return tasks.renewal_sweep(today=day.isoformat())


def test_approval_certificate_reminder_renewal_and_a_lapse(open_as, guidelines):
    mail.outbox.clear()
    today = timezone.localdate()
    coordinator = make_coordinator(legal_name="Casey Coordinator")
    give_totp(coordinator)
    application = complete_ifa()
    rate(application)
    reviewed(in_review(application, coordinator), coordinator)
    applicant = application.applicant
    Profile.objects.filter(user=applicant).update(directory_opt_in=True)

    # --- 1. the coordinator approves on the decide page; the worker renders the certificate -----
    coord = open_as(coordinator)
    visit(coord, f"/coordinator/applications/{application.pk}/", check=False)
    expect(coord.get_by_role("heading", name=re.compile("every requirement is met"))).to_be_visible()
    coord.get_by_role("radio", name="Approved", exact=True).check()
    press(coord, "Preview the decision email", check=True)
    press(coord, "Record the decision and send the email")
    expect(coord.get_by_text("Decision recorded: Approved.")).to_be_visible()

    endorsement = Endorsement.objects.get(holder=applicant)
    assert endorsement.status == Endorsement.Status.ACTIVE
    assert re.fullmatch(r"[A-Z]+-\d{5}", endorsement.number)
    assert (endorsement.granted_on, endorsement.holder_name) == (today, HOLDER)
    first_due = endorsement.renewal_due
    assert first_due > today
    [first_certificate] = Certificate.objects.filter(endorsement=endorsement)
    assert first_certificate.is_rendered() and first_certificate.emailed_at is not None
    assert (first_certificate.valid_from, first_certificate.valid_until) == (today, first_due)
    [ready] = mail_to(applicant.email, "Your IFA endorsement certificate is ready")
    assert endorsement.number in ready.body and f"/verify/{endorsement.verification_code}/" in ready.body

    # --- 2. the endorsee finds it, opens it and downloads the certificate ------------------------
    holder = open_as(applicant)
    visit(holder, "/endorsements/")
    expect(holder.get_by_role("heading", level=1)).to_have_text("Your endorsements")
    expect(holder.get_by_role("cell", name=endorsement.number, exact=True)).to_be_visible()
    follow(holder, "Infant Family Associate (IFA)")
    expect(holder.get_by_role("heading", level=1)).to_have_text("Infant Family Associate (IFA)")
    expect(holder.get_by_text(f"Active: valid until {long_date(first_due)}.")).to_be_visible()
    with holder.expect_download() as info:
        holder.get_by_role("link", name="Download the certificate (PDF)").click()
    assert info.value.suggested_filename == f"certificate-{endorsement.number}-{first_due}.pdf"
    text = pdf_text(info.value)
    assert HOLDER in text and endorsement.number in text

    # --- 3. anyone can verify it --------------------------------------------------------------
    public = open_as()
    visit(public, f"/verify/{endorsement.verification_code}/")
    expect(public.get_by_text("Valid.", exact=True)).to_be_visible()
    expect(public.get_by_text(f"Current: valid until {long_date(first_due)}.")).to_be_visible()
    expect(public.get_by_role("definition").filter(has_text=endorsement.number)).to_be_visible()

    # --- 4. the clock moves to 30 days before the due date: the reminder goes out -------------
    assert sweep_on(first_due - datetime.timedelta(days=30)) == {"reminders": 1}
    [reminder] = mail_to(
        applicant.email, f"renewal is due on {first_due:%B} {first_due.day}, {first_due.year}"
    )
    assert "in 30 days" in reminder.body
    assert f"/endorsements/{endorsement.pk}/renewal/" in reminder.body
    assert ReminderSent.objects.get(endorsement=endorsement).kind == ReminderSent.Kind.DAYS_30

    # The endorsee logs training, confirms membership, signs and submits.
    visit(holder, f"/endorsements/{endorsement.pk}/", check=False)
    follow(holder, "Log hours and renew")
    expect(holder.get_by_role("heading", level=1)).to_have_text("Renewal of your IFA endorsement")
    training = requirement(holder, "Specialized training")
    expect(training).to_contain_text("0 of 15 clock hours")
    for title, hours, expected in (
        ("Attachment and the first year", "9", "9 of 15"),
        ("Reflective practice", "6", "15 of 15"),
    ):
        follow(holder, "Add training")
        holder.get_by_label("Training title").fill(title)
        holder.get_by_label("Date (or last day)").fill(today.isoformat())
        holder.get_by_label("Clock hours").fill(hours)
        holder.get_by_role("group", name=re.compile("about providing reflective")).get_by_label("No").check()
        press(holder, "Add")
        expect(holder.get_by_text("Training added.")).to_be_visible()
        expect(training).to_contain_text(f"{expected} clock hours")
    expect(training).not_to_contain_text("Not met yet")
    expect(training).to_contain_text("Met")
    assert_accessible(holder)

    holder.get_by_label("Association you are a member of").fill("Infant Mental Health Association")
    holder.get_by_role("group", name=re.compile("Do you provide reflective")).get_by_label("No").check()
    press(holder, "Confirm membership")
    expect(holder.get_by_text("Membership confirmed.")).to_be_visible()
    holder.get_by_label(re.compile("I attest that no licensing board")).check()
    holder.get_by_label("Type your full name to sign").fill(HOLDER)
    press(holder, "Sign the attestation")
    expect(holder.get_by_text("Attestation signed.")).to_be_visible()
    press(holder, "Submit the renewal", check=True)
    expect(holder.get_by_text("Your renewal is submitted.")).to_be_visible()
    expect(holder.get_by_text("is frozen while the Endorsement coordinator reviews it")).to_be_visible()
    period = RenewalPeriod.objects.get(endorsement=endorsement)
    assert period.status == RenewalPeriod.Status.SUBMITTED
    assert mail_to(coordinator.email, f"Renewal submitted: {HOLDER} ({endorsement.number})")

    # --- 5. the coordinator approves the renewal from the queue -------------------------------
    visit(coord, "/coordinator/renewals/")
    row = coord.get_by_role("row").filter(has_text=endorsement.number)
    expect(row).to_contain_text("Submitted")
    expect(row.get_by_role("cell", name="15", exact=True)).to_be_visible()  # training hours
    follow(coord, HOLDER)
    expect(coord.get_by_role("heading", level=1)).to_have_text(f"Renewal of {HOLDER}")
    expect(requirement(coord, "Specialized training")).to_contain_text("15 of 15 clock hours")
    coord.get_by_label("Note (optional)").fill("Training complete; renewed.")
    press(coord, "Approve the renewal", check=True)
    second_due = renewal_due_after(endorsement.edition, first_due)
    expect(
        coord.get_by_text(f"Renewal approved: {endorsement.number} now runs until {long_date(second_due)}")
    ).to_be_visible()

    endorsement.refresh_from_db()
    assert (endorsement.status, endorsement.renewal_due) == (Endorsement.Status.ACTIVE, second_due)
    assert second_due > first_due
    period.refresh_from_db()
    assert period.status == RenewalPeriod.Status.APPROVED
    next_period = RenewalPeriod.objects.get(endorsement=endorsement, due_on=second_due)
    assert next_period.status == RenewalPeriod.Status.OPEN
    certificates = list(Certificate.objects.filter(endorsement=endorsement).order_by("pk"))
    assert len(certificates) == 2
    renewed = certificates[1]
    assert (renewed.valid_from, renewed.valid_until) == (first_due + datetime.timedelta(days=1), second_due)
    assert renewed.is_rendered() and renewed.emailed_at is not None
    assert len(mail_to(applicant.email, "Your IFA endorsement certificate is ready")) == 2

    visit(holder, f"/endorsements/{endorsement.pk}/")
    expect(holder.get_by_text(f"Active: valid until {long_date(second_due)}.")).to_be_visible()
    with holder.expect_download() as info:
        holder.get_by_role("link", name="Download the certificate (PDF)").click()
    assert info.value.suggested_filename == f"certificate-{endorsement.number}-{second_due}.pdf"
    assert endorsement.number in pdf_text(info.value)

    # --- 6. another endorsee does not renew: past due plus grace, the endorsement lapses -------
    lapsing = endorse(name="Lee Lapsing", listed=True)
    visit(public, "/directory/")
    expect(public.get_by_role("rowheader", name="Lee Lapsing")).to_be_visible()
    expect(public.get_by_role("rowheader", name=HOLDER)).to_be_visible()

    grace_end = grace_ends_on(lapsing)
    assert grace_end < second_due
    sweep_on(grace_end)  # the last day of grace: overdue, still current
    lapsing.refresh_from_db()
    assert lapsing.status == Endorsement.Status.RENEWAL_DUE
    assert sweep_on(grace_end + datetime.timedelta(days=1))["lapsed"] == 1
    lapsing.refresh_from_db()
    assert lapsing.status == Endorsement.Status.LAPSED
    assert mail_to(lapsing.holder.email, "Your IFA endorsement has lapsed")
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.ACTIVE  # renewed: untouched by that sweep

    visit(public, "/directory/")
    expect(public.get_by_role("rowheader", name=HOLDER)).to_be_visible()
    expect(public.get_by_role("rowheader", name="Lee Lapsing")).to_have_count(0)
    visit(public, f"/verify/{lapsing.verification_code}/")
    expect(public.get_by_text("Not valid.", exact=True)).to_be_visible()
    lapsed_on = long_date(grace_end + datetime.timedelta(days=1))  # the replayed day, not today
    expect(
        public.get_by_text(
            f"Lapsed: this endorsement lapsed on {lapsed_on} because it was not renewed; "
            "it is not currently valid."
        )
    ).to_be_visible()
    expect(public.get_by_role("definition").filter(has_text="Lapsed")).to_be_visible()
