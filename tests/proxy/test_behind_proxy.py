"""Behind the documented TLS proxy (Debian's nginx on loopback, for real): each resident
and each colleague is known by their own address, and nobody can pick an address by
writing a header."""

import re

import pytest

from channels.models import Inzending
from permissions.models import Toegangslog
from tests.catalogus import maak_wereld
from tests.channels.test_channels import formulier
from tests.factories import OnderwerpFactory, PersoonFactory
from tests.proxy.nginx import FOUTEN, Klant, Nginx

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wereld(transactional_db):
    w = maak_wereld()
    OnderwerpFactory(code="algemene-vraag", naam="Algemene vraag", domein=w.domeinen["algemeen"])
    return w


@pytest.fixture
def proxy(live_server, settings, tmp_path):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # the live server sees nginx connect from 127.0.0.1: that one address is trusted
    settings.KCC_VERTROUWDE_PROXIES = ["127.0.0.1/32"]
    nginx = Nginx(tmp_path / "nginx", live_server.url.removeprefix("http://")).start()
    yield nginx
    nginx.stop()


def _formulier_sturen(klant, **extra):
    token = klant.csrf_van("/contact/")
    return klant.post("/contact/", {**formulier(), "csrfmiddlewaretoken": token}, **extra)


def test_the_web_form_limit_counts_per_resident_not_per_proxy(proxy, wereld, settings):
    settings.KCC_WEBFORMULIER_PER_UUR = 3
    eerste, tweede = Klant(proxy.url, "127.0.0.2"), Klant(proxy.url, "127.0.0.3")
    for _ in range(3):
        assert _formulier_sturen(eerste).status == 302
    geweigerd = _formulier_sturen(eerste)
    assert geweigerd.status == 429
    assert "Wacht een uur" in geweigerd.tekst
    # the next resident behind the same proxy is not refused because of the first one
    assert _formulier_sturen(tweede).status == 302
    assert Inzending.objects.count() == 4


def test_a_written_header_does_not_buy_a_new_bucket(proxy, wereld, settings):
    settings.KCC_WEBFORMULIER_PER_UUR = 2
    klant = Klant(proxy.url, "127.0.0.4")
    statussen = [
        _formulier_sturen(klant, headers={"X-Forwarded-For": f"198.51.100.{n}"}).status
        for n in range(4)
    ]
    assert statussen == [302, 302, 429, 429]


def test_without_the_proxy_the_header_is_not_believed(live_server, wereld, settings):
    settings.KCC_VERTROUWDE_PROXIES = ["127.0.0.1/32"]
    settings.KCC_WEBFORMULIER_PER_UUR = 2
    # straight to the app from an address that is no proxy, each time "another" client
    klant = Klant(live_server.url, "127.0.0.5")
    statussen = [
        _formulier_sturen(klant, headers={"X-Forwarded-For": f"198.51.100.{n}"}).status
        for n in range(3)
    ]
    assert statussen == [302, 302, 429]


def test_the_access_log_records_the_colleagues_own_address(proxy, wereld, client):
    client.force_login(wereld.users["kcc"])
    persoon = PersoonFactory()
    klant = Klant(proxy.url, "127.0.0.6")
    klant.cookies["sessionid"] = client.cookies["sessionid"].value
    response = klant.get(f"/nijmegenaren/{persoon.id}/", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status == 200
    adressen = set(Toegangslog.objects.values_list("herkomst", flat=True))
    assert adressen == {"127.0.0.6"}


def _inloggen(klant, username, password):
    token = klant.csrf_van("/inloggen/")
    return klant.post(
        "/inloggen/", {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )


def test_a_stranger_cannot_lock_a_colleague_out(proxy, wereld, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = wereld.users["kcc"]
    user.set_password("correct horse battery staple")
    user.save()
    vreemde = Klant(proxy.url, "127.0.0.7")
    for _ in range(3):
        _inloggen(vreemde, user.username, "fout")
    assert _inloggen(vreemde, user.username, "correct horse battery staple").status == 429
    # the colleague herself, from her own computer behind the same proxy, gets in
    collega = Klant(proxy.url, "127.0.0.8")
    assert _inloggen(collega, user.username, "correct horse battery staple").status == 302


def test_an_address_trying_many_names_is_throttled(proxy, wereld, settings):
    settings.KCC_LOGIN_PER_ADRES_PER_UUR = 5
    vreemde = Klant(proxy.url, "127.0.0.9")
    for n in range(5):
        assert _inloggen(vreemde, f"medewerker{n}", "fout").status == 200
    response = _inloggen(vreemde, "medewerker9", "fout")
    assert response.status == 429
    assert re.search(r"te vaak een verkeerd wachtwoord", response.tekst)
    # another computer still gets the normal page
    assert _inloggen(Klant(proxy.url, "127.0.0.10"), "medewerker1", "fout").status == 200


def test_searching_a_bsn_leaves_it_in_no_proxy_log(proxy, wereld, client):
    persoon = PersoonFactory(geslachtsnaam="Proxyloos")
    for rol, pad, veld in [("kcc", "/zoeken/", "q"), ("privacy", "/privacy/inzage/", "bsn")]:
        client.force_login(wereld.users[rol])
        klant = Klant(proxy.url, "127.0.0.11")
        klant.cookies["sessionid"] = client.cookies["sessionid"].value
        token = klant.csrf_van(pad)
        antwoord = klant.post(pad, {veld: persoon.bsn, "csrfmiddlewaretoken": token})
        assert antwoord.status == 302
        pagina = klant.get(antwoord.headers["Location"])
        assert pagina.status == 200
        if rol == "kcc":
            assert "Proxyloos" in pagina.tekst
    log = proxy.access_log(met="/privacy/inzage/?z=")
    assert "/zoeken/?z=" in log
    assert "/privacy/inzage/?z=" in log
    assert persoon.bsn not in log


def test_an_api_question_with_a_bsn_leaves_it_in_no_proxy_log(proxy, wereld):
    """KISS asks for a partij by BSN in the query string; the proxy logs the path only."""
    from klantinteracties.clients import client_aanmaken

    persoon = PersoonFactory(geslachtsnaam="Apiloos")
    user = wereld.users["kcc"]
    _, token = client_aanmaken(
        naam="KISS", rol=user.groups.get(), afdeling=user.medewerker.afdeling
    )
    klant = Klant(proxy.url, "127.0.0.12")
    antwoord = klant.get(
        "/klantinteracties/api/v1/partijen?partijIdentificator__codeSoortObjectId=bsn"
        f"&partijIdentificator__objectId={persoon.bsn}",
        headers={"Authorization": f"Token {token}"},
    )
    assert antwoord.status == 200
    assert '"count": 1' in antwoord.tekst or '"count":1' in antwoord.tekst
    assert "https://" in antwoord.tekst  # absolute URLs with the scheme the proxy says
    log = proxy.access_log(met="/klantinteracties/api/v1/partijen")
    assert "GET /klantinteracties/api/v1/partijen HTTP" in log
    assert persoon.bsn not in log
    assert Toegangslog.objects.filter(
        partij_id=persoon.id, medewerker_naam__startswith="KISS"
    ).exists()


def test_a_web_worker_that_does_not_answer_gives_the_agent_what_to_do(tmp_path):
    """A gunicorn worker killed right after the commit: the proxy's answer (502) says the
    request may have been stored and that sending the same form again is safe, in Dutch,
    instead of nginx's bare error page. The same error_page lines as deploy/nginx/kcc.conf."""
    from tests.processen import vrije_poort

    nginx = Nginx(tmp_path / "nginx", f"127.0.0.1:{vrije_poort()}").start()  # nobody there
    try:
        antwoord = Klant(nginx.url, "127.0.0.1").post("/terugbelverzoeken/", {"vraag": "x"})
    finally:
        nginx.stop()
    assert antwoord.status == 502
    assert '<html lang="nl">' in antwoord.tekst
    assert "misschien al opgeslagen" in antwoord.tekst
    assert "hetzelfde formulier" in antwoord.tekst
    deploy = (FOUTEN.parent / "kcc.conf").read_text()
    assert "error_page 502 503 504 /_fout/opslaan.html;" in deploy
