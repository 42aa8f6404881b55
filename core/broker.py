"""The wake-up that follows a commit through the broker (Redis).

Services send their tasks by name: a task module calls its app's services, so the services
cannot import the tasks without a cycle. ``tests/callbacks`` and ``tests/channels`` run each
named task in a real worker.
"""

import logging

from celery import current_app
from django.core.cache import cache

logger = logging.getLogger(__name__)


# tasks that send e-mail: on the mail queue
MAILTAKEN = {"callbacks.tasks.mailen", "kcc_channels.tasks.bevestiging_mailen"}


def mail_wachtrij() -> str:
    return current_app.conf.task_default_queue + "-mail"


def routeer(name, args, kwargs, options, task=None, **kw):
    """Celery router (``CELERY_TASK_ROUTES``): mail tasks to ``<default queue>-mail``."""
    if name in MAILTAKEN:
        return {"queue": mail_wachtrij()}
    return None


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


# A queued task marks what it is for; while the mark lives (the task waits, runs or waits for
# its next retry) no second task is sent for the same thing. The running task renews it, so
# it outlives the longest retry backoff (60 s); it is removed when the task is done.
WACHT_SECONDEN = 300


def _wachtsleutel(task_naam: str, arg) -> str:
    return f"wacht:{task_naam}:{arg}"


def in_wachtrij_zetten(task_naam: str, ids, per: int = 200) -> list:
    """Sends ``task_naam`` for the ids that have no task waiting yet (in batches of ``per``
    ids, one task per batch). During a mail outage the sweep finds the same unmailed
    notifications every 20 s: each is queued once, not once per sweep. Returns the ids sent."""
    nieuw: list = []
    for item in ids:
        try:
            if not cache.add(_wachtsleutel(task_naam, item), 1, WACHT_SECONDEN):
                continue
        except Exception:  # Redis away: the task cannot be sent either; the sweep tries again
            return nieuw
        nieuw.append(item)
    for start in range(0, len(nieuw), per):
        wek(task_naam, nieuw[start : start + per])
    return nieuw


def nog_bezig(task_naam: str, ids) -> None:
    """Called by the task at every attempt: its ids stay marked as waiting."""
    try:
        for item in ids:
            cache.touch(_wachtsleutel(task_naam, item), WACHT_SECONDEN)
    except Exception:
        return


def klaar(task_naam: str, ids) -> None:
    try:
        cache.delete_many([_wachtsleutel(task_naam, item) for item in ids])
    except Exception:
        return
