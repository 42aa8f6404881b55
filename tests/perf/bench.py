"""Benchmark of search, klantbeeld and registering a contact, on the "Nijmegen ×1" data.

Run (loads the data first when the database is empty; takes about 4 minutes):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_x1 REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python tests/perf/bench.py [--runs 200] [--rounds 5] [--report docs/benchmarks.md]

Each request goes through the whole Django stack (middleware, session, visibility, template)
in this process with the test client, as the KCC demo user, warm cache; the figures are
server-side times, without network. Writes a markdown report.
"""

import argparse
import itertools
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nijmegen_kcc.settings")
# Production settings (debug off: cached templates), over plain http in one process.
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("KCC_DEMO", "1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_STATIC_ROOT", str(Path(tempfile.gettempdir()) / "kcc-bench-static"))


def percentile(values, pct):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--report", default=str(BASE_DIR / "docs" / "benchmarks.md"))
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
        "e-mail": [e.adres.upper() for e in
                   Emailadres.objects.filter(id__in=sample(Emailadres.objects))],
        "KVK": [p.kvk_nummer for p in
                Partij.objects.filter(id__in=sample(Partij.objects.filter(soort="organisatie")))],
        "zaaknummer": [z.identificatie for z in Zaak.objects.filter(id__in=sample(Zaak.objects))],
    }
    lines_to_measure = []  # (label, request function, target p95)
    for label, values in keys.items():
        cycle = itertools.cycle(values)
        lines_to_measure.append((f"search: {label}", lambda c=cycle: client.get(
            "/zoeken/", {"q": next(c)}, headers={"HX-Request": "true"}), 25))

    heavy = Partij.objects.order_by("id").first()
    heavy_count = Contactmoment.objects.filter(partij=heavy).count()
    light = (Partij.objects.filter(soort="persoon").exclude(id=heavy.id)
             .order_by("id")[200])
    url = f"/nijmegenaren/{heavy.id}/"
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    heavy_queries = len(ctx.captured_queries)
    lines_to_measure.append((f"klantbeeld: {heavy_count:,} contacts", lambda: client.get(url),
                             60))
    light_count = Contactmoment.objects.filter(partij=light).count()
    lines_to_measure.append((f"klantbeeld: {light_count} contacts",
                             lambda: client.get(f"/nijmegenaren/{light.id}/"), 60))
    from contacts.models import Kanaal

    telefoon = Kanaal.objects.get(code="telefoon").id
    # Register for a different person each time, so the benchmark does not grow one history.
    targets = iter(Partij.objects.filter(soort="persoon").order_by("-id")
                   .values_list("id", flat=True)[: args.runs + args.rounds + 1])
    lines_to_measure.append(("register a contact", lambda: client.post(
        f"/nijmegenaren/{next(targets)}/contactmomenten/", {
            "kanaal": telefoon, "onderwerp": "Paspoort", "vraag": "Benchmark: wanneer is "
            "mijn paspoort klaar?", "antwoord": "Volgende week.", "resultaat": "beantwoord",
        }, headers={"HX-Request": "true"}), 40))

    # In rounds, every line a share of its runs per round: a slow minute of a shared
    # virtual machine then falls on all lines alike, not on whichever line ran in it.
    samples = {label: [] for label, _fn, _target in lines_to_measure}
    per_round = max(1, args.runs // args.rounds)
    for _round in range(args.rounds):
        for label, fn, _target in lines_to_measure:
            samples[label] += timed(fn, per_round)
    results = [(label, samples[label], target) for label, _fn, target in lines_to_measure]

    lines = [
        "# Benchmarks",
        "",
        "Measured by `tests/perf/bench.py` (see its docstring for the command): every request",
        "through the whole Django stack in one process (test client, KCC demo user, warm cache),",
        "server-side milliseconds, no network.",
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
        "",
        "| what | p50 ms | p95 ms | max ms | target p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, samples, target in results:
        p95 = percentile(samples, 95)
        lines.append(f"| {label} | {statistics.median(samples):.1f} | {p95:.1f} | "
                     f"{max(samples):.1f} | {target}{' ✔' if p95 <= target else ' ✘'} |")
    report = "\n".join(lines) + "\n"
    print(report)
    path = Path(args.report)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Keep the demo-data load figures (measured separately) below the new table.
    old = path.read_text() if path.exists() else ""
    if "\n## Demo data load" in old:
        report += old[old.index("\n## Demo data load"):]
    path.write_text(report)


if __name__ == "__main__":
    main()
