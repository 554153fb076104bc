"""One date style and one greeting on the pages and in the emails of a seeded portfolio, and
none of the text slips that were found in them."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from applications.people import greeting
from applications.sections import SECTION_PAGES
from reviews import services
from tests.applications.rater_factories import invite
from tests.endorsement.staff_factories import give_totp
from tests.reviews.factories import complete_ifa, in_review, make_coordinator, make_reviewer
from tests.reviews.test_work_views import rate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("guidelines")]

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
OTHER_DATE_STYLES = {
    "ISO (2026-12-01)": re.compile(r"\b20\d\d-\d\d-\d\d\b"),
    "day first (1 December 2026)": re.compile(rf"\b\d{{1,2}} ({MONTHS}) 20\d\d\b"),
    "abbreviated (Dec. 1, 2026)": re.compile(
        r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? \d{1,2}, 20\d\d\b"
    ),
}
THE_DATE_STYLE = re.compile(rf"\b({MONTHS}) \d{{1,2}}, 20\d\d\b")
SLIPS = ["a.m..", "p.m..", "rs/c", "a IFS", "a IFA", "a IMH", "Hello from", "Thank you for using"]


def shown_text(html):
    """What a reader sees: the text between the tags (an input's ISO value is not shown as such)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def problems_in(where, text):
    found = [
        f"{where}: the slip “{slip}” in …{text[text.index(slip) - 60 : text.index(slip) + 20]}…"
        for slip in SLIPS
        if slip in text
    ]
    for style, pattern in OTHER_DATE_STYLES.items():
        found += [f"{where}: a date written {style}: {match.group(0)}" for match in pattern.finditer(text)]
    return found


def test_pages_and_emails_of_a_portfolio_write_dates_one_way_and_greet_one_way(
    client, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = complete_ifa()
        rate(application)
        coordinator = make_coordinator(legal_name="Casey Coordinator")
        reviewer = make_reviewer(legal_name="María Elena López")
        invited = invite(application, email="rita@example.org", role="colleague")
        with_the_receipt = in_review(application, coordinator)
        services.assign_reviewer(with_the_receipt, reviewer, by=coordinator)
        Client().post(reverse("account_reset_password"), {"email": application.applicant.email})

    found = []
    client.force_login(application.applicant)
    pages = [reverse("applications:home"), reverse("applications:overview", args=[application.pk])]
    pages += [reverse(f"applications:{name}", args=[application.pk]) for name in SECTION_PAGES]
    pages += [reverse("applications:references", args=[application.pk])]
    pages += [reverse("applications:receipt", args=[application.pk])]
    dated = []
    for path in pages:
        response = client.get(path)
        if response.status_code == 404:  # a section this category does not have
            continue
        assert response.status_code == 200, path
        text = shown_text(response.content.decode())
        found += problems_in(path, text)
        dated += THE_DATE_STYLE.findall(text)

    give_totp(coordinator)
    staff = Client()
    staff.force_login(coordinator)
    work = reverse("reviews:work", args=[application.pk])
    text = shown_text(staff.get(work).content.decode())
    found += problems_in(work, text)
    dated += THE_DATE_STYLE.findall(text)

    greetings = []
    for message in mail.outbox:
        found += problems_in(f"email “{message.subject}”", message.subject + "\n" + message.body)
        first_line = message.body.lstrip().splitlines()[0]
        if first_line.startswith("Hello"):
            greetings.append(first_line)

    assert found == [], "\n".join(found)
    assert dated, "the pages show dates, in the one style"
    assert "Hello María Elena López," in greetings  # the reviewer, by her full name
    assert "Hello Rita Rater," in greetings
    assert f"{greeting(application.applicant)}," in greetings  # the applicant's receipt and reset
    assert invited.name == "Rita Rater"


def test_the_greeting_names_the_person_in_full():
    class Profile:
        legal_name = "María Elena López"

    class Person:
        profile = Profile()
        email = "maria@example.org"

    assert greeting(Person()) == "Hello María Elena López"
    assert greeting("Rita Rater") == "Hello Rita Rater"
    assert greeting("") == "Hello"


def test_labels_inside_sentences_keep_their_abbreviations():
    from django.template import Context, Template

    template = Template(
        "{% load people %}Add {{ a|mid_sentence }}; add {{ b|mid_sentence }}; ({{ c|mid_sentence }})"
    )
    rendered = template.render(Context({"a": "RS/C period", "b": "Training", "c": "RS/C provider"}))
    assert rendered == "Add RS/C period; add training; (RS/C provider)"
