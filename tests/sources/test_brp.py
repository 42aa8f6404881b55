"""The BRP adapter against the BRP stub (a process answering from the Haal Centraal BRP
Personen specification): the search box, taking a person in, warnings, refresh, and every
way the BRP can fail. No mocking of the HTTP client."""

import datetime
import json
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Partij
from permissions.models import Toegangslog
from tests.catalogus import maak_wereld
from tests.factories import PersoonFactory

pytestmark = pytest.mark.django_db

CHARLOTTE = "999990019"


def zoeken(client, q, **extra):
    response = client.post(reverse("klantbeeld:zoeken"), {"q": q, **extra}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def brp_vragen(brp):
    return [json.loads(v["body"]) | {"_headers": v["headers"]} for v in brp.verzoeken()]


def overnemen(client, html, index=0):
    token = re.search(r'name="t" value="([^"]+)"', html)[1]
    return client.post(reverse("klantbeeld:uit-brp"), {"t": token, "i": index})


def test_nobody_in_the_register_the_brp_answers_in_the_same_list(agent, brp, wereld):
    html = zoeken(agent, "Charlotte Wiegerinck", zoek="1")
    assert "Nobody found in the register" in html or "Niemand gevonden in het register" in html
    assert "Charlotte Maria Wiegerinck" in html
    assert "Oranjesingel 40" in html
    assert CHARLOTTE not in html  # the BSN stays in the session, not in the page
    (vraag,) = brp_vragen(brp)
    assert vraag["type"] == "ZoekMetNaamEnGemeenteVanInschrijving"
    assert vraag["gemeenteVanInschrijving"] == "0268"
    assert vraag["voornamen"] == "Charlotte*"
    # data minimisation: only what the result line shows
    assert set(vraag["fields"]) <= {
        "burgerservicenummer", "naam.voornamen", "naam.voorvoegsel", "naam.geslachtsnaam",
        "geboorte.datum", "adressering.adresregel1", "adressering.adresregel2",
    }  # fmt: skip
    headers = vraag["_headers"]
    assert headers["x-gebruiker"] == wereld.users["kcc"].username
    assert headers["x-doelbinding"]
    assert headers["x-verwerking"]
    assert headers["x-api-key"] == "proef-sleutel"
    assert headers["x-origin-oin"] == "00000001001589623000"
    log = Toegangslog.objects.get(handeling=Toegangslog.Handeling.BRP_BEVRAAGD)
    assert (log.betrokkene_type, log.betrokkene_id) == ("BSN", CHARLOTTE)
    assert log.gebruiker == wereld.users["kcc"]
    assert "BRP" in log.doel


def test_typing_asks_only_the_register_until_enter(agent, brp):
    html = zoeken(agent, "Charlotte Wiegerinck")  # the live search, no Enter
    assert "Search in the BRP" in html or "Zoek in de BRP" in html
    assert brp.verzoeken() == []


@pytest.mark.parametrize(
    ("q", "soort", "naam"),
    [
        (CHARLOTTE, "RaadpleegMetBurgerservicenummer", "Charlotte Maria Wiegerinck"),
        ("Wiegerinck 12-04-1987", "ZoekMetGeslachtsnaamEnGeboortedatum", "Charlotte Maria"),
        ("Johannes de Wit", "ZoekMetNaamEnGemeenteVanInschrijving", "Johannes Petrus de Wit"),
        ("6511 NZ 40", "ZoekMetPostcodeEnHuisnummer", "Charlotte Maria Wiegerinck"),
    ],
)  # fmt: skip
def test_each_search_type_the_agent_needs(agent, brp, q, soort, naam):
    html = zoeken(agent, q, zoek="1")
    assert naam in html
    (vraag,) = brp_vragen(brp)
    assert vraag["type"] == soort


def test_a_surname_alone_is_not_sent_and_the_agent_is_told_what_to_add(agent, brp):
    html = zoeken(agent, "Wiegerinck", brp="1")
    assert "12-03-1980" in html  # the example of what to type
    assert brp.verzoeken() == []


def test_opening_a_hit_takes_the_person_in_once(agent, brp, wereld):
    html = zoeken(agent, "Charlotte Wiegerinck", zoek="1")
    response = overnemen(agent, html)
    partij = Partij.objects.get(bsn=CHARLOTTE)
    assert response.status_code == 302
    assert response["Location"] == reverse("klantbeeld:klantbeeld", args=[partij.id])
    assert (partij.voornamen, partij.geslachtsnaam) == ("Charlotte Maria", "Wiegerinck")
    assert partij.geboortedatum == datetime.date(1987, 4, 12)
    assert partij.bron == Partij.Bron.BRP
    assert partij.opgehaald_op is not None
    adres = partij.adressen.get()
    assert (adres.straat, adres.huisnummer, adres.postcode) == ("Oranjesingel", 40, "6511NZ")
    raadpleeg = brp_vragen(brp)[-1]
    assert raadpleeg["type"] == "RaadpleegMetBurgerservicenummer"
    assert "verblijfplaats" in raadpleeg["fields"]
    assert "partners" not in raadpleeg["fields"]
    assert Toegangslog.objects.filter(
        handeling=Toegangslog.Handeling.BRP_OVERGENOMEN, partij_id=partij.id
    ).exists()
    page = agent.get(response["Location"]).content.decode()
    assert "From the BRP" in page or "Uit de BRP" in page
    # a second time (another agent, a second click): the same record, updated
    html = zoeken(agent, "Charlotte Wiegerinck", brp="1")
    assert "already in the register" in html or "al in het register" in html
    assert "Charlotte Maria Wiegerinck" in zoeken(agent, "Wiegerinck")  # the register finds her
    from sources.personen import overnemen as direct

    direct(user=wereld.users["kcc"], herkomst=None, bsn=CHARLOTTE)
    assert Partij.objects.filter(bsn=CHARLOTTE).count() == 1
    assert partij.adressen.count() == 1


@pytest.mark.parametrize(
    ("bsn", "waarschuwing"),
    [
        ("999990020", "Never give out the address"),  # geheimhoudingPersoonsgegevens
        ("999990032", "This person has died"),  # overleden
        ("999990044", "The BRP is checking"),  # inOnderzoek
    ],
)
def test_brp_warnings_show_in_the_klantbeeld(agent, brp, wereld, bsn, waarschuwing):
    from sources.personen import overnemen as direct

    partij = direct(user=wereld.users["kcc"], herkomst=None, bsn=bsn)
    with_nl = agent.get(reverse("klantbeeld:klantbeeld", args=[partij.id])).content.decode()
    nl = {
        "Never give out the address": "Geef het adres van deze persoon nooit",
        "This person has died": "Deze persoon is volgens de BRP overleden",
        "The BRP is checking": "De BRP controleert",
    }
    assert waarschuwing in with_nl or nl[waarschuwing] in with_nl
    if bsn == "999990020":
        assert "Oosterhout" in with_nl
        assert "Graafseweg" not in with_nl


def test_the_deceased_are_found_by_bsn_but_not_by_name(agent, brp):
    assert "Wilhelmus Bakx" in zoeken(agent, "999990032", zoek="1")
    html = zoeken(agent, "Wilhelmus Bakx", zoek="1")
    assert "does not know anyone" in html or "kent niemand" in html


FOUTEN = [
    ("traag", "did not answer in time", "niet op tijd"),
    ("401", "refuses access", "weigert de toegang"),
    ("403", "refuses access", "weigert de toegang"),
    ("404", "set up wrongly", "verkeerd ingesteld"),
    ("500", "has a fault", "storing"),
    ("503", "has a fault", "storing"),
    ("400", "did not accept this search", "niet aangenomen"),
    ("kapot", "cannot read", "niet lezen"),
    ("groot", "far more than was asked", "veel meer"),
]


@pytest.mark.parametrize(("soort", "en", "nl"), FOUTEN)
def test_every_brp_failure_gives_a_plain_message_and_stores_nothing(
    agent, brp, settings, soort, en, nl
):
    settings.KCC_BRP_TIMEOUT = 0.5
    settings.KCC_BRP_MAX_ANTWOORD = 512 * 1024
    brp.storing(soort, seconden=2, mb=2)
    html = zoeken(agent, "Charlotte Wiegerinck", zoek="1")
    assert en in html or nl in html, html
    assert "Traceback" not in html
    assert "HTTP" not in html
    assert not Partij.objects.filter(bsn=CHARLOTTE).exists()
    # the same failure while taking a person in: a message, and no half-stored record
    html = zoeken(agent, "Charlotte Wiegerinck", zoek="1")
    brp.storing(soort, seconden=2, mb=2)
    response = overnemen(agent, html)
    assert response.status_code == 302
    assert response["Location"] == reverse("klantbeeld:zoeken")
    page = agent.get(response["Location"]).content.decode()
    assert en in page or nl in page
    assert not Partij.objects.filter(bsn=CHARLOTTE).exists()


def test_an_unknown_value_is_left_out_and_said(agent, brp, caplog):
    html = zoeken(agent, "Charlotte Wiegerinck", zoek="1")
    brp.storing("onbekend")
    response = overnemen(agent, html)
    partij = Partij.objects.get(bsn=CHARLOTTE)
    assert partij.geboortedatum is None  # never guessed
    assert not partij.adressen.exists()
    page = agent.get(response["Location"]).content.decode()
    assert "could not be read" in page or "niet te lezen" in page
    assert any(r.msg == "brp.onbekende_waarde" for r in caplog.records)


def test_the_brp_is_asked_only_when_configured(agent, settings, brp):
    settings.KCC_BRP_URL = ""
    html = zoeken(agent, "Charlotte Wiegerinck", zoek="1")
    assert 'id="brp-kop"' not in html  # no BRP part of the list, no button
    assert brp.verzoeken() == []


def test_an_old_klantbeeld_is_refreshed_in_the_background(transactional_db, settings, brp, client):
    """A real Celery worker refreshes a person fetched two days ago; the page never waits.
    When the BRP is down the klantbeeld says so, with the date of the data it shows."""
    import os

    from nijmegen_kcc.celery import app
    from tests.conftest import start_worker, stop_worker

    wereld = maak_wereld()
    partij = PersoonFactory(bsn=CHARLOTTE, geslachtsnaam="Wiegerink", voornamen="Charlotte")
    twee_dagen = timezone.now() - datetime.timedelta(days=2)
    Partij.objects.filter(id=partij.id).update(bron=Partij.Bron.BRP, opgehaald_op=twee_dagen)
    queue = "test-brp-" + os.urandom(4).hex()
    worker, _ = start_worker(
        settings, queue, KCC_BRP_URL=settings.KCC_BRP_URL, KCC_BRP_API_KEY="proef-sleutel"
    )
    app.conf.task_default_queue = queue
    try:
        client.force_login(wereld.users["kcc"])
        url = reverse("klantbeeld:klantbeeld", args=[partij.id])
        assert "Wiegerink" in client.get(url).content.decode()
        einde = time.monotonic() + 30
        while time.monotonic() < einde:
            partij.refresh_from_db()
            if partij.geslachtsnaam == "Wiegerinck":
                break
            time.sleep(0.2)
        assert partij.geslachtsnaam == "Wiegerinck"  # the BRP's spelling now
        assert partij.opgehaald_op > twee_dagen
        assert Toegangslog.objects.filter(
            handeling=Toegangslog.Handeling.BRP_OVERGENOMEN,
            partij_id=partij.id,
            gebruiker=wereld.users["kcc"],
        ).exists()

        # the BRP goes down; the next refresh fails and the page says so
        Partij.objects.filter(id=partij.id).update(opgehaald_op=twee_dagen)
        from django.core.cache import cache

        cache.delete(f"brp:verversen:{partij.id}")
        brp.storing("503", aantal=20)
        client.get(url)
        einde = time.monotonic() + 30
        while time.monotonic() < einde and cache.get(f"brp:onbereikbaar:{partij.id}") is None:
            time.sleep(0.2)
        page = client.get(url).content.decode()
        assert "BRP not reachable" in page or "BRP niet bereikbaar" in page
    finally:
        stop_worker(worker)


def _certificaten(map_):
    """A CA, a server certificate for 127.0.0.1 and a client certificate, with openssl."""
    import subprocess

    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=map_)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Proef CA",
        "-keyout", "ca.key", "-out", "ca.pem")  # fmt: skip
    (map_ / "san.cnf").write_text("subjectAltName=IP:127.0.0.1\n")
    for naam, cn, extra in (("server", "127.0.0.1", ["-extfile", "san.cnf"]),
                            ("client", "kcc-nijmegen", [])):  # fmt: skip
        run("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={cn}",
            "-keyout", f"{naam}.key", "-out", f"{naam}.csr")  # fmt: skip
        run("x509", "-req", "-in", f"{naam}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "1", "-out", f"{naam}.pem", *extra)  # fmt: skip


def test_the_brp_over_mutual_tls_with_a_client_certificate(agent, settings, tmp_path):
    """A PKIoverheid-style gateway: HTTPS, and only clients with a certificate of its CA."""
    from demo.stubs import proces

    _certificaten(tmp_path)
    proc, url = proces.starten(
        "brp", "--aantal", "20",
        "--tls-cert", str(tmp_path / "server.pem"), "--tls-key", str(tmp_path / "server.key"),
        "--client-ca", str(tmp_path / "ca.pem"),
    )  # fmt: skip
    https = url.replace("http://", "https://")
    try:
        settings.KCC_BRP_URL = https + "/haalcentraal/api/brp"
        settings.KCC_BRP_CA = str(tmp_path / "ca.pem")
        # without the client certificate the gateway does not let us in
        html = zoeken(agent, CHARLOTTE, zoek="1")
        assert "cannot be reached" in html or "niet bereikbaar" in html
        settings.KCC_BRP_CERT = str(tmp_path / "client.pem")
        settings.KCC_BRP_KEY = str(tmp_path / "client.key")
        assert "Charlotte Maria Wiegerinck" in zoeken(agent, CHARLOTTE, zoek="1")
        import ssl

        context = ssl.create_default_context(cafile=str(tmp_path / "ca.pem"))
        context.load_cert_chain(str(tmp_path / "client.pem"), str(tmp_path / "client.key"))
        import urllib.request

        with urllib.request.urlopen(  # noqa: S310 - the stub on loopback
            https + "/_stub/verzoeken", context=context, timeout=10
        ) as antwoord:
            verzoeken = json.loads(antwoord.read())
        assert verzoeken[-1]["client_cn"] == "kcc-nijmegen"
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_word_taken_for_a_voorvoegsel_that_is_part_of_the_brp_surname(agent, brp):
    """'Le Grand' is one geslachtsnaam in the BRP; we split 'le' off as a voorvoegsel first,
    find nobody, and ask once more with the whole surname."""
    html = zoeken(agent, "Nout Le Grand", zoek="1")
    assert "Nout Le Grand" in re.findall(r'class="result__name">([^<]+)<', html)
    eerste, tweede = brp_vragen(brp)
    assert (eerste["voorvoegsel"], eerste["geslachtsnaam"]) == ("le", "Grand")
    assert "voorvoegsel" not in tweede
    assert tweede["geslachtsnaam"] == "le Grand"
