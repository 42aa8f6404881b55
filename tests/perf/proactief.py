"""Proactive campaigns at scale: taking in a list of 50,000 candidates with the local checks
(BSN eleven test, duplicates, the opt-out register, another campaign this month), and the
opt-out check that is made before every single call and send.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_bench_proactief \\
    REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python tests/perf/proactief.py [--n 50000] [--afmeldingen 100000] \\
        [--report docs/benchmarks-proactief.md]

The database is created and migrated when it is not there; each run starts a new campaign.
The opt-out register is filled to ``--afmeldingen`` rows (Nijmegen has about 180,000 adults:
a register of that size is the worst case). Memory is the peak Python allocation during the
import (tracemalloc): the file is read as a stream, so it stays flat whatever its length.
"""

import argparse
import datetime
import io
import os
import platform
import random
import time
import tracemalloc
from pathlib import Path

from opzet import BASE_DIR, opzetten, pct

opzetten("proactief", productie=False)


def _bsns(rng, n, gezien):
    from stdnum.nl import bsn as bsn_nummer

    uit = []
    while len(uit) < n:
        waarde = f"{rng.randint(10_000_000, 99_999_999):08d}"
        for laatste in range(10):
            kandidaat = waarde + str(laatste)
            if bsn_nummer.is_valid(kandidaat) and kandidaat not in gezien:
                gezien.add(kandidaat)
                uit.append(kandidaat)
                break
    return uit


def _database():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True
    ) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--afmeldingen", type=int, default=100_000)
    parser.add_argument("--checks", type=int, default=2_000)
    parser.add_argument("--report", default="")
    args = parser.parse_args()

    import django

    django.setup()
    _database()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from permissions.models import Afdeling, Team
    from proactief import services
    from proactief.models import Afmelding, Campagne, Kandidaat

    rng = random.Random(2026)
    gezien: set[str] = set()
    eigenaar, _ = get_user_model().objects.get_or_create(username="bench-eigenaar")
    keurder, _ = get_user_model().objects.get_or_create(username="bench-keurder")
    afdeling, _ = Afdeling.objects.get_or_create(code="kcc", defaults={"naam": "KCC"})
    team, _ = Team.objects.get_or_create(afdeling=afdeling, naam="Team proactief")
    bestaand = Afmelding.objects.count()
    if bestaand < args.afmeldingen:
        nu = timezone.now()
        Afmelding.objects.bulk_create(
            [
                Afmelding(bsn=b, datum=nu, bron="import")
                for b in _bsns(rng, args.afmeldingen - bestaand, gezien)
            ],
            batch_size=5000,
        )
    afgemeld = list(Afmelding.objects.values_list("bsn", flat=True)[: args.n // 50])
    titel = f"Bench {timezone.now():%Y%m%d%H%M%S}"
    campagne = services.campagne_opslaan(
        door=eigenaar,
        velden={
            "titel": titel, "regeling": "Bench", "grondslag": "-", "vorm": "informeren",
            "gegevenscategorieen": ["BSN"], "team": team, "ladder": ["telefoon"],
            "bewaren_tot": timezone.localdate() + datetime.timedelta(days=30),
        },
    )  # fmt: skip
    Campagne.objects.filter(pk=campagne.pk).update(status="actief", goedgekeurd_door=keurder)

    # the file: n rows, 2 % of them people in the opt-out register, 1 % duplicates, 0.5 % bad;
    # the others new to the register and to earlier runs' campaigns
    gezien |= set(Afmelding.objects.values_list("bsn", flat=True))
    gezien |= set(Kandidaat.objects.values_list("bsn", flat=True))
    nieuw = _bsns(random.Random(time.time_ns()), args.n - len(afgemeld), gezien)
    rijen = ["bsn;signaal;waarde;datum;bron"]
    alle = nieuw + afgemeld
    for i, bsn in enumerate(alle):
        if i % 200 == 0:
            bsn = "123456789"
        elif i % 100 == 0:
            bsn = alle[i - 1]
        rijen.append(f"{bsn};inkomen onder 120%;;2026-11-01;Talis")
    bestand = io.BytesIO(("\n".join(rijen) + "\n").encode())
    del rijen

    tracemalloc.start()
    begin = time.perf_counter()
    verslag = services.kandidaten_importeren(
        door=eigenaar,
        campagne_id=campagne.pk,
        regels=services.csv_regels(bestand),
        bestandsnaam="bench.csv",
    )
    duur = time.perf_counter() - begin
    _nu, piek = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    metingen = []
    steekproef = [rng.choice(afgemeld + nieuw) for _ in range(args.checks)]
    for bsn in steekproef:
        t = time.perf_counter()
        services.afgemeld(bsn, "Bench")
        metingen.append((time.perf_counter() - t) * 1000)

    regels = [
        "# Benchmark: proactive campaigns",
        "",
        f"Measured {timezone.now():%Y-%m-%d %H:%M} on {platform.node()} ({os.cpu_count()} cores), "
        f"PostgreSQL on loopback. Repeat: `{Path(__file__).relative_to(BASE_DIR)}` "
        f"(see its docstring).",
        "",
        "| what | result |",
        "|---|---|",
        f"| rows in the file | {verslag.aantal_rijen:,} |",
        f"| taken in / refused | {verslag.aantal_opgenomen:,} / "
        f"{verslag.aantal_rijen - verslag.aantal_opgenomen:,} |",
        f"| opt-out register | {Afmelding.objects.count():,} rows |",
        f"| filtered at once (opt-out, another campaign) | "
        f"{Kandidaat.objects.filter(campagne=campagne).exclude(filter='').count():,} |",
        f"| import with the local checks | **{duur:.1f} s** (target ≤ 60 s) |",
        f"| peak Python memory during the import | {piek / 1024 / 1024:.1f} MiB |",
        f"| opt-out check before a send, {args.checks:,} × | p50 {pct(metingen, 50):.2f} ms, "
        f"**p95 {pct(metingen, 95):.2f} ms** (target ≤ 5 ms) |",
        "",
        "The import reads the file as a stream in batches of 2,000 rows, one transaction each "
        "(the opt-out register and the other campaigns are asked once per batch). The opt-out "
        "check is one index lookup (`afmelding_bsn_idx`).",
    ]
    tekst = "\n".join(regels) + "\n"
    print(tekst)
    if args.report:
        Path(BASE_DIR / args.report).write_text(tekst)


if __name__ == "__main__":
    main()
