"""The engine's sentences in Spanish, chosen by the active language, and English as before.

Needs the compiled Spanish catalogue: run ./scripts/messages.sh first.
"""

import copy
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from competencies.rules import LABELS, describe_edition_policy, describe_requirement
from competencies.rules.outcome import join_words

from .facts_builders import MI2025, ORIMHA, application, fixture_rules, requirement, run, training

ROOT = Path(__file__).resolve().parents[2]


def ifs_short_of_training():
    """A 2025 IFS application with 15.5 of its 33 training hours and one rating declined."""
    facts = application("IFS", MI2025)
    facts["training"] = [training(10), training(5.5, title="Conference")]
    facts["references"][0]["status"] = "declined"
    return facts


def in_language(language, facts):
    with translation.override(language):
        return run(facts)


def test_a_shortfall_is_written_in_spanish_with_its_plural():
    result = in_language("es", ifs_short_of_training())
    assert requirement(result, "training")["summary"] == "15.5 de 33 horas reloj — faltan 17.5"
    references = requirement(result, "references")
    assert references["summary"].startswith("2 de 3 calificaciones recibidas — falta 1")
    assert (
        "Su supervisor(a) del programa no aceptó calificarle: invite a otra persona." in references["details"]
    )
    assert requirement(result, "training")["label"] == "Formación especializada"


def test_a_missing_rater_is_named_by_its_roles_not_the_associations_english_label():
    facts = application("IMHM-C", ORIMHA)
    facts["references"] = []
    spanish = requirement(in_language("es", facts), "references")["summary"]
    english = requirement(in_language("en", facts), "references")["summary"]
    assert "una de un(a) supervisor(a) del programa o supervisor(a) actual" in spanish
    assert "your current program supervisor" not in spanish
    assert "one from your current program supervisor" in english


def test_the_statuses_keys_and_numbers_do_not_depend_on_the_language():
    english, spanish = in_language("en", ifs_short_of_training()), in_language("es", ifs_short_of_training())
    for item in (english, spanish):
        for requirement_item in item["requirements"]:
            requirement_item.pop("summary"), requirement_item.pop("details"), requirement_item.pop("label")
            requirement_item.pop("need")
        item.pop("advisories"), item.pop("advisories_by_requirement")
    assert english == spanish


def test_a_met_requirement_and_a_date_read_in_spanish():
    facts = application("IFS", ORIMHA)
    facts["training"].append(training(2, day=date(2024, 9, 1), title="Upcoming"))
    result = in_language("es", facts)
    assert requirement(result, "education")["summary"] == (
        "Cumplido: título de licenciatura (BA) con certificado oficial de calificaciones (transcript)"
    )
    assert requirement(result, "membership")["summary"] == (
        "Miembro de Infant Mental Health Association hasta el 1 de enero de 2025"
    )
    assert requirement(result, "training")["details"] == [
        "1 capacitación con fecha posterior al 30 de junio de 2024 aún no se cuenta."
    ]
    assert requirement(result, "work_experience")["summary"].endswith(
        "; 12 de 10 familias con bebés o niños pequeños atendidas"
    )


def test_an_advisory_reads_in_spanish():
    result = in_language("es", application("IFS", ORIMHA))
    assert result["advisories"][0].startswith(
        "Las solicitudes de IFS aprobadas suelen incluir 50 horas de formación"
    )
    assert result["advisories_by_requirement"]["training"] == [result["advisories"][0]]


def test_in_english_every_sentence_stays_as_it_was():
    result = in_language("en", ifs_short_of_training())
    assert requirement(result, "training")["summary"] == "15.5 of 33 clock hours — 17.5 to go"
    assert requirement(result, "training")["label"] == "Specialized training"
    references = requirement(result, "references")
    assert references["summary"].startswith("2 of 3 ratings received — 1 to go")
    assert "Your program supervisor declined to rate you: invite someone else." in references["details"]
    met = in_language("en", application("IFS", ORIMHA))
    assert requirement(met, "education")["summary"] == "Met: Bachelor's degree (BA) with official transcript"
    assert (
        requirement(met, "membership")["summary"]
        == "Member of Infant Mental Health Association until January 1, 2025"
    )
    assert met["advisories"][0].startswith("Successful IFS applications typically include 50 or more hours")


def test_the_requirement_names_follow_the_language_when_read():
    with translation.override("es"):
        assert LABELS["exam"] == "Examen escrito"
    assert LABELS["exam"] == "Written examination"


def test_lists_join_with_the_spanish_conjunction_and_its_e_and_u_forms():
    with translation.override("es"):
        assert join_words(["IFA", "IFS", "ECFS"]) == "IFA, IFS y ECFS"
        assert join_words(["IFS", "IMHS"]) == "IFS e IMHS"
        assert join_words(["IFS", "ECFS"], "or") == "IFS o ECFS"
        assert join_words(["siete", "ocho"], "or") == "siete u ocho"
    assert join_words(["IFS", "IMHS"]) == "IFS and IMHS"


def test_guideline_sentences_and_renewal_dates_in_spanish():
    rules = fixture_rules(ORIMHA, "IFS")
    with translation.override("es"):
        sentences = describe_requirement(
            "application", "training", rules["application"]["training"], category_code="IFS"
        )

        class Edition:
            renewal_cycle_ends_on = date(2026, 6, 30)
            renewal_first_period_min_days = 90
            renewal_grace_days = 30
            effective_date_is_policy = True
            effective_date = date(2025, 1, 1)

        dates = describe_edition_policy(Edition)
    assert sentences[0] == "Un mínimo de 30 horas reloj de formación especializada."
    assert dates == [
        "Las renovaciones vencen el 30 de junio.",
        "Un Endorsement otorgado menos de 90 días antes de esa fecha se renueva por primera vez un ciclo después.",
        "Un Endorsement que no se renueva antes de su fecha de vencimiento caduca después de un período de gracia de 30 días.",
        "Estas pautas de competencias están vigentes desde el 1 de enero de 2025.",
    ]
    assert describe_edition_policy(Edition)[0] == "Renewals are due on June 30."


@pytest.mark.django_db
def test_the_evaluate_command_answers_in_english(tmp_path):
    """An external interface: run without a language, it writes the site's default language."""
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(ifs_short_of_training()))
    stdout = io.StringIO()
    call_command("evaluate", str(path), stdout=stdout)
    result = json.loads(stdout.getvalue())
    assert requirement(result, "training")["summary"] == "15.5 of 33 clock hours — 17.5 to go"


def test_the_engine_runs_in_english_without_django(tmp_path):
    """bench/engine.py and plain scripts evaluate with no settings at all."""
    facts = copy.deepcopy(ifs_short_of_training())
    script = (
        "import json, sys\n"
        "from competencies.rules import evaluate\n"
        "result = evaluate(json.loads(sys.stdin.read()))\n"
        "print([r['summary'] for r in result['requirements'] if r['key'] == 'training'][0])\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(  # noqa: S603 - our own interpreter with a fixed script
        [sys.executable, "-c", script],
        input=json.dumps(facts),
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "15.5 of 33 clock hours — 17.5 to go"


def test_the_guideline_page_writes_the_requirements_in_spanish(client, guidelines):
    """The category page's requirement sentences come from the engine, in the reader's language."""
    url = reverse("competencies:category", args=["orimha", "ifs"])
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Un mínimo de 30 horas reloj de formación especializada." in spanish
    assert "Las renovaciones vencen el 31 de diciembre." in spanish
    assert "Estas pautas de competencias están vigentes desde el 1 de enero de 2017." in spanish
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Minimum 30 clock hours of specialized training." in english
    assert "Renewals are due on December 31." in english
