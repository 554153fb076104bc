from django.contrib import admin
from django.utils.translation import gettext_lazy

from endorsement.admin import RecordInline

from .models import AgreementText, Application, ApplicationEvent, Attestation, Document


@admin.register(AgreementText)
class AgreementTextAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "association", "version", "effective_date"]
    list_filter = ["kind", "association"]
    search_fields = ["title", "body", "version"]
    fieldsets = [
        (None, {"fields": ["association", "kind", "title", "version", "effective_date"]}),
        (
            gettext_lazy("Text"),
            {
                "fields": ["body"],
                "description": gettext_lazy(
                    "Applicants sign the newest text in effect. To change a text, add a new "
                    "version rather than editing one people have signed."
                ),
            },
        ),
    ]


class EventInline(RecordInline):
    model = ApplicationEvent
    fields = ["created_at", "actor", "from_status", "to_status", "note"]


class AttestationInline(RecordInline):
    model = Attestation
    fields = ["kind", "signed_name", "signed_at", "ip_address", "text_version"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: state changes go through the services (and the coordinator's pages)."""

    list_display = ["pk", "applicant", "category", "status", "created_at", "submitted_at"]
    list_filter = ["status", "category__edition", "category__code"]
    search_fields = ["applicant__email", "applicant__profile__legal_name"]
    list_select_related = ["applicant", "category__edition"]
    inlines = [AttestationInline, EventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "application", "kind", "content_type", "size", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    readonly_fields = [
        "application",
        "kind",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_at",
        "uploaded_by",
    ]

    def has_add_permission(self, request):
        return False
