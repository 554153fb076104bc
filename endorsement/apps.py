from django.apps import AppConfig


class EndorsementConfig(AppConfig):
    name = "endorsement"
    verbose_name = "Operations"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks, jobs, time_zones  # noqa: F401 -- registers the deployment checks and the sign-in receiver

        jobs.connect_heartbeats()
        post_migrate.connect(jobs.after_migrate, sender=self)
