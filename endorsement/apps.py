from django.apps import AppConfig
from django.db.models.signals import class_prepared

from . import choice_labels

# Connected as the app configurations are imported, before any model class is built.
class_prepared.connect(choice_labels.on_class_prepared, dispatch_uid="endorsement.choice_labels")


class EndorsementConfig(AppConfig):
    name = "endorsement"
    verbose_name = "Operations"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import checks, jobs, languages, search, time_zones  # noqa: F401 -- registers deployment checks, SQL functions, receivers

        jobs.connect_heartbeats()
        search.register_lookups()
        connection_created.connect(search.register_sqlite_fold, dispatch_uid="endorsement.sqlite_fold")
        post_migrate.connect(jobs.after_migrate, sender=self)
