"""The search box, in-process: one page of hits with their count (COUNT(*) OVER ()) for what
agents type — a common surname (thousands of hits), two letters while typing, a surname with
a first name or a year of birth, a near miss, a phone number, a postcode — on a database
with many persons (Nijmegen ×1: ``./kcc bench``'s database, or any loaded one).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_x1 REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python tests/perf/zoeken.py [--n 50] [--report docs/benchmarks-zoeken.md]

Rounds interleave the searches (the machine is noisy); each search is asked once before
measuring. Queries per search are counted too (one for a page, two for a page past the end).
"""

import argparse
import os
import platform
import time
from datetime import datetime
from pathlib import Path

from opzet import opzetten, pct

opzetten("zoek", productie=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--report")
    args = parser.parse_args()

    import django

    django.setup()
    from collections import Counter

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contacts.models import Adres, Partij, Telefoonnummer
    from contacts.selectors import zoeken

    user = get_user_model().objects.get(username="kcc")
    personen = Partij.objects.filter(soort="persoon").count()
    namen = Counter(
        Partij.objects.filter(soort="persoon").values_list("geslachtsnaam", flat=True)[:50000]
    )
    gewoon = namen.most_common(1)[0][0]
    mens = (
        Partij.objects.filter(soort="persoon", geslachtsnaam=gewoon)
        .exclude(geboortedatum=None)
        .first()
    )
    telefoon = Telefoonnummer.objects.filter(soort="mobiel").first()
    adres = Adres.objects.first()
    vragen = {
        f"common surname ({gewoon})": gewoon,
        "two letters while typing": gewoon[:2],
        "first name + surname": f"{mens.voornamen.split()[0]} {gewoon}",
        "surname + year of birth": f"{gewoon} {mens.geboortedatum.year}",
        "near miss (one letter off)": gewoon[:-1] + ("x" if gewoon[-1] != "x" else "y"),
        "page 3 of the common surname": (gewoon, 3),
        "phone number": "0" + telefoon.nummer[3:] if telefoon else "0612345678",
        "postcode + number": f"{adres.postcode} {adres.huisnummer}" if adres else "6511AB 1",
    }
    tijden = {k: [] for k in vragen}
    info = {}
    for naam, vraag in vragen.items():
        q, pagina = vraag if isinstance(vraag, tuple) else (vraag, 1)
        with CaptureQueriesContext(connection) as c:
            uitkomst = zoeken(user, q, pagina=pagina)
        info[naam] = (q, uitkomst.totaal, len(c))
    for _ in range(args.n):
        for naam, vraag in vragen.items():
            q, pagina = vraag if isinstance(vraag, tuple) else (vraag, 1)
            begin = time.perf_counter()
            zoeken(user, q, pagina=pagina)
            tijden[naam].append((time.perf_counter() - begin) * 1000)
    regels = [
        f"| {naam} | `{info[naam][0]}` | {info[naam][1]:,} | {info[naam][2]} | "
        f"{pct(t, 50):.1f} | {pct(t, 95):.1f} |"
        for naam, t in tijden.items()
    ]
    tekst = "\n".join(
        [
            "# Benchmark: the search box",
            "",
            f"Measured {datetime.now():%Y-%m-%d %H:%M} on {platform.node()} "
            f"({os.cpu_count()} cores), {personen:,} persons, in-process (the view adds the "
            f"session and the template), {args.n} rounds. Rerun:",
            "",
            "```sh",
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_x1 "
            "REDIS_URL=redis://127.0.0.1:6379/0 \\",
            "  .venv/bin/python tests/perf/zoeken.py --n 50",
            "```",
            "",
            "| search | typed | found | queries | p50 ms | p95 ms |",
            "|---|---|---|---|---|---|",
            *regels,
            "",
        ]
    )
    print(tekst)
    if args.report:
        Path(args.report).write_text(tekst)


if __name__ == "__main__":
    main()
