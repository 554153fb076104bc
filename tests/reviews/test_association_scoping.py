"""Staff see only their own associations: queue, search, CSV, dashboard, renewals and emails.

ORIMHA's coordinator and Michigan's coordinator share one install; each works only their own
association's applicants. (Every staff URL on another association's objects is a 404: the
`*_elsewhere` roles of the authorization matrix.)
"""

import csv
import html
import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from applications.models import Application
from applications.services import lifecycle as applications
from competencies.models import Association
from endorsement import roles
from renewals.models import RenewalPeriod
from renewals.services import renewal_periods as renewal_services
from reviews import services
from reviews.models import ReviewerAssignment
from reviews.services import ReviewError
from tests.applications.factories import make_application, make_complete_ifa, make_user
from tests.endorsement.staff_factories import give_totp, join
from tests.renewals.endorsee_factories import endorse

from .factories import make_advisor, make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db
S = Application.Status


def association(slug):
    return Association.objects.get(slug=slug)


def staff_of(maker, slug, **kwargs):
    user = maker(associations=[association(slug)], **kwargs)
    give_totp(user)
    return user


@pytest.fixture
def oregon(guidelines):
    return staff_of(make_coordinator, "orimha", legal_name="Olga Oregon")


@pytest.fixture
def michigan(guidelines):
    return staff_of(make_coordinator, "mi-aimh", legal_name="Mick Michigan")


def submitted(name, edition):
    application = make_application(make_user(legal_name=name), code="IFS", edition=edition)
    Application.objects.filter(pk=application.pk).update(status=S.SUBMITTED)
    return application


@pytest.fixture
def two_applicants(guidelines):
    return submitted("Orla Oregon-Applicant", "orimha"), submitted("Mira Michigan-Applicant", "mi-aimh-2025")


def signed_in(client, user):
    client.force_login(user)
    return client


def queue_names(response):
    return [row.applicant_name for row in response.context["page"].object_list]


def test_each_coordinator_queue_lists_only_their_associations_applicants(
    client, oregon, michigan, two_applicants
):
    assert queue_names(signed_in(client, oregon).get("/coordinator/")) == ["Orla Oregon-Applicant"]
    assert queue_names(signed_in(client, michigan).get("/coordinator/")) == ["Mira Michigan-Applicant"]


def test_searching_the_queue_for_another_associations_applicant_finds_nobody(client, oregon, two_applicants):
    response = signed_in(client, oregon).get("/coordinator/?q=Mira")
    assert queue_names(response) == []
    assert response.context["total_all"] == 0


def test_the_csv_export_holds_only_the_coordinators_association(client, michigan, two_applicants):
    response = signed_in(client, michigan).get("/coordinator/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    body = "\n".join(",".join(row) for row in rows[1:])
    assert "Mira Michigan-Applicant" in body
    assert "Orla Oregon-Applicant" not in body
    assert len(rows) == 2


def test_the_dashboard_counts_only_the_coordinators_association(client, oregon, two_applicants):
    make_reviewer(legal_name="Rita Oregon-Reviewer", associations=[association("orimha")])
    make_reviewer(legal_name="Ravi Michigan-Reviewer", associations=[association("mi-aimh")])
    response = signed_in(client, oregon).get("/coordinator/dashboard/")
    assert response.context["counts"]["total"] == 1
    assert [row["code"] for row in response.context["counts"]["rows"]] == ["IFS"]
    assert [row["name"] for row in response.context["reviewers"]] == ["Rita Oregon-Reviewer"]
    editions = {slug for slug, _title in response.context["form"].fields["edition"].choices if slug}
    assert editions == {"orimha"}


def test_a_superuser_sees_every_association(client, admin_user, two_applicants):
    names = queue_names(signed_in(client, admin_user).get("/coordinator/"))
    assert sorted(names) == ["Mira Michigan-Applicant", "Orla Oregon-Applicant"]


def test_a_coordinator_of_both_associations_sees_both(client, guidelines, two_applicants):
    both = staff_of(make_coordinator, "orimha")
    join(both, roles.COORDINATOR, association("mi-aimh"))
    assert len(queue_names(signed_in(client, both).get("/coordinator/"))) == 2


def test_the_submission_notice_goes_only_to_the_associations_coordinators(
    oregon, michigan, django_capture_on_commit_callbacks, mailoutbox
):
    application = make_complete_ifa()
    with django_capture_on_commit_callbacks(execute=True):
        applications.submit_application(application, by=application.applicant)
    notices = [mail for mail in mailoutbox if oregon.email in mail.to or michigan.email in mail.to]
    assert notices, "the association's coordinator is told of the submission"
    assert all(michigan.email not in mail.to for mail in mailoutbox)


def test_a_reviewer_of_another_association_cannot_be_assigned(oregon, guidelines):
    elsewhere = make_reviewer(legal_name="Ravi Michigan-Reviewer", associations=[association("mi-aimh")])
    application = make_complete_ifa()
    applications.submit_application(application, by=application.applicant)
    application = services.start_review(application, by=oregon)
    with pytest.raises(ReviewError, match="not an application reviewer of this association"):
        services.assign_reviewer(application, elsewhere, by=oregon)
    assert not ReviewerAssignment.objects.filter(reviewer=elsewhere).exists()
    pool = [suggestion.reviewer for suggestion in services.suggested_reviewers(application)]
    assert elsewhere not in pool


def test_an_advisor_of_another_association_is_not_offered_nor_assignable(oregon, guidelines):
    from reviews.forms.work import advisor_candidates

    elsewhere = make_advisor(associations=[association("mi-aimh")])
    application = make_complete_ifa()
    assert elsewhere not in advisor_candidates(application)
    with pytest.raises(ReviewError, match="not an endorsement advisor of this association"):
        services.assign_advisor(application, elsewhere, by=oregon)


def test_the_renewal_queue_lists_only_the_coordinators_association(client, oregon, michigan):
    endorse(name="Olive Oregon-Endorsee")
    endorse(name="Milo Michigan-Endorsee", edition="mi-aimh-2025", code="IFS")
    response = signed_in(client, michigan).get(reverse("renewal_queue:index"), {"status": ""})
    holders = [period.endorsement.holder_name for period in response.context["page"].object_list]
    assert holders == ["Milo Michigan-Endorsee"]


def test_the_renewal_notice_goes_only_to_the_associations_coordinators(
    oregon, michigan, django_capture_on_commit_callbacks, mailoutbox
):
    from renewals.tasks import notify_coordinators_of_renewal

    endorsement = endorse(name="Milo Michigan-Endorsee", edition="mi-aimh-2025", code="IFS")
    period = renewal_services.current_period(endorsement)
    RenewalPeriod.objects.filter(pk=period.pk).update(status=RenewalPeriod.Status.SUBMITTED)
    notify_coordinators_of_renewal(period_id=period.pk)
    recipients = {address for mail in mailoutbox for address in mail.to}
    assert michigan.email in recipients
    assert oregon.email not in recipients


def test_a_coordinator_group_without_membership_sees_nothing(client, guidelines, two_applicants):
    roles.ensure_groups()
    stray = make_user(legal_name="Sol Stray")
    stray.groups.add(Group.objects.get(name=roles.COORDINATORS))
    give_totp(stray)
    response = signed_in(client, stray).get("/coordinator/")
    assert queue_names(response) == []
    pk = two_applicants[0].pk
    assert client.get(reverse("reviews:work", args=[pk])).status_code == 404


def test_the_queue_filters_offer_only_the_coordinators_association(client, oregon, two_applicants):
    make_reviewer(legal_name="Rita Oregon-Reviewer", associations=[association("orimha")])
    elsewhere = make_reviewer(legal_name="Ravi Michigan-Reviewer", associations=[association("mi-aimh")])
    form = signed_in(client, oregon).get("/coordinator/").context["form"]
    assert [slug for slug, _name in form.fields["association"].choices] == ["", "orimha"]
    assert [slug for slug, _name in form.fields["edition"].choices] == ["", "orimha"]
    assert elsewhere not in form.fields["reviewer"].queryset
    assert [r.profile.legal_name for r in form.fields["reviewer"].queryset] == ["Rita Oregon-Reviewer"]


EVERYONE = [
    "Rita Here",
    "Bo Both",
    "Ada Here",
    "Ravi Elsewhere",
    "Abe Elsewhere",
    "Gil Gone",
    "Mo Member-Only",
    "Gus Group-Only",
    "Al Applicant",
]


def _offered(page, field):
    """The people a select of the work page offers, by name, in its order."""
    select = re.search(rf'<select name="{field}".*?</select>', page, re.S).group(0)
    options = html.unescape(select)
    return sorted((name for name in EVERYONE if name in options), key=options.index)


def test_the_work_page_offers_the_reviewers_and_advisors_who_act_here_and_no_one_else(client, oregon):
    here, elsewhere = association("orimha"), association("mi-aimh")
    make_reviewer(legal_name="Rita Here", associations=[here])
    both = make_reviewer(legal_name="Bo Both", associations=[here])
    both.groups.add(Group.objects.get(name=roles.ADVISORS))
    join(both, roles.ADVISOR, here)
    make_advisor(legal_name="Ada Here", associations=[here])
    make_reviewer(legal_name="Ravi Elsewhere", associations=[elsewhere])
    make_advisor(legal_name="Abe Elsewhere", associations=[elsewhere])
    gone = make_reviewer(legal_name="Gil Gone", associations=[here])
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    # A membership without the group, or the group without a membership here, gives no role.
    join(make_user(legal_name="Mo Member-Only"), roles.REVIEWER, here)
    make_reviewer(legal_name="Gus Group-Only", associations=[here]).memberships.all().delete()
    application = make_complete_ifa(make_user(legal_name="Al Applicant"))
    applicant = join(application.applicant, roles.REVIEWER, here)
    applicant.groups.add(Group.objects.get(name=roles.REVIEWERS))
    applications.submit_application(application, by=application.applicant)
    services.start_review(application, by=oregon)
    client.force_login(oregon)

    page = client.get(reverse("reviews:work", args=[application.pk])).content.decode()

    # Reviewers: the least loaded first, then by id; advisors by email.
    assert _offered(page, "reviewer") == ["Rita Here", "Bo Both"]
    assert _offered(page, "advisor") == sorted(
        ["Bo Both", "Ada Here"], key=lambda name: User.objects.get(profile__legal_name=name).email
    )
