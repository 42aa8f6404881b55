"""Replicas as the hosting party runs them: nginx on loopback in front of two web processes
(gunicorn), two Celery workers and two beats, on one database and one broker. Colleagues
register contacts and callbacks concurrently through the proxy, each callback form sent
twice (a double click that the proxy hands to the other replica): every contact and callback
is stored once, every callback routed once with one notification, and only one beat
schedules. Nothing in a web process's memory is needed by the other (sessions, form keys,
rate limits and the caller-id pop-up live in PostgreSQL and Redis)."""

import re
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.test import Client

from callbacks.models import Melding, Routeringsregel, Terugbelverzoek
from contacts.models import Contactmoment
from tests.catalogus import maak_wereld
from tests.conftest import start_worker, stop_worker, worker_env
from tests.factories import PersoonFactory
from tests.processen import Sessie, beat, gunicorn, redis_server, stoppen, vrije_poort
from tests.proxy.nginx import Nginx

pytestmark = [pytest.mark.celery]

PER_COLLEGA = 6
COLLEGAS = 4


# too complex for C901 on purpose: one story with its failure injections in order
def test_two_web_two_workers_two_beats_nothing_doubled_or_lost(  # noqa: C901
    transactional_db, settings, tmp_path, statische_bestanden
):
    wereld = maak_wereld()
    Routeringsregel.objects.create(
        onderwerp=wereld.onderwerpen["wmo"], afdeling=wereld.afdelingen["wmo"]
    )
    personen = [PersoonFactory() for _ in range(COLLEGAS)]
    sessie_sleutels = []
    for _ in range(COLLEGAS):
        client = Client()
        client.force_login(wereld.users["kcc"])
        sessie_sleutels.append(client.cookies[settings.SESSION_COOKIE_NAME].value)

    port = vrije_poort()
    broker = f"redis://127.0.0.1:{port}/0"
    redis = redis_server(port)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    processen, webs, workers = [], [], []
    proxy = None
    try:
        for naam in ("w1", "w2"):
            worker, _host = start_worker(settings, queue, name=f"{naam}-{queue}", broker=broker)
            workers.append(worker)
        env = worker_env(
            settings,
            queue,
            CELERY_BROKER_URL=broker,
            CELERY_RESULT_BACKEND=broker,
            DJANGO_STATIC_ROOT=str(statische_bestanden),
        )
        web_logs = []
        for naam in ("web1", "web2"):
            log = open(tmp_path / f"{naam}.log", "wb")  # noqa: SIM115
            web_logs.append(tmp_path / f"{naam}.log")
            proc, url = gunicorn(env, workers=1, log=log)
            webs.append((proc, url))
        beats = []
        for naam in ("beat1", "beat2"):
            proc, log = beat(env, tmp_path, naam)
            processen.append(proc)
            beats.append(log)
        proxy = Nginx(tmp_path / "nginx", [url[len("http://") :] for _p, url in webs], tls=False)
        proxy.start()

        fouten = []

        def collega(i):
            http_ = Sessie(proxy.url, sessie_sleutels[i])
            persoon = personen[i]
            for j in range(PER_COLLEGA):
                status, html = http_.vraag(
                    "POST",
                    f"/nijmegenaren/{persoon.id}/contactmomenten/",
                    {
                        "sleutel": str(uuid.uuid4()),
                        "kanaal": wereld.kanalen["telefoon"].id,
                        "onderwerp": "Onderwerp wmo",
                        "vraag": f"Replica-vraag {i}-{j}",
                        "antwoord": "Uitgelegd.",
                        "resultaat": "beantwoord",
                    },
                )
                if status != 200:
                    fouten.append((status, html[:300]))
                sleutel = str(uuid.uuid4())
                form = {
                    "tbv-sleutel": sleutel,
                    "tbv-telefoonnummer": "06-12345678",
                    "tbv-onderwerp": "Onderwerp wmo",
                    "tbv-vraag": f"Replica-terugbellen {i}-{j}",
                    "tbv-urgentie": "normaal",
                    "tbv-beste_tijd": "",
                    "tbv-alternatief": "",
                    "tbv-afdeling": "",
                }
                referenties = set()
                for _keer in range(2):  # the double click: the same form twice
                    status, html = http_.vraag(
                        "POST", f"/nijmegenaren/{persoon.id}/terugbelverzoeken/", form
                    )
                    if status != 200:
                        fouten.append((status, html[:300]))
                    referenties.update(re.findall(r"heeft nummer (TB-\d{4}-\d+)", html))
                if len(referenties) != 1:
                    fouten.append(("two answers for one form", referenties))

        threads = [threading.Thread(target=collega, args=(i,)) for i in range(COLLEGAS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not fouten, fouten[:5]

        totaal = COLLEGAS * PER_COLLEGA
        assert Contactmoment.objects.filter(vraag__startswith="Replica-vraag").count() == totaal
        tbvs = Terugbelverzoek.objects.filter(vraag__startswith="Replica-terugbellen")
        assert tbvs.count() == totaal  # one per form, the second send changed nothing
        deadline = time.monotonic() + 60
        while tbvs.filter(status="ontvangen").exists() and time.monotonic() < deadline:
            time.sleep(0.3)
        assert not tbvs.filter(status="ontvangen").exists()
        assert set(tbvs.values_list("afdeling__code", flat=True)) == {"wmo"}
        # one notification per callback, not one per replica or per sweep
        assert Melding.objects.filter(terugbelverzoek__in=tbvs, soort="nieuw").count() == totaal
        # both web replicas served, both workers worked
        for pad in web_logs:
            assert '"verzoek"' in pad.read_text(errors="replace"), pad.name
        for worker in workers:
            assert "succeeded" in Path(worker.log_path).read_text(errors="replace")
        # one beat schedules, the other stands by
        teksten = [pad.read_text(errors="replace") for pad in beats]
        assert sum("lock taken" in tekst for tekst in teksten) == 1, teksten
        assert sum("standby" in tekst for tekst in teksten) == 1, teksten
    finally:
        if proxy:
            proxy.stop()
        for proc, _url in webs:
            stoppen(proc)
        for proc in processen:
            stoppen(proc)
        for worker in workers:
            stop_worker(worker)
        stoppen(redis)
