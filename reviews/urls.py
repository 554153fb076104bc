from django.urls import include, path

app_name = "reviews"

urlpatterns = [
    path("", include("reviews.queue_urls")),
    path("applications/", include("reviews.work_urls")),
]
