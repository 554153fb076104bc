"""Every renewals page: one pattern list per audience, each included by the root URLconf
under its own namespace.

- `urlpatterns` (namespace "renewals", /endorsements/): the endorsee's endorsements,
  certificates and renewal periods;
- `queue_patterns` ("renewal_queue", /coordinator/renewals/): the coordinator's renewal queue;
- `verify_patterns` ("verify", /verify/): the public verification of an endorsement by its code or number (the number's form is on
  the credential verifier at /verify/);
- `directory_patterns` ("directory", /directory/): the public directory of endorsed
  professionals who opted in;
- `revocation_patterns` ("endorsement_standing", /coordinator/endorsements/): the coordinator's
  revoke and reinstate actions;
- `transfer_patterns` ("transfers", at the root): an endorsee asks to move their endorsement to
  another association; the receiving association's coordinators decide.
"""

from django.urls import path

from .views import endorsee, public, queue, renewal, revocation, transfers

app_name = "renewals"

urlpatterns = [
    path("", endorsee.home, name="home"),
    path("<int:pk>/", endorsee.detail, name="detail"),
    path("<int:pk>/directory/", endorsee.directory_listing, name="directory_listing"),
    path("<int:pk>/certificate/", endorsee.certificate, name="certificate"),
    path("<int:pk>/renewal/", renewal.renewal, name="renewal"),
    path("<int:pk>/renewal/membership/", renewal.details, name="renewal_details"),
    path("<int:pk>/renewal/attestation/", renewal.attest, name="renewal_attest"),
    path("<int:pk>/renewal/submit/", renewal.submit, name="renewal_submit"),
    path("<int:pk>/renewal/<str:kind>/add/", renewal.entry_add, name="renewal_entry_add"),
    path("<int:pk>/renewal/<str:kind>/import/", renewal.import_log, name="renewal_import"),
    path("<int:pk>/renewal/<str:kind>/<int:entry_pk>/", renewal.entry_edit, name="renewal_entry_edit"),
    path(
        "<int:pk>/renewal/<str:kind>/<int:entry_pk>/delete/",
        renewal.entry_delete,
        name="renewal_entry_delete",
    ),
]

queue_patterns = [
    path("", queue.queue, name="index"),
    path("<int:pk>/", queue.detail, name="detail"),
    path("<int:pk>/approve/", queue.approve, name="approve"),
    path("<int:pk>/request-changes/", queue.request_changes, name="request_changes"),
]

verify_patterns = [
    path("<str:code>/", public.verify, name="detail"),
]

directory_patterns = [
    path("", public.directory, name="index"),
]

revocation_patterns = [
    path("<int:pk>/revoke/", revocation.revoke, name="revoke"),
    path("<int:pk>/reinstate/", revocation.reinstate, name="reinstate"),
]

transfer_patterns = [
    path("endorsements/<int:pk>/transfer/", transfers.request_transfer, name="request"),
    path("coordinator/transfers/", transfers.queue, name="queue"),
    path("coordinator/transfers/<int:pk>/decide/", transfers.decide, name="decide"),
]
