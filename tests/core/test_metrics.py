"""/metrics as the hosting party's Prometheus scrapes it: requests and latency per view,
callbacks due and overdue and the routing lag from the database, the age of the oldest
waiting task from Redis, and — under gunicorn with several workers — counts that add up over
all workers whichever one answers the scrape."""

import datetime
import re
import time
import urllib.request
import uuid

import pytest
from django.utils import timezone

from callbacks.models import Terugbelverzoek
from core.health import wachtende_taken
from nijmegen_kcc.celery import app
from tests.catalogus import maak_wereld
from tests.conftest import worker_env
from tests.factories import PersoonFactory
from tests.processen import gunicorn, stoppen


def waarde(tekst, naam, **labels):
    """The value of one sample in the exposition format (None when absent)."""
    for regel in tekst.splitlines():
        if not regel.startswith(naam + ("{" if labels else " ")):
            continue
        if labels:
            gevonden = dict(re.findall(r'(\w+)="([^"]*)"', regel.split("}")[0]))
            if any(gevonden.get(k) != v for k, v in labels.items()):
                continue
        return float(regel.rsplit(" ", 1)[1])
    return None


@pytest.mark.django_db
def test_requests_are_counted_and_timed_per_view(client, kcc_medewerker):
    client.force_login(kcc_medewerker.user)
    before = waarde(client.get("/metrics").content.decode(), "kcc_verzoeken_total",
                    view="klantbeeld:zoeken", status="2xx") or 0  # fmt: skip
    for _ in range(3):
        assert client.get("/zoeken/").status_code == 200
    tekst = client.get("/metrics").content.decode()
    assert waarde(tekst, "kcc_verzoeken_total", view="klantbeeld:zoeken", status="2xx") == (
        before + 3
    )
    assert (
        waarde(tekst, "kcc_verzoek_duur_seconden_count", view="klantbeeld:zoeken", methode="GET")
        >= 3
    )
    # the scrape itself and the probes are not counted as traffic
    assert 'view="metrics"' not in tekst


@pytest.mark.django_db
def test_callbacks_due_overdue_and_the_routing_lag(client):
    from callbacks import services

    wereld = maak_wereld()
    persoon = PersoonFactory()
    nu = timezone.now()

    def maak(**velden):
        tbv = services.terugbelverzoek_aanmaken(
            partij=persoon,
            onderwerp=wereld.onderwerpen["wmo"],
            vraag="Vraag",
            telefoonnummer="0612345678",
            door=wereld.users["kcc"],
        )
        Terugbelverzoek.objects.filter(id=tbv.id).update(**velden)

    wmo = wereld.afdelingen["wmo"]
    maak(afdeling=wmo, status="nieuw", deadline=nu - datetime.timedelta(hours=2))  # overdue
    maak(afdeling=wmo, status="nieuw", deadline=nu + datetime.timedelta(seconds=60))  # today
    maak(afdeling=wmo, status="nieuw", deadline=nu + datetime.timedelta(days=3))
    maak(afdeling=wmo, status="afgehandeld", uitkomst="afgehandeld", afgehandeld_op=nu,
         deadline=nu - datetime.timedelta(days=1))  # fmt: skip
    # received ten minutes ago and not routed yet
    maak(status="ontvangen", afdeling=None, aangemaakt=nu - datetime.timedelta(minutes=10))
    tekst = client.get("/metrics").content.decode()
    assert waarde(tekst, "kcc_terugbel_open", afdeling=wmo.code) == 3
    assert waarde(tekst, "kcc_terugbel_te_laat", afdeling=wmo.code) == 1
    vandaag = waarde(tekst, "kcc_terugbel_vandaag_te_doen", afdeling=wmo.code)
    # "today" ends at midnight in Nijmegen: 60 s from now is today unless the test runs at 23:59
    assert vandaag == (1 if timezone.localtime(nu).hour < 23 else vandaag)
    assert 600 <= waarde(tekst, "kcc_routering_achterstand_seconden") < 700
    # counts per department only: no name, number or question of a resident
    assert "0612345678" not in tekst
    assert persoon.geslachtsnaam not in tekst


@pytest.mark.django_db
def test_the_age_of_the_oldest_waiting_task(client):
    vorige = app.conf.task_default_queue
    wachtrij = app.conf.task_default_queue = f"test-{uuid.uuid4().hex[:8]}"
    try:
        app.send_task("callbacks.tasks.routeren")  # nobody reads this queue
        time.sleep(1.2)
        app.send_task("callbacks.tasks.routeren")
        assert wachtende_taken(wachtrij) == 2
        tekst = client.get("/metrics").content.decode()
        assert waarde(tekst, "kcc_wachtrij_taken", wachtrij=wachtrij) == 2
        # the oldest, not the newest
        assert 1.2 <= waarde(tekst, "kcc_wachtrij_oudste_seconden", wachtrij=wachtrij) < 30
    finally:
        with app.connection_for_write() as conn:
            conn.default_channel.client.delete(wachtrij)
        app.conf.task_default_queue = vorige


def test_under_gunicorn_with_two_workers_every_scrape_counts_all_requests(
    transactional_db, settings, tmp_path
):
    env = worker_env(settings, "test-metrics", PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    proc, url = gunicorn(env, workers=2)
    try:
        for _ in range(40):
            with urllib.request.urlopen(url + "/version", timeout=10) as antwoord:  # noqa: S310
                assert antwoord.status == 200
        for _ in range(6):
            with urllib.request.urlopen(url + "/metrics", timeout=10) as antwoord:  # noqa: S310
                tekst = antwoord.read().decode()
            assert waarde(tekst, "kcc_verzoeken_total", view="versie", status="2xx") == 40
        # two workers, each with its own file: the sum is the same whichever answers
        assert len(list(tmp_path.glob("counter_*.db"))) == 2
    finally:
        stoppen(proc)
