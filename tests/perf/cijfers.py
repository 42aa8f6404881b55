"""The service figures, measured with a year of telephony events in the database: the
wallboard's 5-second refresh and the month dashboard, for a team lead (own department) and
for management (everything).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_perf REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python tests/perf/cijfers.py [--n 200] [--gesprekken 240000] \\
        [--report docs/benchmarks-cijfers.md]

The database is migrated and loaded beforehand (``manage.py demodata --size small
--gesprekken 240000``: a year with about 1.5 million events; Nijmegen's own 174,500 calls
make about 1.1 million). Today's calls so far are added through the adapter if there are
none. gunicorn with one sync worker (the production configuration) on loopback; the pages are
asked with a logged-in session over HTTP; measurements interleaved in rounds (the machine is
noisy). Queries per page are counted in-process.
"""

import argparse
import http.client
import os
import platform
import random
import time
from datetime import timedelta
from pathlib import Path

from opzet import BASE_DIR, opzetten, pct

opzetten("cijfers")


class Sessie:
    def __init__(self, url, cookie):
        host, port = url.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=60)
        self.cookie = cookie

    def vraag(self, pad, htmx=False):
        koppen = {"Cookie": self.cookie}
        if htmx:
            koppen["HX-Request"] = "true"
        begin = time.perf_counter()
        self.conn.request("GET", pad, headers=koppen)
        antwoord = self.conn.getresponse()
        inhoud = antwoord.read()
        duur = (time.perf_counter() - begin) * 1000
        assert antwoord.status == 200, (pad, antwoord.status, inhoud[:300])
        return duur


def vandaag_aanvullen(rng):
    """Today's calls until now through the adapter (queued, answered, ended), when there are
    none: the wallboard counts today."""
    from django.utils import timezone

    from sources import telefonie
    from sources.models import Oproep

    nu = timezone.now()
    begin = timezone.localtime(nu).replace(hour=8, minute=30, second=0, microsecond=0)
    if Oproep.objects.filter(binnen__gte=begin).exists() or nu <= begin:
        return 0
    events = []
    seconden = int((nu - begin).total_seconds())
    for i in range(min(700, seconden // 40)):
        t0 = begin + timedelta(seconds=rng.randrange(seconden))
        call = f"bench-vandaag-{i}"
        events.append(telefonie.Gebeurtenis(call, "queued", t0, wachtrij="14024-algemeen"))
        if rng.random() < 0.9 and t0 + timedelta(seconds=300) < nu:
            t1 = t0 + timedelta(seconds=rng.randrange(5, 200))
            events.append(telefonie.Gebeurtenis(call, "answered", t1, agent="kcc"))
            events.append(telefonie.Gebeurtenis(call, "ended", t1 + timedelta(seconds=180)))
    for i in range(0, len(events), 1000):
        telefonie.opslaan(events[i : i + 1000], pop_up=False)
    return len(events)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200, help="samples per measurement")
    parser.add_argument("--report", default=str(BASE_DIR / "docs" / "benchmarks-cijfers.md"))
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sources.models import Oproep, Telefoniegebeurtenis
    from tests.conftest import worker_env
    from tests.processen import gunicorn, stoppen

    call_command("collectstatic", "--noinput", verbosity=0)  # the pages' hashed static names
    print(f"today's calls added: {vandaag_aanvullen(random.Random(17))}", flush=True)
    n_events = Telefoniegebeurtenis.objects.count()
    n_oproepen = Oproep.objects.count()
    print(f"{n_events:,} events, {n_oproepen:,} calls", flush=True)
    vorige_maand = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    paginas = {
        "wallboard": ("/teamleider/wallboard/?deel=cijfers", True),
        "maand": (f"/teamleider/cijfers/?periode=maand&datum={vorige_maand:%Y-%m-%d}", False),
        "jaar": (f"/teamleider/cijfers/?periode=jaar&datum={vorige_maand:%Y-%m-%d}", False),
    }
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    User = get_user_model()
    cookies, queries = {}, {}
    for naam in ("teamleider", "management"):
        client = Client()
        client.force_login(User.objects.get(username=naam))
        cookies[naam] = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        for pagina, (pad, htmx) in paginas.items():
            koppen = {"HX-Request": "true"} if htmx else {}
            client.get(pad, headers=koppen)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(pad, headers=koppen).status_code == 200
            queries[(naam, pagina)] = len(ctx.captured_queries)
    print(f"queries: {queries}", flush=True)

    env = worker_env(settings, "bench-cijfers", DATABASE_CONN_MAX_AGE="60")
    web, web_url = gunicorn(env, workers=1)
    metingen = {(naam, p): [] for naam in cookies for p in paginas}
    try:
        sessies = {naam: Sessie(web_url, c) for naam, c in cookies.items()}
        for s in sessies.values():
            for pad, htmx in paginas.values():
                s.vraag(pad, htmx)
        rondes = 10
        for _ in range(rondes):
            for naam, s in sessies.items():
                for pagina, (pad, htmx) in paginas.items():
                    # the year is no target: a tenth of the samples
                    n = args.n // rondes // (10 if pagina == "jaar" else 1)
                    for _ in range(max(1, n)):
                        metingen[(naam, pagina)].append(s.vraag(pad, htmx))
    finally:
        stoppen(web)

    namen = {
        "wallboard": "wallboard refresh (`?deel=cijfers`, every 5 s)",
        "maand": f"month dashboard ({vorige_maand:%B %Y})",
        "jaar": "year dashboard",
    }
    doelen = {"wallboard": 100, "maand": 500, "jaar": None}
    rijen = []
    for (naam, pagina), waarden in metingen.items():
        doel = doelen[pagina]
        p95 = pct(waarden, 95)
        oordeel = (
            "–" if doel is None else (f"≤ {doel}: met" if p95 <= doel else f"≤ {doel}: NOT met")
        )
        rijen.append(
            f"| {namen[pagina]} | {naam} | {len(waarden)} | {pct(waarden, 50):.0f} | {p95:.0f} "
            f"| {queries[(naam, pagina)]} | {oordeel} |"
        )
    gemeten = time.strftime("%Y-%m-%d %H:%M")
    rapport = f"""# Benchmark: the service figures (wallboard and dashboards)

Measured {gemeten} on {platform.node()} ({os.cpu_count()} cores) with {n_events:,} telephony
events ({n_oproepen:,} calls: a year, and today's calls so far) in the database, gunicorn with
one sync worker (the production configuration) on loopback, HTTP with a logged-in session.
Rerun:

```sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_perf REDIS_URL=redis://127.0.0.1:6379/0 \\
  .venv/bin/python manage.py migrate
DATABASE_URL=… KCC_DEMO=1 .venv/bin/python manage.py demodata --size small --gesprekken 240000
DATABASE_URL=… REDIS_URL=… .venv/bin/python tests/perf/cijfers.py --n {args.n}
```

| page | who | samples | p50 ms | p95 ms | queries | target p95 |
|---|---|---|---|---|---|---|
{chr(10).join(rijen)}

The team lead (department KCC) sees the KCC's queues; management all. The figures are
aggregates over `sources_oproep` (one row per call, kept up to date from the raw events as
they arrive) within the period, on the index on queue entry; the occupancy reads the agent
states of the period from the raw events. The query count is the same for a day, a month and
a year (`tests/cijfers/test_paginas.py` asserts it).
"""
    Path(args.report).write_text(rapport)
    print(rapport)


if __name__ == "__main__":
    main()
