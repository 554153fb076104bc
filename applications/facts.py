"""Turns a portfolio into the rule engine's facts (format 1 of the design).

Work, RS/C and reference entries carry their row's `id` (the engine ignores it) so that
reviews can lay the coordinator's judgments on the matching entries.
"""

from django.db.models import Func, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from competencies.services import asked_area_ids
from endorsement.prefetching import rows_of

from .models import Attestation, RatingAnswer

# What a portfolio's facts are read from: every kind of entry, and the signed attestations.
PORTFOLIO_RELATIONS = (
    "degree_entries",
    "coursework_entries",
    "certificateprogram_entries",
    "workperiod_entries",
    "trainingentry_entries",
    "rscentry_entries",
    "leadershipactivity_entries",
    "attestations",
)


def _date(value):
    return value.isoformat() if value else None


def with_unrated(references, category):
    """`references` (a queryset) with `unrated`: how many areas each rater answered "not enough
    information" in, counting only the areas the rater was asked about for `category`.

    Counted in a subquery per reference rather than by joining every answer and grouping: the
    grouping ran over every column the caller selects (rating, vetting, vetter), and planning
    it cost more than the count."""
    asked = asked_area_ids(category)
    answers = RatingAnswer.objects.filter(
        rating__reference=OuterRef("pk"), score=RatingAnswer.Score.NOT_ENOUGH_INFORMATION
    )
    if asked is not None:
        answers = answers.filter(area__in=asked)
    count = answers.order_by().annotate(n=Func(template="COUNT(*)", output_field=IntegerField())).values("n")
    return references.annotate(unrated=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)))


def application_facts(application, *, as_of=None, references=None):
    """The facts of one application, in a fixed number of queries whatever its size.

    `references`: every reference of the application in their order, annotated by `with_unrated`,
    where the caller has loaded them already (the replaced ones are left out here)."""
    today = as_of or timezone.localdate()
    # The entries a caller prefetched are read from there; of the others, only the kinds that
    # hold rows are read (one probe finds them).
    rows, present = rows_of(
        application, PORTFOLIO_RELATIONS, also=() if references is not None else ("references",)
    )
    if references is None:
        references = (
            with_unrated(
                application.references.filter(replaced_by__isnull=True), application.category
            ).select_related("rating")
            if "references" in present
            else []
        )
    else:
        references = [reference for reference in references if reference.replaced_by_id is None]
    signed = {attestation.kind for attestation in rows["attestations"]}
    submitted_on = application.submitted_at.date() if application.submitted_at else None
    return {
        "kind": "application",
        "edition": application.category.edition.slug,
        "category": application.category.code,
        "as_of": today.isoformat(),
        "submitted_on": _date(submitted_on),
        "degrees": [
            {
                "level": degree.level,
                "name": degree.name,
                "conferred": _date(degree.conferred),
                "transcript": degree.transcript_id is not None,
                "imh_specific": degree.imh_specific,
            }
            for degree in rows["degree_entries"]
        ],
        "coursework": [
            {"institution": item.institution, "transcript": item.transcript_id is not None}
            for item in rows["coursework_entries"]
        ],
        "certificates": [
            {"kind": item.kind, "transcript": item.document_id is not None}
            for item in rows["certificateprogram_entries"]
        ],
        "work": [
            {
                "id": work.pk,
                "title": work.title,
                "employer": work.employer,
                "start": _date(work.start),
                "end": _date(work.end),
                "paid": work.paid,
                "infant_related": work.infant_related,
                "families_served": work.families_served,
                "social_emotional_focus": work.social_emotional_focus,
                "relationship_focus": work.relationship_focus,
                "with_infant_and_parent": work.with_infant_and_parent,
                "provides_rsc": work.provides_rsc,
                "policy_leadership": work.policy_leadership,
                "university_faculty": work.university_faculty,
                "supervised": work.supervised,
                "internship": work.internship,
                "internship_supervisor_endorsements": list(work.internship_supervisor_endorsements),
                "volunteer_specialized_training": work.volunteer_specialized_training,
                # None (asked only since issue 10) is left for the engine to read as unknown.
                "supervises_staff": work.supervises_staff,
                "mental_health_consultation": work.mental_health_consultation,
            }
            for work in rows["workperiod_entries"]
        ],
        "training": [
            {
                "title": entry.title,
                "date": _date(entry.date),
                "hours": float(entry.hours),
                "about_rsc": entry.about_rsc,
            }
            for entry in rows["trainingentry_entries"]
        ],
        "rsc": [
            {
                "id": entry.pk,
                "provider": entry.provider,
                "provider_endorsements": list(entry.provider_endorsements),
                "format": entry.format,
                "start": _date(entry.start),
                "end": _date(entry.end),
                "hours": float(entry.hours),
                "about_rsc_provided": entry.about_rsc_provided,
            }
            for entry in rows["rscentry_entries"]
        ],
        "references": [
            {
                "id": reference.pk,
                "name": reference.name,
                "role": reference.role,
                "rater_endorsements": list(reference.rater_endorsements),
                "vetted": False,
                "status": _reference_status(reference),
                "not_enough_information": reference.unrated,
                "submitted_on": _date(reference.answered_at.date() if reference.answered_at else None),
            }
            for reference in references
        ],
        "leadership_activities": [
            {"description": item.description} for item in rows["leadershipactivity_entries"]
        ],
        "exam": {},
        "code_of_ethics_signed": Attestation.Kind.CODE_OF_ETHICS in signed,
        "agreement_signed": Attestation.Kind.AGREEMENT in signed,
        "membership": {
            "association": application.membership_association,
            "expires": _date(application.membership_expires),
        },
    }


def _reference_status(reference):
    if reference.status == reference.Status.SUBMITTED:
        return "submitted"
    if reference.status == reference.Status.DECLINED:
        return "declined"
    return "requested"
