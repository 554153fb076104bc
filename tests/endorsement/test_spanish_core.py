"""Spanish in the core: the language switcher, the language remembered on a profile, emails in
their recipient's language, and dates and numbers written the US Spanish way.

Needs the compiled catalogue (tests/conftest.py builds it when missing)."""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from applications.models import Profile
from applications.tasks import notify_coordinators_of_submission, send_submission_receipt
from tests.applications.factories import make_complete_ifa, make_coordinator, make_user

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_home_in_spanish_has_lang_and_a_switcher_that_needs_no_script(client, db):
    page = client.get("/", **SPANISH).text
    assert '<html lang="es">' in page
    assert "Iniciar sesión" in page and "Crear una cuenta" in page
    assert "Quiénes lo usan" in page and "Saltar al contenido principal" in page
    assert f'action="{reverse("set_language")}"' in page
    assert '<label for="language-choice">Idioma</label>' in page
    assert '<option value="en" lang="en">English</option>' in page
    assert '<option value="es" lang="es" selected>Español</option>' in page
    assert '<input type="hidden" name="next" value="/">' in page
    assert '<script id="script-text" type="application/json">' in page  # data for our scripts, not a script


def test_the_words_of_our_scripts_come_in_the_page_language(client, db):
    page = client.get("/", **SPANISH).text
    block = re.search(r'<script id="script-text" type="application/json">(.*?)</script>', page).group(1)
    assert json.loads(block)["rating.saved"] == "Sus respuestas están guardadas."


def test_home_in_english_reads_as_before(client, db):
    page = client.get("/").text
    assert '<html lang="en' in page
    assert "Who uses it" in page and "Create an account" in page
    assert '<option value="en" lang="en" selected>English</option>' in page


def test_choosing_a_language_sets_the_cookie_and_returns_to_the_page(client, db):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/guidelines/"})
    assert response.status_code == 302 and response.url == "/guidelines/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert '<html lang="es">' in client.get("/").text


def test_the_choice_wins_over_the_browser(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/", **SPANISH).text


def test_a_choice_made_while_signed_in_is_saved_to_the_profile(client, db):
    user = make_user()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert Profile.objects.get(user=user).language == "es"


def test_staff_without_a_profile_keep_their_choice_in_the_session(client, db):
    staff = get_user_model().objects.create_user("staff", "staff@example.org", is_staff=False)
    client.force_login(staff)
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert not Profile.objects.filter(user=staff).exists()
    assert '<html lang="es">' in client.get("/").text


def test_a_saved_language_is_active_from_sign_in_and_after_sign_out(client, db):
    user = make_user()
    Profile.objects.filter(user=user).update(language="es")
    client.force_login(user)
    response = client.get("/")  # an English browser: no Accept-Language, no cookie yet
    assert '<html lang="es">' in response.text and "Cerrar sesión" in response.text
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    client.post(reverse("account_logout"))
    assert '<html lang="es">' in client.get("/").text


def test_without_a_saved_language_the_browser_decides(client, db):
    client.force_login(make_user())
    assert '<html lang="es">' in client.get("/", **SPANISH).text
    assert '<html lang="en' in client.get("/").text


def test_the_profile_form_offers_the_language(client, db):
    user = make_user()
    client.force_login(user)
    page = client.get(reverse("applications:profile")).text
    assert 'name="language"' in page and "The one my browser asks for" in page


def _receipt_of_an_application_submitted_on_december_1(mailoutbox, *, language=""):
    application = make_complete_ifa()
    if language:
        Profile.objects.filter(user=application.applicant).update(language=language)
    application.status, application.submitted_at = (
        "submitted",
        datetime.datetime(2026, 12, 1, 15, tzinfo=datetime.UTC),
    )
    application.save(update_fields=["status", "submitted_at"])
    send_submission_receipt(application_id=application.pk)
    (mail,) = mailoutbox
    return mail


def test_the_submission_receipt_goes_out_in_the_applicants_language(db, guidelines, mailoutbox):
    mail = _receipt_of_an_application_submitted_on_december_1(mailoutbox, language="es")
    assert mail.subject == "Recibimos su solicitud de Endorsement IFA"
    assert "Gracias: su solicitud de Endorsement como" in mail.body
    assert "se envió el 1 de diciembre de 2026" in mail.body
    assert translation.get_language() == settings.LANGUAGE_CODE  # the override ended


def test_the_submission_receipt_in_english_reads_as_before(db, guidelines, mailoutbox):
    mail = _receipt_of_an_application_submitted_on_december_1(mailoutbox)
    assert mail.subject == "We received your IFA Endorsement application"
    assert "Thank you: your application for Endorsement as" in mail.body
    assert "was submitted on December 1, 2026." in mail.body


def test_an_email_to_people_of_two_languages_goes_out_once_per_language(db, guidelines, mailoutbox):
    english, spanish = make_coordinator(), make_coordinator()
    Profile.objects.filter(user=spanish).update(language="es")
    application = make_complete_ifa()
    application.status, application.submitted_at = (
        "submitted",
        datetime.datetime(2026, 12, 1, 15, tzinfo=datetime.UTC),
    )
    application.save(update_fields=["status", "submitted_at"])
    notify_coordinators_of_submission(application_id=application.pk)
    recipients = [mail.to for mail in mailoutbox]
    assert len(mailoutbox) == 2
    assert [english.email] in recipients and [spanish.email] in recipients


@pytest.mark.parametrize(
    ("template", "english", "spanish"),
    [
        ("{{ day|date }}", "December 1, 2026", "1 de diciembre de 2026"),
        (
            '{{ moment|date:"DATETIME_FORMAT" }}',
            "December 1, 2026, 11:30 PM",
            "1 de diciembre de 2026, 11:30 p.m.",
        ),
        ("{{ hours|floatformat }}", "27.5", "27.5"),
        ("{% load humanize %}{{ many|intcomma }}", "12,345", "12,345"),
    ],
)
def test_dates_and_numbers_in_spanish(template, english, spanish):
    context = Context(
        {
            "day": datetime.date(2026, 12, 1),
            "moment": datetime.datetime(2026, 12, 1, 23, 30),
            "hours": 27.5,
            "many": 12345,
        }
    )
    with translation.override("en"):
        assert Template(template).render(context) == english
    with translation.override("es"):
        assert Template(template).render(context) == spanish


@pytest.mark.parametrize(
    ("url", "spanish"),
    [
        ("account_login", ["Iniciar sesión", "Contraseña"]),
        ("account_signup", ["Registrarse", "Contraseña (de nuevo)"]),
        ("account_reset_password", ["Restablecer mi contraseña", "Correo electrónico"]),
    ],
)
def test_allauth_pages_read_spanish(client, db, url, spanish):
    page = client.get(reverse(url), **SPANISH).text
    assert '<html lang="es">' in page
    for text in spanish:
        assert text in page


def test_error_pages_in_spanish(client, db):
    page = client.get("/no-such-page/", **SPANISH)
    assert page.status_code == 404 and "Página no encontrada" in page.text


def test_allauths_emails_follow_the_recipients_saved_language(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user(email="maria@example.org")
    Profile.objects.filter(user=user).update(language="es")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "maria@example.org"})  # an English page
    (mail,) = mailoutbox
    assert mail.subject == "[Endorsement] Correo electrónico para restablecer contraseña"
    assert "Alguien, probablemente usted, pidió restablecer la contraseña" in mail.body


def test_a_new_sign_up_is_confirmed_in_the_language_of_the_page(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "nuevo@example.org",
                "password1": "una-Frase-larga-2025",
                "password2": "una-Frase-larga-2025",
            },
            **SPANISH,
        )
    (mail,) = mailoutbox
    assert "Para confirmar que es suya, abra este enlace:" in mail.body


def test_the_language_saved_on_the_profile_form_applies_at_once_and_blank_forgets_it(client, db):
    user = make_user()
    client.force_login(user)
    form = {"legal_name": "Alex Applicant", "language": "es"}
    client.post(reverse("applications:profile"), form)
    assert '<html lang="es">' in client.get("/").text
    response = client.post(reverse("applications:profile"), {**form, "language": ""})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # deleted
    assert '<html lang="en' in client.get("/").text


def test_the_rater_reads_the_form_in_the_language_the_applicant_chose(client, db, guidelines):
    from tests.applications.rater_factories import invite, make_application

    reference = invite(make_application(), language="es")
    client.get(reverse("ratings:start", args=[reference.token]))  # an English browser
    assert '<html lang="es">' in client.get(reverse("ratings:form")).text
    client.post(reverse("set_language"), {"language": "en", "next": reverse("ratings:form")})
    assert '<html lang="en">' in client.get(reverse("ratings:form")).text


def test_a_raters_own_choice_comes_before_the_applicants(client, db, guidelines):
    from tests.applications.rater_factories import invite, make_application

    reference = invite(make_application(), language="es")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get(reverse("ratings:start", args=[reference.token]))
    assert '<html lang="en">' in client.get(reverse("ratings:form")).text
