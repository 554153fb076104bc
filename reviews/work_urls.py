"""Working one application: everything on one page, and the coordinator's actions."""

from django.urls import path

from . import work_views as views

urlpatterns = [
    path("<int:pk>/", views.work, name="work"),
    path("<int:pk>/start-review/", views.start_review, name="work_start_review"),
    path("<int:pk>/references/<int:ref_pk>/vet/", views.vet_rater, name="work_vet_rater"),
    path("<int:pk>/judge/<str:kind>/<int:item_id>/", views.judge_item, name="work_judge_item"),
    path("<int:pk>/reviewers/assign/", views.assign_reviewer, name="work_assign_reviewer"),
    path("<int:pk>/request-changes/", views.request_changes, name="work_request_changes"),
    path("<int:pk>/exam/send/", views.send_to_exam, name="work_send_to_exam"),
    path("<int:pk>/exam/record/", views.record_exam, name="work_record_exam"),
    path("<int:pk>/exam/return/", views.return_from_exam, name="work_return_from_exam"),
    path("<int:pk>/exam/<int:sitting_pk>/correct/", views.correct_exam, name="work_correct_exam"),
    path("<int:pk>/exam/<int:sitting_pk>/void/", views.void_exam, name="work_void_exam"),
    path("<int:pk>/fees/", views.record_fee, name="work_record_fee"),
    path("<int:pk>/comments/", views.add_comment, name="work_add_comment"),
    path("<int:pk>/advisors/assign/", views.assign_advisor, name="work_assign_advisor"),
    path("<int:pk>/decide/", views.decide, name="decide"),
]
