from django.apps import AppConfig


class EndorsementConfig(AppConfig):
    name = "endorsement"

    def ready(self):
        from . import checks  # noqa: F401 -- registers the deployment checks
