"""Celery beat exactly once, however many replicas start it.

Every beat takes a lock in the broker's Redis before it schedules anything (``beat_init``).
The one that holds it renews it every ``VERNIEUW`` seconds from a thread; the others wait,
asking every few seconds. When the holder stops (a replica is removed, a node dies), its lock
runs out after ``GELDIG`` seconds and a waiting beat takes over. The worst case is a pause of
``GELDIG`` seconds in the schedule, never two beats sending the same sweep.
"""

import logging
import os
import socket
import threading
import time

from celery import current_app

logger = logging.getLogger("kcc.beat")
SLEUTEL = "kcc-beat-lock"  # per queue name (below): one beat per installation
GELDIG = 30
VERNIEUW = 10


def _sleutel() -> str:
    return f"{SLEUTEL}:{current_app.conf.task_default_queue}"


def _client():
    return current_app.connection_for_write().default_channel.client


def wachten_op_slot(eigenaar: str | None = None, *, stop: threading.Event | None = None) -> str:
    """Blocks until this process holds the beat lock; returns the owner id it holds it by."""
    eigenaar = eigenaar or f"{socket.gethostname()}:{os.getpid()}"
    gemeld = False
    while stop is None or not stop.is_set():
        try:
            client = _client()
            if client.set(_sleutel(), eigenaar, nx=True, ex=GELDIG):
                logger.warning("beat: lock taken (%s); scheduling", eigenaar)
                threading.Thread(
                    target=_vernieuwen, args=(eigenaar,), daemon=True, name="beat-lock"
                ).start()
                return eigenaar
            if not gemeld:
                logger.warning("beat: standby, another beat schedules")
                gemeld = True
        except Exception:
            logger.warning("beat: the broker does not answer; trying again", exc_info=True)
        time.sleep(3)
    return eigenaar


def _vernieuwen(eigenaar: str) -> None:
    """Renews the lock while it is ours; if another took it (we were paused longer than the
    lock lives), this process stops, so that two beats never schedule at once."""
    while True:
        time.sleep(VERNIEUW)
        try:
            if not vernieuwen_eenmaal(_client(), eigenaar):
                logger.error("beat: lost the lock to another beat; stopping")
                os._exit(1)
        except Exception:
            logger.warning("beat: could not renew the lock", exc_info=True)


def vernieuwen_eenmaal(client, eigenaar: str) -> bool:
    """One renewal. An absent key is not another beat: Redis restarted empty (it keeps
    nothing on disk) or the key expired while Redis was away; then the lock is taken again
    (SET NX, so a standby beat that was quicker wins and this one stops). False only when
    another beat holds it."""
    huidig = client.get(_sleutel())
    if huidig is None:
        if client.set(_sleutel(), eigenaar, nx=True, ex=GELDIG):
            logger.warning("beat: the lock was gone (Redis restarted?); taken again")
            return True
        huidig = client.get(_sleutel())
    if huidig in (eigenaar, eigenaar.encode()):
        client.expire(_sleutel(), GELDIG)
        return True
    return False


def bij_start(sender=None, **kwargs) -> None:
    """Receiver of Celery's ``beat_init``."""
    wachten_op_slot()
