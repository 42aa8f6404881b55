"""While the database is away, every page says so in Dutch (503, "try again shortly"), and the
public form says plainly that the question was not sent. A real gunicorn with production
settings, pointed at a PostgreSQL port where nothing listens."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.processen import vrije_poort

BASE_DIR = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def server_zonder_database(tmp_path_factory):
    static = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "test-only-" + "s" * 50,
        "DJANGO_DEBUG": "0",
        "KCC_DEMO": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(static),
        # nothing listens on port 9 (discard) of loopback: every connection is refused
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/kcc",
        "DATABASE_CONN_MAX_AGE": "0",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    port = vrije_poort()
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "nijmegen_kcc.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", "1", "--log-level", "warning",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("gunicorn did not start")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def _vraag(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


@pytest.mark.parametrize("pad", ["/", "/zoeken/", "/nijmegenaren/1/", "/terugbelverzoeken/"])
def test_staff_pages_say_temporarily_unavailable_in_dutch(server_zonder_database, pad):
    # a colleague who is logged in: her session is in the database that is away
    sessie = {"Cookie": "sessionid=" + "a" * 32}
    status, headers, html = _vraag(server_zonder_database + pad, headers=sessie)
    assert status == 503
    assert headers.get("Retry-After") == "30"
    assert '<html lang="nl">' in html
    assert "tijdelijk niet beschikbaar" in html
    assert "Server Error" not in html
    # nothing of the driver's message (host, port) reaches the page
    assert "127.0.0.1" not in html
    assert "9/kcc" not in html
    assert "psycopg" not in html


def test_the_public_form_says_the_question_was_not_sent(server_zonder_database):
    for pad in ["/contact/", "/en/contact/"]:
        status, _headers, html = _vraag(server_zonder_database + pad)
        assert status == 503
        if pad == "/contact/":
            assert "Uw vraag is niet verstuurd." in html
        else:
            assert "Your question has not been sent." in html


def test_liveness_still_answers_and_readiness_does_not(server_zonder_database):
    assert _vraag(server_zonder_database + "/health/live/")[0] == 200
    status, _headers, body = _vraag(server_zonder_database + "/health/ready/")
    assert status == 503
    assert body == "niet gereed"
