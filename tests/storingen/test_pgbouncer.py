"""Behind PgBouncer in transaction mode (Debian's pgbouncer on loopback, a pool of 2 server
connections for 2 gunicorn workers and a Celery worker): search, klantbeeld, registering a
contact, a callback routed by the worker and the department queue all work, many times in a
row (a prepared statement or a server-side cursor would fail on the second server
connection), and nothing is doubled or lost."""

import re
import shutil
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from callbacks.models import Routeringsregel, Terugbelverzoek
from contacts.models import Contactmoment
from tests.catalogus import maak_wereld
from tests.conftest import start_worker, stop_worker, worker_env
from tests.factories import PersoonFactory
from tests.processen import Sessie, gunicorn, pgbouncer_starten, stoppen

pytestmark = [pytest.mark.celery]


@pytest.fixture
def pgbouncer(transactional_db):
    proc, url, map_ = pgbouncer_starten(connection.settings_dict, pool=2)
    yield {"url": url, "log": map_}
    stoppen(proc)
    shutil.rmtree(map_, ignore_errors=True)


def _lees(pad):
    return pad.read_text(errors="replace") if pad.exists() else ""


def test_the_main_flows_work_through_pgbouncer_in_transaction_mode(
    pgbouncer, settings, statische_bestanden
):
    wereld = maak_wereld()
    Routeringsregel.objects.create(
        onderwerp=wereld.onderwerpen["wmo"], afdeling=wereld.afdelingen["wmo"]
    )
    persoon = PersoonFactory(geslachtsnaam="Bouncerman")
    kcc = wereld.users["kcc"]
    client = Client()
    client.force_login(kcc)
    sessie_sleutel = client.cookies[settings.SESSION_COOKIE_NAME].value

    queue = f"test-{uuid.uuid4().hex[:8]}"
    extra = {"DATABASE_URL": pgbouncer["url"], "KCC_PGBOUNCER": "1"}
    worker, _naam = start_worker(settings, queue, **extra)
    env = worker_env(settings, queue, DJANGO_STATIC_ROOT=str(statische_bestanden), **extra)
    log = open(pgbouncer["log"] / "gunicorn.log", "wb")  # noqa: SIM115
    web, url = gunicorn(env, workers=2, log=log)
    try:
        http_ = Sessie(url, sessie_sleutel)
        telefoon = wereld.kanalen["telefoon"].id
        for i in range(8):
            status, html = http_.vraag("POST", "/zoeken/", {"q": "Bouncerman"})
            assert status == 200, html[:500]
            assert "Bouncerman" in html
            status, html = http_.vraag("GET", f"/nijmegenaren/{persoon.id}/", htmx=False)
            assert status == 200, html[:500]
            status, html = http_.vraag(
                "POST",
                f"/nijmegenaren/{persoon.id}/contactmomenten/",
                {
                    "kanaal": telefoon,
                    "onderwerp": "Onderwerp wmo",
                    "vraag": f"PgBouncer-vraag {i}",
                    "antwoord": "Uitgelegd.",
                    "resultaat": "beantwoord",
                },
            )
            assert status == 200, html[:500]
            status, html = http_.vraag(
                "POST",
                f"/nijmegenaren/{persoon.id}/terugbelverzoeken/",
                {
                    "tbv-sleutel": str(uuid.uuid4()),
                    "tbv-telefoonnummer": "06-12345678",
                    "tbv-onderwerp": "Onderwerp wmo",
                    "tbv-vraag": f"PgBouncer-terugbellen {i}",
                    "tbv-urgentie": "normaal",
                    "tbv-beste_tijd": "",
                    "tbv-alternatief": "",
                    "tbv-afdeling": "",
                },
            )
            assert status == 200, html[:500]
            assert re.search(r"TB-[0-9A-Z-]+", html), html[:500]
        # every contact once, none lost
        assert Contactmoment.objects.filter(vraag__startswith="PgBouncer-vraag").count() == 8
        # the worker routes all eight through the pool
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            open_ = Terugbelverzoek.objects.filter(vraag__startswith="PgBouncer-terugbellen")
            if open_.count() == 8 and not open_.filter(status="ontvangen").exists():
                break
            time.sleep(0.3)
        else:
            pytest.fail(f"not routed: {Path(worker.log_path).read_text()[-3000:]}")
        # the department's queue shows them, read through PgBouncer
        wmo = Client()
        wmo.force_login(wereld.users["wmo"])
        queue_http = Sessie(url, wmo.cookies[settings.SESSION_COOKIE_NAME].value)
        status, html = queue_http.vraag("GET", "/terugbelverzoeken/", htmx=False)
        assert status == 200
        for tbv in Terugbelverzoek.objects.filter(vraag__startswith="PgBouncer-terugbellen"):
            assert tbv.afdeling == wereld.afdelingen["wmo"]
            assert tbv.referentie in html
    finally:
        stoppen(web)
        stop_worker(worker)
        log.close()
