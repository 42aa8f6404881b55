import os

from celery import Celery
from celery.signals import beat_init

from core import beat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nijmegen_kcc.settings")

app = Celery("nijmegen_kcc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# beat exactly once however many replicas start it (a lock in the broker's Redis)
beat_init.connect(beat.bij_start, weak=False)
