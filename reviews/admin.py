"""Fee schedules are data the admin edits; the rest is on record, written only by the services."""

from django.contrib import admin

from competencies.admin import AssociationScopedAdmin, ReadOnlyAdmin
from endorsement.admin import RecordInline

from . import models


@admin.register(models.FeeSchedule)
class FeeScheduleAdmin(AssociationScopedAdmin):
    """An association's admin keeps its own fee schedule."""

    def has_add_permission(self, request):
        return self._administers(request)

    def has_delete_permission(self, request, obj=None):
        return self._administers(request, obj)

    list_display = ["association", "category_code", "registration_amount", "processing_amount"]
    list_filter = ["association"]
    search_fields = ["category_code"]


class ReviewItemInline(RecordInline):
    model = models.ReviewItem
    fields = ["requirement", "domain", "verdict", "note"]


@admin.register(models.RaterVetting)
class RaterVettingAdmin(ReadOnlyAdmin):
    list_display = ["reference", "accepted", "called_on", "vetted_by", "created_at"]
    list_filter = ["accepted"]


@admin.register(models.ItemJudgment)
class ItemJudgmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "kind", "item_id", "accepted", "by", "at"]
    list_filter = ["kind", "accepted"]


@admin.register(models.AdvisorAssignment)
class AdvisorAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "advisor", "assigned_by", "at"]


@admin.register(models.ReviewerAssignment)
class ReviewerAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "reviewer", "status", "assigned_by", "assigned_at"]
    list_filter = ["status"]


@admin.register(models.Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "recommendation", "submitted_at"]
    list_filter = ["recommendation"]
    inlines = [ReviewItemInline]


@admin.register(models.ExamSitting)
class ExamSittingAdmin(ReadOnlyAdmin):
    list_display = ["application", "sat_on", "multiple_choice_result", "essay_track", "essay_result"]


@admin.register(models.ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    list_display = ["application", "section", "created_by", "created_at", "resolved_at"]


@admin.register(models.Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["application", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]


@admin.register(models.Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["application", "section", "author", "created_at"]


@admin.register(models.Fee)
class FeeAdmin(ReadOnlyAdmin):
    list_display = ["application", "kind", "amount", "status", "recorded_by", "at"]
    list_filter = ["kind", "status"]
