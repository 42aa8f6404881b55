"""The BRP step runs in a real Celery worker on Redis, woken by the import's commit; a run
that stops halfway loses nothing and the next one goes on where it was."""

import time
import uuid

import pytest

from demo.stubs.brp import VASTE_PERSONEN, bevolking
from proactief import services
from proactief.models import Kandidaat
from tests.conftest import start_worker, stop_worker

from .test_regels import actief  # noqa: F401 - fixture

pytestmark = [pytest.mark.celery, pytest.mark.proces, pytest.mark.django_db(transaction=True)]


def _regels(n):
    mensen = [p["burgerservicenummer"] for p in bevolking(400)[len(VASTE_PERSONEN) :]][:n]
    return [
        {"bsn": b, "signaal": "s", "datum": "2026-11-01", "bron": "Talis"}
        for b in [*mensen, "999990032"]
    ]


def test_de_brp_stap_loopt_in_een_worker_na_het_opnemen(settings, wereld, actief, brp):  # noqa: F811
    from nijmegen_kcc.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker, _naam = start_worker(
        settings,
        queue,
        KCC_BRP_URL=settings.KCC_BRP_URL,
        KCC_BRP_API_KEY=settings.KCC_BRP_API_KEY,
        KCC_PROACTIEF_BRP_PER_SECONDE="100",
    )
    app.conf.task_default_queue = queue
    try:
        services.kandidaten_importeren(
            door=wereld.users["teamleider"], campagne_id=actief.pk, regels=_regels(20)
        )
        einde = time.monotonic() + 60
        while Kandidaat.objects.filter(status="te_controleren").exists():
            assert time.monotonic() < einde, "the worker did not check the list within 60 s"
            time.sleep(0.3)
    finally:
        app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
        stop_worker(worker)
    assert Kandidaat.objects.filter(status="te_beoordelen").count() == 20
    assert Kandidaat.objects.get(bsn="999990032").filter == "overleden"
    vragen = [v for v in brp.verzoeken() if v["pad"].endswith("/personen")]
    assert len(vragen) == 21
    assert (
        '"fields": ["burgerservicenummer", "verblijfplaats", "overlijden.datum"]'
        in (vragen[0]["body"])
    )


def test_een_onderbroken_controle_gaat_verder_waar_hij_was(settings, wereld, actief, brp):  # noqa: F811
    settings.KCC_PROACTIEF_BRP_PER_SECONDE = 1000
    services.kandidaten_importeren(
        door=wereld.users["teamleider"], campagne_id=actief.pk, regels=_regels(12)
    )
    assert services.brp_controleren(actief.pk, aantal=5) == 8  # stopped after five
    brp.storing("503")
    with pytest.raises(services.controleren.brp.BrpFout):
        services.brp_controleren(actief.pk)
    assert services.brp_controleren(actief.pk) == 0
    assert Kandidaat.objects.exclude(brp_gecontroleerd_op=None).count() == 13
    assert len([v for v in brp.verzoeken() if v["pad"].endswith("/personen")]) == 14
