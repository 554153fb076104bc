"""Credentials: issuers' DID documents and keys, status lists, contexts, shared credentials,
the endorsee's download and the public verifier at /verify/."""

from django.urls import path

from . import views

app_name = "credentials"

urlpatterns = [
    path("issuers/<slug:slug>/did.json", views.did_document, name="did"),
    path("issuers/<slug:slug>/", views.issuer, name="issuer"),
    path("credentials/status/<slug:slug>/<int:number>/", views.status_list, name="status_list"),
    path("credentials/contexts/<str:name>", views.context_file, name="context"),
    path("credentials/<uuid:uuid>/", views.public, name="public"),
    path("credentials/<uuid:uuid>/credential.json", views.credential_json, name="json"),
    path("endorsements/<int:pk>/credential.json", views.download, name="download"),
    path("verify/", views.verify, name="verify"),
]
