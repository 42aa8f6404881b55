import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from hypothesis import settings as hypothesis_settings

from permissions import roles
from tests.factories import AfdelingFactory, MedewerkerFactory

BASE_DIR = Path(__file__).resolve().parent.parent
SESSIE = uuid.uuid4().hex[:6]  # this test run's part of every cache key prefix

# Generated examples: a few hundred in every run; the nightly run asks for more with
# ``./kcc test -m fuzz --hypothesis-profile=nightly``.
hypothesis_settings.register_profile("default", max_examples=300)
hypothesis_settings.register_profile("nightly", max_examples=10_000)
hypothesis_settings.load_profile("default")


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Tests do not run collectstatic: serve static files from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    # every kept query is checked against the ORM's own SQL (core.voorbereid)
    settings.KCC_VOORBEREID_CONTROLE = True
    # Each test gets an empty cache of its own key space on the real Redis; never FLUSHDB,
    # which would also drop queued Celery tasks and a running demo's data.
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "KEY_PREFIX": f"test-{SESSIE}-{uuid.uuid4().hex[:12]}",
        }
    }
    # the closing days' version is remembered for a second per process: not across tests
    from callbacks import termijnen  # a test fixture; the app is loaded by now

    termijnen._gelezen[:] = [0.0, ""]


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


def worker_env(settings, queue, **extra):
    """The environment of a worker (or any Django process) on the test database."""
    from django.db import connection

    return {
        **os.environ,
        "CELERY_QUEUE": queue,
        "DATABASE_URL": _database_url(connection.settings_dict),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_CONN_MAX_AGE": "0",
        "CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        **extra,
    }


def start_worker(settings, queue, *, name=None, broker=None, **extra_env):
    """Starts ``celery worker`` as a separate process (its own process group, so a test can
    kill it and its pool children with one signal) and waits until it answers a ping."""

    name = name or queue
    env = worker_env(settings, queue, **extra_env)
    if broker:
        env["CELERY_BROKER_URL"] = env["CELERY_RESULT_BACKEND"] = broker
    # The log goes to a file: a pipe nobody reads fills up and blocks the worker.
    log = tempfile.NamedTemporaryFile(prefix=f"{name}-", suffix=".log", delete=False)  # noqa: SIM115
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "nijmegen_kcc",
            "worker",
            "-l",
            "info",
            "-Q",
            f"{queue},{queue}-mail",
            "-c",
            "1",
            "-n",
            f"{name}@%h",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    worker.log_path = log.name
    hostname = f"{name}@{os.uname().nodename}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(f"Celery worker exited early:\n{Path(log.name).read_text()}")
        if f"{name}@" in (text := Path(log.name).read_text(errors="replace")) and " ready." in text:
            break
        time.sleep(0.2)
    else:
        worker.kill()
        pytest.fail("Celery worker did not come up within 30 s")
    return worker, hostname


def stop_worker(worker):
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, 9)
        worker.wait()


@pytest.fixture
def celery_worker_process(transactional_db, settings):
    """Starts ``celery worker`` as a separate process on the test database and real Redis.

    The worker consumes a queue of its own, so a demo worker on the same Redis never takes
    the test's tasks, and the test's tasks never reach another worker.
    """
    from nijmegen_kcc.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker, hostname = start_worker(settings, queue)
    app.conf.task_default_queue = queue
    try:
        yield {"process": worker, "queue": queue, "hostname": hostname}
    finally:
        app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
        stop_worker(worker)


def _database_url(db):
    from urllib.parse import quote

    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


@pytest.fixture(scope="session")
def statische_bestanden(tmp_path_factory):
    """collectstatic once per run, for processes with production settings (gunicorn): their
    pages need the manifest of the static files."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_DEBUG": "0", "DJANGO_STATIC_ROOT": str(root),
             "DJANGO_SECRET_KEY": "collectstatic-only-" + "x" * 40,
             "DJANGO_ALLOWED_HOSTS": "127.0.0.1"},
        check=True,
        timeout=120,
    )  # fmt: skip
    return root


# --- no personal data in any log line of the run (tests/logcontrole.py) ---------------------


def pytest_sessionstart(session):
    import logging

    from core import logboek

    map_ = Path(tempfile.mkdtemp(prefix="kcc-logboek-"))
    # the processes this run starts (workers, gunicorn, beat) inherit it
    os.environ["KCC_LOG_KOPIE_MAP"] = str(map_)
    formatter = dict(logboek.formatter(json=True))
    handler = logging.FileHandler(map_ / f"{os.getpid()}.jsonl", delay=True)
    handler.setFormatter(formatter.pop("()")(**formatter))
    logging.getLogger().addHandler(handler)
    session.config._kcc_logboek = map_


def _testsleutels_opruimen(reporter) -> None:
    """Every test has a cache key space of its own (``test-…``) on the real Redis: removed at
    the end of the run, so a shared Redis does not fill up with them."""
    from django.conf import settings

    try:
        import redis

        client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
        weg = 0
        patroon = f"test-{SESSIE}-*"  # this run's only: another run may share the Redis
        for sleutels in _per_honderd(client.scan_iter(match=patroon, count=1000)):
            weg += client.delete(*sleutels)
        if reporter and weg:
            reporter.write_line(f"Redis: {weg} test cache keys removed")
    except Exception as exc:  # Redis away at the end: nothing to clean, nothing to fail
        if reporter:
            reporter.write_line(f"Redis: test cache keys not removed ({type(exc).__name__})")


def _per_honderd(sleutels):
    deel = []
    for sleutel in sleutels:
        deel.append(sleutel)
        if len(deel) == 100:
            yield deel
            deel = []
    if deel:
        yield deel


def pytest_sessionfinish(session, exitstatus):
    import logging

    from tests.logcontrole import controleren

    _testsleutels_opruimen(session.config.pluginmanager.get_plugin("terminalreporter"))

    map_ = getattr(session.config, "_kcc_logboek", None)
    if map_ is None:
        return
    for handler in logging.getLogger().handlers:
        handler.flush()
    fouten = controleren(map_)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    regels = sum(1 for f in map_.glob("*.jsonl") for _ in f.open(errors="replace"))
    if fouten:
        if reporter:
            reporter.write_sep("=", "personal data in log lines", red=True)
            for fout in fouten[:50]:
                reporter.write_line(fout)
            reporter.write_line(f"{len(fouten)} line(s); all logs in {map_}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif reporter:
        reporter.write_line(
            f"log check: {regels} log lines of {len(list(map_.glob('*.jsonl')))} processes, "
            "no BSN, phone number or e-mail address"
        )


# --- the fast inner loop: ./kcc test --snel ------------------------------------------------
# Tests that start servers of their own (gunicorn, nginx, PgBouncer, a redis-server, the
# identity provider, a Celery worker, a browser) are marked ``proces``; ``--snel`` leaves
# them out. The stub servers of the outside sources are quick and stay in.
PROCES_MAPPEN = ("e2e", "storingen", "proxy", "oidc", "otel", "perf")
PROCES_BESTANDEN = (
    "test_upgrade.py",
    "test_deployment.py",
    "test_bijlagen_s3.py",
    "test_run_command.py",  # starts ./kcc run itself
)
PROCES_FIXTURES = {"live_server", "celery_worker_process"}
# in-process, but minutes long: the leak crawlers (every role × every page) and the demo data
# loads; ``--snel`` leaves them out too, CI runs them
TRAAG_BESTANDEN = ("test_leak_crawler.py", "test_lekken.py", "test_demodata.py")


def pytest_collection_modifyitems(config, items):
    for item in items:
        delen = Path(str(item.path)).relative_to(BASE_DIR / "tests").parts
        if (
            delen[0] in PROCES_MAPPEN
            or delen[-1] in PROCES_BESTANDEN
            or PROCES_FIXTURES & set(getattr(item, "fixturenames", ()))
            or item.get_closest_marker("celery")
            or item.get_closest_marker("browser")
        ):
            item.add_marker(pytest.mark.proces)
        if delen[-1] in TRAAG_BESTANDEN:
            item.add_marker(pytest.mark.traag)
