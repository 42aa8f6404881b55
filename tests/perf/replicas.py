"""Replicas behind nginx: 1, 2 and 3 web processes (and 1 vs 2 Celery workers), PgBouncer in
transaction mode in front of PostgreSQL, the same bounded closed-loop mix of search /
klantbeeld / register a contact / make a callback / department queue, on the ×1 data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_x1 REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python tests/perf/replicas.py [--seconds 60] [--clients 6] \\
        [--report docs/benchmarks-replicas.md]

Each configuration: every web process is gunicorn with one sync worker (a replica), nginx
round-robins over them, PgBouncer (pool 10) over the database; ``--clients`` colleagues each
loop over the mix without think time for ``--seconds``. Reported: throughput, p50/p95/p99 per
operation and overall, errors, and — after the workers have routed everything — whether every
contact and callback that was answered with success is stored exactly once, and every
callback routed once with one notification (nothing lost, nothing doubled).
"""

import argparse
import itertools
import os
import platform
import random
import re
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

from opzet import BASE_DIR, opzetten, pct

opzetten("replica")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument(
        "--configs", default="1x1,2x1,3x1,2x2", help="web x workers, comma-separated"
    )
    parser.add_argument("--report", default=str(BASE_DIR / "docs" / "benchmarks-replicas.md"))
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from callbacks.models import Routeringsregel
    from contacts.models import Kanaal, Partij, Telefoonnummer
    from tests.processen import pgbouncer_starten, stoppen

    call_command("collectstatic", interactive=False, verbosity=0)
    kcc = get_user_model().objects.get(username="kcc")
    regel = Routeringsregel.objects.select_related("onderwerp").order_by("id").first()
    onderwerp = regel.onderwerp.naam
    telefoon = Kanaal.objects.get(code="telefoon").id
    rng = random.Random(7)
    ids = list(Partij.objects.filter(soort="persoon").values_list("id", flat=True)[:20000])
    personen = rng.sample(ids, 400)
    namen = list(
        Partij.objects.filter(id__in=personen[:100]).values_list("geslachtsnaam", flat=True)
    )
    nummers = [
        "0" + t[3:4] + "-" + t[4:]
        for t in Telefoonnummer.objects.values_list("nummer", flat=True)[:200]
    ]

    pool, pg_url, _map = pgbouncer_starten(connection.settings_dict, pool=10)
    resultaten = []
    try:
        for config in args.configs.split(","):
            n_web, n_workers = (int(x) for x in config.split("x"))
            resultaten.append(
                meet(n_web, n_workers, args, pg_url, kcc=kcc, onderwerp=onderwerp,
                     telefoon=telefoon, personen=personen, zoektermen=namen + nummers)
            )  # fmt: skip
            print(resultaten[-1]["regel"], flush=True)
    finally:
        stoppen(pool)

    tekst = [
        "# Benchmarks: web replicas behind nginx, with PgBouncer",
        "",
        "Measured by `tests/perf/replicas.py` (command in its docstring). Each web replica is",
        "gunicorn with one sync worker; nginx round-robins; PgBouncer (transaction mode, pool",
        f"10) in front of PostgreSQL; {args.clients} colleagues in a closed loop (no think time)",
        f"over the mix search / klantbeeld / register / callback / queue for {args.seconds} s",
        "per configuration, all on this one machine (the load generator included).",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M %Z')} · machine: {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, ×1 data",
        "",
        "| web × workers | requests/s | p50 ms | p95 ms | p99 ms | errors | stored once | "
        "routed once |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    tekst += [r["tabel"] for r in resultaten]
    tekst += [
        "",
        "Per operation (p95 ms):",
        "",
        "| web × workers | " + " | ".join(resultaten[0]["per_op"]) + " |",
        "|---|" + "---:|" * len(resultaten[0]["per_op"]),
    ]
    for r in resultaten:
        tekst.append(
            f"| {r['config']} | " + " | ".join(f"{v:.0f}" for v in r["per_op"].values()) + " |"
        )
    pad = Path(args.report)
    oud = pad.read_text() if pad.exists() else ""
    rapport = "\n".join(tekst) + "\n"
    if "\n## " in oud:
        rapport += oud[oud.index("\n## ") :]
    pad.write_text(rapport)
    print(rapport)


def meet(n_web, n_workers, args, pg_url, *, kcc, onderwerp, telefoon, personen, zoektermen):
    from django.conf import settings
    from django.test import Client

    from callbacks.models import Melding, Terugbelverzoek
    from contacts.models import Contactmoment
    from tests.conftest import start_worker, stop_worker, worker_env
    from tests.processen import Sessie, gunicorn, stoppen
    from tests.proxy.nginx import Nginx

    merk = uuid.uuid4().hex[:8]
    queue = f"bench-{merk}"
    omgeving = {"DATABASE_URL": pg_url, "KCC_PGBOUNCER": "1", "DATABASE_CONN_MAX_AGE": "60"}
    map_ = Path(tempfile.mkdtemp(prefix=f"kcc-replicas-{n_web}x{n_workers}-"))
    workers = [
        start_worker(settings, queue, name=f"w{i}-{merk}", **omgeving)[0] for i in range(n_workers)
    ]
    env = worker_env(settings, queue, **omgeving)
    env["DATABASE_CONN_MAX_AGE"] = "60"
    webs = [gunicorn(env, workers=1) for _ in range(n_web)]
    proxy = Nginx(map_ / "nginx", [u[len("http://") :] for _p, u in webs], tls=False).start()
    sessies = []
    for _ in range(args.clients):
        client = Client()
        client.force_login(kcc)
        sessies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)

    tijden = {op: [] for op in ("search", "klantbeeld", "register", "callback", "queue")}
    fouten = []
    gelukt = {"register": 0, "callback": 0}
    lock = threading.Lock()
    einde = time.monotonic() + args.seconds

    def collega(i):
        http_ = Sessie(proxy.url, sessies[i])
        r = random.Random(i)
        teller = itertools.count()
        while time.monotonic() < einde:
            persoon = r.choice(personen)
            n = next(teller)
            stappen = [
                ("search", "POST", "/zoeken/", {"q": r.choice(zoektermen)}),
                ("klantbeeld", "GET", f"/nijmegenaren/{persoon}/", None),
                ("register", "POST", f"/nijmegenaren/{persoon}/contactmomenten/", {
                    "sleutel": str(uuid.uuid4()), "kanaal": telefoon, "onderwerp": onderwerp,
                    "vraag": f"Replica-c {merk} {i}-{n}", "antwoord": "Uitgelegd.",
                    "resultaat": "beantwoord"}),
                ("callback", "POST", f"/nijmegenaren/{persoon}/terugbelverzoeken/", {
                    "tbv-sleutel": str(uuid.uuid4()), "tbv-telefoonnummer": "06-12345678",
                    "tbv-onderwerp": onderwerp, "tbv-vraag": f"Replica-t {merk} {i}-{n}",
                    "tbv-urgentie": "normaal", "tbv-beste_tijd": "", "tbv-alternatief": "",
                    "tbv-afdeling": ""}),
                ("queue", "GET", "/terugbelverzoeken/", None),
            ]  # fmt: skip
            for op, method, pad, data in stappen:
                begin = time.perf_counter()
                try:
                    status, html = http_.vraag(method, pad, data, htmx=method == "POST")
                except OSError as exc:
                    status, html = 0, str(exc)
                ms = (time.perf_counter() - begin) * 1000
                ok = status == 200
                if op == "register":
                    ok = ok and "invalid" not in html and 'aria-invalid="true"' not in html
                if op == "callback":
                    ok = ok and bool(re.search(r"heeft nummer TB-", html))
                with lock:
                    tijden[op].append(ms)
                    if ok:
                        gelukt[op] = gelukt.get(op, 0) + 1
                    else:
                        fouten.append((op, status))

    begin = time.monotonic()
    threads = [threading.Thread(target=collega, args=(i,)) for i in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    duur = time.monotonic() - begin

    tbvs = Terugbelverzoek.objects.filter(vraag__startswith=f"Replica-t {merk} ")
    deadline = time.monotonic() + 120
    while tbvs.filter(status="ontvangen").exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    n_contacten = Contactmoment.objects.filter(vraag__startswith=f"Replica-c {merk} ").count()
    n_tbv = tbvs.count()
    niet_gerouteerd = tbvs.filter(status="ontvangen").count()
    meldingen = Melding.objects.filter(terugbelverzoek__in=tbvs, soort="nieuw").count()
    dubbel_of_kwijt = (n_contacten != gelukt["register"]) or (n_tbv != gelukt["callback"])

    proxy.stop()
    for proc, _u in webs:
        stoppen(proc)
    for w in workers:
        stop_worker(w)

    alle = [ms for lijst in tijden.values() for ms in lijst]
    config = f"{n_web} × {n_workers}"
    per_op = {op: pct(lijst, 95) for op, lijst in tijden.items() if lijst}
    tabel = (
        f"| {config} | {len(alle) / duur:.1f} | {statistics.median(alle):.0f} | "
        f"{pct(alle, 95):.0f} | {pct(alle, 99):.0f} | {len(fouten)} | "
        f"{'yes' if not dubbel_of_kwijt else 'NO'} ({n_contacten} contacts, {n_tbv} callbacks) | "
        f"{'yes' if not niet_gerouteerd and meldingen == n_tbv else 'NO'} "
        f"({meldingen} notifications) |"
    )
    return {"config": config, "tabel": tabel, "per_op": per_op, "regel": tabel}


if __name__ == "__main__":
    main()
