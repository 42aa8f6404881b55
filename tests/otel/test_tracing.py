"""Tracing, on by configuration: gunicorn and a Celery worker export OTLP to a stand-in
collector process. A request continues the caller's trace, the task it sends continues the
request's, and no span carries a path with ids, a query, a BSN, a name or a phone number."""

import json
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.test import Client

from callbacks.models import Routeringsregel
from tests.catalogus import maak_wereld
from tests.conftest import start_worker, stop_worker, worker_env
from tests.factories import PersoonFactory
from tests.processen import Sessie, gunicorn, stoppen, vrije_poort

pytestmark = [pytest.mark.celery]

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
OUDER = "00f067aa0ba902b7"


@pytest.fixture
def collector(tmp_path):
    port = vrije_poort()
    spans = tmp_path / "spans.jsonl"
    spans.touch()
    proc = subprocess.Popen([sys.executable, "-m", "tests.otel.ontvanger", str(port), str(spans)])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", spans
    stoppen(proc)


def _spans(pad, voorwaarde, seconden=20):
    deadline = time.monotonic() + seconden
    while time.monotonic() < deadline:
        gevonden = [json.loads(r) for r in pad.read_text().splitlines()]
        if voorwaarde(gevonden):
            return gevonden
        time.sleep(0.2)
    pytest.fail(f"no such spans: {pad.read_text()[:3000]}")


def test_a_request_and_its_task_continue_the_callers_trace(
    transactional_db, settings, collector, statische_bestanden
):
    endpoint, pad = collector
    wereld = maak_wereld()
    Routeringsregel.objects.create(
        onderwerp=wereld.onderwerpen["wmo"], afdeling=wereld.afdelingen["wmo"]
    )
    persoon = PersoonFactory()
    client = Client()
    client.force_login(wereld.users["kcc"])
    otel = {"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint, "OTEL_BSP_SCHEDULE_DELAY": "100"}
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker, _naam = start_worker(settings, queue, OTEL_SERVICE_NAME="kcc-worker", **otel)
    env = worker_env(
        settings, queue, DJANGO_STATIC_ROOT=str(statische_bestanden),
        OTEL_SERVICE_NAME="kcc-web", **otel,
    )  # fmt: skip
    web, url = gunicorn(env, workers=1)
    try:
        http_ = Sessie(url, client.cookies[settings.SESSION_COOKIE_NAME].value)
        http_.extra = {"traceparent": f"00-{TRACE_ID}-{OUDER}-01"}
        status, html = http_.vraag(
            "POST",
            f"/nijmegenaren/{persoon.id}/terugbelverzoeken/",
            {
                "tbv-sleutel": str(uuid.uuid4()),
                "tbv-telefoonnummer": "06-12345678",
                "tbv-onderwerp": "Onderwerp wmo",
                "tbv-vraag": "Graag terugbellen",
                "tbv-urgentie": "normaal",
                "tbv-beste_tijd": "",
                "tbv-alternatief": "",
                "tbv-afdeling": "",
            },
        )
        assert status == 200, html[:300]
        spans = _spans(
            pad,
            lambda s: (
                {x["service"] for x in s if x["trace_id"] == TRACE_ID} == {"kcc-web", "kcc-worker"}
            ),
        )
        # the probe before (health) is not traced: the one request span is ours
        [verzoek] = [s for s in spans if s["service"] == "kcc-web"]
        assert verzoek["trace_id"] == TRACE_ID
        assert verzoek["kind"] == 2  # server
        assert verzoek["parent_span_id"] == OUDER
        assert verzoek["name"] == "POST klantbeeld:terugbelverzoek-maken"
        assert verzoek["attributes"]["http.response.status_code"] == 200
        taak = next(s for s in spans if s["service"] == "kcc-worker")
        assert taak["name"] == "taak callbacks.tasks.routeren"
        assert taak["parent_span_id"] == verzoek["span_id"]
        alles = pad.read_text()
        for geheim in (persoon.bsn, persoon.geslachtsnaam, "612345678", f"/{persoon.id}/"):
            assert geheim not in alles
    finally:
        stoppen(web)
        stop_worker(worker)
