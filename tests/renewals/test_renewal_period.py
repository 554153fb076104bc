"""The endorsee's renewal period: engine facts, the renewal page, logs, CSV import, attest, submit."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Application, Degree
from renewals.facts import evaluate_period, renewal_facts
from renewals.models import Endorsement, RenewalPeriod, RenewalRSC, RenewalTraining
from renewals.services import renewal_periods as renewal_services
from renewals.services.endorsements import grant_endorsement
from tests.applications.factories import make_application, make_coordinator, make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def make_endorsement(*, code="IFS", edition="orimha", granted_on=None, due=None, user=None):
    """An endorsement granted through the real service on an approved application."""
    application = make_application(user, code=code, edition=edition)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.APPROVED)
    endorsement = grant_endorsement(
        application, granted_on=granted_on or TODAY - datetime.timedelta(days=200)
    )
    if due is not None:
        endorsement.periods.update(due_on=due)
        Endorsement.objects.filter(pk=endorsement.pk).update(renewal_due=due)
        endorsement.refresh_from_db()
    return endorsement


def period_of(endorsement):
    period = renewal_services.current_period(endorsement)
    period.endorsement = endorsement
    return period


def log(period, *, training=0, rsc=0, about_rsc=0, on=None):
    on = on or period.due_on - datetime.timedelta(days=30)
    if training:
        RenewalTraining.objects.create(period=period, title="Attachment", date=on, hours=Decimal(training))
    if about_rsc:
        RenewalTraining.objects.create(
            period=period, title="Providing RS/C", date=on, hours=Decimal(about_rsc), about_rsc=True
        )
    if rsc:
        RenewalRSC.objects.create(
            period=period,
            provider="Pat Provider",
            provider_endorsements=["IMHM-C"],
            start=on - datetime.timedelta(days=60),
            end=on,
            hours=Decimal(rsc),
        )


def by_key(result):
    return {item["key"]: item for item in result["requirements"]}


# --- facts and the engine ----------------------------------------------------------------------


def test_seed_000_ifs_renewal_needs_15_training_and_12_rsc_hours(guidelines):
    endorsement = make_endorsement(granted_on=datetime.date(2024, 3, 1), due=datetime.date(2025, 3, 1))
    period = period_of(endorsement)
    log(period, training=12, rsc=12)
    result = by_key(evaluate_period(period, as_of=datetime.date(2025, 2, 1)))
    assert result["training"]["status"] == "not_met"
    assert result["training"]["summary"].startswith("12 of 15 clock hours")
    assert result["reflective_supervision"]["status"] == "met"
    assert (result["reflective_supervision"]["have"], result["reflective_supervision"]["need"]) == (12, 12)


def test_seed_000_training_outside_the_period_does_not_count(guidelines):
    endorsement = make_endorsement(granted_on=datetime.date(2024, 3, 1), due=datetime.date(2025, 3, 1))
    period = period_of(endorsement)
    log(period, training=15, on=datetime.date(2023, 12, 1))
    result = by_key(evaluate_period(period, as_of=datetime.date(2025, 2, 1)))
    assert result["training"]["have"] == 0
    assert result["training"]["status"] == "not_met"


def test_master_prepared_ifs_who_provides_rsc_needs_training_about_rsc(guidelines):
    endorsement = make_endorsement(granted_on=datetime.date(2024, 3, 1), due=datetime.date(2025, 3, 1))
    Degree.objects.create(application=endorsement.application, level="master", name="MSW", institution="U")
    period = period_of(endorsement)
    log(period, training=15, rsc=12)
    period.provides_rsc = True
    assert renewal_facts(period)["highest_degree"] == "master"
    assert by_key(evaluate_period(period))["training"]["status"] == "not_met"
    log(period, about_rsc=3)
    assert by_key(evaluate_period(period))["training"]["status"] == "met"


@pytest.mark.parametrize(
    ("years", "training", "rsc"),
    [(3, 45, 36), (2, 30, 24), (1, 15, 12)],
)
def test_2025_ifs_renewal_is_prorated_by_years_endorsed(guidelines, years, training, rsc):
    granted = datetime.date(2022, 10, 1)
    due = granted.replace(year=granted.year + years)
    endorsement = make_endorsement(edition="mi-aimh-2025", granted_on=granted, due=due)
    result = by_key(evaluate_period(period_of(endorsement), as_of=due))
    assert (result["training"]["need"], result["reflective_supervision"]["need"]) == (training, rsc)


def test_2025_ifs_endorsed_under_a_year_is_exempt(guidelines):
    endorsement = make_endorsement(
        edition="mi-aimh-2025", granted_on=datetime.date(2025, 3, 1), due=datetime.date(2025, 10, 1)
    )
    result = evaluate_period(period_of(endorsement), as_of=datetime.date(2025, 9, 1))
    items = by_key(result)
    assert items["training"]["status"] == items["reflective_supervision"]["status"] == "not_required"
    assert "Exempt this cycle" in items["training"]["summary"]


def test_imhm_c_rsc_not_required_after_three_years_in_the_category(guidelines):
    holder = make_user()
    endorsement = make_endorsement(
        code="IMHM-C", user=holder, granted_on=datetime.date(2024, 5, 1), due=datetime.date(2025, 5, 1)
    )
    period = period_of(endorsement)
    assert renewal_facts(period)["years_endorsed_in_category"] == 1
    assert by_key(evaluate_period(period))["reflective_supervision"]["status"] == "not_met"

    # An earlier IMHM-C endorsement of the same person (since lapsed) counts toward the three years.
    earlier = make_endorsement(code="IMHM-C", user=holder, granted_on=datetime.date(2021, 4, 1))
    Endorsement.objects.filter(pk=earlier.pk).update(status=Endorsement.Status.LAPSED)
    assert renewal_facts(period)["years_endorsed_in_category"] == 4
    assert by_key(evaluate_period(period))["reflective_supervision"]["status"] == "not_required"


def test_membership_counts_only_once_confirmed(guidelines):
    period = period_of(make_endorsement())
    assert by_key(evaluate_period(period))["membership"]["status"] == "not_met"
    renewal_services.save_details(
        period, by=None, membership_association="IMHA", membership_expires=None, provides_rsc=False
    )
    period.refresh_from_db()
    assert by_key(evaluate_period(period))["membership"]["status"] == "met"


# --- the renewal page --------------------------------------------------------------------------


def page_url(endorsement):
    return reverse("renewals:renewal", args=[endorsement.pk])


def test_holder_sees_live_hours_per_requirement(client, guidelines):
    endorsement = make_endorsement(due=TODAY + datetime.timedelta(days=60))
    log(period_of(endorsement), training=12, on=TODAY - datetime.timedelta(days=10))
    client.force_login(endorsement.holder)
    response = client.get(page_url(endorsement))
    assert response.status_code == 200
    text = response.content.decode()
    assert "12 of 15 clock hours" in text
    assert "do not stop you from submitting" in text
    assert "Add training" in text


def test_outsiders_get_404_and_coordinators_only_look(client, guidelines):
    endorsement = make_endorsement()
    client.force_login(make_user())
    assert client.get(page_url(endorsement)).status_code == 404
    coordinator = make_coordinator()
    client.force_login(coordinator)
    response = client.get(page_url(endorsement))
    assert response.status_code == 200
    assert "Add training" not in response.content.decode()
    add = reverse("renewals:renewal_entry_add", args=[endorsement.pk, "training"])
    assert (
        client.post(add, {"title": "X", "date": "2025-01-01", "hours": "3", "about_rsc": "False"}).status_code
        == 404
    )
    assert not RenewalTraining.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, guidelines):
    response = client.get(page_url(make_endorsement()))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_add_edit_and_delete_training(client, guidelines):
    endorsement = make_endorsement(due=TODAY + datetime.timedelta(days=60))
    client.force_login(endorsement.holder)
    add = reverse("renewals:renewal_entry_add", args=[endorsement.pk, "training"])
    day = (TODAY - datetime.timedelta(days=5)).isoformat()
    response = client.post(
        add, {"title": "Attachment", "provider": "", "date": day, "hours": "6.5", "about_rsc": "False"}
    )
    assert response.status_code == 302
    entry = RenewalTraining.objects.get()
    assert entry.hours == Decimal("6.5")

    edit = reverse("renewals:renewal_entry_edit", args=[endorsement.pk, "training", entry.pk])
    client.post(edit, {"title": "Attachment II", "date": day, "hours": "7", "about_rsc": "True"})
    entry.refresh_from_db()
    assert (entry.title, entry.hours, entry.about_rsc) == ("Attachment II", Decimal("7"), True)

    delete = reverse("renewals:renewal_entry_delete", args=[endorsement.pk, "training", entry.pk])
    assert client.get(delete).status_code == 200
    client.post(delete)
    assert not RenewalTraining.objects.exists()


def test_bad_entry_input_is_explained_at_the_field(client, guidelines):
    endorsement = make_endorsement()
    client.force_login(endorsement.holder)
    add = reverse("renewals:renewal_entry_add", args=[endorsement.pk, "rsc"])
    response = client.post(
        add,
        {"provider": "Pat", "format": "individual", "start": "2025-03-01", "end": "2025-01-01", "hours": "2"},
    )
    assert response.status_code == 400
    assert "The last session is before the first" in response.content.decode()
    assert not RenewalRSC.objects.exists()


def test_an_entry_of_someone_elses_period_is_404(client, guidelines):
    mine, theirs = make_endorsement(), make_endorsement()
    log(period_of(theirs), training=3)
    entry = RenewalTraining.objects.get()
    client.force_login(mine.holder)
    url = reverse("renewals:renewal_entry_edit", args=[mine.pk, "training", entry.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("renewals:renewal_entry_add", args=[mine.pk, "work"])).status_code == 404


def _csv(text):
    return SimpleUploadedFile("log.csv", text.encode(), content_type="text/csv")


def test_csv_import_previews_then_adds_every_row(client, guidelines):
    endorsement = make_endorsement(due=TODAY + datetime.timedelta(days=60))
    client.force_login(endorsement.holder)
    url = reverse("renewals:renewal_import", args=[endorsement.pk, "training"])
    day = (TODAY - datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url,
        {
            "action": "preview",
            "csv_file": _csv(f"title,provider,date,hours,about_rsc\nA,,{day},5,no\nB,IMHA,{day},4.5,yes\n"),
        },
    )
    assert response.status_code == 200
    assert "2 entries will be added" in response.content.decode()
    assert not RenewalTraining.objects.exists()
    client.post(url, {"action": "confirm", "digest": response.context["digest"]})
    assert sorted(RenewalTraining.objects.values_list("title", "about_rsc")) == [("A", False), ("B", True)]
    # The same preview cannot be confirmed twice.
    client.post(url, {"action": "confirm", "digest": response.context["digest"]})
    assert RenewalTraining.objects.count() == 2


def test_csv_import_with_a_bad_row_adds_nothing(client, guidelines):
    endorsement = make_endorsement()
    client.force_login(endorsement.holder)
    url = reverse("renewals:renewal_import", args=[endorsement.pk, "training"])
    day = (TODAY - datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url, {"action": "preview", "csv_file": _csv(f"title,date,hours\nA,{day},5\nB,{day},lots\n")}
    )
    text = response.content.decode()
    assert "1 row needs fixing — nothing was added" in text
    assert "Row 3" in text
    assert 'name="digest"' not in text
    assert not RenewalTraining.objects.exists()


def confirm_membership(
    client,
    endorsement,
    association="Infant Mental Health Association",
    expires="",
    provides_rsc="False",
    **extra,
):
    """Post the renewal's membership details; `extra` goes to the client (`follow`, headers)."""
    return client.post(
        reverse("renewals:renewal_details", args=[endorsement.pk]),
        {"membership_association": association, "membership_expires": expires, "provides_rsc": provides_rsc},
        **extra,
    )


def attest(client, endorsement, name="Alex Applicant"):
    return client.post(
        reverse("renewals:renewal_attest", args=[endorsement.pk]), {"confirm": "on", "signed_name": name}
    )


def test_expired_membership_is_refused_at_the_field(client, guidelines):
    endorsement = make_endorsement()
    client.force_login(endorsement.holder)
    response = confirm_membership(client, endorsement, "IMHA", expires="2020-01-01")
    assert response.status_code == 400
    assert "This membership expired on January 1, 2020" in response.content.decode()
    assert not period_of(endorsement).membership_confirmed


def test_attestation_needs_the_certificate_name(client, guidelines):
    endorsement = make_endorsement()
    client.force_login(endorsement.holder)
    response = attest(client, endorsement, name="Someone Else")
    assert response.status_code == 400
    assert "does not match the name on your certificate" in response.content.decode()
    assert attest(client, endorsement).status_code == 302
    period = period_of(endorsement)
    assert period.no_sanction_signed_name == "Alex Applicant"
    assert period.no_sanction_attested_at is not None


def test_submit_needs_membership_and_attestation_but_not_the_hours(
    client, guidelines, mailoutbox, django_capture_on_commit_callbacks
):
    endorsement = make_endorsement()
    coordinator = make_coordinator()
    client.force_login(endorsement.holder)
    submit = reverse("renewals:renewal_submit", args=[endorsement.pk])
    response = client.post(submit, follow=True)
    assert "Confirm your professional membership" in response.content.decode()
    assert period_of(endorsement).status == RenewalPeriod.Status.OPEN

    confirm_membership(client, endorsement)
    attest(client, endorsement)
    assert by_key(evaluate_period(period_of(endorsement)))["training"]["status"] == "not_met"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(submit)
    period = period_of(endorsement)
    assert period.status == RenewalPeriod.Status.SUBMITTED
    submitted_at = period.submitted_at
    client.post(submit)  # a double click changes nothing
    assert period_of(endorsement).submitted_at == submitted_at
    assert [message.to for message in mailoutbox] == [[coordinator.email]]


def test_a_submitted_renewal_is_frozen(client, guidelines):
    endorsement = make_endorsement()
    client.force_login(endorsement.holder)
    confirm_membership(client, endorsement)
    attest(client, endorsement)
    client.post(reverse("renewals:renewal_submit", args=[endorsement.pk]))
    add = reverse("renewals:renewal_entry_add", args=[endorsement.pk, "training"])
    response = client.post(
        add, {"title": "Late", "date": TODAY.isoformat(), "hours": "2", "about_rsc": "False"}, follow=True
    )
    assert "can no longer be changed" in response.content.decode()
    assert not RenewalTraining.objects.exists()
    assert "Add training" not in client.get(page_url(endorsement)).content.decode()


def test_a_lapsed_period_tells_the_holder_how_to_be_reinstated(client, guidelines):
    from renewals.services.endorsements import change_status

    endorsement = make_endorsement()
    RenewalPeriod.objects.filter(endorsement=endorsement).update(status=RenewalPeriod.Status.LAPSED)
    change_status(endorsement, Endorsement.Status.LAPSED, note="Lapsed after the grace period")
    client.force_login(endorsement.holder)

    text = client.get(page_url(endorsement)).content.decode()

    assert "reinstated under the same number" in text
    assert f'href="{reverse("applications:start")}"' in text
    assert "Add training" not in text  # nothing more can be logged on a lapsed period
