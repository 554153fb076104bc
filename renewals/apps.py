from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "renewals"

    def ready(self):
        # reviews never imports renewals: an approval grants the endorsement through the
        # reviews signal; the endorsement codes and the home panel are extension points.
        from django.db.models.signals import post_delete, post_save

        from applications import panels
        from reviews import services as review_services
        from reviews.signals import application_approved

        from .models import LISTINGS, Endorsement, RenewalPeriod
        from .panels import endorsements_panel
        from .services import endorsements as services

        application_approved.connect(services.grant_on_approval, dispatch_uid="renewals.grant_on_approval")
        review_services.ENDORSEMENT_CODE_SOURCES.register(services.endorsement_codes)
        panels.HOME_PANELS.register(endorsements_panel)
        # Every saved or deleted endorsement or renewal period ends what the directory and the
        # verification pages keep (renewals.models.LISTINGS).
        for model in (Endorsement, RenewalPeriod):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                uid = f"renewals.listings-{model.__name__}-{name}"
                signal.connect(LISTINGS.changed, sender=model, dispatch_uid=uid)
