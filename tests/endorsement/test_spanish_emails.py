"""Emails rendered in Spanish: subject and body, a plural, a date; the same emails unchanged in
English.

Needs the Spanish catalogue gathered and compiled (`scripts/messages.sh`)."""

import datetime
import inspect
from types import SimpleNamespace

import pytest
from django.utils import translation

from endorsement.emails import render_email
from renewals.models import ReminderSent, Transfer
from tests.applications.factories import make_application
from tests.renewals.endorsee_factories import endorse

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 3, 1)


def render(name, context, language):
    """`render_email` in `language`: activated around the call, and passed as `language=` where
    `render_email` takes one (it renders under the recipient's language once that lands)."""
    takes_language = "language" in inspect.signature(render_email).parameters
    with translation.override(language):
        return render_email(name, context, **({"language": language} if takes_language else {}))


@pytest.fixture
def endorsement(guidelines):
    return endorse(name="María Elena López", code="IFS")


def reminder_context(endorsement, days_left):
    return {
        "endorsement": endorsement,
        "reminder": ReminderSent(endorsement=endorsement, due_on=DUE, kind=ReminderSent.Kind.DAYS_30),
        "days_left": days_left,
        "overdue": False,
        "url": "/endorsements/1/renewal/",
    }


def test_the_renewal_reminder_in_spanish_has_a_spanish_date_and_plural(endorsement):
    subject, body = render("renewal_reminder", reminder_context(endorsement, 30), "es")
    assert subject == "La renovación de su Endorsement de IFS vence el 1 de marzo de 2027"
    assert (
        f"La renovación de su Endorsement de Infant Family Specialist ({endorsement.number}) vence el "
        "1 de marzo de 2027, dentro de 30 días."
    ) in body
    assert "registre sus horas de formación y de supervisión/consulta reflexiva" in body
    assert "Si ya envió su renovación, gracias: puede ignorar este mensaje." in body
    assert "María Elena López" in body  # the holder's name is data


def test_the_renewal_reminder_counts_one_day_in_the_singular(endorsement):
    _, body = render("renewal_reminder", reminder_context(endorsement, 1), "es")
    assert "vence el 1 de marzo de 2027, dentro de 1 día." in body


def test_the_renewal_reminder_in_english_is_unchanged(endorsement):
    subject, body = render("renewal_reminder", reminder_context(endorsement, 30), "en")
    assert subject == "Your IFS endorsement renewal is due on March 1, 2027"
    assert (
        f"Your Infant Family Specialist endorsement ({endorsement.number}) is due for renewal on "
        "March 1, 2027, in 30 days.\n\nTo renew, log your training"
    ) in body
    _, body = render("renewal_reminder", reminder_context(endorsement, 1), "en")
    assert "March 1, 2027, in 1 day.\n" in body


def test_the_lapse_notice_in_spanish(endorsement):
    context = {**reminder_context(endorsement, -90), "overdue": False}
    subject, body = render("renewal_lapsed", context, "es")
    assert subject == "Su Endorsement de IFS caducó"
    assert "vencía el 1 de marzo de 2027 y no se renovó dentro del período de gracia" in body
    assert "Inicie una solicitud: " in body
    assert "¿Tiene preguntas? Comuníquese con el/la coordinador(a) de Endorsement de su asociación." in body


def test_the_renewal_approval_in_spanish_and_in_english(endorsement):
    period = endorsement.periods.get()
    period.coordinator_note = "Gracias por sus horas."
    context = {"endorsement": endorsement, "period": period, "url": "/endorsements/1/renewal/"}
    subject, body = render("renewal_approved", context, "es")
    assert subject == "Se aprobó la renovación de su Endorsement de IFS"
    assert (
        "El/la coordinador(a) de Endorsement aprobó la renovación de su Endorsement de Infant Family" in body
    )
    assert "Nota del/de la coordinador(a): Gracias por sus horas." in body
    subject, body = render("renewal_approved", context, "en")
    assert subject == "Your IFS endorsement renewal is approved"
    assert "The coordinator's note: Gracias por sus horas.\n" in body


def test_the_transfer_decision_in_spanish(endorsement, guidelines):
    from competencies.models import Association

    to = Association.objects.exclude(pk=endorsement.association_id).first()
    transfer = Transfer(
        endorsement=endorsement,
        from_association=endorsement.association,
        to_association=to,
        status=Transfer.Status.ACCEPTED,
    )
    context = {"transfer": transfer, "endorsement": endorsement, "association": to, "url": "/e/1/"}
    subject, body = render("transfer_decided", context, "es")
    assert subject == f"Su transferencia a {to.short_name} fue aceptada"
    assert f"{to.name} aceptó la transferencia de su Endorsement {endorsement.number}." in body
    subject, _ = render("transfer_decided", context, "en")
    assert subject == f"Your transfer to {to.short_name} was accepted"


def test_a_reviewers_step_back_in_spanish_counts_the_missing_reviews(guidelines):
    application = make_application()
    context = {
        "application": application,
        "applicant_name": "Ana Pérez",
        "reviewer_name": "Rita Revisora",
        "assignment": SimpleNamespace(conflict_note="Trabajamos juntas."),
        "missing": 2,
        "url": "/reviews/1/",
    }
    subject, body = render("reviewer_stepped_back", context, "es")
    assert subject == "Un(a) revisor(a) se retiró de la solicitud de IFA de Ana Pérez"
    assert "La solicitud necesita 2 revisiones enviadas más antes de poder decidirla." in body
    _, body = render("reviewer_stepped_back", {**context, "missing": 1}, "es")
    assert "La solicitud necesita 1 revisión enviada más antes de poder decidirla." in body
    _, body = render("reviewer_stepped_back", context, "en")
    assert "The application needs 2 more submitted reviews before it can be decided." in body
