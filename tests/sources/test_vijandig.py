"""Answers that look right but are wrong (issue 31): a notification that names another host,
a BRP or KVK that dribbles its answer a byte at a time, a BRP that answers about another BSN
or with a BSN that fails the 11-test. Each against the stub servers as processes."""

import threading
import time
import uuid

import pytest
from django.urls import reverse

from cases.models import Zaak
from contacts.models import Partij
from sources import brp as brp_bron
from sources import verbinding, zgw
from sources.models import Notificatie
from tests.sources.conftest import _stub
from tests.sources.test_brp import CHARLOTTE, overnemen, zoeken
from tests.sources.test_zaaksysteem import _opslaan, bericht

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def ander_zaaksysteem():
    """A second zaaksysteem on another address: one the configuration does not name."""
    yield from _stub("zgw", "--aantal", "3", "--zaaktypen", "zaaktype-wmo", "--secret", "x" * 32)


# --- the zaaksysteem: only the configured base URLs, never a token elsewhere ---------------


@pytest.mark.parametrize(
    ("url", "toegestaan"),
    [
        ("https://oz.nijmegen.nl/zaken/api/v1/zaken/1", True),
        ("https://oz.nijmegen.nl:443/zaken/api/v1/zaken/1", True),
        ("https://oz.nijmegen.nl/catalogi/api/v1/zaaktypen/1", False),
        ("https://oz.nijmegen.nl.evil.example/zaken/api/v1/zaken/1", False),
        ("https://evil.example/zaken/api/v1/zaken/1", False),
        ("http://oz.nijmegen.nl/zaken/api/v1/zaken/1", False),  # another scheme
        ("https://oz.nijmegen.nl:8443/zaken/api/v1/zaken/1", False),  # another port
        ("https://oz.nijmegen.nl/zaken/api/v1-kopie/zaken/1", False),  # a look-alike prefix
        ("https://oz.nijmegen.nl/zaken/api/v1/../../admin/", False),
        ("https://kcc@oz.nijmegen.nl/zaken/api/v1/zaken/1", False),  # user info
        ("file:///etc/passwd", False),
        ("https://oz.nijmegen.nl\\@evil.example/zaken/api/v1/", False),
    ],
)
def test_only_urls_under_a_configured_base_are_allowed(url, toegestaan):
    assert verbinding.url_toegestaan(url, ["https://oz.nijmegen.nl/zaken/api/v1/"]) is toegestaan


def test_a_notification_naming_another_host_fetches_nothing_and_sends_no_token(
    zaaksysteem, ander_zaaksysteem, wereld, caplog
):
    ander_zaaksysteem.vergeten()
    vreemd = bericht(ander_zaaksysteem, "6f1c1d3e-0000-4000-8000-000000000001")
    n = _opslaan(vreemd)
    assert zgw.notificatie_verwerken(n.id) == Notificatie.Resultaat.GENEGEERD
    n.refresh_from_db()
    assert n.toelichting == "hoofdObject buiten het zaaksysteem"
    assert ander_zaaksysteem.verzoeken() == []  # not asked at all, so no JWT went there
    assert not Zaak.objects.exists()
    assert any(r.msg == "zgw.notificatie_buiten_zaaksysteem" for r in caplog.records)
    # the same zaak named under our own zaaksysteem is processed as always
    eigen = _opslaan(bericht(zaaksysteem, "6f1c1d3e-0000-4000-8000-000000000001"))
    assert zgw.notificatie_verwerken(eigen.id) == Notificatie.Resultaat.BIJGEWERKT


def test_an_answer_that_points_elsewhere_is_not_followed(zaaksysteem, ander_zaaksysteem):
    """A zaak whose zaaktype URL is on another host: the client refuses the URL before any
    request, so the token never leaves (ZgwFout, not retried)."""
    ander_zaaksysteem.vergeten()
    client = zgw.ZgwClient()
    with pytest.raises(zgw.ZgwFout) as fout:
        client.get(ander_zaaksysteem.url + "/catalogi/api/v1/zaaktypen/" + str(uuid.uuid4()))
    assert fout.value.opnieuw is False
    assert ander_zaaksysteem.verzoeken() == []


# --- a dribbling answer is cut off at the deadline -----------------------------------------


def test_a_dribbling_brp_is_cut_off_at_the_total_deadline(agent, brp, settings):
    settings.KCC_BRP_TIMEOUT = 1.0
    brp.storing("druppelen", seconden=0.2)  # every read gets a byte in time
    begin = time.monotonic()
    html = zoeken(agent, "Charlotte Wiegerinck", zoek="1")
    duur = time.monotonic() - begin
    assert "did not answer in time" in html or "niet op tijd" in html
    # the answer is ~300 bytes: read to the end it would take a minute; the agent waits
    # about the deadline (generous margin for a loaded machine)
    assert duur < 6, duur
    assert not Partij.objects.filter(bsn=CHARLOTTE).exists()


def test_a_dribbling_kvk_is_cut_off_at_the_total_deadline(agent, kvk, settings):
    settings.KCC_KVK_TIMEOUT = 1.0
    kvk.storing("druppelen", seconden=0.2)
    begin = time.monotonic()
    html = zoeken(agent, "Waalkant Fietsen", kvk="1")
    assert time.monotonic() - begin < 6
    assert "Handelsregister" in html


def test_a_slow_source_holds_at_most_a_few_threads_and_the_next_call_is_refused_at_once(
    brp, settings
):
    """The bulkhead: with KCC_BRON_GELIJKTIJDIG calls to a dribbling BRP under way, one more
    is refused at once instead of waiting (it would hold a web worker)."""
    settings.KCC_BRP_TIMEOUT = 2.0
    settings.KCC_BRON_GELIJKTIJDIG = 2
    verbinding._bronnen.pop("brp", None)  # a pool of this size
    brp.storing("druppelen", aantal=2, seconden=0.2)
    vraag = brp_bron.zoekvraag("RaadpleegMetBurgerservicenummer", burgerservicenummer=CHARLOTTE)
    fouten: list[str] = []

    def vragen():
        try:
            brp_bron.BrpClient().vragen(vraag, gebruiker="t")
        except brp_bron.BrpFout as e:
            fouten.append(e.reden)

    bezig = [threading.Thread(target=vragen) for _ in range(2)]
    for t in bezig:
        t.start()
    einde = time.monotonic() + 10
    while len(brp.verzoeken()) < 2 and time.monotonic() < einde:
        time.sleep(0.05)
    begin = time.monotonic()
    with pytest.raises(brp_bron.BrpFout) as fout:
        brp_bron.BrpClient().vragen(vraag, gebruiker="t")
    assert time.monotonic() - begin < 1
    assert "onderweg" in fout.value.reden
    for t in bezig:
        t.join(10)
    assert len(fouten) == 2
    assert all(f.startswith("timeout") for f in fouten), fouten
    verbinding._bronnen.pop("brp", None)


# --- the BRP answers about someone else --------------------------------------------------------


def test_a_brp_answer_about_another_bsn_is_not_listed_nor_stored(agent, brp, caplog):
    brp.storing("andere_bsn")
    html = zoeken(agent, CHARLOTTE, zoek="1")
    assert "Wiegerinck" not in html
    assert 'name="t"' not in html  # no hit to take in: the other person is not listed
    assert any(r.msg == "brp.antwoord_andere_bsn" for r in caplog.records)
    # the other person's name appears nowhere and nobody is stored
    assert Partij.objects.count() == 0
    # taking in by BSN while the BRP answers about someone else stores no one
    html = zoeken(agent, "Charlotte Wiegerinck", zoek="1")
    brp.storing("andere_bsn")
    response = overnemen(agent, html)
    assert response["Location"] == reverse("klantbeeld:zoeken")
    assert not Partij.objects.exists()


def test_a_brp_bsn_that_fails_the_11_test_is_not_listed(agent, brp, caplog):
    brp.storing("ongeldig_bsn")
    html = zoeken(agent, "Charlotte Wiegerinck", zoek="1")
    assert "Charlotte Maria Wiegerinck" not in html
    assert any(r.msg == "brp.antwoord_ongeldig_bsn" for r in caplog.records)
