"""A Celery worker survives Redis restarts while it is busy acknowledging tasks.

With kombu's own Redis transport the worker exited ("Unrecoverable error: AttributeError
… 'hostname'") at the second or third restart under load; ``core.redis_transport`` keeps it
alive. Real processes: a private redis-server that is killed and started again, a worker,
and a producer that keeps sending."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.processen import redis_server, vrije_poort

BASE_DIR = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.celery

PRODUCER = """
import django, time
django.setup()
from core.tasks import ping
while True:
    try:
        for _ in range(50):
            ping.apply_async(("x",), ignore_result=True)
    except Exception:
        pass
    time.sleep(0.05)
"""


def test_the_worker_survives_redis_restarts_under_load():
    port = vrije_poort()
    broker = f"redis://127.0.0.1:{port}/0"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nijmegen_kcc.settings",
        "DJANGO_SECRET_KEY": "test-only-" + "w" * 50,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "REDIS_URL": broker,
        "CELERY_QUEUE": "herstart",
    }
    redis = redis_server(port)
    log = tempfile.NamedTemporaryFile(prefix="herstart-", suffix=".log", delete=False)  # noqa: SIM115
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "nijmegen_kcc", "worker", "-l", "info", "-Q",
         "herstart", "-c", "2", "--without-mingle", "--without-gossip"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    producer = None
    try:
        deadline = time.monotonic() + 30
        while " ready." not in Path(log.name).read_text(errors="replace"):
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.2)
        producer = subprocess.Popen(
            [sys.executable, "-c", PRODUCER], cwd=BASE_DIR, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(8):
            time.sleep(2.5)
            redis.kill()
            redis.wait()
            time.sleep(0.3)
            redis = redis_server(port)
            assert worker.poll() is None, Path(log.name).read_text(errors="replace")[-3000:]
        # and it still works: a round trip through the restarted Redis
        producer.kill()
        script = (
            "import django; django.setup()\n"
            "from core.tasks import ping\n"
            "print(ping.apply_async(('na herstart',)).get(timeout=30)['echo'])\n"
        )
        uit = subprocess.run(
            [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True,
            text=True, timeout=60, check=True,
        )  # fmt: skip
        assert uit.stdout.strip() == "na herstart"
        assert worker.poll() is None
        assert "Unrecoverable error" not in Path(log.name).read_text(errors="replace")
    finally:
        if producer:
            producer.kill()
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, 9)
        redis.kill()
