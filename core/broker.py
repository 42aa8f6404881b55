"""The wake-up that follows a commit through the broker (Redis).

Services send their tasks by name: a task module calls its app's services, so the services
cannot import the tasks without a cycle. ``tests/callbacks`` and ``tests/channels`` run each
named task in a real worker.
"""

import logging

from celery import current_app

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


# A queued task marks what it is for; while the mark lives no second task is sent for the
# same thing. The task renews the mark at every attempt (its retries come at most 60 s
# apart) and removes it when done. A task that dies with its worker renews nothing: its mark
# runs out after a minute and the sweep queues the work again (the tasks are idempotent, so
# a task that was only slow to start costs a duplicate that finds nothing to do). The marks
# live in the broker's own Redis, beside the queue: a broker that restarts empty loses both.
WACHT_SECONDEN = 60


def _wachtsleutel(task_naam: str, arg) -> str:
    return f"kcc-wacht:{current_app.conf.task_default_queue}:{task_naam}:{arg}"


def _met_broker(fn):
    with current_app.pool.acquire(block=True, timeout=5) as conn:
        return fn(conn.default_channel.client)


def in_wachtrij_zetten(task_naam: str, ids, per: int = 200) -> list:
    """Sends ``task_naam`` for the ids that have no task waiting yet (in batches of ``per``
    ids, one task per batch). During a mail outage the sweep finds the same unmailed
    notifications every 20 s: each is queued once, not once per sweep. Returns the ids sent."""
    ids = list(ids)
    if not ids:
        return []
    try:

        def markeren(client):
            pipe = client.pipeline()
            for item in ids:
                pipe.set(_wachtsleutel(task_naam, item), 1, nx=True, ex=WACHT_SECONDEN)
            return pipe.execute()

        gezet = _met_broker(markeren)
    except Exception:  # the broker is away: the task cannot be sent either; the sweep retries
        logger.warning("%s for %s ids not queued; the sweep queues them", task_naam, len(ids))
        return []
    nieuw = [item for item, ok in zip(ids, gezet, strict=True) if ok]
    for start in range(0, len(nieuw), per):
        wek(task_naam, nieuw[start : start + per])
    return nieuw


def nog_bezig(task_naam: str, ids) -> None:
    """Called by the task at every attempt: its ids stay marked as waiting."""
    try:
        _met_broker(
            lambda client: [
                client.set(_wachtsleutel(task_naam, item), 1, ex=WACHT_SECONDEN) for item in ids
            ]
        )
    except Exception:
        return


def klaar(task_naam: str, ids) -> None:
    if not ids:
        return
    try:
        _met_broker(lambda client: client.delete(*[_wachtsleutel(task_naam, i) for i in ids]))
    except Exception:
        return
