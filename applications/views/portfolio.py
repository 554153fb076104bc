"""The applicant's pages: home, start, overview, sections, uploads, CSV import, review, submit, withdraw.

Views are thin: fetch and authorize with `get_application_for`, bind a form, call one
service (or the form's save), turn a domain error into a message at the field, redirect.
"""

import functools

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from competencies.models import Association
from competencies.rules import MET, NEEDS_REVIEW, NOT_MET, NOT_REQUIRED
from competencies.services import rules_for_category, with_categories

from .. import imports, next_steps, panels
from ..checklist import STATUS_WORDS, completeness, decorate, section_url
from ..forms.portfolio import (
    KINDS,
    AttestationForm,
    ImportUploadForm,
    MembershipForm,
    StartForm,
    WithdrawForm,
)
from ..models import AgreementText, Application, Attestation, Document, Profile
from ..permissions import ApplicationFrozen, can_edit, can_submit, can_withdraw, get_application_for
from ..sections import REQUIREMENT_SECTIONS, SECTIONS
from ..services import carryover
from ..services import lifecycle as services
from ..templatetags.people import mid_sentence
from ..uploads import INLINE_TYPES


def signed_in(view):
    """Pages of one application: anonymous visitors (a link from an email, an expired session)
    go through sign-in and come back here; signed-in outsiders still get the 404."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def frozen_as_page(view):
    """An edit of a submitted application: a 403 page that says why, and nothing changes."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ApplicationFrozen as error:
            pk = kwargs.get("pk")
            return render(
                request,
                "applications/frozen.html",
                {"message": str(error), "overview_url": reverse("applications:overview", args=[pk])},
                status=403,
            )

    return signed_in(wrapper)


def _sections_nav(application, requirements):
    keys_for = {}
    for item in requirements:
        section = REQUIREMENT_SECTIONS.get(item["key"])
        if section:
            keys_for.setdefault(section, []).append(item)
    nav = []
    for name in SECTIONS:
        items = keys_for.get(name, [])
        if name == "leadership" and all(item["status"] == NOT_REQUIRED for item in items):
            continue
        url = section_url(name, application.pk)
        if url is None:
            continue
        title = SECTIONS[name]["title"]
        statuses = {item["status"] for item in items}
        status = next((s for s in (NOT_MET, NEEDS_REVIEW, MET, NOT_REQUIRED) if s in statuses), None)
        words, icon = STATUS_WORDS.get(status, ("", ""))
        nav.append(
            {"name": name, "title": title, "url": url, "status": status, "status_words": words, "icon": icon}
        )
    return nav


# --- home and start ---------------------------------------------------------------------------


@login_required
def home(request):
    applications = with_categories(list(request.user.applications.all()))
    rows = []
    for application in applications:
        meter = None
        if application.is_editable():
            result = services.evaluate_application(application)
            meter = completeness(result["requirements"])
        rows.append({"application": application, "meter": meter})
    return render(request, "applications/home.html", {"rows": rows, "panels": panels.home_panels(request)})


def _email_verified(user):
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def _current_edition(editions, today):
    """The edition an applicant should normally choose: the latest in force today, else (when
    none is in force yet) the first to take effect."""
    in_force = [edition for edition in editions if edition.effective_date <= today]
    if in_force:
        return max(in_force, key=lambda edition: (edition.effective_date, edition.pk))
    return min(editions, key=lambda edition: (edition.effective_date, edition.pk))


def _edition_groups(form, today):
    """The start page's categories by edition, each edition marked current or saying why one
    would still choose it."""
    editions = {}
    for category in form.fields["category"].queryset:
        editions.setdefault(category.edition, []).append(category)
    by_association = {}
    for edition in editions:
        by_association.setdefault(edition.association_id, []).append(edition)
    current = {pk: _current_edition(group, today) for pk, group in by_association.items()}
    choices = {str(choice.data["value"]): choice for choice in form["category"]}
    chosen = str(form["category"].value() or "")
    groups = []
    for edition, categories in editions.items():
        in_use = current[edition.association_id]
        groups.append(
            {
                "edition": edition,
                "current": edition == in_use,
                "replaced_by": None if edition == in_use else in_use,
                "upcoming": edition.effective_date > today,
                "chosen": any(str(category.pk) == chosen for category in categories),
                "categories": [(category, choices.get(str(category.pk))) for category in categories],
            }
        )
    return groups


@login_required
def start(request):
    verified = _email_verified(request.user)
    associations = list(Association.objects.accepting_applications())
    association = next((a for a in associations if a.slug == request.GET.get("association")), None)
    form = StartForm(request.POST or None, association=association)
    if request.method == "POST" and verified and form.is_valid():
        try:
            application = services.start_application(request.user, form.cleaned_data["category"])
        except services.ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your %(code)s application is started. It is saved as you go, "
                    "and drafts never expire: come back whenever you like."
                )
                % {"code": application.category.code},
            )
            return redirect("applications:overview", application.pk)
    groups = _edition_groups(form, timezone.localdate())
    return render(
        request,
        "applications/start.html",
        {
            "form": form,
            "groups": [group for group in groups if group["current"]],
            "other_groups": [group for group in groups if not group["current"]],
            "verified": verified,
            "associations": associations if len(associations) > 1 else [],
            "association": association,
        },
    )


# --- overview, review, submit, withdraw --------------------------------------------------------


def _overview_context(request, application):
    result = services.evaluate_application(application)
    requirements = decorate(result["requirements"], application.pk)
    return {
        "application": application,
        "result": result,
        "requirements": requirements,
        "meter": completeness(result["requirements"]),
        "sections": _sections_nav(application, result["requirements"]),
        "editable": can_edit(request.user, application),
        "can_submit": can_submit(request.user, application),
        "can_withdraw": can_withdraw(request.user, application),
        "is_owner": application.applicant_id == request.user.pk,
    }


def _next_step(application, requirements, blockers):
    """The one thing to do next, linked to where it is done; None when nothing stands in the way."""
    if application.status == Application.Status.CHANGES_REQUESTED:
        return {
            "text": _(
                "make the changes the Endorsement coordinator asked for (listed under “Changes "
                "requested” below), then review and submit again."
            ),
            "url": "#change-requests-heading-application",
        }
    for item in requirements:
        if item["status"] == NOT_MET and not item.get("after_submission"):
            text = _("%(label)s: %(summary)s") % {"label": item["label"], "summary": item["summary"]}
            return {"text": text, "url": item.get("section_url")}
    if blockers:
        return {"text": blockers[0], "url": reverse("applications:references", args=[application.pk])}
    return None


# Where the applicant waits on the association: the steps ahead are shown.
AWAITING = (Application.Status.SUBMITTED, Application.Status.IN_REVIEW, Application.Status.EXAM_PENDING)


@signed_in
def overview(request, pk):
    application = get_application_for(request.user, pk, "view")
    context = _overview_context(request, application)
    context["blockers"] = (
        services.submission_blockers(application, context["result"]) if context["can_submit"] else []
    )
    context["next_step"] = (
        _next_step(application, context["requirements"], context["blockers"]) if context["editable"] else None
    )
    if context["editable"]:
        context["carryover"] = carryover.offers(application)
    if application.status in AWAITING:
        context["steps"] = next_steps.steps_ahead(application)
        context["typical"] = next_steps.typical_decision_weeks(application.category.edition.association)
    context["events"] = application.events.select_related("actor")
    context["panels"] = panels.application_panels(request, application)
    return render(request, "applications/overview.html", context)


@signed_in
def review(request, pk):
    application = get_application_for(request.user, pk, "view")
    context = _overview_context(request, application)
    context["blockers"] = services.submission_blockers(application, context["result"])
    context["entries"] = {name: list(kind.entries(application)) for name, kind in KINDS.items()}
    context["attestations"] = list(application.attestations.all())
    context["references"] = list(application.references.filter(replaced_by__isnull=True))
    return render(request, "applications/review.html", context)


@require_POST
@frozen_as_page
def submit(request, pk):
    application = get_application_for(request.user, pk, "view")
    if application.applicant_id != request.user.pk:
        raise Http404("No such application.")
    try:
        services.submit_application(application, by=request.user)
    except services.ApplicationError as error:
        messages.error(request, str(error))
        return redirect("applications:review", application.pk)
    return redirect("applications:receipt", application.pk)


@signed_in
def receipt(request, pk):
    application = get_application_for(request.user, pk, "view")
    if not application.submitted_at:
        return redirect("applications:review", application.pk)
    return render(
        request,
        "applications/receipt.html",
        {
            "application": application,
            "steps": next_steps.steps_ahead(application),
            "typical": next_steps.typical_decision_weeks(application.category.edition.association),
        },
    )


@frozen_as_page
def withdraw(request, pk):
    application = get_application_for(request.user, pk, "withdraw")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_application(application, by=request.user, reason=form.cleaned_data["reason"])
        except services.ApplicationError as error:
            messages.error(request, str(error))
            return redirect("applications:overview", application.pk)
        messages.success(request, _("Your application is withdrawn. You can start a new one at any time."))
        return redirect("applications:overview", application.pk)
    return render(request, "applications/withdraw.html", {"application": application, "form": form})


# --- sections ----------------------------------------------------------------------------------


def _section_context(request, application, name):
    result = services.evaluate_application(application)
    keys = SECTIONS[name]["keys"]
    return {
        "application": application,
        "section": name,
        "section_title": SECTIONS[name]["title"],
        "requirements": decorate(
            [item for item in result["requirements"] if item["key"] in keys], application.pk
        ),
        "advisories": [line for key in keys for line in result["advisories_by_requirement"].get(key, [])],
        "editable": can_edit(request.user, application),
        "sections": _sections_nav(application, result["requirements"]),
        "import_url": section_url(f"import_{name}", application.pk) if SECTIONS[name].get("import") else None,
        "panels": panels.application_panels(request, application, name),
    }


def _has_leadership(application):
    params = rules_for_category(application.category)["application"].get("leadership_activities")
    return bool(params) and params.get("required") is not False


@frozen_as_page
def section(request, pk, section):
    if section == "membership":
        return membership(request, pk)
    if section == "attestations":
        return attestations(request, pk)
    application = get_application_for(request.user, pk, "edit" if request.method == "POST" else "view")
    if section == "leadership" and not _has_leadership(application):
        return render(
            request,
            "applications/section_not_part.html",
            {"application": application, "section_title": SECTIONS[section]["title"]},
            status=404,
        )
    kinds = [KINDS[name] for name in SECTIONS[section]["kinds"]]
    forms = {kind.name: kind.form(prefix=kind.name) for kind in kinds}
    if request.method == "POST":
        kind = KINDS.get(request.POST.get("kind"))
        if kind is None or kind.section != section:
            raise Http404("No such entry kind.")
        form = kind.form(request.POST, request.FILES, prefix=kind.name)
        if form.is_valid():
            return _save_entry(
                request,
                application,
                kind,
                form,
                _("%(kind)s added. Your changes are saved.") % {"kind": kind.label},
            )
        forms[kind.name] = form
        messages.error(request, _("Nothing was saved yet: please correct the fields marked below."))
    context = _section_context(request, application, section)
    if context["editable"]:
        context["carryover"] = carryover.offers(application, [section])
    context["groups"] = [
        {"kind": kind, "form": forms[kind.name], "entries": kind.entries(application)} for kind in kinds
    ]
    return render(request, "applications/section.html", context)


@require_POST
@frozen_as_page
def copy_entries(request, pk):
    application = get_application_for(request.user, pk, "edit")
    source = Application.objects.filter(pk=request.POST.get("source") or 0, applicant=request.user).first()
    section = request.POST.get("section", "")
    if source is None or section not in SECTIONS:
        raise Http404("Nothing to copy from.")
    try:
        added = carryover.copy_section(application, source, section, by=request.user)
    except services.ApplicationError as error:
        messages.error(request, str(error))
        return redirect("applications:overview", application.pk)
    title = SECTIONS[section]["title"]
    if added:
        messages.success(
            request,
            ngettext(
                "Copied %(count)d entry from your %(code)s application into %(title)s. Check each one "
                "and change what differs; the earlier application is unchanged.",
                "Copied %(count)d entries from your %(code)s application into %(title)s. Check each one "
                "and change what differs; the earlier application is unchanged.",
                added,
            )
            % {"count": added, "code": source.category.code, "title": title},
        )
    else:
        messages.info(
            request,
            _("Nothing new to copy: every %(title)s entry of that application is already here.")
            % {"title": title},
        )
    return redirect(reverse(f"applications:{section}", args=[application.pk]))


def _back_to_entries(application, kind):
    """To the section page, at the list of entries of this kind."""
    return redirect(reverse(f"applications:{kind.section}", args=[application.pk]) + f"#{kind.name}-entries")


def _save_entry(request, application, kind, form, message):
    """Save a valid entry form, say so, and go back to the entries of its kind."""
    with transaction.atomic():
        form.save_entry(application, by=request.user)
    messages.success(request, message)
    return _back_to_entries(application, kind)


def _get_entry(application, kind_name, entry_pk):
    kind = KINDS.get(kind_name)
    if kind is None:
        raise Http404("No such entry kind.")
    entry = get_object_or_404(kind.model, application=application, pk=entry_pk)
    return kind, entry


@frozen_as_page
def entry_edit(request, pk, kind, entry_pk):
    application = get_application_for(request.user, pk, "edit")
    kind, entry = _get_entry(application, kind, entry_pk)
    form = kind.form(request.POST or None, request.FILES or None, instance=entry, prefix=kind.name)
    if request.method == "POST":
        if form.is_valid():
            return _save_entry(request, application, kind, form, _("%(kind)s saved.") % {"kind": kind.label})
        messages.error(request, _("Nothing was saved yet: please correct the fields marked below."))
    context = _section_context(request, application, kind.section)
    context.update({"kind": kind, "entry": entry, "form": form})
    return render(request, "applications/entry_edit.html", context)


@frozen_as_page
def entry_delete(request, pk, kind, entry_pk):
    application = get_application_for(request.user, pk, "edit")
    kind, entry = _get_entry(application, kind, entry_pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("%(kind)s “%(entry)s” deleted.") % {"kind": kind.label, "entry": entry})
        return _back_to_entries(application, kind)
    return render(
        request, "applications/entry_delete.html", {"application": application, "kind": kind, "entry": entry}
    )


def membership(request, pk):
    application = get_application_for(request.user, pk, "edit" if request.method == "POST" else "view")
    form = MembershipForm(request.POST or None, instance=application)
    if request.method == "POST":
        if form.is_valid():
            changed = Application.objects.filter(
                pk=application.pk, status__in=Application.Status.EDITABLE
            ).update(**{name: form.cleaned_data[name] for name in MembershipForm.Meta.fields})
            if not changed:
                raise ApplicationFrozen(_("This application is submitted and can no longer be changed."))
            messages.success(request, _("Membership saved."))
            return redirect("applications:membership", application.pk)
        messages.error(request, _("Nothing was saved yet: please correct the fields marked below."))
    context = _section_context(request, application, "membership")
    context["form"] = form
    return render(request, "applications/section_membership.html", context)


def _accepted_names(user):
    profile = Profile.objects.filter(user=user).only("legal_name").first()
    names = [profile.legal_name if profile else "", user.get_full_name()]
    return list(dict.fromkeys(name.strip() for name in names if name and name.strip()))


def attestations(request, pk):
    application = get_application_for(request.user, pk, "edit" if request.method == "POST" else "view")
    association = application.category.edition.association
    signed = {item.kind: item for item in application.attestations.all()}
    names = _accepted_names(application.applicant)
    documents = []
    posted_kind = request.POST.get("kind") if request.method == "POST" else None
    for kind, label in Attestation.Kind.choices:
        text = AgreementText.objects.current(kind, association)
        bound = posted_kind == kind
        form = AttestationForm(
            request.POST if bound else None, accepted_names=names, initial={"kind": kind}, prefix=kind
        )
        if bound:
            if text is None:
                raise Http404("No text to sign.")
            if form.is_valid():
                services.sign_attestation(
                    application,
                    kind,
                    signed_name=form.cleaned_data["signed_name"],
                    by=request.user,
                    ip_address=request.META.get("REMOTE_ADDR") or None,
                    text_version=text.version_label,
                )
                messages.success(request, _("%(document)s signed.") % {"document": label})
                return redirect(reverse("applications:attestations", args=[application.pk]) + f"#{kind}")
            messages.error(
                request,
                _("The %(document)s is not signed yet: please correct the name below.")
                % {"document": label.lower()},
            )
        signature = signed.get(kind)
        documents.append(
            {
                "kind": kind,
                "label": label,
                "text": text,
                "paragraphs": [p.strip() for p in text.body.split("\n\n") if p.strip()] if text else [],
                "signature": signature,
                "outdated": bool(signature and text and signature.text_version != text.version_label),
                "form": form,
            }
        )
    if posted_kind not in dict(Attestation.Kind.choices) and request.method == "POST":
        raise Http404("No such attestation.")
    context = _section_context(request, application, "attestations")
    context["documents"] = documents
    return render(request, "applications/section_attestations.html", context)


# --- documents ---------------------------------------------------------------------------------


@signed_in
def document(request, pk, doc_pk):
    application = get_application_for(request.user, pk, "view")
    doc = get_object_or_404(Document, application=application, pk=doc_pk)
    try:
        handle = doc.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The file is missing.") from None
    attachment = request.GET.get("download") == "1" or doc.content_type not in INLINE_TYPES
    response = FileResponse(
        handle, content_type=doc.content_type, as_attachment=attachment, filename=doc.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


# --- CSV import --------------------------------------------------------------------------------


def import_template(request, kind):
    if kind not in imports.KINDS:
        raise Http404("No such import.")
    response = HttpResponse(imports.template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    return response


def _import(request, pk, kind):
    application = get_application_for(request.user, pk, "edit")
    spec = imports.KINDS[kind]
    section_url = reverse(f"applications:{kind}", args=[application.pk])
    context = {
        "application": application,
        "kind": kind,
        "spec": spec,
        "section_url": section_url,
        "form": ImportUploadForm(),
        "template_url": reverse("applications:import_template", args=[kind]),
    }
    if request.method == "POST" and request.POST.get("action") == "confirm":
        rows = imports.take_preview(request.session, application, kind, request.POST.get("digest", ""))
        if rows is None:
            messages.error(request, _("That preview has expired or was replaced. Upload the file again."))
            return redirect(f"applications:import_{kind}", application.pk)
        try:
            count = imports.import_rows(application, kind, rows)
        except services.ApplicationError as error:
            messages.error(request, str(error))
            return redirect(f"applications:import_{kind}", application.pk)
        imports.forget_preview(request.session, application, kind)
        messages.success(
            request,
            ngettext(
                "%(count)d entries added to your %(log)s log.",
                "%(count)d entries added to your %(log)s log.",
                count,
            )
            % {"count": count, "log": mid_sentence(spec["title"])},
        )
        return redirect(section_url)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            context.update(imports.preview(request.session, application, kind, form))
    return render(request, "applications/import.html", context)


@frozen_as_page
def import_training(request, pk):
    return _import(request, pk, "training")


@frozen_as_page
def import_rsc(request, pk):
    return _import(request, pk, "rsc")
