"""The endorsee's and the public's endorsement pages in a real browser, checked with axe-core.

axe runs from the copy bundled in axe_playwright_python (nothing from a CDN); a "serious" or
"critical" violation fails the test. The certificate is downloaded as a user would and read.
"""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from renewals.models import Endorsement
from tests.applications.factories import make_user
from tests.renewals.endorsee_factories import endorse

from .browsing import assert_accessible, sign_in, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_endorsee_pages_are_accessible_and_the_certificate_downloads(page, live_server, guidelines):
    holder = make_user(legal_name="Jordan Rivera")
    endorsement = endorse(holder, code="IMHS", region="Oregon", listed=True)
    sign_in(page.context, live_server, holder)

    visit(page, reverse("renewals:home"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your endorsements")
    expect(page.get_by_role("cell", name=endorsement.number, exact=True)).to_be_visible()

    page.get_by_role("link", name="Infant Mental Health Specialist (IMHS)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Infant Mental Health Specialist (IMHS)")
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"certificate-{endorsement.number}-{endorsement.renewal_due}.pdf"
    text = PdfReader(io.BytesIO(Path(download.path()).read_bytes())).pages[0].extract_text()
    assert "Jordan Rivera" in text and endorsement.number in text

    with page.expect_navigation():
        page.get_by_role("button", name="Remove me from the directory").click()
    expect(page.get_by_role("status")).to_contain_text("no longer listed")
    assert_accessible(page)
    assert Endorsement.objects.get(pk=endorsement.pk).listed_in_directory is False


def test_public_verification_and_directory_are_accessible(page, live_server, guidelines):
    active = endorse(name="Ada Brown", code="IFS", region="Oregon", listed=True)
    lapsed = endorse(name="Lee Lapsed", code="IFA", listed=True, status=Endorsement.Status.LAPSED)

    visit(page, reverse("verify:detail", args=[active.verification_code]))
    expect(page.get_by_text("Valid.", exact=True)).to_be_visible()
    visit(page, reverse("verify:detail", args=[lapsed.verification_code]))
    expect(page.get_by_text("it is not currently valid")).to_be_visible()

    visit(page, reverse("credentials:verify"))
    page.get_by_role("textbox", name="Endorsement number").fill("nope-12")
    with page.expect_navigation():
        page.get_by_role("button", name="Verify the number").click()
    expect(page.get_by_text("No endorsement has this number")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="Endorsement number").fill(active.number.lower().replace("-0", "-"))
    with page.expect_navigation():
        page.get_by_role("button", name="Verify the number").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Endorsement verification")
    expect(page.get_by_text("Valid.", exact=True)).to_be_visible()
    assert page.url.endswith(f"/verify/{active.number}/")
    assert_accessible(page)

    visit(page, reverse("directory:index"))
    expect(page.get_by_role("rowheader", name="Ada Brown")).to_be_visible()
    page.get_by_role("textbox", name="Name").fill("nobody by this name")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No listed professional matches this search")).to_be_visible()
    assert_accessible(page)
