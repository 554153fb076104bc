from django.contrib import admin

from .models import JobHeartbeat


class RecordInline(admin.TabularInline):
    """A record shown inline as it was written: nothing is added, changed or removed here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JobHeartbeat)
class JobHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "outcome", "last_succeeded_at", "last_started_at", "is_late")
    readonly_fields = (
        "name",
        "outcome",
        "created_at",
        "last_started_at",
        "last_finished_at",
        "last_succeeded_at",
        "last_result",
        "last_error",
    )

    @admin.display(boolean=True, description="late")
    def is_late(self, heartbeat):
        return heartbeat.is_late()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
