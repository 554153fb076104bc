from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "credentials"
    verbose_name = "Credentials (Open Badges 3.0)"

    def ready(self):
        # renewals never imports credentials: it announces its changes through renewals.signals.
        from renewals import certificates, panels, signals

        from . import services
        from .panels import certificate_qr_url, endorsement_panel

        signals.endorsement_granted.connect(services.on_granted, dispatch_uid="credentials.granted")
        signals.endorsement_renewed.connect(services.on_renewed, dispatch_uid="credentials.renewed")
        signals.endorsement_reinstated.connect(services.on_reinstated, dispatch_uid="credentials.reinstated")
        signals.endorsements_lapsed.connect(services.on_lapsed, dispatch_uid="credentials.lapsed")
        signals.endorsement_revoked.connect(services.on_revoked, dispatch_uid="credentials.revoked")
        panels.ENDORSEMENT_PANELS.register(endorsement_panel)
        certificates.QR_URL_PROVIDERS.register(certificate_qr_url)
