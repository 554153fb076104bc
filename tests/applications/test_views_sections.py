import datetime

import pytest
from django.urls import reverse

from applications.models import Attestation, RSCEntry, TrainingEntry, WorkPeriod

from .factories import add_training, make_application, make_user

pytestmark = pytest.mark.django_db


def training_data(**overrides):
    data = {
        "kind": "training",
        "training-title": "Attachment and early relationships",
        "training-provider": "State association",
        "training-date": "2025-02-01",
        "training-hours": "6",
        "training-about_rsc": "False",
    }
    data.update(overrides)
    return data


def work_data(**overrides):
    """A work period's form with the usual questions answered; supervising staff and
    consultation stay unanswered unless given."""
    data = {
        "kind": "work",
        "work-title": "Home visitor",
        "work-employer": "Agency",
        "work-start": "2019-09-01",
        "work-paid": "True",
        "work-families_served": "4",
        "work-infant_related": "True",
        "work-social_emotional_focus": "True",
        "work-relationship_focus": "True",
        "work-with_infant_and_parent": "True",
        "work-supervised": "True",
        "work-internship": "False",
        "work-provides_rsc": "False",
        "work-policy_leadership": "False",
        "work-university_faculty": "False",
        "work-volunteer_specialized_training": "False",
    }
    data.update(overrides)
    return data


def test_training_requirement_goes_from_not_met_to_met_as_hours_are_added(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    overview = reverse("applications:overview", args=[application.pk])
    assert "Specialized training: 0 of 30 clock hours" in client.get(overview).text
    add_training(application, 4, hours="6")  # 24 hours
    client.post(
        reverse("applications:training", args=[application.pk]), training_data(**{"training-hours": "3.5"})
    )
    page = client.get(overview).text
    assert "Specialized training: 27.5 of 30 clock hours — 2.5 to go" in page
    assert '<progress id="bar-training-1" max="30" value="27.5">' in page
    response = client.post(
        reverse("applications:training", args=[application.pk]),
        training_data(**{"training-date": "03/15/2025", "training-hours": "2.5"}),
    )
    assert response.status_code == 302
    assert TrainingEntry.objects.filter(application=application, date=datetime.date(2025, 3, 15)).exists()
    page = client.get(overview).text
    assert "Specialized training: 30 of 30 clock hours" in page
    assert "typically include 40 or more hours" in page  # the advice, shown as advice


def test_section_shows_live_result_and_advice(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    page = client.get(reverse("applications:training", args=[application.pk])).text
    assert "Where you stand" in page
    assert "Specialized training: 0 of 30 clock hours" in page
    assert 'class="advice"' in page
    assert "Not met yet" in page
    work = client.get(reverse("applications:work", args=[application.pk])).text
    assert "typically include" not in work  # each section shows only its own advice


def test_invalid_training_entry_keeps_typed_values_and_ties_the_error_to_the_field(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    response = client.post(
        reverse("applications:training", args=[application.pk]), training_data(**{"training-hours": "lots"})
    )
    assert response.status_code == 200
    page = response.text
    assert 'value="Attachment and early relationships"' in page
    assert 'value="State association"' in page
    assert 'value="lots"' in page
    assert 'id="id_training-hours_error"' in page
    assert (
        'aria-invalid="true"' in page
        and 'aria-describedby="id_training-hours_helptext id_training-hours_error"' in page
    )
    assert "Nothing was saved yet" in page
    assert not TrainingEntry.objects.filter(application=application).exists()


def test_work_period_saves_every_answer(client, guidelines):
    application = make_application(code="IFS")
    client.force_login(application.applicant)
    data = work_data(**{"work-employer": "Healthy Families", "work-end": "", "work-families_served": "24"})
    response = client.post(reverse("applications:work", args=[application.pk]), data)
    assert response.status_code == 302
    work = WorkPeriod.objects.get(application=application)
    assert (work.families_served, work.paid, work.with_infant_and_parent, work.end) == (24, True, True, None)
    page = client.get(reverse("applications:work", args=[application.pk])).text
    assert "Home visitor, Healthy Families" in page


def test_work_end_before_start_is_explained_at_the_end_date(client, guidelines):
    application = make_application(code="IFS")
    client.force_login(application.applicant)
    data = work_data(**{"work-start": "2020-05-01", "work-end": "2019-01-01"})
    response = client.post(reverse("applications:work", args=[application.pk]), data)
    assert response.status_code == 200
    assert 'id="id_work-end_error"' in response.text
    assert "The end date is before the start date" in response.text
    assert 'value="Agency"' in response.text


def test_rsc_entry_with_endorsement_checkboxes(client, guidelines):
    application = make_application(code="IMHS")
    client.force_login(application.applicant)
    response = client.post(
        reverse("applications:rsc", args=[application.pk]),
        {
            "kind": "rsc",
            "rsc-provider": "Dr. Rivera",
            "rsc-provider_endorsements": ["IMHM-C", "ERS"],
            "rsc-format": "group",
            "rsc-start": "2024-01-01",
            "rsc-end": "2024-12-31",
            "rsc-hours": "12.5",
            "rsc-about_rsc_provided": "False",
        },
    )
    assert response.status_code == 302
    entry = RSCEntry.objects.get(application=application)
    assert entry.provider_endorsements == ["IMHM-C", "ERS"] and entry.format == "group"


def test_edit_and_delete_an_entry(client, guidelines):
    application = make_application(code="IFA")
    add_training(application, 1, hours="2")
    entry = TrainingEntry.objects.get(application=application)
    client.force_login(application.applicant)
    edit = reverse("applications:entry_edit", args=[application.pk, "training", entry.pk])
    assert 'value="Training 0"' in client.get(edit).text
    client.post(edit, training_data(**{"training-title": "Renamed", "training-hours": "3"}))
    entry.refresh_from_db()
    assert (entry.title, str(entry.hours)) == ("Renamed", "3.00")
    client.post(reverse("applications:entry_delete", args=[application.pk, "training", entry.pk]))
    assert not TrainingEntry.objects.filter(pk=entry.pk).exists()


def test_membership_saves_and_requirement_is_met(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    url = reverse("applications:membership", args=[application.pk])
    response = client.post(url, {"membership_association": "", "membership_number": "A-17"})
    assert 'id="id_membership_association_error"' in response.text and 'value="A-17"' in response.text
    expires = (datetime.date.today() + datetime.timedelta(days=100)).strftime("%m/%d/%Y")
    # Seed 000: "Membership in the Infant Mental Health Association" — the edition's own, ORIMHA.
    client.post(
        url, {"membership_association": "MI-AIMH", "membership_number": "A-17", "membership_expires": expires}
    )
    application.refresh_from_db()
    assert application.membership_association == "MI-AIMH"
    assert "Membership in MI-AIMH does not meet this requirement" in client.get(url).text
    client.post(
        url, {"membership_association": "ORIMHA", "membership_number": "A-17", "membership_expires": expires}
    )
    assert "Member of ORIMHA" in client.get(url).text


def test_attestation_signed_with_the_legal_name_records_name_time_ip_and_version(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    url = reverse("applications:attestations", args=[application.pk])
    page = client.get(url).text
    assert "Confidentiality" in page and "Cultural humility" in page and "revoke" in page
    wrong = client.post(
        url,
        {
            "code_of_ethics-kind": "code_of_ethics",
            "kind": "code_of_ethics",
            "code_of_ethics-signed_name": "Someone Else",
        },
    )
    assert 'id="id_code_of_ethics-signed_name_error"' in wrong.text
    assert 'value="Someone Else"' in wrong.text
    assert not Attestation.objects.exists()
    client.post(
        url,
        {
            "kind": "code_of_ethics",
            "code_of_ethics-kind": "code_of_ethics",
            "code_of_ethics-signed_name": "  alex   APPLICANT ",
        },
        REMOTE_ADDR="203.0.113.9",
    )
    signature = Attestation.objects.get(application=application, kind="code_of_ethics")
    assert signature.signed_name == "alex APPLICANT"
    assert signature.ip_address == "203.0.113.9"
    assert signature.text_version == "default/code_of_ethics/2025-1"
    assert "Code of ethics signed" in client.get(reverse("applications:overview", args=[application.pk])).text


def test_leadership_section_only_for_mentor_categories(client, guidelines):
    ifa = make_application(code="IFA")
    client.force_login(ifa.applicant)
    response = client.get(reverse("applications:leadership", args=[ifa.pk]))
    assert response.status_code == 404
    assert "not part of this category" in response.text
    mentor = make_application(ifa.applicant, code="IMHM-P")
    page = client.get(reverse("applications:leadership", args=[mentor.pk]))
    assert page.status_code == 200 and "Leadership activities" in page.text


def test_overview_lists_every_requirement_with_words_and_links(client, guidelines):
    application = make_application(code="IMHS")
    client.force_login(application.applicant)
    page = client.get(reverse("applications:overview", args=[application.pk])).text
    for label in (
        "Education",
        "Work experience",
        "Specialized training",
        "Reflective supervision/consultation",
        "Professional reference ratings",
        "Code of ethics",
        "Endorsement agreement",
        "Professional membership",
        "Written examination",
    ):
        assert label in page
    assert "Not met yet" in page and "After submission" in page
    assert reverse("applications:references", args=[application.pk]) in page
    assert "Started" in page  # history
    assert "<meter" in page


def test_pages_load_the_unsaved_changes_script_deferred_and_no_inline_script(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    page = client.get(reverse("applications:training", args=[application.pk])).text
    assert 'src="/static/js/unsaved-changes.js" defer' in page
    assert "data-unsaved-warning" in page
    assert "<script>" not in page and "style=" not in page


def test_work_period_says_supervision_and_consultation_and_the_facts_carry_them(client, guidelines):
    # Seed 002 IFS RS/C "while having one of the following work experiences: providing (or providing
    # supervision to staff who are providing) services ... and/or providing ... mental health
    # consultation services (birth to 36 months) through a relational lens"
    from applications.facts import application_facts

    application = make_application(code="IMHS")
    client.force_login(application.applicant)
    data = work_data(
        **{
            "work-title": "Clinical supervisor",
            "work-employer": "Infant Mental Health Program",
            "work-supervises_staff": "True",
            "work-mental_health_consultation": "False",
        }
    )
    assert client.post(reverse("applications:work", args=[application.pk]), data).status_code == 302
    work = WorkPeriod.objects.get(application=application)
    assert (work.supervises_staff, work.mental_health_consultation) == (True, False)
    [facts_work] = application_facts(application)["work"]
    assert (facts_work["supervises_staff"], facts_work["mental_health_consultation"]) == (True, False)
    assert "Supervises staff" in client.get(reverse("applications:work", args=[application.pk])).text


def test_work_period_left_unanswered_stays_unknown_to_the_engine(client, guidelines):
    from applications.facts import application_facts

    application = make_application(code="IMHS")
    client.force_login(application.applicant)
    data = work_data()
    assert client.post(reverse("applications:work", args=[application.pk]), data).status_code == 302
    [facts_work] = application_facts(application)["work"]
    assert facts_work["supervises_staff"] is None


def test_degree_specific_to_infant_mental_health_reaches_the_facts(client, guidelines):
    # IMHS: "or other degree specific to one's professional focus in infant mental health"
    from applications.facts import application_facts
    from applications.models import Degree

    application = make_application(code="IMHS")
    client.force_login(application.applicant)
    url = reverse("applications:education", args=[application.pk])
    response = client.post(
        url,
        {
            "kind": "degree",
            "degree-level": "bachelor",
            "degree-name": "BS Infant Studies",
            "degree-institution": "State University",
            "degree-conferred": "2015-06-01",
            "degree-imh_specific": "True",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    assert Degree.objects.get(application=application).imh_specific is True
    [degree] = application_facts(application)["degrees"]
    assert degree["imh_specific"] is True


def test_signature_without_accents_matches_an_accented_legal_name(client, guidelines):
    application = make_application(make_user(legal_name="María Elena López"), code="IFA")
    client.force_login(application.applicant)
    url = reverse("applications:attestations", args=[application.pk])
    response = client.post(
        url,
        {
            "kind": "code_of_ethics",
            "code_of_ethics-kind": "code_of_ethics",
            "code_of_ethics-signed_name": "Maria Elena Lopez",
        },
    )
    assert response.status_code == 302
    assert Attestation.objects.get(application=application).signed_name == "Maria Elena Lopez"
    assert "Code of ethics signed" in client.get(url).text
