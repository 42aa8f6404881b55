"""Two beats started (two replicas): one schedules, the other waits; when the first stops,
the second takes over. Real processes on a private redis-server."""

import os
import signal
import time
from pathlib import Path

import pytest

from tests.processen import beat as _beat
from tests.processen import redis_server, vrije_poort

BASE_DIR = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.celery


def _wacht(pad, tekst, seconden):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if tekst in pad.read_text(errors="replace"):
            return True
        time.sleep(0.3)
    return False


def _omgeving():
    """A free port for a private redis-server, and a beat's environment pointing at it."""
    port = vrije_poort()
    broker = f"redis://127.0.0.1:{port}/0"
    return port, {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nijmegen_kcc.settings",
        "DJANGO_SECRET_KEY": "test-only-" + "b" * 50,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "REDIS_URL": broker,
        "CELERY_QUEUE": "beat-test",
        "KCC_LOG_FORMAAT": "tekst",
    }


def test_two_beats_schedule_once_and_the_standby_takes_over(tmp_path):
    port, env = _omgeving()
    redis = redis_server(port)
    eerste, eerste_log = _beat(env, tmp_path, "eerste")
    tweede = None
    try:
        assert _wacht(eerste_log, "lock taken", 30), eerste_log.read_text()
        tweede, tweede_log = _beat(env, tmp_path, "tweede")
        assert _wacht(tweede_log, "standby, another beat schedules", 30), tweede_log.read_text()
        # only one beat sends: the heartbeat (every 10 s) goes out once per 10 s
        time.sleep(22)
        import redis as redis_py

        wachtend = redis_py.Redis(port=port).llen("beat-test")
        assert 1 <= wachtend <= 4, wachtend
        assert "lock taken" not in tweede_log.read_text()
        # the first stops (a replica removed): the second takes over within the lock's life
        os.killpg(eerste.pid, signal.SIGKILL)
        assert _wacht(tweede_log, "lock taken", 45), tweede_log.read_text()
    finally:
        for proc in (eerste, tweede):
            if proc and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        redis.kill()


def test_a_beat_keeps_scheduling_when_redis_restarts_empty(tmp_path):
    """Redis keeps nothing on disk: after a restart the lock key is simply gone. That is not
    another beat holding it, so the beat takes the lock again and the sweeps go on (it used
    to stop for good, leaving lost mails unsent until someone restarted it)."""
    port, env = _omgeving()
    redis = redis_server(port)
    beat, log = _beat(env, tmp_path, "enige")
    try:
        assert _wacht(log, "lock taken", 30), log.read_text()
        redis.kill()
        redis.wait(10)
        redis = redis_server(port)  # the same address, empty
        assert _wacht(log, "taken again", 60), log.read_text()
        assert beat.poll() is None, log.read_text()  # still running
        import redis as redis_py

        einde = time.monotonic() + 40
        while redis_py.Redis(port=port).llen("beat-test") == 0 and time.monotonic() < einde:
            time.sleep(0.5)
        assert redis_py.Redis(port=port).llen("beat-test") >= 1, log.read_text()
        assert "stopping" not in log.read_text()
    finally:
        if beat.poll() is None:
            os.killpg(beat.pid, signal.SIGKILL)
        redis.kill()
