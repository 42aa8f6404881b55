"""Operational tasks: the heartbeat that shows worker and beat are alive."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "health:heartbeat"


@shared_task(name="core.tasks.heartbeat", ignore_result=True)
def heartbeat():
    """Sent by beat every 10 s, executed by a worker: proves the whole chain runs."""
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=3600)


@shared_task(name="core.tasks.ping")
def ping(value):
    """Echo for the health page and the Celery round-trip test."""
    return {"echo": value, "worker_time": timezone.now().isoformat()}
