"""Builders for the review tests: staff in their groups, applications through the real services."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from applications.models import (
    Attestation,
    Degree,
    Document,
    ReferenceRequest,
    RSCEntry,
    WorkPeriod,
)
from applications.services import lifecycle as applications
from applications.uploads import store_document
from endorsement import roles
from reviews import services
from tests.applications.factories import add_training, make_application, make_complete_ifa, make_user, upload
from tests.endorsement.staff_factories import join_for_groups

TODAY = datetime.date.today()


def make_staff(group, *, legal_name="Sam Staff", associations=()):
    """A member of `group`, in its role, of `associations` (every association when none given)."""
    roles.ensure_groups()
    user = make_user(legal_name=legal_name)
    user.groups.add(Group.objects.get(name=group))
    return join_for_groups(user, *associations)


def make_coordinator(**kwargs):
    return make_staff(roles.COORDINATORS, **kwargs)


def make_reviewer(**kwargs):
    return make_staff(roles.REVIEWERS, legal_name=kwargs.pop("legal_name", "Robin Reviewer"), **kwargs)


def make_advisor(**kwargs):
    return make_staff(roles.ADVISORS, legal_name=kwargs.pop("legal_name", "Ada Advisor"), **kwargs)


def _reference(application, role, codes):
    return ReferenceRequest.objects.create(
        application=application,
        name=f"Rater {role}",
        email=f"{role}.{application.pk}@example.org",
        role=role,
        rater_endorsements=list(codes),
        status=ReferenceRequest.Status.SUBMITTED,
        answered_at=timezone.now(),
    )


def _sign_and_join(application):
    for kind in Attestation.Kind.values:
        Attestation.objects.create(
            application=application, kind=kind, signed_name="Alex Applicant", text_version="default/x/2025-1"
        )
    application.membership_association = "Infant Mental Health Association"
    application.membership_expires = TODAY + datetime.timedelta(days=200)
    application.save()


def complete_ifa(*, endorsed_rater=True):
    """An IFA portfolio with every requirement met (the supervisor rater not endorsed if asked)."""
    application = make_complete_ifa()
    if not endorsed_rater:
        application.references.update(rater_endorsements=[])
    return application


def complete_imhs(*, internship=False):
    """An IMHS portfolio with every requirement but the exam met.

    With `internship`, the second year of work is a graduate internship under an endorsed
    supervisor, which the coordinator must accept.
    """
    application = make_application(code="IMHS")
    transcript = store_document(
        application, upload(), kind=Document.Kind.TRANSCRIPT, by=application.applicant
    )
    conferred = TODAY - datetime.timedelta(days=365 * 4)
    Degree.objects.create(
        application=application,
        level="master",
        name="MSW",
        institution="State University",
        conferred=conferred,
        transcript=transcript,
    )
    work = {
        "employer": "Family Services",
        "paid": True,
        "infant_related": True,
        "families_served": 10,
        "relationship_focus": True,
        "with_infant_and_parent": True,
        "supervised": True,
    }
    if internship:
        WorkPeriod.objects.create(
            application=application,
            title="Graduate intern",
            start=conferred - datetime.timedelta(days=366),
            end=conferred - datetime.timedelta(days=1),
            internship=True,
            internship_supervisor_endorsements=["IMHM-C"],
            **{**work, "paid": False},
        )
        # Still in the position through the RS/C below ("while providing services ...").
        WorkPeriod.objects.create(
            application=application, title="Home visitor", start=TODAY - datetime.timedelta(days=560), **work
        )
    else:
        WorkPeriod.objects.create(
            application=application,
            title="Home visitor",
            start=conferred + datetime.timedelta(days=1),
            **work,
        )
    add_training(application, 20, hours="1.5", start=TODAY - datetime.timedelta(days=700))
    first = TODAY - datetime.timedelta(days=540)
    RSCEntry.objects.bulk_create(
        RSCEntry(
            application=application,
            provider="Pat Provider",
            provider_endorsements=["IMHM-C"],
            start=first + datetime.timedelta(days=30 * month),
            end=first + datetime.timedelta(days=30 * month + 29),
            hours=Decimal("3"),
        )
        for month in range(18)
    )
    _reference(application, "program_supervisor", ["IMHS"])
    _reference(application, "rsc_provider", ["IMHM-C"])
    _reference(application, "colleague", [])
    _sign_and_join(application)
    return application


def submitted(application):
    return applications.submit_application(application, by=application.applicant)


def in_review(application, coordinator=None):
    submitted(application)
    return services.start_review(application, by=coordinator or make_coordinator())


def statuses(result):
    return {item["key"]: item["status"] for item in result["requirements"]}


def reviewed(application, coordinator=None):
    """The reviews the association requires, submitted (only those still missing are added)."""
    coordinator = coordinator or make_coordinator()
    for _ in range(services.reviews_missing(application)):
        assignment = services.assign_reviewer(application, make_reviewer(), by=coordinator)
        services.submit_review(
            assignment,
            recommendation="approve",
            summary="Meets the guidelines.",
            items=[],
            by=assignment.reviewer,
        )
    return application
