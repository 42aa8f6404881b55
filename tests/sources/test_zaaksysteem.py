"""The zaaksysteem adapter against the ZGW stub (a process answering from the Zaken,
Catalogi and Notificaties specifications, with JWT checks): the initial load, resumable and
with ``expand``; the reconciliation; the webhook; processing notifications idempotently and
in any order; and every way the zaaksysteem can fail. No mocking of the HTTP client."""

import datetime
import json
import os
import time
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from cases.models import Zaak
from contacts.models import Partij
from sources import zgw
from sources.models import Notificatie, Synchronisatie
from tests.catalogus import maak_wereld
from tests.factories import PersoonFactory

from .conftest import AANTAL, GEHEIM

pytestmark = pytest.mark.django_db


def lijst_verzoeken(stub):
    return [v for v in stub.verzoeken() if v["pad"].startswith(("/zaken", "/catalogi"))]


def test_initial_load_one_call_per_page_and_it_resumes_after_a_crash(zaaksysteem, wereld):
    zaaksysteem.storing("503", aantal=0)
    sync = zgw.zaken_laden(max_paginas=1)
    assert sync.volgende_pagina == 2
    assert Zaak.objects.count() == 100
    zaaksysteem.storing("503")  # page 2 fails: the load stops there, nothing half-stored
    with pytest.raises(zgw.ZgwFout):
        zgw.zaken_laden()
    assert Synchronisatie.objects.get().volgende_pagina == 2
    assert Zaak.objects.count() == 100
    sync = zgw.zaken_laden()  # goes on at page 2
    assert sync.klaar_op is not None
    assert Zaak.objects.count() == AANTAL
    verzoeken = lijst_verzoeken(zaaksysteem)
    paginas = [parse_qs(v["query"])["page"][0] for v in verzoeken]
    assert paginas == ["1", "2", "2", "3"]  # never the 1 + 4 calls per zaak
    assert all("rollen" in parse_qs(v["query"])["expand"][0] for v in verzoeken)
    assert all(v["headers"]["authorization"].startswith("Bearer ") for v in verzoeken)

    zaak = Zaak.objects.select_related("partij", "behandelaar__user", "zaaktype").get(
        identificatie="ZAAK-2025-0000001"
    )
    assert zaak.zaaktype.code == "zaaktype-wmo"
    assert zaak.behandelaar.user.username == "t-wmo"
    assert zaak.afdeling.code == "wmo"  # the behandelaar's
    assert zaak.status == "Ontvangen"
    assert zaak.bron == "openzaak"
    assert zaak.bron_url.endswith("/zaken/api/v1/zaken/6f1c1d3e-0000-4000-8000-000000000001")
    # the initiators were unknown: taken in from the BRP, with their source stamp
    assert zaak.partij.bron == Partij.Bron.BRP
    assert zaak.partij.opgehaald_op is not None
    # a second full run changes nothing and doubles nothing
    zgw.zaken_laden(opnieuw=True)
    assert Zaak.objects.count() == AANTAL
    assert Partij.objects.filter(bsn=zaak.partij.bsn).count() == 1


def test_the_reconciliation_removes_what_the_zaaksysteem_no_longer_has(zaaksysteem, wereld):
    zgw.zaken_laden()
    weg = "6f1c1d3e-0000-4000-8000-000000000005"
    zaaksysteem.controle(f"/_stub/zaken/{weg}", {"stil": True}, methode="DELETE")
    zgw.zaken_laden(opnieuw=True)
    assert not Zaak.objects.filter(bron_url__endswith=weg).exists()
    assert Zaak.objects.count() == AANTAL - 1


@pytest.mark.parametrize(
    ("soort", "reden"),
    [
        ("traag", "timeout"),
        ("401", "HTTP 401"),
        ("403", "HTTP 403"),
        ("404", "HTTP 404"),
        ("500", "HTTP 500"),
        ("400", "HTTP 400"),
        ("kapot", "geen geldige JSON"),
        ("groot", "antwoord groter dan"),
    ],
)
def test_every_failure_of_the_load_stops_cleanly_and_says_why(
    zaaksysteem, wereld, settings, soort, reden
):
    settings.KCC_ZGW_TIMEOUT = 0.5
    settings.KCC_ZGW_MAX_ANTWOORD = 1024 * 1024
    zaaksysteem.storing(soort, seconden=2, mb=2)
    with pytest.raises(CommandError) as fout:
        call_command("zaken_laden")
    assert "gaat verder waar het bleef" in str(fout.value)
    assert reden in str(fout.value)
    assert Zaak.objects.count() == 0
    call_command("zaken_laden")  # the next run goes on
    assert Zaak.objects.count() == AANTAL


def test_an_unknown_confidentiality_value_is_skipped_and_counted(zaaksysteem, wereld):
    zaaksysteem.storing("onbekend")
    sync = zgw.zaken_laden(max_paginas=1)
    assert sync.overgeslagen == {"unknown confidentiality": 1}
    assert Zaak.objects.count() == 99


def test_the_command_without_a_zaaksysteem_says_so(settings):
    settings.KCC_ZAKEN_URL = ""
    with pytest.raises(CommandError, match="geen zaaksysteem"):
        call_command("zaken_laden")


# --- the webhook -----------------------------------------------------------------------------


def bericht(stub, zaak_uuid, actie="partial_update", minuten=0):
    url = f"{stub.url}/zaken/api/v1/zaken/{zaak_uuid}"
    tijd = timezone.now() + datetime.timedelta(minutes=minuten)
    return {
        "kanaal": "zaken",
        "hoofdObject": url,
        "resource": "zaak",
        "resourceUrl": url,
        "actie": actie,
        "aanmaakdatum": tijd.isoformat(),
        "kenmerken": {"bronorganisatie": "001479179"},
    }


def posten(client, body, token="Token notificatie-geheim"):  # noqa: S107 - a test secret
    return client.post(
        reverse("bronnen:notificaties"),
        json.dumps(body) if not isinstance(body, str) else body,
        content_type="application/json",
        HTTP_AUTHORIZATION=token,
    )


def test_the_webhook_refuses_strangers_and_bad_input_and_stores_nothing(client, zaaksysteem):
    goed = bericht(zaaksysteem, "6f1c1d3e-0000-4000-8000-000000000001")
    assert posten(client, goed, token="Token fout").status_code == 403
    assert posten(client, goed, token="").status_code == 403
    response = posten(client, "{niet: json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "geen JSON" in response.json()["detail"]
    response = posten(client, {**goed, "aanmaakdatum": "gisteren"})
    assert response.status_code == 400
    assert "aanmaakdatum" in response.json()["detail"]
    zonder = {k: v for k, v in goed.items() if k != "hoofdObject"}
    assert "hoofdObject" in posten(client, zonder).json()["detail"]
    assert not Notificatie.objects.exists()


def test_a_notification_twice_is_stored_and_processed_once(client, zaaksysteem, wereld, settings):
    from nijmegen_kcc.celery import app

    app.conf.task_default_queue = "test-niemand-" + os.urandom(4).hex()  # no worker: by hand
    goed = bericht(zaaksysteem, "6f1c1d3e-0000-4000-8000-000000000002")
    assert posten(client, goed).status_code == 204
    assert posten(client, goed).status_code == 204
    (n,) = Notificatie.objects.all()
    assert zgw.notificatie_verwerken(n.id) == "bijgewerkt"
    assert zgw.notificatie_verwerken(n.id) == "al verwerkt"
    assert Zaak.objects.filter(identificatie="ZAAK-2025-0000002").count() == 1


def _opslaan(body) -> Notificatie:
    from django.utils.dateparse import parse_datetime

    return Notificatie.objects.create(
        sleutel=os.urandom(16).hex(),
        kanaal=body["kanaal"],
        hoofd_object=body["hoofdObject"],
        resource=body["resource"],
        resource_url=body["resourceUrl"],
        actie=body["actie"],
        aanmaakdatum=parse_datetime(body["aanmaakdatum"]),
    )


def test_out_of_order_and_unknown_zaken_change_nothing_wrongly(zaaksysteem, wereld, caplog):
    z = "6f1c1d3e-0000-4000-8000-000000000003"
    nieuw = _opslaan(bericht(zaaksysteem, z, actie="destroy", minuten=5))
    oud = _opslaan(bericht(zaaksysteem, z, actie="partial_update", minuten=0))
    zgw.notificatie_verwerken(_opslaan(bericht(zaaksysteem, z, minuten=-5)).id)
    assert Zaak.objects.filter(bron_url__endswith=z).exists()
    assert zgw.notificatie_verwerken(nieuw.id) == "verwijderd"
    assert zgw.notificatie_verwerken(oud.id) == "verouderd"  # arrived late: stays removed
    assert not Zaak.objects.filter(bron_url__endswith=z).exists()
    onbekend = _opslaan(bericht(zaaksysteem, "00000000-0000-4000-8000-00000000abcd"))
    assert zgw.notificatie_verwerken(onbekend.id) == "onbekende_zaak"
    assert any(r.msg == "zaken.notificatie_onbekende_zaak" for r in caplog.records)


def test_a_zaaksysteem_that_is_down_leaves_the_notification_for_a_retry(zaaksysteem, wereld):
    n = _opslaan(bericht(zaaksysteem, "6f1c1d3e-0000-4000-8000-000000000004"))
    zaaksysteem.storing("503")
    with pytest.raises(zgw.ZgwFout):
        zgw.notificatie_verwerken(n.id)
    n.refresh_from_db()
    assert (n.verwerkt_op, n.pogingen) == (None, 1)
    assert not Zaak.objects.exists()
    assert zgw.notificatie_verwerken(n.id) == "bijgewerkt"


def test_the_klantbeeld_never_asks_the_zaaksysteem(client, zaaksysteem, wereld):
    zgw.zaken_laden(max_paginas=1)
    zaak = Zaak.objects.select_related("partij").first()
    zaaksysteem.vergeten()
    zaaksysteem.storing("traag", aantal=5, seconden=5)
    client.force_login(wereld.users["wmo"])
    begin = time.monotonic()
    page = client.get(reverse("klantbeeld:klantbeeld", args=[zaak.partij_id])).content.decode()
    assert time.monotonic() - begin < 4
    assert zaak.identificatie in page
    assert lijst_verzoeken(zaaksysteem) == []


def test_a_notified_zaak_appears_in_the_klantbeeld_through_celery(
    transactional_db, settings, zaaksysteem, live_server, client
):
    """Open Zaak (the stub) makes a zaak and notifies our webhook; a real worker reads it;
    the klantbeeld shows it. Then it is closed, then removed."""
    from nijmegen_kcc.celery import app
    from tests.conftest import start_worker, stop_worker

    wereld = maak_wereld()
    persoon = PersoonFactory(geslachtsnaam="Verbeek")
    queue = "test-zgw-" + os.urandom(4).hex()
    worker, _ = start_worker(
        settings,
        queue,
        KCC_ZAKEN_URL=settings.KCC_ZAKEN_URL,
        KCC_ZGW_CLIENT_ID="kcc-proef",
        KCC_ZGW_SECRET=GEHEIM,
    )
    app.conf.task_default_queue = queue
    try:
        call_command("zaken_abonneren", callback=live_server.url + "/zgw/notificaties/")
        zaak = zaaksysteem.controle(
            "/_stub/zaken",
            {"bsn": persoon.bsn, "zaaktype": "zaaktype-wmo", "omschrijving": "Traplift Verbeek",
             "behandelaar": "t-wmo"},
        )  # fmt: skip
        _wachten(lambda: Zaak.objects.filter(identificatie=zaak["identificatie"]).exists())
        client.force_login(wereld.users["wmo"])
        url = reverse("klantbeeld:klantbeeld", args=[persoon.id])
        assert "Traplift Verbeek" in client.get(url).content.decode()

        zaaksysteem.controle(f"/_stub/zaken/{zaak['uuid']}", {"status": "Afgehandeld"}, "PATCH")
        _wachten(
            lambda: Zaak.objects.filter(
                identificatie=zaak["identificatie"], einddatum__isnull=False
            ).exists()
        )
        zaaksysteem.controle(f"/_stub/zaken/{zaak['uuid']}", None, "DELETE")
        _wachten(lambda: not Zaak.objects.filter(identificatie=zaak["identificatie"]).exists())
        assert Notificatie.objects.filter(verwerkt_op__isnull=False).count() == 3
    finally:
        stop_worker(worker)


def _wachten(voorwaarde, seconden=30):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return
        time.sleep(0.2)
    pytest.fail("not within the time")


def test_an_organisation_as_initiator_is_matched_by_rsin_or_taken_in_from_the_kvk(
    zaaksysteem, kvk, wereld
):
    """The zaaksysteem names organisations by RSIN, the KVK by KVK number: one record."""
    bestaand = Partij.objects.create(
        soort=Partij.Soort.ORGANISATIE,
        naam="Buurtwerk",
        kvk_nummer="09000023",
        vestigingsnummer="900100000000",
        rsin="876317062",
    )
    zaken = [
        zaaksysteem.controle(
            "/_stub/zaken",
            {"rsin": rsin, "zaaktype": "zaaktype-wmo", "behandelaar": "t-wmo", "stil": True},
        )
        for rsin in ("876317062", "859623841")
    ]
    for z in zaken:
        assert zgw.notificatie_verwerken(_opslaan(bericht(zaaksysteem, z["uuid"])).id) == (
            "bijgewerkt"
        )
    assert Zaak.objects.get(identificatie=zaken[0]["identificatie"]).partij == bestaand
    waalkant = Zaak.objects.get(identificatie=zaken[1]["identificatie"]).partij
    assert (waalkant.kvk_nummer, waalkant.rsin, waalkant.bron) == ("09000011", "859623841", "kvk")
    assert Partij.objects.filter(rsin="876317062").count() == 1
