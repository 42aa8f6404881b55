import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from permissions import roles
from tests.factories import AfdelingFactory, MedewerkerFactory

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Test databases are emptied between transactional tests with TRUNCATE, which the access
    log's append-only trigger refuses unless the connection says it is a test."""
    from django.conf import settings

    options = settings.DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (options.get("options", "") + " -c kcc.allow_truncate=on").strip()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Tests do not run collectstatic: serve static files from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    # Each test gets an empty cache of its own key space on the real Redis; never FLUSHDB,
    # which would also drop queued Celery tasks and a running demo's data.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"}
    }


@pytest.fixture
def make_medewerker(db):
    def make(rol, **kwargs):
        return MedewerkerFactory(rol=rol, **kwargs)

    return make


@pytest.fixture
def kcc_medewerker(make_medewerker):
    return make_medewerker(roles.KCC_MEDEWERKER, afdeling=AfdelingFactory(code="kcc", naam="KCC"))


@pytest.fixture
def role_groups(db):
    return {group.name: group for group in Group.objects.filter(name__in=roles.ROLES)}


# --- a real Celery worker process ---------------------------------------------------------


@pytest.fixture
def celery_worker_process(transactional_db, settings):
    """Starts ``celery worker`` as a separate process on the test database and real Redis.

    The worker consumes a queue of its own, so a demo worker on the same Redis never takes
    the test's tasks, and the test's tasks never reach another worker.
    """
    from django.db import connection

    from nijmegen_kcc.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "CELERY_QUEUE": queue,
        "DATABASE_URL": _database_url(db),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_CONN_MAX_AGE": "0",
        "CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "nijmegen_kcc", "worker", "-l", "info",
         "-Q", queue, "-c", "1", "-n", f"{queue}@%h", "--without-mingle", "--without-gossip"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    app.conf.task_default_queue = queue
    hostname = f"{queue}@{os.uname().nodename}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(f"Celery worker exited early:\n{worker.stdout.read()}")
        if app.control.ping(destination=[hostname], timeout=0.5):
            break
    else:
        worker.kill()
        pytest.fail("Celery worker did not come up within 30 s")
    try:
        yield {"process": worker, "queue": queue, "hostname": hostname}
    finally:
        app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def _database_url(db):
    from urllib.parse import quote

    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"
