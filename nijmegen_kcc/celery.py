import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nijmegen_kcc.settings")

app = Celery("nijmegen_kcc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
