from django.contrib import admin

from .models import JobHeartbeat


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
