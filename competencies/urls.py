from django.urls import path

from . import views

app_name = "competencies"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:edition>/<slug:category>/", views.category_detail, name="category"),
    path("<slug:edition>/<slug:category>/pdf/", views.category_pdf, name="category_pdf"),
]
