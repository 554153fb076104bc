from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "renewals"

    def ready(self):
        # reviews never imports renewals: the grant and the endorsement codes are plugged in here.
        from applications import panels
        from reviews import services as review_services

        from .panels import endorsements_panel
        from .services import endorsements as services

        if services.grant_on_approval not in review_services.APPROVAL_HANDLERS:
            review_services.APPROVAL_HANDLERS.append(services.grant_on_approval)
        review_services.ENDORSEMENT_CODES = services.endorsement_codes
        if endorsements_panel not in panels.HOME_PANELS:
            panels.HOME_PANELS.append(endorsements_panel)
