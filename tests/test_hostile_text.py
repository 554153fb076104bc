"""Every page is safe to show anyone's text, and every HTML page carries a strict CSP.

The authorization matrix's world is built once; then every free-text field that applicants,
raters, reviewers and coordinators can write (every text column of the applications, reviews
and renewals apps, and the people's names) is overwritten with markup that would run as script
if any page printed it unescaped. Every page a role may open is then requested as that role.
"""

import io
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from applications.models import DomainComment
from applications.services.references import rating_domains
from renewals.certificates import render_certificate_pdf
from renewals.models import Certificate
from tests.authorization_cases import CASES, OK, ROLES
from tests.csp import STRICT_POLICY
from tests.test_authorization_matrix import world  # noqa: F401 -- the shared world fixture

SCRIPT = "<script>x()</script>"
PAYLOAD = f"Alex</textarea>{SCRIPT}"
HOSTILE_APPS = ("applications", "reviews", "renewals")
# Columns that are identifiers or machine values, not text a person wrote.
NOT_FREE_TEXT = (
    "token",
    "hash",
    "code",
    "number",
    "slug",
    "email",
    "ip",
    "section",
    "key",
    "storage",
    "path",
)


def free_text_fields(model):
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        if isinstance(field, models.EmailField | models.URLField | models.SlugField):
            continue
        if any(part in field.name for part in NOT_FREE_TEXT):
            continue
        if field.max_length and field.max_length < len(PAYLOAD):
            continue
        yield field


def poison_every_free_text_field():
    poisoned = []
    for label in HOSTILE_APPS:
        for model in apps.get_app_config(label).get_models():
            fields = [field.name for field in free_text_fields(model)]
            if fields and model.objects.update(**dict.fromkeys(fields, PAYLOAD)):
                poisoned += [f"{model._meta.label}.{name}" for name in fields]
    return poisoned


@pytest.fixture(scope="module")
def hostile(world, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock():
        rating = world.things["rated_reference"].rating
        DomainComment.objects.create(
            rating=rating, domain=rating_domains(world.review.category)[0], text="Warm and curious."
        )
        world.poisoned = poison_every_free_text_field()
    return world


def client_as(seen, role):
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = seen.sessions[role]
    return client


def problems_with(response, where):
    if "text/html" not in response.get("Content-Type", ""):
        return []
    found = []
    body = response.content.decode()
    if SCRIPT in body:
        found.append(f"{where}: the script tag appears unescaped")
    policy = response.get("Content-Security-Policy", "")
    missing = [directive for directive in STRICT_POLICY if directive not in policy]
    if missing:
        found.append(f"{where}: Content-Security-Policy lacks {missing}")
    return found


def get_in_savepoint(client, url):
    with transaction.atomic():
        response = client.get(url, follow=True)
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
def test_the_hostile_text_reaches_the_portfolio_the_reviews_and_the_endorsements(hostile):
    touched = {name.split(".")[0] for name in hostile.poisoned}
    assert touched == {"applications", "reviews", "renewals"}
    for expected in (
        "applications.Profile.preferred_name",
        "applications.Rating.known_for",
        "applications.DomainComment.",
        "applications.ReferenceRequest.name",
    ):
        assert any(name.startswith(expected) for name in hostile.poisoned), expected


GET_CASES = [case for case in CASES if case.get is not None]


@pytest.mark.django_db
@pytest.mark.parametrize("case", GET_CASES, ids=[case.id for case in GET_CASES])
def test_no_page_runs_the_text_people_wrote(hostile, case):
    url = reverse(case.url, kwargs=case.kwargs(hostile))
    problems = []
    for role in ROLES:
        if case.get[role] == OK:
            problems += problems_with(get_in_savepoint(client_as(hostile, role), url), f"{role} GET {url}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?outcome=approved",
        "?outcome=denied&include_feedback=on&reasons=" + quote(PAYLOAD),
        "?outcome=deferred&reasons=" + quote(PAYLOAD),
    ],
)
def test_the_drafted_decision_email_is_shown_as_text(hostile, query):
    url = reverse("reviews:decide", kwargs={"pk": hostile.review.pk}) + query
    response = get_in_savepoint(client_as(hostile, "coordinator"), url)
    assert response.status_code == 200
    assert not problems_with(response, url)
    # The applicant's name and the reasons are in the textarea, as text.
    assert "Alex&lt;/textarea&gt;&lt;script&gt;x()&lt;/script&gt;" in response.content.decode()


@pytest.mark.django_db
def test_the_rating_form_shows_the_applicant_as_text(hostile):
    token = hostile.things["invited_reference"].token
    response = get_in_savepoint(Client(), reverse("ratings:start", kwargs={"token": token}))
    assert response.status_code == 200
    assert not problems_with(response, "the rating form")


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "account_login", "account_signup", "competencies:index"])
def test_public_pages_carry_the_policy(page):
    response = Client().get(reverse(page))
    assert response.status_code == 200
    assert not problems_with(response, page)


@pytest.mark.django_db
def test_the_certificate_prints_the_holders_name_as_written(hostile):
    certificate = Certificate.objects.filter(endorsement=hostile.things["endorsement"]).first()
    text = PdfReader(io.BytesIO(render_certificate_pdf(certificate))).pages[0].extract_text()
    assert SCRIPT in text
