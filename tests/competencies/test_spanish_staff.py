"""An association admin's staff page in Spanish: headings, the form, its errors and the
messages after a change. Needs the compiled Spanish catalogue (scripts/messages.sh)."""

import pytest
from django.urls import reverse

from competencies.models import Association
from endorsement import roles
from tests.applications.factories import make_user
from tests.competencies.test_association_staff import page
from tests.competencies.test_spanish_guidelines import main_text
from tests.endorsement.staff_factories import give_totp, join

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture
def orimha_admin_client(client, guidelines):
    """Signed in as an admin of ORIMHA, as tests/competencies/test_association_staff.py is."""
    user = make_user(legal_name="Ada Admin")
    join(user, roles.ASSOCIATION_ADMIN, Association.objects.get(slug="orimha"))
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    give_totp(user)
    client.force_login(user)
    return client


def test_the_staff_page_reads_in_spanish(orimha_admin_client):
    text = main_text(orimha_admin_client.get(page(), **SPANISH))
    assert "Personal de Oregon Infant Mental Health Association" in text
    assert "Asignar un rol a una persona" in text
    assert "1 persona en el personal" in text
    assert "Administrador(a) de la asociación" in text
    assert "Give someone a role" not in text


def test_giving_a_role_says_so_in_spanish(orimha_admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = orimha_admin_client.post(
            reverse("staff:add", args=["orimha"]),
            {"email": "nueva@example.org", "role": "coordinator"},
            follow=True,
            **SPANISH,
        )
    text = main_text(response)
    assert "nueva@example.org ahora tiene el rol de coordinador(a) en ORIMHA" in response.content.decode()
    assert "Invitación enviada" in text and "Rol asignado" in text


def test_a_missing_email_is_explained_in_spanish(orimha_admin_client):
    response = orimha_admin_client.post(
        reverse("staff:add", args=["orimha"]), {"email": "", "role": ""}, **SPANISH
    )
    assert response.status_code == 400
    text = main_text(response)
    assert "Escriba el correo electrónico de la persona." in text
    assert "Elija un rol." in text
