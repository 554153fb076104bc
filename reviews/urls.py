"""Every reviews page: one pattern list per audience, each included by the root URLconf
under its own namespace.

- `urlpatterns` (namespace "reviews", /coordinator/): the queue, its CSV export, its bulk actions, the
  dashboard and working one application with the coordinator's actions;
- `reviewer_patterns` ("reviewer", /reviewer/): assigned applications, the review form, stepping back;
- `advisor_patterns` ("advisor", /advisor/): the applications an advisor guides;
- `thread_patterns` ("thread", /applications/<pk>/conversation/): the comment thread shared by
  applicant, advisors and coordinators.
"""

from django.urls import path

from .views import advisor, bulk, dashboard, queue, reviewer, thread, work

app_name = "reviews"

urlpatterns = [
    path("", queue.queue_view, name="queue"),
    path("export.csv", queue.queue_export, name="queue_export"),
    path("bulk/", bulk.bulk_action, name="queue_bulk"),
    path("dashboard/", dashboard.dashboard_view, name="dashboard"),
    path("applications/<int:pk>/", work.work, name="work"),
    path("applications/<int:pk>/start-review/", work.start_review, name="work_start_review"),
    path("applications/<int:pk>/references/<int:ref_pk>/vet/", work.vet_rater, name="work_vet_rater"),
    path("applications/<int:pk>/judge/<str:kind>/<int:item_id>/", work.judge_item, name="work_judge_item"),
    path("applications/<int:pk>/reviewers/assign/", work.assign_reviewer, name="work_assign_reviewer"),
    path("applications/<int:pk>/request-changes/", work.request_changes, name="work_request_changes"),
    path(
        "applications/<int:pk>/changes/<int:change_pk>/settle/", work.settle_change, name="work_settle_change"
    ),
    path("applications/<int:pk>/exam/send/", work.send_to_exam, name="work_send_to_exam"),
    path("applications/<int:pk>/exam/record/", work.record_exam, name="work_record_exam"),
    path("applications/<int:pk>/exam/return/", work.return_from_exam, name="work_return_from_exam"),
    path("applications/<int:pk>/exam/<int:sitting_pk>/correct/", work.correct_exam, name="work_correct_exam"),
    path("applications/<int:pk>/exam/<int:sitting_pk>/void/", work.void_exam, name="work_void_exam"),
    path("applications/<int:pk>/fees/", work.record_fee, name="work_record_fee"),
    path("applications/<int:pk>/comments/", work.add_comment, name="work_add_comment"),
    path("applications/<int:pk>/advisors/assign/", work.assign_advisor, name="work_assign_advisor"),
    path("applications/<int:pk>/decide/", work.decide, name="decide"),
]

reviewer_patterns = [
    path("", reviewer.assignments, name="assignments"),
    path("<int:pk>/", reviewer.review, name="review"),
    path("<int:pk>/submit/", reviewer.submit, name="submit"),
    path("<int:pk>/step-back/", reviewer.recuse, name="recuse"),
]

advisor_patterns = [
    path("", advisor.index, name="index"),
    path("applications/<int:pk>/", advisor.application, name="application"),
]

thread_patterns = [
    path("", thread.index, name="index"),
    path("post/", thread.post, name="post"),
    path("changes/<int:change_pk>/answered/", thread.answer_change, name="answer_change"),
]
