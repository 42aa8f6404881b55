import logging.config
import os

import structlog
from celery import Celery
from celery.signals import (
    beat_init,
    before_task_publish,
    setup_logging,
    task_postrun,
    task_prerun,
)
from django.conf import settings

from core import beat, metrics, tracing

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nijmegen_kcc.settings")

app = Celery("nijmegen_kcc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# beat exactly once however many replicas start it (a lock in the broker's Redis)
beat_init.connect(beat.bij_start, weak=False)
# the time of sending travels with each task: /metrics shows the age of the oldest waiting one
before_task_publish.connect(metrics.verzendtijd_meegeven, weak=False)
# and, with tracing on, the trace context: a task's span continues the request's trace
before_task_publish.connect(tracing.context_meegeven, weak=False)
task_prerun.connect(tracing.taak_begonnen, weak=False)
task_postrun.connect(tracing.taak_klaar, weak=False)


@setup_logging.connect(weak=False)
def django_logging(**kwargs):
    """Workers and beat keep Django's LOGGING (JSON lines on stdout, as the web processes):
    a receiver here stops Celery from replacing the root logger's handlers with its own."""
    logging.config.dictConfig(settings.LOGGING)


@task_prerun.connect(weak=False)
def taak_binden(task_id=None, task=None, **kwargs):
    # every log line of a task carries its id and name, as a request's carry the request id
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task_id=task_id, task=getattr(task, "name", ""))


@task_postrun.connect(weak=False)
def taak_losmaken(**kwargs):
    structlog.contextvars.clear_contextvars()
