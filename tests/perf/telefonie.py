"""Telephony event ingest, measured: a year's worth of calls posted to the webhook in
batches, the way a platform (or the reconciliation import) delivers them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_x1 REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python tests/perf/telefonie.py [--gesprekken 20000] [--partij 500] \\
        [--report docs/benchmarks-telefonie.md]

gunicorn with one sync worker (the production configuration) on loopback; each call is four
events (queued, answered, ended, wrapup_end) with a caller number; every batch is sent twice
(the platform retries), so half of what arrives is a duplicate that must not be stored.
"""

import argparse
import http.client
import json
import os
import platform
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from opzet import BASE_DIR, opzetten

opzetten("tel")


def gesprek(rng, begin, merk, n):
    call_id = f"bench-{merk}-{n}"
    beller = f"06{rng.randrange(10**8):08d}"
    wacht = rng.randrange(1, 240)
    duur = rng.randrange(30, 900)

    def ts(s):
        return (begin + timedelta(seconds=s)).isoformat().replace("+00:00", "Z")

    return [
        {"call_id": call_id, "event": "queued", "ts": ts(0), "queue": "14024", "caller": beller},
        {"call_id": call_id, "event": "answered", "ts": ts(wacht), "agent": "bench"},
        {"call_id": call_id, "event": "ended", "ts": ts(wacht + duur)},
        {"call_id": call_id, "event": "wrapup_end", "ts": ts(wacht + duur + 60)},
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gesprekken", type=int, default=20_000)
    parser.add_argument("--partij", type=int, default=500, help="events per request")
    parser.add_argument("--report", default=str(BASE_DIR / "docs" / "benchmarks-telefonie.md"))
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    from sources.models import Telefoniegebeurtenis
    from tests.conftest import worker_env
    from tests.processen import gunicorn, stoppen

    token = "bench-" + uuid.uuid4().hex
    env = worker_env(settings, "bench-tel", KCC_TELEFONIE_TOKEN=token, DATABASE_CONN_MAX_AGE="60")
    web, url = gunicorn(env, workers=1)
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    rng, merk = random.Random(7), uuid.uuid4().hex[:6]
    begin = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    events = []
    for n in range(args.gesprekken):
        events += gesprek(rng, begin + timedelta(seconds=n * 90), merk, n)
    voor = Telefoniegebeurtenis.objects.count()
    duren = []
    try:
        start = time.perf_counter()
        for i in range(0, len(events), args.partij):
            body = json.dumps(events[i : i + args.partij])
            for _ in range(2):  # every batch twice: the platform retries
                t = time.perf_counter()
                conn.request(
                    "POST",
                    "/telefonie/gebeurtenissen/",
                    body=body,
                    headers={
                        "Authorization": f"Bearer {token}",
                        "Content-Type": "application/json",
                        "Host": "127.0.0.1",
                    },
                )
                antwoord = conn.getresponse()
                antwoord.read()
                assert antwoord.status in (200, 201), antwoord.status
                duren.append((time.perf_counter() - t) * 1000)
        totaal = time.perf_counter() - start
    finally:
        stoppen(web)
    nieuw = Telefoniegebeurtenis.objects.count() - voor
    assert nieuw == len(events), (nieuw, len(events))
    ontvangen = 2 * len(events)
    duren.sort()
    rapport = f"""# Benchmark: telephony event ingest

Measured {time.strftime("%Y-%m-%d %H:%M")} on {platform.node()} ({os.cpu_count()} cores), gunicorn
with one sync worker (the production configuration), PostgreSQL on loopback, the table already
holding {voor:,} events. Rerun:

```sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_x1 REDIS_URL=redis://127.0.0.1:6379/0 \\
  .venv/bin/python tests/perf/telefonie.py --gesprekken {args.gesprekken} --partij {args.partij}
```

| | |
|---|---|
| calls / events sent | {args.gesprekken:,} / {ontvangen:,} (every batch twice) |
| events stored | {nieuw:,} (each once) |
| events per request | {args.partij} |
| sustained rate | **{ontvangen / totaal:,.0f} events/s** received, {nieuw / totaal:,.0f} stored/s |
| request p50 / p95 | {duren[len(duren) // 2]:.0f} / {duren[int(len(duren) * 0.95)]:.0f} ms |

Target: ≥ 1,000 events/s sustained with one worker.
"""
    Path(args.report).write_text(rapport)
    print(rapport)


if __name__ == "__main__":
    main()
