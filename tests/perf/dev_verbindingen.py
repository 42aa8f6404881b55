"""Database connections of the development server (``./kcc run``) under load: 8 clients ×
40 logged-in page loads, with ``DATABASE_CONN_MAX_AGE`` 60 and 0, in one run. Prints, per
setting, the peak number of connections during the load and how many stay open after it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcc_x1 \\
        .venv/bin/python tests/perf/dev_verbindingen.py
"""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import requests

BASE = Path(__file__).resolve().parents[2]
DB = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcc_x1")
NAAM = DB.rsplit("/", 1)[1]
TELLING = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"


def _vrije_poort():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _belasting(base, cookies):
    sessie = requests.Session()
    sessie.cookies.update(cookies)
    for _ in range(40):
        sessie.get(base + "/", timeout=30)


def meten(conn_max_age: str, db: psycopg.Connection) -> tuple[int, int]:
    poort = _vrije_poort()
    env = {
        **os.environ,
        "DATABASE_URL": DB,
        "KCC_DEMO": "1",
        "DJANGO_DEBUG": "1",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_CONN_MAX_AGE": conn_max_age,
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{poort}", "--noreload"],
        cwd=BASE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{poort}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/health/live/", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        inlog = requests.Session()
        inlog.get(base + "/demo/")
        inlog.post(
            base + "/demo/",
            data={"username": "kcc", "csrfmiddlewaretoken": inlog.cookies["csrftoken"]},
            headers={"Referer": base + "/demo/"},
        )
        voor = db.execute(TELLING, [NAAM]).fetchone()[0]
        piek, klaar = [0], threading.Event()

        def bemonsteren():
            while not klaar.is_set():
                piek[0] = max(piek[0], db.execute(TELLING, [NAAM]).fetchone()[0])
                time.sleep(0.1)

        monster = threading.Thread(target=bemonsteren)
        monster.start()
        clients = [
            threading.Thread(target=_belasting, args=(base, inlog.cookies.get_dict()))
            for _ in range(8)
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        time.sleep(1)
        klaar.set()
        monster.join()
        return piek[0] - voor, db.execute(TELLING, [NAAM]).fetchone()[0] - voor
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    with psycopg.connect(DB, autocommit=True) as db:
        for age in ("60", "0"):
            piek, open_na = meten(age, db)
            print(f"DATABASE_CONN_MAX_AGE={age}: peak {piek}, still open after the load {open_na}")
