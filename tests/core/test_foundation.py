"""The foundation as staff meet it: log in, see your role, lock-out, health, security headers."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from permissions import roles
from permissions.visibility import SERVES_PUBLIC

pytestmark = pytest.mark.django_db


def test_pages_require_log_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("rol", roles.ROLES)
def test_each_role_logs_in_and_sees_its_role_in_the_header(client, make_medewerker, rol):
    medewerker = make_medewerker(rol)
    response = client.post(
        reverse("login"),
        {"username": medewerker.user.username, "password": "correct horse battery staple"},
        follow=True,
    )
    assert response.request["PATH_INFO"] == reverse("home")
    html = response.content.decode()
    # as the page writes it: a name like "van 't Riet" is HTML-escaped
    assert escape(medewerker.user.get_full_name()) in html
    assert rol in html
    # the search box only for those who may search: it would end in a refusal for others
    assert ('id="global-search"' in html) == (rol in SERVES_PUBLIC)
    assert ("zoekvak" in html) == (rol in SERVES_PUBLIC)


def test_wrong_password_is_told_in_dutch_and_locks_after_five_tries(client, kcc_medewerker):
    username = kcc_medewerker.user.username
    for _ in range(4):
        response = client.post(reverse("login"), {"username": username, "password": "fout"})
        assert response.status_code == 200
        assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    response = client.post(reverse("login"), {"username": username, "password": "fout"})
    assert response.status_code == 429
    assert "Uw account is even geblokkeerd" in response.content.decode()
    # Even the right password does not get in while locked.
    response = client.post(
        reverse("login"), {"username": username, "password": "correct horse battery staple"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_demo_login_page_exists_only_in_demo_mode(client, settings):
    settings.DEMO_MODE = False
    assert client.get("/demo/").status_code == 404
    assert client.post("/demo/", {"username": "kcc"}).status_code == 404


def test_demo_login_refuses_users_that_are_not_demo_users(client, settings, kcc_medewerker):
    settings.DEMO_MODE = True
    response = client.post("/demo/", {"username": kcc_medewerker.user.username})
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


def test_security_headers_allow_only_own_scripts_and_styles(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "https://" not in html.split("<body")[0]  # no CDN in the head


def test_health_page_reports_database_and_redis_and_missing_worker(client):
    response = client.get(reverse("health") + "?format=json")
    body = response.json()
    checks = {check["name"]: check for check in body["checks"]}
    assert checks["Database"]["ok"] is True
    assert checks["Redis"]["ok"] is True
    # No worker consumes in this test: the page says so, and the status code tells monitoring.
    assert checks["Celery-worker"]["ok"] is False
    assert response.status_code == 503


def test_health_details_only_for_the_internal_network_and_the_functioneel_beheerder(
    client, make_medewerker
):
    from permissions.roles import FUNCTIONEEL_BEHEERDER, KCC_MEDEWERKER

    buiten = {"REMOTE_ADDR": "203.0.113.5"}
    body = client.get(reverse("health") + "?format=json", **buiten).json()
    assert all(set(check) == {"name", "ok"} for check in body["checks"])
    html = client.get(reverse("health"), **buiten).content.decode()
    assert "PostgreSQL" not in html
    client.force_login(make_medewerker(KCC_MEDEWERKER).user)
    assert "PostgreSQL" not in client.get(reverse("health"), **buiten).content.decode()
    client.force_login(make_medewerker(FUNCTIONEEL_BEHEERDER).user)
    assert "PostgreSQL" in client.get(reverse("health"), **buiten).content.decode()
    # the orchestrator's probes say nothing but yes or no
    ready = client.get(reverse("health-ready"), **buiten)
    assert (ready.status_code, ready.content) == (200, b"ok")


def test_every_page_has_a_permissions_policy_and_pages_are_not_cached(client, kcc_medewerker):
    for response in (client.get(reverse("login")), client.get("/contact/")):
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert "no-store" in response.headers["Cache-Control"]
    client.force_login(kcc_medewerker.user)
    response = client.get(reverse("home"))
    assert "no-store" in response.headers["Cache-Control"]
    assert "microphone=()" in response.headers["Permissions-Policy"]


def test_a_huge_upload_is_refused_before_it_is_received(live_server):
    """200 MB announced, a few bytes sent: the answer (413) comes at once, without waiting."""
    import socket
    import time

    host, port = live_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /email/uploaden/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 209715200\r\n\r\n--x\r\n"
        )
        started = time.monotonic()
        answer = ""
        while "hoogstens" not in answer and time.monotonic() - started < 5:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk.decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413")
    assert "hoogstens 20 MB" in answer
    assert time.monotonic() - started < 5


def test_liveness_answers_without_dependencies(client):
    response = client.get(reverse("health-live"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_the_version_endpoint_says_which_release_and_commit_runs(client, settings):
    settings.KCC_VERSIE, settings.KCC_COMMIT = "1.2.3", "abc123def456"
    antwoord = client.get("/version").json()
    assert antwoord == {"versie": "1.2.3", "commit": "abc123def456"}


def test_log_lines_are_json_with_the_request_id_and_trace_id(client, kcc_medewerker):
    import io
    import json
    import logging
    import logging.config

    from core import logboek

    stroom = io.StringIO()
    handler = logging.StreamHandler(stroom)
    handler.setFormatter(
        logging.config.DictConfigurator({}).configure_formatter(logboek.formatter(json=True))
    )
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.force_login(kcc_medewerker.user)
        antwoord = client.get(
            "/nijmegenaren/999999/",
            headers={
                "X-Request-ID": "req-42",
                "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            },
        )
    finally:
        logger.removeHandler(handler)
    assert antwoord.status_code == 404
    assert antwoord["X-Request-ID"] == "req-42"
    regel = json.loads(stroom.getvalue().strip().splitlines()[-1])
    assert regel["request_id"] == "req-42"
    assert regel["trace_id"] == "0af7651916cd43dd8448eb211c80319c"
    assert regel["level"] == "warning"
    # an id of our own when the proxy sends none, or sends something that is no id
    assert client.get("/", headers={"X-Request-ID": "<script>"})["X-Request-ID"] != "<script>"


def test_the_403_and_404_pages_are_dutch_with_a_way_back(client, kcc_medewerker):
    """Not Django's English defaults: the house style, plain Dutch, a link home."""
    client.force_login(kcc_medewerker.user)
    niet_gevonden = client.get("/nijmegenaren/999999999/")
    assert niet_gevonden.status_code == 404
    html = niet_gevonden.content.decode()
    assert "Pagina niet gevonden" in html
    assert 'href="/"' in html
    assert '<html lang="nl"' in html
    geen_toegang = client.get("/privacy/toegangslog/")
    assert geen_toegang.status_code == 403
    assert "Geen toegang" in geen_toegang.content.decode()
