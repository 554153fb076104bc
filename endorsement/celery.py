import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endorsement.settings")

app = Celery("endorsement")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
