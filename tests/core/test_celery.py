"""Celery with real parts: a task sent from this process runs in a separate worker process."""

import os
import time

import pytest
from django.core.cache import cache

from core import tasks
from core.health import run_checks

pytestmark = pytest.mark.celery


def test_task_round_trip_through_redis_to_a_worker_process(celery_worker_process):
    result = tasks.ping.delay("hallo Nijmegen")
    answer = result.get(timeout=20)
    assert answer["echo"] == "hallo Nijmegen"
    # It really ran elsewhere: the worker reports its own hostname on the result.
    assert result.state == "SUCCESS"
    assert celery_worker_process["process"].pid != os.getpid()


def test_heartbeat_from_worker_makes_health_page_green(celery_worker_process):
    tasks.heartbeat.delay().forget()
    # The worker writes the heartbeat in the shared Redis cache; wait for it.
    for _ in range(100):
        if cache.get(tasks.HEARTBEAT_KEY):
            break
        time.sleep(0.1)
    checks = {check.name: check for check in run_checks()}
    assert checks["Celery-worker"].ok, checks["Celery-worker"].detail
    assert celery_worker_process["hostname"] in checks["Celery-worker"].detail
    assert checks["Celery-planner (beat)"].ok, checks["Celery-planner (beat)"].detail
