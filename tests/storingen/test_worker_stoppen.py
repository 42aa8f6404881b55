"""A worker that is stopped (SIGTERM: a rolling update, a node drained, `docker compose
stop`) finishes the task it is doing before it exits — warm shutdown — and takes no new one.
The task in progress is held up for real: the test locks the notifications table, so the
routing task waits at its insert while the worker is told to stop. (A worker killed outright
returns its task: tests/callbacks/test_callbacks_celery.py kills one mid-stream.)"""

import os
import signal
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from callbacks import services
from callbacks.models import Melding, Routeringsregel, Terugbelverzoek
from tests.catalogus import maak_wereld
from tests.conftest import start_worker, stop_worker
from tests.factories import PersoonFactory

pytestmark = [pytest.mark.celery]


def _eigen_verbinding():
    db = connection.settings_dict
    return psycopg.connect(
        dbname=db["NAME"],
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db.get("PASSWORD") or None,
    )


def _wacht(voorwaarde, seconden, waarom):
    deadline = time.monotonic() + seconden
    while time.monotonic() < deadline:
        if voorwaarde():
            return
        time.sleep(0.1)
    pytest.fail(waarom)


def test_a_stopped_worker_finishes_its_task_before_it_exits(transactional_db, settings):
    from nijmegen_kcc.celery import app

    wereld = maak_wereld()
    Routeringsregel.objects.create(
        onderwerp=wereld.onderwerpen["wmo"], afdeling=wereld.afdelingen["wmo"]
    )
    queue = "test-stoppen-" + os.urandom(4).hex()
    worker, _naam = start_worker(settings, queue)
    app.conf.task_default_queue = queue
    slot = _eigen_verbinding()
    try:
        # inserts into the notifications wait until this transaction ends
        slot.execute(f"LOCK TABLE {Melding._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        tbv = services.terugbelverzoek_aanmaken(
            partij=PersoonFactory(),
            onderwerp=wereld.onderwerpen["wmo"],
            vraag="Wil teruggebeld worden",
            telefoonnummer="0612345678",
            door=wereld.users["kcc"],
        )  # sends the routing task after the commit
        log = Path(worker.log_path)
        _wacht(lambda: "callbacks.tasks.routeren" in log.read_text(errors="replace"), 20,
               "the worker did not receive the routing task")  # fmt: skip
        time.sleep(0.5)  # it is now at the insert, waiting for the lock
        os.kill(worker.pid, signal.SIGTERM)  # warm shutdown
        time.sleep(2)
        # still there: it does not walk away from the task in progress
        assert worker.poll() is None
        assert Terugbelverzoek.objects.get(id=tbv.id).status == "ontvangen"
        slot.rollback()  # the lock goes; the task can finish
        assert worker.wait(timeout=30) == 0
        tbv.refresh_from_db()
        assert tbv.status == "nieuw"
        assert tbv.afdeling == wereld.afdelingen["wmo"]
        assert Melding.objects.filter(terugbelverzoek=tbv, soort="nieuw").count() == 1
        assert "Warm shutdown" in log.read_text(errors="replace")
    finally:
        slot.close()
        app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
        stop_worker(worker)
