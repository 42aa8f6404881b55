"""The wake-up that follows a commit through the broker (Redis)."""

import logging

logger = logging.getLogger(__name__)


def wek(task, *args) -> bool:
    """Sends a wake-up through the broker after a commit, briefly retried. When the broker is
    away the work is still in the database and a beat sweep sends it later: the caller never
    fails on it. Returns whether it was sent."""
    try:
        task.apply_async(
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
        logger.warning("%s%r not sent; the sweep sends it", task.name, args)
        return False
    return True
