"""Benchmark of callback requests through Redis and a real Celery worker process.

Run (loads the Nijmegen ×1 data, with 300,000 callbacks, when the database is empty):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_x1 REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python tests/perf/bench_callbacks.py [--runs 200] [--burst 5000]

Measures:
1. commit → visible in the department's queue: the agent's transaction commits, the on-commit
   hook sends the wake-up through Redis, one worker process routes it; the clock stops when
   the queue's own query (``callbacks.selectors.wachtrij``) lists it.
2. sustained rate with one worker process (``-c 1``): a burst of callbacks is committed, each
   with its own wake-up message, as the web side does; the clock stops when every one is
   routed and its department notified (in-app, and mailed to Django's dummy e-mail backend,
   so no SMTP server's speed is in the figure).
3. the team lead's overview (figures, ageing, load per colleague, handling per week and the
   open list) and the back office's queue, through the whole Django stack with the test
   client, with the 300,000 callbacks in the database.

Writes docs/benchmarks-callbacks.md.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from opzet import BASE_DIR, opzetten

opzetten("callbacks")

from bench import percentile, timed  # noqa: E402


def start_worker(queue):
    log = open(Path(tempfile.gettempdir()) / f"bench-worker-{queue}.log", "w")  # noqa: SIM115
    env = {
        **os.environ,
        "CELERY_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "nijmegen_kcc",
            "worker",
            "-l",
            "info",
            "-Q",
            queue,
            "-c",
            "1",
            "-n",
            f"{queue}@%h",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = Path(log.name).read_text(errors="replace")
        if " ready." in text:
            return worker
        if worker.poll() is not None:
            raise SystemExit(text)
        time.sleep(0.2)
    worker.kill()
    raise SystemExit("worker did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--burst", type=int, default=5000)
    parser.add_argument("--report", default=str(BASE_DIR / "docs" / "benchmarks-callbacks.md"))
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from callbacks import selectors, services, termijnen
    from callbacks.models import Melding, Terugbelverzoek
    from contacts.models import Onderwerp, Partij
    from nijmegen_kcc.celery import app

    if not Partij.objects.exists():
        print("Loading the Nijmegen ×1 data (a few minutes)…")
        call_command("demodata", "--size", "x1")
    call_command("collectstatic", "--noinput", verbosity=0)
    total = Terugbelverzoek.objects.count()
    open_ = Terugbelverzoek.objects.open().count()
    begin = timezone.now()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["kcc", "wmo", "teamleider"])
    }
    kcc, wmo = users["kcc"], users["wmo"]
    wmo_afdeling = wmo.medewerker.afdeling_id
    onderwerp = Onderwerp.objects.get(code="wmo-huishouden")
    persons = list(
        Partij.objects.filter(soort="persoon")
        .order_by("id")
        .values_list("id", flat=True)[1000 : 1000 + args.runs + 50]
    )
    partijen = {p.id: p for p in Partij.objects.filter(id__in=persons)}

    in_queue = Terugbelverzoek.objects.visible_to(wmo).filter(
        afdeling_id=wmo_afdeling, status__in=selectors.OPEN
    )
    # 1. pages, on the data as loaded
    results = {}
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(users["teamleider"])
    results["team-lead overview, all departments"] = timed(
        lambda: client.get("/teamleider/terugbelverzoeken/"), args.runs
    )
    results["team-lead overview, one department"] = timed(
        lambda: client.get("/teamleider/terugbelverzoeken/", {"afdeling": wmo_afdeling}), args.runs
    )
    results["team-lead refresh (htmx partial)"] = timed(
        lambda: client.get(
            "/teamleider/terugbelverzoeken/", {"deel": "ververs"}, headers={"HX-Request": "true"}
        ),
        args.runs,
    )
    client.force_login(wmo)
    results["back-office queue (WMO)"] = timed(lambda: client.get("/terugbelverzoeken/"), args.runs)

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    worker = start_worker(queue)
    try:
        # 2. commit → in the queue
        latencies = []
        for pk in persons[: args.runs]:
            started = time.perf_counter()
            tbv = services.terugbelverzoek_aanmaken(
                partij=partijen[pk],
                onderwerp=onderwerp,
                vraag="Benchmark: wanneer start de hulp?",
                telefoonnummer="0612345678",
                door=kcc,
            )
            # the queue's own query (visibility included), narrowed to this request
            while not in_queue.filter(pk=tbv.id).exists():
                time.sleep(0.002)
            latencies.append((time.perf_counter() - started) * 1000)
        results["commit → queue"] = latencies

        # 3. a burst: committed as fast as the database takes them, one wake-up per callback
        now = timezone.now()
        deadline = termijnen.uiterste_datum(now, 2)
        with transaction.atomic():
            created = Terugbelverzoek.objects.bulk_create(
                [
                    Terugbelverzoek(
                        partij_id=persons[i % len(persons)],
                        onderwerp=onderwerp,
                        vraag=f"Burst {i}",
                        telefoonnummer="+31612345678",
                        deadline=deadline,
                        aangemaakt=now,
                    )
                    for i in range(args.burst)
                ]
            )
        started = time.perf_counter()
        from callbacks.tasks import routeren

        with app.producer_or_acquire() as producer:
            for tbv in created:
                routeren.apply_async((tbv.id,), producer=producer)
        sent = time.perf_counter() - started
        ids = [t.id for t in created]
        while True:
            done = Melding.objects.filter(
                terugbelverzoek_id__in=ids, gemaild_op__isnull=False
            ).count()
            if done == len(ids):
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        results["burst"] = (len(ids), elapsed, sent)
        # let the worker drain the remaining (now empty) wake-ups before the page timings
        time.sleep(2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
        # the benchmark's own requests go again, so that a rerun measures the same data
        from contacts.models import Contactmoment

        eigen = Terugbelverzoek.objects.filter(aangemaakt__gte=begin)
        contacten = list(
            eigen.exclude(contactmoment=None).values_list("contactmoment_id", flat=True)
        )
        eigen.delete()
        Contactmoment.objects.filter(pk__in=contacten).delete()

    n, elapsed, sent = results.pop("burst")
    lines = [
        "# Benchmark: callback requests",
        "",
        f"Measured {timezone.localtime():%Y-%m-%d %H:%M} on {platform.node()} "
        f"({os.cpu_count()} cores), Python {platform.python_version()}, "
        f"{total:,} callbacks in the database ({open_:,} open), one Celery worker process "
        "(`-c 1`) on Redis.",
        "",
        "Rerun: `DATABASE_URL=… REDIS_URL=… .venv/bin/python tests/perf/bench_callbacks.py`",
        "(see the script's docstring for what is measured).",
        "",
        "| what | runs | p50 ms | p95 ms | max ms | target |",
        "|---|---|---|---|---|---|",
    ]
    targets = {
        "commit → queue": "p95 ≤ 500 ms",
        "team-lead overview, all departments": "p95 ≤ 100 ms",
        "team-lead overview, one department": "p95 ≤ 100 ms",
    }
    for name, samples in results.items():
        lines.append(
            f"| {name} | {len(samples)} | {percentile(samples, 50):.1f} | "
            f"{percentile(samples, 95):.1f} | {max(samples):.1f} | "
            f"{targets.get(name, '')} |"
        )
    lines += [
        "",
        f"Sustained: {n:,} callbacks, each with its own wake-up through Redis, routed "
        f"and notified by one worker process in {elapsed:.1f} s = **{n / elapsed:,.0f} "
        f"callbacks/s** (target ≥ 200/s); sending the {n:,} wake-ups took {sent:.1f} s "
        "of that.",
        "",
    ]
    Path(args.report).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
