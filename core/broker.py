"""The wake-up that follows a commit through the broker (Redis).

Services send their tasks by name: a task module calls its app's services, so the services
cannot import the tasks without a cycle. ``tests/callbacks`` and ``tests/channels`` run each
named task in a real worker.
"""

import logging

from celery import current_app

logger = logging.getLogger(__name__)


def wek(task_naam: str, *args) -> bool:
    """Sends a wake-up through the broker after a commit, briefly retried. When the broker is
    away the work is still in the database and a beat sweep sends it later: the caller never
    fails on it. Returns whether it was sent."""
    try:
        current_app.send_task(
            task_naam,
            args,
            retry=True,
            retry_policy={
                "max_retries": 2,
                "interval_start": 0,
                "interval_step": 0.2,
                "interval_max": 0.5,
            },
        )
    except Exception:
        logger.warning("%s%r not sent; the sweep sends it", task_naam, args)
        return False
    return True
