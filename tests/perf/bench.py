"""Benchmark of search, klantbeeld and registering a contact, on the "Nijmegen ×1" data.

Run (loads the data first when the database is empty; takes about 4 minutes):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_x1 REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python tests/perf/bench.py [--runs 200] [--rounds 5] [--http] \\
        [--report docs/benchmarks.md]

Each request goes through the whole Django stack (middleware, session, visibility, template)
in this process with the test client, as the KCC demo user, warm cache; the figures are
server-side times, without network. With ``--http`` every line is measured a second time
over a socket through gunicorn (one sync worker, as the production image runs it; a new
connection per request), in the same interleaved rounds. Writes a markdown report.
"""

import argparse
import itertools
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from opzet import BASE_DIR, opzetten
from opzet import pct as percentile

opzetten("bench")


def timed(fn, runs):
    fn()  # warm up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = fn()
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{response.status_code} for {response.request}")
    return samples


class _Antwoord:
    def __init__(self, status_code, request):
        self.status_code, self.request = status_code, request


class OverHttp:
    """Requests over a real socket to gunicorn, each on a new connection (its sync workers
    close the connection after every answer), with the session of the in-process client."""

    CSRF = "benchmarkbenchmarkbenchmarkbench"  # 32 characters: a valid CSRF secret

    def __init__(self, port, session_key):
        from django.conf import settings

        self.port = port
        self.cookie = (
            f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={self.CSRF}"
        )

    def _send(self, method, path, data=None, headers=None):
        import http.client
        import urllib.parse

        headers = {**(headers or {}), "Cookie": self.cookie}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers.update(
                {"X-CSRFToken": self.CSRF, "Content-Type": "application/x-www-form-urlencoded"}
            )
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return _Antwoord(response.status, f"{method} {path}")
        finally:
            connection.close()

    def get(self, path, params=None, headers=None):
        import urllib.parse

        return self._send(
            "GET", path + ("?" + urllib.parse.urlencode(params) if params else ""), headers=headers
        )

    def post(self, path, data, headers=None):
        return self._send("POST", path, data=data, headers=headers)


class Verbindingen:
    """Samples how many connections the benchmark's database has, every 0.2 s, from a
    connection of its own (counted too): the connection budget under this load."""

    def __init__(self, settings_dict):
        import threading

        import psycopg

        self.conn = psycopg.connect(
            dbname=settings_dict["NAME"],
            host=settings_dict["HOST"] or "127.0.0.1",
            port=settings_dict["PORT"] or 5432,
            user=settings_dict["USER"],
            password=settings_dict.get("PASSWORD") or None,
            autocommit=True,
        )
        self.piek = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._meet, daemon=True)
        self._thread.start()

    def _meet(self):
        while not self._stop.wait(0.2):
            aantal = self.conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            ).fetchone()[0]
            self.piek = max(self.piek, aantal)

    def stoppen(self) -> int:
        self._stop.set()
        self._thread.join()
        self.conn.close()
        return self.piek


def start_gunicorn():
    import socket
    import subprocess

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "nijmegen_kcc.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=os.environ,
    )
    probe = OverHttp(port, "")
    for _ in range(100):
        try:
            probe.get("/inloggen/")  # answers: the server is up
            return server, port
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 20 seconds")


# too complex for C901 on purpose: the benchmark script: one block per measured line
def main():  # noqa: C901
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--report", default=str(BASE_DIR / "docs" / "benchmarks.md"))
    parser.add_argument(
        "--http",
        action="store_true",
        help="also measure every line over HTTP through gunicorn (1 worker), "
        "as the production image serves it",
    )
    parser.add_argument(
        "--json", help="also write the samples' figures as JSON here (tests/perf/schaal.py)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cases.models import Zaak
    from contacts.models import Adres, Contactmoment, Emailadres, Partij, Telefoonnummer

    call_command("collectstatic", interactive=False, verbosity=0)
    if not Partij.objects.exists():
        call_command("migrate", verbosity=0)
        call_command("demodata", "--size", "x1")
    rng = random.Random(1)
    counts = {
        "persons": Partij.objects.filter(soort="persoon").count(),
        "organisations": Partij.objects.filter(soort="organisatie").count(),
        "contactmomenten": Contactmoment.objects.count(),
        "zaken": Zaak.objects.count(),
    }
    client = Client(HTTP_HOST="127.0.0.1")
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="kcc"))

    def sample(qs, n=50):
        ids = list(qs.values_list("id", flat=True)[:5000])
        return rng.sample(ids, min(n, len(ids)))

    persons = Partij.objects.filter(id__in=sample(Partij.objects.filter(soort="persoon")))
    keys = {
        "BSN": [p.bsn[:3] + " " + p.bsn[3:6] + " " + p.bsn[6:] for p in persons],
        "telefoon": [
            "0" + t.nummer[3:4] + "-" + t.nummer[4:]
            for t in Telefoonnummer.objects.filter(id__in=sample(Telefoonnummer.objects))
        ],
        "naam (fuzzy)": [p.geslachtsnaam.replace("ij", "y").replace("ss", "s") for p in persons],
        "postcode + huisnummer": [
            f"{a.postcode[:4]} {a.postcode[4:].lower()} {a.huisnummer}"
            for a in Adres.objects.filter(id__in=sample(Adres.objects))
        ],
        "e-mail": [
            e.adres.upper() for e in Emailadres.objects.filter(id__in=sample(Emailadres.objects))
        ],
        "KVK": [
            p.kvk_nummer
            for p in Partij.objects.filter(
                id__in=sample(Partij.objects.filter(soort="organisatie"))
            )
        ],
        "zaaknummer": [z.identificatie for z in Zaak.objects.filter(id__in=sample(Zaak.objects))],
    }
    heavy = Partij.objects.order_by("id").first()
    heavy_count = Contactmoment.objects.filter(partij=heavy).count()
    light = Partij.objects.filter(soort="persoon").exclude(id=heavy.id).order_by("id")[200]
    light_count = Contactmoment.objects.filter(partij=light).count()
    url = f"/nijmegenaren/{heavy.id}/"
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    heavy_queries = len(ctx.captured_queries)
    # The SQL-only floor of the klantbeeld: its queries, as the page ran them, sent again
    # straight through the cursor (no ORM, no template): what PostgreSQL and the driver cost.
    # Reads only: the access-log entries and the session save are writes that cannot repeat.
    floor_sql = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and "pg_advisory" not in q["sql"]
    ]
    floor_writes = heavy_queries - len(floor_sql)

    def sql_floor():
        with connection.cursor() as cursor:
            for sql in floor_sql:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
        return _Antwoord(200, "klantbeeld SQL")

    teamleider = Client(HTTP_HOST="127.0.0.1")
    teamleider.force_login(get_user_model().objects.get(username="teamleider"))
    from contacts.models import Kanaal

    telefoon = Kanaal.objects.get(code="telefoon").id
    # Register for a different person each time, so the benchmark does not grow one history.
    per_line = args.runs + args.rounds + 1
    register_targets = iter(
        Partij.objects.filter(soort="persoon")
        .order_by("-id")
        .values_list("id", flat=True)[: 2 * per_line]
    )

    def lines(via, prefix=""):
        """(label, request function, target p95) for every line, through ``via``."""
        measured = []
        for label, values in keys.items():
            cycle = itertools.cycle(values)
            measured.append(
                (
                    f"{prefix}search: {label}",
                    # the search box posts its term (no BSN or name in a URL)
                    lambda c=cycle: via.post(
                        "/zoeken/", {"q": next(c)}, headers={"HX-Request": "true"}
                    ),
                    25,
                )
            )
        measured.append((f"{prefix}klantbeeld: {heavy_count:,} contacts", lambda: via.get(url), 60))
        measured.append(
            (
                f"{prefix}klantbeeld: {light_count} contacts",
                lambda: via.get(f"/nijmegenaren/{light.id}/"),
                60,
            )
        )

        def register():
            registered.append(next(register_targets))
            return via.post(
                f"/nijmegenaren/{registered[-1]}/contactmomenten/",
                {
                    "kanaal": telefoon,
                    "onderwerp": "Paspoort",
                    "vraag": vraag,
                    "antwoord": "Volgende week.",
                    "resultaat": "beantwoord",
                },
                headers={"HX-Request": "true"},
            )

        measured.append((f"{prefix}register a contact", register, 40))
        measured.append(
            (
                f"{prefix}team-lead overview",
                lambda: (teamleider if via is client else via_teamleider).get(
                    "/teamleider/terugbelverzoeken/"
                ),
                100,
            )
        )
        if via is client:
            measured.append(
                (
                    f"klantbeeld SQL only ({heavy_count:,} contacts; {len(floor_sql)} reads of "
                    f"{heavy_queries}, {floor_writes} writes left out)",
                    sql_floor,
                    60,
                )
            )
        return measured

    # An htmx form answers 200 also when it shows an error: count what was really saved.
    vraag = "Benchmark: wanneer is mijn paspoort klaar?"
    registered = []
    saved_before = Contactmoment.objects.filter(vraag=vraag).count()

    via_teamleider = None
    lines_to_measure = lines(client)
    verbindingen = Verbindingen(connection.settings_dict)
    server = None
    if args.http:
        from django.conf import settings

        server, port = start_gunicorn()
        via_teamleider = OverHttp(port, teamleider.cookies[settings.SESSION_COOKIE_NAME].value)
        lines_to_measure += lines(
            OverHttp(port, client.cookies[settings.SESSION_COOKIE_NAME].value), prefix="HTTP, "
        )

    # In rounds, every line a share of its runs per round: a slow minute of a shared
    # virtual machine then falls on all lines alike, not on whichever line ran in it.
    samples = {label: [] for label, _fn, _target in lines_to_measure}
    per_round = max(1, args.runs // args.rounds)
    for _round in range(args.rounds):
        for label, fn, _target in lines_to_measure:
            samples[label] += timed(fn, per_round)
    results = [(label, samples[label], target) for label, _fn, target in lines_to_measure]
    if server is not None:
        server.terminate()
        server.wait(timeout=30)
    piek_verbindingen = verbindingen.stoppen()
    saved = Contactmoment.objects.filter(vraag=vraag).count() - saved_before
    if saved != len(registered):
        raise SystemExit(f"{len(registered)} contacts registered, {saved} saved")

    lines = [
        "# Benchmarks",
        "",
        "Measured by `tests/perf/bench.py` (see its docstring for the command): every request",
        "through the whole Django stack in one process (test client, KCC demo user, warm cache),",
        "server-side milliseconds, no network."
        + (
            ' Lines starting with "HTTP" went over a socket through gunicorn (one sync '
            "worker, as the production image runs it), a new connection per request."
            if args.http
            else ""
        ),
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M %Z')} · machine: {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"PostgreSQL {connection.cursor().connection.info.server_version // 10000}",
        f"- Data: {counts['persons']:,} persons, {counts['organisations']:,} organisations, "
        f"{counts['contactmomenten']:,} contact moments, {counts['zaken']:,} zaken "
        "(`manage.py demodata --size x1`)",
        f"- Runs per line: {per_round * args.rounds}, in {args.rounds} interleaved rounds",
        f"- Queries for the klantbeeld of the person with {heavy_count:,} contacts: "
        f"{heavy_queries}",
        f"- Database connections at the peak of the run: {piek_verbindingen} (this process "
        "1, the sampler 1" + (", gunicorn's one sync worker 1" if args.http else "") + ")",
        "",
        "| what | p50 ms | p95 ms | max ms | target p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, samples, target in results:
        p95 = percentile(samples, 95)
        lines.append(
            f"| {label} | {statistics.median(samples):.1f} | {p95:.1f} | "
            f"{max(samples):.1f} | {target}{' ✔' if p95 <= target else ' ✘'} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    if args.json:
        import json

        Path(args.json).write_text(
            json.dumps(
                {
                    "counts": counts,
                    "heavy_queries": heavy_queries,
                    "lines": {
                        label: {
                            "p50": statistics.median(samples),
                            "p95": percentile(samples, 95),
                            "max": max(samples),
                            "target": target,
                            "n": len(samples),
                        }
                        for label, samples, target in results
                    },
                }
            )
        )
        return
    path = Path(args.report)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Keep the demo-data load figures (measured separately) below the new table.
    old = path.read_text() if path.exists() else ""
    if "\n## Demo data load" in old:
        report += old[old.index("\n## Demo data load") :]
    path.write_text(report)


if __name__ == "__main__":
    main()
