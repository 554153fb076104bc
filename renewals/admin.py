"""Endorsements in the admin: looked up, corrected (name, region, listing) and acted on.

Numbers, codes, dates and statuses are written only by `renewals.services.endorsements`; the status actions
below go through `change_status`, so each one is recorded with the acting admin.
"""

from django.contrib import admin, messages

from competencies.admin import ReadOnlyAdmin
from endorsement.admin import RecordInline

from .models import Certificate, Endorsement, EndorsementEvent, RenewalPeriod
from .services import endorsements as services

Status = Endorsement.Status


class ReadOnlyInline(RecordInline):
    """A record shown inline that an admin only views: no form of it is even offered for change."""

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = EndorsementEvent
    fields = ["at", "by", "from_status", "to_status", "note"]
    ordering = ["-at", "-pk"]


class CertificateInline(ReadOnlyInline):
    model = Certificate
    fields = ["valid_from", "valid_until", "file", "rendered_at", "emailed_at"]


class RenewalPeriodInline(ReadOnlyInline):
    model = RenewalPeriod
    fields = ["starts_on", "due_on", "status", "submitted_at", "decided_at", "decided_by"]


def _status_action(status, label, done):
    def action(modeladmin, request, queryset):
        changed = 0
        for endorsement in queryset:
            if endorsement.status != status:
                services.change_status(endorsement, status, by=request.user, note=f"{label} in the admin")
                changed += 1
        modeladmin.message_user(request, done % {"count": changed}, messages.SUCCESS)

    action.__name__ = f"mark_{status}"
    return admin.action(description=f"{label} the selected endorsements")(action)


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "holder_name",
        "category_code",
        "association",
        "status",
        "granted_on",
        "renewal_due",
        "listed_in_directory",
    ]
    list_filter = ["status", "association", "category__code", "listed_in_directory"]
    list_select_related = ["category", "association"]
    search_fields = ["number", "holder_name", "holder__email", "verification_code", "region"]
    date_hierarchy = "renewal_due"
    fieldsets = [
        (None, {"fields": ["number", "category_code", "edition", "association", "holder", "application"]}),
        ("Printed and listed", {"fields": ["holder_name", "region", "listed_in_directory"]}),
        (
            "Status",
            {"fields": ["status", "status_changed_at", "granted_on", "renewal_due", "verification_code"]},
        ),
    ]
    readonly_fields = [
        "number",
        "category_code",
        "edition",
        "association",
        "holder",
        "application",
        "status",
        "status_changed_at",
        "granted_on",
        "renewal_due",
        "verification_code",
    ]
    inlines = [RenewalPeriodInline, CertificateInline, EventInline]
    actions = [
        _status_action(Status.REVOKED, "Revoke", "%(count)d endorsement(s) revoked."),
        _status_action(Status.RETIRED, "Retire", "%(count)d endorsement(s) retired."),
        _status_action(Status.INACTIVE, "Mark inactive", "%(count)d endorsement(s) marked inactive."),
        "render_certificate_again",
    ]

    @admin.display(description="Code", ordering="category__code")
    def category_code(self, obj):
        return obj.category.code

    def has_add_permission(self, request):
        return False  # endorsements come from approved applications (or seed_endorsements)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke or retire instead: the number and its history stay on record

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            EndorsementEvent.objects.create(
                endorsement=obj,
                by=request.user,
                from_status=obj.status,
                to_status=obj.status,
                note="Edited in the admin: " + ", ".join(form.changed_data),
            )

    @admin.action(description="Render the current certificate again (after correcting the name)")
    def render_certificate_again(self, request, queryset):
        count = 0
        for endorsement in queryset:
            if endorsement.is_current():
                services.reissue_certificate(endorsement)
                count += 1
        self.message_user(
            request, f"{count} certificate(s) will be rendered again in a minute.", messages.SUCCESS
        )


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["endorsement", "valid_from", "valid_until", "rendered_at", "emailed_at"]
    list_select_related = ["endorsement__category"]
    search_fields = ["endorsement__number", "endorsement__holder_name"]
    readonly_fields = [
        "endorsement",
        "valid_from",
        "valid_until",
        "file",
        "sha256",
        "rendered_at",
        "emailed_at",
        "created_at",
    ]
