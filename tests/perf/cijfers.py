"""The service figures, measured with a year of telephony events and a year of the learning
loop (50,000 survey answers, 2,000 complaints, 5,000 signals) in the database: the
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


def leren_aanvullen(rng, antwoorden=50_000, klachten=2_000, signalen=5_000):
    """A year of the learning loop beside the telephony year, when there is none: survey
    invitations with their answers (and some unanswered), complaints on existing contacts,
    signals. Written in bulk, like the demo data."""
    import uuid

    from django.utils import timezone

    from contacts.models import Contactmoment
    from leren.models import Antwoord, Klacht, Signaal, Uitnodiging
    from permissions.models import Afdeling, Team

    if Uitnodiging.objects.count() >= antwoorden:
        return 0
    nu = timezone.now()
    basis = list(
        Contactmoment.objects.filter(partij__isnull=False)
        .order_by("?")
        .values("id", "partij_id", "kanaal_id", "onderwerp_id", "afdeling_id")[: klachten + 5000]
    )
    afdelingen = list(Afdeling.objects.values_list("id", flat=True))
    teams = list(Team.objects.values_list("id", flat=True)) or [None]

    def moment():
        return nu - timedelta(days=rng.uniform(0, 365))

    for _blok in range(0, int(antwoorden * 1.4), 5000):
        rijen = []
        for _i in range(5000):
            c = rng.choice(basis)
            op = moment()
            rijen.append(Uitnodiging(
                klantreis=uuid.uuid4(), partij_id=c["partij_id"], kanaal_id=c["kanaal_id"],
                onderwerp_id=c["onderwerp_id"], afdeling_id=c["afdeling_id"] or afdelingen[0],
                team_id=rng.choice(teams), status="verstuurd", verzonden_via="email",
                verstuurd_op=op, verloopt_op=op + timedelta(days=14),
            ))  # fmt: skip
        gemaakt = Uitnodiging.objects.bulk_create(rijen)
        beantwoord = gemaakt[: int(len(gemaakt) / 1.4)]
        Antwoord.objects.bulk_create([
            Antwoord(uitnodiging=u, tevredenheid=rng.randint(1, 5), moeite=rng.randint(1, 5),
                     opgelost=rng.choice(["ja", "ja", "deels", "nee"]))
            for u in beantwoord
        ])  # fmt: skip
        Uitnodiging.objects.filter(pk__in=[u.pk for u in beantwoord]).update(status="ingevuld")
    vrij = Contactmoment.objects.exclude(id__in=Klacht.objects.values("contactmoment_id"))
    klachtbasis = list(vrij.filter(partij__isnull=False).values("id", "partij_id")[:klachten])
    rijen = []
    for c in klachtbasis:
        dag = moment().date()
        informeel = rng.random() < 0.6
        rijen.append(Klacht(
            contactmoment_id=c["id"], partij_id=c["partij_id"],
            over_afdeling_id=rng.choice(afdelingen), categorie=rng.choice(
                ["bejegening", "informatie", "termijn", "bereikbaarheid", "werkwijze"]),
            status="informeel" if informeel else rng.choice(["in_behandeling", "afgehandeld"]),
            ontvangen_op=dag, termijn_tot=dag + timedelta(weeks=6),
            afgehandeld_op=dag + timedelta(days=rng.randint(0, 50)) if not informeel else dag,
        ))  # fmt: skip
    Klacht.objects.bulk_create(rijen)
    Signaal.objects.bulk_create([
        Signaal(tekst="Brief onduidelijk", categorie="brief", bron="medewerker",
                afdeling_id=rng.choice(afdelingen),
                status=rng.choice(["nieuw", "in_behandeling", "verbeterd", "niet_overgenomen"]))
        for _i in range(signalen)
    ], batch_size=2000)  # fmt: skip
    # spread the signals over the year (aangemaakt is set on insert)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE leren_signaal SET aangemaakt = now() - random() * interval '365 days'"
        )
        cursor.execute(
            "UPDATE leren_signaal SET gesloten_op = aangemaakt + random() * interval '30 days' "
            "WHERE status IN ('verbeterd', 'niet_overgenomen')"
        )
    return antwoorden


def aandeel_leren(user, maand, rondes=15):
    """Before and after in one run: the month dashboard assembled in-process with and
    without the learning loop's figures, interleaved (the machine is noisy)."""
    import statistics

    from cijfers import bereik, eigen, overzicht

    b, p = bereik.bereik_van(user), overzicht.periode("maand", maand)
    echt, echt_top = overzicht._leren, eigen.herhaling_per_onderwerp
    leeg = {"tevredenheid": [], "tevredenheid_per": {}, "klachten": None,
            "klachten_per_categorie": [], "klachten_termijnen": None, "signalen": None,
            "signalen_per_eigenaar": []}  # fmt: skip
    tijden: dict[str, list[float]] = {"zonder": [], "met": []}
    try:
        for _ in range(rondes):
            for soort in tijden:
                overzicht._leren = echt if soort == "met" else (lambda *a: leeg)
                eigen.herhaling_per_onderwerp = echt_top if soort == "met" else (lambda *a, **k: [])
                begin = time.perf_counter()
                overzicht.dashboard(b, p)
                tijden[soort].append((time.perf_counter() - begin) * 1000)
    finally:
        overzicht._leren, eigen.herhaling_per_onderwerp = echt, echt_top
    return {k: (round(statistics.median(v)), round(pct(v, 95))) for k, v in tijden.items()}


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
    print(f"learning loop year added: {leren_aanvullen(random.Random(18))}", flush=True)
    from leren.models import Antwoord, Klacht, Signaal

    n_leren = (Antwoord.objects.count(), Klacht.objects.count(), Signaal.objects.count())
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

    leren_deel = aandeel_leren(User.objects.get(username="management"), vorige_maand)
    print(f"learning loop's share (in-process): {leren_deel}", flush=True)

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
events ({n_oproepen:,} calls: a year, and today's calls so far) and a year of the learning
loop ({n_leren[0]:,} survey answers, {n_leren[1]:,} complaints, {n_leren[2]:,} signals) in the
database, gunicorn with one sync worker (the production configuration) on loopback, HTTP with
a logged-in session.
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

**The learning loop's share**, before and after in this run (management, the month assembled
in-process, {15} rounds interleaved, median / p95 ms): without its figures
{leren_deel["zonder"][0]} / {leren_deel["zonder"][1]}, with them {leren_deel["met"][0]} /
{leren_deel["met"][1]}. The learning loop's figures
(satisfaction per channel, team, subject and month; complaints with category and time left;
signals per status and owner; the top subjects with first-contact resolution and repeat rate)
are one aggregate query each over the period, on the indexes on the sending date, the
receiving date and the filing date.
"""
    Path(args.report).write_text(rapport)
    print(rapport)


if __name__ == "__main__":
    main()
