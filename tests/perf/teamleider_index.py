"""The team lead's overview with and without the covering index on open callbacks
(``tbv_open_dekkend_idx``, callbacks migration 0003), alternately in one run, on one database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_x10 REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python tests/perf/teamleider_index.py [--runs 100] [--rounds 3]

Prints p50/p95 per variant; leaves the index in place.
"""

import argparse
import statistics
import time

from opzet import opzetten

opzetten("teamleider")

INDEX = (
    "CREATE INDEX IF NOT EXISTS tbv_open_dekkend_idx ON callbacks_terugbelverzoek (deadline) "
    "INCLUDE (id, status, aangemaakt, onderwerp_id, afdeling_id, team_id, opgepakt_door_id) "
    "WHERE NOT (status = 'afgehandeld')"
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="teamleider"))
    samples = {"without": [], "with": []}
    for _ in range(args.rounds):
        for variant in ("without", "with"):
            with connection.cursor() as cursor:
                cursor.execute(
                    INDEX if variant == "with" else "DROP INDEX IF EXISTS tbv_open_dekkend_idx"
                )
                cursor.execute("VACUUM ANALYZE callbacks_terugbelverzoek")
            client.get("/teamleider/terugbelverzoeken/")
            for _ in range(args.runs):
                begin = time.perf_counter()
                assert client.get("/teamleider/terugbelverzoeken/").status_code == 200
                samples[variant].append((time.perf_counter() - begin) * 1000)
    with connection.cursor() as cursor:
        cursor.execute(INDEX)
    for variant, values in samples.items():
        values.sort()
        print(
            f"{connection.settings_dict['NAME']}: team-lead overview {variant} the index: "
            f"p50 {statistics.median(values):.1f} ms, p95 {values[int(0.95 * len(values)) - 1]:.1f}"
            f" ms ({len(values)} requests)"
        )


if __name__ == "__main__":
    main()
