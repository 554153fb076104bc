"""Granting an endorsement: renewal dates from the edition's data, numbers, reinstatement, statuses."""

import datetime
import threading

import pytest
from django.db import connection

from applications.models import Application
from competencies.models import Edition
from renewals.models import (
    Certificate,
    Endorsement,
    EndorsementEvent,
    EndorsementNumberSequence,
    RenewalPeriod,
)
from renewals.services import endorsements as services
from renewals.services.endorsements import EndorsementError, renewal_due_after
from reviews import services as review_services
from reviews.models import Decision
from tests.applications.factories import make_application, make_user
from tests.reviews.factories import complete_ifa, in_review, make_coordinator, make_reviewer, reviewed

from .endorsee_factories import approved, endorse

D = datetime.date
Status = Endorsement.Status


def edition(years=1, ends_on=None, min_days=0):
    return Edition(
        renewal_cycle_years=years, renewal_cycle_ends_on=ends_on, renewal_first_period_min_days=min_days
    )


# --- renewal_due_after: pure ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "day", "due"),
    [
        (1, D(2026, 3, 15), D(2027, 3, 15)),
        (3, D(2026, 3, 15), D(2029, 3, 15)),
        (1, D(2024, 2, 29), D(2025, 2, 28)),  # no 29 February in 2025: the day before
        (4, D(2024, 2, 29), D(2028, 2, 29)),
        (1, D(2026, 12, 31), D(2027, 12, 31)),
    ],
)
def test_without_a_cycle_date_the_renewal_is_due_on_the_anniversary(years, day, due):
    assert renewal_due_after(edition(years), day, first=True) == due
    assert renewal_due_after(edition(years), day) == due


@pytest.mark.parametrize(
    ("day", "first", "due"),
    [
        (D(2026, 6, 1), True, D(2026, 12, 31)),
        (D(2026, 10, 2), True, D(2026, 12, 31)),  # exactly 90 days before: this cycle
        (D(2026, 10, 3), True, D(2027, 12, 31)),  # 89 days: the next cycle
        (D(2026, 11, 23), True, D(2027, 12, 31)),
        (D(2026, 11, 23), False, D(2026, 12, 31)),  # a later renewal never skips a cycle
        (D(2026, 12, 31), False, D(2027, 12, 31)),  # the due date itself: the next cycle end
        (D(2027, 1, 1), True, D(2027, 12, 31)),
    ],
)
def test_orimha_renews_every_31_december_with_a_90_day_minimum_first_period(day, first, due):
    orimha = edition(1, D(2017, 12, 31), 90)
    assert renewal_due_after(orimha, day, first=first) == due


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (D(2025, 3, 18), D(2027, 12, 31)),
        (D(2024, 12, 30), D(2024, 12, 31)),  # a day before a cycle end: prorated, not skipped
        (D(2024, 12, 31), D(2027, 12, 31)),
        (D(2027, 12, 31), D(2030, 12, 31)),
        (D(2028, 1, 1), D(2030, 12, 31)),
        (D(2019, 5, 5), D(2021, 12, 31)),  # before the anchor date: cycles run backwards too
    ],
)
def test_mi_aimh_2025_renews_on_three_year_cycles_ending_31_december(day, due):
    mi_aimh = edition(3, D(2027, 12, 31), 0)
    assert renewal_due_after(mi_aimh, day, first=True) == due


def test_a_29_february_cycle_date_ends_on_28_february_in_common_years():
    leap = edition(1, D(2024, 2, 29))
    assert renewal_due_after(leap, D(2025, 1, 10)) == D(2025, 2, 28)
    assert renewal_due_after(leap, D(2025, 2, 28)) == D(2026, 2, 28)
    assert renewal_due_after(leap, D(2027, 3, 1)) == D(2028, 2, 29)


def test_the_loaded_editions_carry_their_cycle_dates(guidelines):
    orimha = Edition.objects.get(slug="orimha")
    mi_aimh = Edition.objects.get(slug="mi-aimh-2025")
    assert (orimha.renewal_cycle_ends_on, orimha.renewal_first_period_min_days) == (D(2017, 12, 31), 90)
    assert (mi_aimh.renewal_cycle_ends_on, mi_aimh.renewal_first_period_min_days) == (D(2027, 12, 31), 0)
    assert renewal_due_after(orimha, D(2026, 11, 23), first=True) == D(2027, 12, 31)
    assert renewal_due_after(mi_aimh, D(2026, 11, 23), first=True) == D(2027, 12, 31)


# --- grant ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_grant_numbers_dates_and_copies_the_profile(guidelines):
    user = make_user(legal_name="Jordan Lee")
    user.profile.region = "Oregon"
    user.profile.directory_opt_in = True
    user.profile.save()
    endorsement = services.grant_endorsement(approved(user, code="IFS"), granted_on=D(2026, 5, 4))

    assert endorsement.number == "ORIMHA-00001"
    assert (endorsement.holder_name, endorsement.region, endorsement.listed_in_directory) == (
        "Jordan Lee",
        "Oregon",
        True,
    )
    assert endorsement.category.code == "IFS"
    assert (endorsement.granted_on, endorsement.renewal_due) == (D(2026, 5, 4), D(2026, 12, 31))
    assert endorsement.status == Status.ACTIVE
    period = RenewalPeriod.objects.get(endorsement=endorsement)
    assert (period.starts_on, period.due_on, period.status) == (D(2026, 5, 4), D(2026, 12, 31), "open")
    certificate = Certificate.objects.get(endorsement=endorsement)
    assert (certificate.valid_from, certificate.valid_until) == (D(2026, 5, 4), D(2026, 12, 31))
    event = EndorsementEvent.objects.get(endorsement=endorsement)
    assert (event.from_status, event.to_status) == ("", Status.ACTIVE)


@pytest.mark.django_db
def test_granting_twice_returns_the_same_endorsement(guidelines):
    application = approved()
    first = services.grant_endorsement(application)
    second = services.grant_endorsement(application)
    assert second.pk == first.pk
    assert Endorsement.objects.count() == 1
    assert Certificate.objects.count() == 1
    assert EndorsementNumberSequence.objects.get(association=first.association).last_number == 1


@pytest.mark.django_db
def test_numbers_run_per_association(guidelines):
    numbers = [
        endorse(code="IFA").number,
        endorse(code="IFS", edition="mi-aimh-2025").number,
        endorse(code="IMHS").number,
    ]
    assert numbers == ["ORIMHA-00001", "MI-AIMH-00001", "ORIMHA-00002"]


@pytest.mark.django_db
def test_an_application_that_is_not_approved_is_not_endorsed(guidelines):
    application = make_application()
    with pytest.raises(EndorsementError, match="approved"):
        services.grant_endorsement(application)
    assert not Endorsement.objects.exists()


@pytest.mark.django_db
def test_approving_an_application_grants_the_endorsement(guidelines):
    coordinator = make_coordinator()
    application = reviewed(in_review(complete_ifa(), coordinator), coordinator)
    review_services.decide(
        application,
        outcome=Decision.Outcome.APPROVED,
        reasons="",
        email_subject="Approved",
        email_body="Congratulations.",
        by=coordinator,
    )
    endorsement = Endorsement.objects.get(application=application)
    assert endorsement.holder == application.applicant
    assert endorsement.number == "ORIMHA-00001"
    assert endorsement.events.get().by == coordinator


@pytest.mark.django_db
def test_a_lapsed_holder_who_is_approved_again_is_reinstated_under_the_same_number(guidelines):
    user = make_user(legal_name="Morgan Reyes")
    old = endorse(user, code="IFS", granted_on=D(2024, 3, 1), status=Status.LAPSED)
    endorse(code="IFS")  # someone else takes the next number meanwhile

    again = services.grant_endorsement(approved(user, code="IFS"), granted_on=D(2026, 4, 1))

    assert again.pk == old.pk
    assert again.number == old.number == "ORIMHA-00001"
    assert again.status == Status.ACTIVE
    assert (again.granted_on, again.renewal_due) == (D(2026, 4, 1), D(2026, 12, 31))
    assert Endorsement.objects.filter(holder=user).count() == 1
    event = again.events.order_by("-pk").first()
    assert (event.from_status, event.to_status) == (Status.LAPSED, Status.ACTIVE)
    assert event.note.startswith("Reinstated")
    assert again.periods.filter(starts_on=D(2026, 4, 1), due_on=D(2026, 12, 31)).exists()


@pytest.mark.django_db
def test_a_revoked_holder_is_not_reinstated_but_gets_a_new_number(guidelines):
    user = make_user()
    old = endorse(user, code="IFS", status=Status.REVOKED)
    new = services.grant_endorsement(approved(user, code="IFS"))
    assert new.pk != old.pk
    assert new.number == "ORIMHA-00002"


# --- status ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_change_status_records_who_and_why_and_ignores_a_repeat(guidelines):
    coordinator = make_coordinator()
    endorsement = endorse()
    changed = services.change_status(endorsement, Status.REVOKED, by=coordinator, note="Ethics board")
    again = services.change_status(endorsement, Status.REVOKED, by=coordinator, note="Twice")

    assert changed.status == again.status == Status.REVOKED
    events = list(endorsement.events.order_by("pk"))
    assert [(e.from_status, e.to_status) for e in events] == [("", "active"), ("active", "revoked")]
    assert (events[1].by, events[1].note) == (coordinator, "Ethics board")


@pytest.mark.django_db
def test_change_status_refuses_an_unknown_status(guidelines):
    with pytest.raises(EndorsementError):
        services.change_status(endorse(), "suspended")


# --- reviewer suggestions -------------------------------------------------------------------


@pytest.mark.django_db
def test_suggested_reviewers_read_the_endorsements_the_system_holds(guidelines):
    coordinator = make_coordinator()
    application = in_review(complete_ifa(), coordinator)
    endorsed, lapsed, none = make_reviewer(), make_reviewer(), make_reviewer()
    endorse(endorsed, code="IFS")
    endorse(lapsed, code="IMHS", status=Status.LAPSED)

    suggestions = review_services.suggested_reviewers(application)

    by_reviewer = {s.reviewer: s.suitable for s in suggestions}
    assert by_reviewer == {endorsed: True, lapsed: False, none: False}
    assert suggestions[0].reviewer == endorsed


@pytest.mark.django_db
def test_a_reviewer_whose_endorsement_lapses_is_no_longer_suggested_first(guidelines):
    coordinator = make_coordinator()
    application = in_review(complete_ifa(), coordinator)
    reviewer = make_reviewer()
    endorsement = endorse(reviewer, code="IFS")
    assert [s.suitable for s in review_services.suggested_reviewers(application)] == [True]

    services.change_status(endorsement, "lapsed")
    assert [s.suitable for s in review_services.suggested_reviewers(application)] == [False]

    endorse(reviewer, code="IMHS")
    assert [s.suitable for s in review_services.suggested_reviewers(application)] == [True]


# --- concurrency -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_grants_at_once_take_distinct_numbers(guidelines):
    applications = [approved(code="IFA"), approved(code="IFS")]
    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def grant(application):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            numbers.append(services.grant_endorsement(application).number)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=grant, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(numbers) == ["ORIMHA-00001", "ORIMHA-00002"]
    assert Application.objects.count() == 2


# --- admin and seed ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_revokes_through_the_service_with_the_acting_admin(client, admin_user, guidelines):
    endorsement = endorse()
    client.force_login(admin_user)
    response = client.post(
        "/admin/renewals/endorsement/",
        {"action": "mark_revoked", "_selected_action": [endorsement.pk]},
        follow=True,
    )
    assert "1 endorsement(s) revoked." in response.content.decode()
    endorsement.refresh_from_db()
    assert endorsement.status == Status.REVOKED
    event = endorsement.events.order_by("-pk").first()
    assert (event.from_status, event.to_status, event.by) == (Status.ACTIVE, Status.REVOKED, admin_user)


@pytest.mark.django_db
def test_the_admin_cannot_edit_the_number_or_status(client, admin_user, guidelines):
    endorsement = endorse(name="Old Name")
    client.force_login(admin_user)
    url = f"/admin/renewals/endorsement/{endorsement.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "holder_name": "Corrected Name",
            "region": "Oregon",
            "number": "HACKED-1",
            "status": "active",
            **{
                f"{prefix}-{key}": value
                for prefix in ("periods", "certificates", "events")
                for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
            },
        },
    )
    endorsement.refresh_from_db()
    assert (endorsement.holder_name, endorsement.number) == ("Corrected Name", "ORIMHA-00001")
    assert endorsement.events.filter(note__startswith="Edited in the admin: holder_name").exists()


@pytest.mark.django_db
def test_seed_endorsements_grants_every_approved_application_once(guidelines):
    from django.core.management import call_command

    endorse()  # ORIMHA-00001 exists already
    applications = [approved(code="IFS"), approved(code="IFS", edition="mi-aimh-2025"), approved(code="IMHS")]
    make_application()  # a draft: not endorsed
    call_command("seed_endorsements", verbosity=0)
    call_command("seed_endorsements", verbosity=0)

    numbers = sorted(Endorsement.objects.values_list("number", flat=True))
    assert numbers == ["MI-AIMH-00001", "ORIMHA-00001", "ORIMHA-00002", "ORIMHA-00003"]
    for application in applications:
        endorsement = Endorsement.objects.get(application=application)
        assert endorsement.periods.count() == 1 and endorsement.certificates.count() == 1
        assert endorsement.renewal_due == renewal_due_after(
            application.category.edition, endorsement.granted_on, first=True
        )
