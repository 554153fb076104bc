"""Admins see every credential, its status and history; keys and status lists read-only."""

from django.contrib import admin

from competencies.admin import ReadOnlyAdmin
from endorsement.admin import RecordInline

from .models import Credential, CredentialEvent, IssuerKey, StatusList


class CredentialEventInline(RecordInline):
    model = CredentialEvent
    fields = ("at", "action", "by", "note")


@admin.register(Credential)
class CredentialAdmin(ReadOnlyAdmin):
    list_display = ("endorsement", "status", "valid_from", "valid_until", "key", "signed_at")
    list_filter = ("status", "endorsement__association", "endorsement__category__code")
    search_fields = ("endorsement__number", "endorsement__holder_name", "uuid")
    list_select_related = ("endorsement__category", "key__association")
    readonly_fields = (
        "uuid",
        "endorsement",
        "status",
        "status_changed_at",
        "valid_from",
        "valid_until",
        "status_list",
        "status_index",
        "key",
        "signed_at",
        "created_at",
        "document",
    )
    exclude = ("identity_salt",)
    inlines = [CredentialEventInline]


@admin.register(IssuerKey)
class IssuerKeyAdmin(ReadOnlyAdmin):
    list_display = ("association", "key_id", "created_at", "retired_at")
    list_filter = ("association",)
    # The encrypted private key is never shown, not even to admins.
    fields = ("association", "key_id", "created_at", "retired_at")
    readonly_fields = fields


@admin.register(StatusList)
class StatusListAdmin(ReadOnlyAdmin):
    list_display = ("association", "number", "next_index", "size", "version", "updated_at")
    fields = ("association", "number", "size", "next_index", "version", "updated_at")
    readonly_fields = fields
