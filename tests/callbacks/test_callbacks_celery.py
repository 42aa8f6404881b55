"""None lost, none doubled — proven with real processes: Celery workers on Redis, a worker
killed with SIGKILL halfway, and a Redis server restarted mid-stream."""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest

from callbacks import services
from callbacks.models import Melding, Routeringsregel, Terugbelverzoek
from tests.catalogus import maak_wereld
from tests.conftest import BASE_DIR, start_worker, stop_worker, worker_env
from tests.factories import PersoonFactory
from tests.processen import redis_server, vrije_poort

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def wereld_met_regel():
    wereld = maak_wereld()
    Routeringsregel.objects.create(
        onderwerp=wereld.onderwerpen["wmo"], afdeling=wereld.afdelingen["wmo"]
    )
    wereld.afdelingen["wmo"].email = "wmo@nijmegen.example"
    wereld.afdelingen["wmo"].save()
    return wereld


def wait_for(condition, timeout, what, tick=None, every=5.0):
    """Polls ``condition``; runs ``tick`` (the sweep) every ``every`` seconds meanwhile."""
    deadline = time.monotonic() + timeout
    next_tick = time.monotonic()
    while time.monotonic() < deadline:
        if tick and time.monotonic() >= next_tick:
            tick()
            next_tick = time.monotonic() + every
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"{what} did not happen within {timeout} s")


def message_ids(mail_dir: Path) -> Counter:
    ids = Counter()
    for path in mail_dir.glob("*"):
        ids.update(re.findall(r"Message-ID: <(melding-\d+)@", path.read_text(errors="replace")))
    return ids


def everything_done(n):
    return (
        Terugbelverzoek.objects.filter(status="nieuw").count() == n
        and Melding.objects.filter(gemaild_op__isnull=False).count() == n
    )


def test_1000_callbacks_worker_killed_halfway_all_routed_and_notified_once(settings, tmp_path):
    from callbacks import tasks
    from nijmegen_kcc.celery import app

    wereld = wereld_met_regel()
    persoon = PersoonFactory()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        # small batches, so that the worker is still busy when it is killed
        "KCC_TERUGBEL_ROUTEER_PARTIJ": "5",
    }
    worker, _ = start_worker(settings, queue, **env)
    app.conf.task_default_queue = queue
    try:
        for i in range(1000):
            services.terugbelverzoek_aanmaken(
                partij=persoon,
                onderwerp=wereld.onderwerpen["wmo"],
                vraag=f"Vraag {i}",
                telefoonnummer="0612345678",
                door=wereld.users["kcc"],
            )
        wait_for(
            lambda: Melding.objects.filter(gemaild_op__isnull=False).count() >= 100,
            120,
            "the first 100 notifications",
        )
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its pool child, mid-stream
        worker.wait()
        routed_at_kill = Terugbelverzoek.objects.filter(status="nieuw").count()
        mailed_at_kill = Melding.objects.filter(gemaild_op__isnull=False).count()
        assert mailed_at_kill < 1000, "the worker finished before it was killed"
        worker, _ = start_worker(settings, queue, name=f"{queue}-2", **env)
        # The killed worker's unacknowledged tasks wait in Redis for the visibility timeout;
        # the sweep (beat, every 20 s in production) sends what is not done after a minute.
        settings.KCC_TERUGBEL_HERZEND_NA_SECONDEN = 0
        settings.KCC_TERUGBEL_ROUTEER_PARTIJ = 5
        wait_for(
            lambda: everything_done(1000),
            180,
            "routing and mailing all 1000",
            tick=tasks.nalopen.run,
        )
    finally:
        app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
        stop_worker(worker)
    assert Melding.objects.filter(soort="nieuw").count() == 1000  # one per request, no more
    assert (
        Counter(Melding.objects.values_list("terugbelverzoek_id", flat=True)).most_common(1)[0][1]
        == 1
    )
    ids = message_ids(mail_dir)
    assert len(ids) == 1000  # every request's notification reached the mail backend
    resent = sum(ids.values()) - len(ids)
    # A mail handed over just before the kill and not yet marked is sent again with the same
    # Message-ID (mail systems drop the copy); at most the one in hand at the kill.
    assert resent <= 1
    print(
        f"\nkilled after {routed_at_kill} routed / {mailed_at_kill} mailed; "
        f"resent with the same Message-ID: {resent}"
    )


PRODUCER = """
import django, sys, time
django.setup()
from callbacks import services
from contacts.models import Onderwerp, Partij
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(username="t-kcc")
onderwerp = Onderwerp.objects.get(code="onderwerp-wmo")
partij = Partij.objects.get(pk=int(sys.argv[1]))
for i in range(int(sys.argv[2])):
    services.terugbelverzoek_aanmaken(partij=partij, onderwerp=onderwerp, vraag=f"Vraag {i}",
                                      telefoonnummer="0612345678", door=user)
    time.sleep(0.01)
"""

SWEEP = """
import django
django.setup()
from callbacks.tasks import nalopen
print(nalopen.run())
"""


def test_redis_restarted_mid_stream_loses_no_callback(settings, tmp_path):
    wereld_met_regel()
    persoon = PersoonFactory()
    port = vrije_poort()
    broker = f"redis://127.0.0.1:{port}/0"
    redis = redis_server(port)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    try:
        worker, _ = start_worker(settings, queue, broker=broker, **env)
    except BaseException:
        redis.kill()
        raise
    django_env = {
        **worker_env(settings, queue, KCC_TERUGBEL_HERZEND_NA_SECONDEN="0", **env),
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "DJANGO_SETTINGS_MODULE": "nijmegen_kcc.settings",
    }
    try:
        # The web side (a separate process, like gunicorn) saves 300 requests, one every
        # 10 ms or so; Redis is killed after about a third and comes back empty a second later.
        producer = subprocess.Popen(
            [sys.executable, "-c", PRODUCER, str(persoon.id), "300"],
            cwd=BASE_DIR,
            env=django_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        wait_for(lambda: Terugbelverzoek.objects.count() >= 100, 60, "100 requests saved")
        redis.kill()
        redis.wait()
        time.sleep(1)
        redis = redis_server(port)
        output, _ = producer.communicate(timeout=120)
        assert producer.returncode == 0, output  # the web side never failed
        assert Terugbelverzoek.objects.count() == 300

        def sweep():
            subprocess.run(
                [sys.executable, "-c", SWEEP],
                cwd=BASE_DIR,
                env=django_env,
                check=True,
                capture_output=True,
                timeout=60,
            )

        wait_for(lambda: everything_done(300), 120, "routing and mailing all 300", tick=sweep)
    finally:
        stop_worker(worker)
        redis.kill()
    assert Melding.objects.filter(soort="nieuw").count() == 300
