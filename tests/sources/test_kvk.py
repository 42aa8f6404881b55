"""The KVK adapter against the KVK stub (a process answering from the Handelsregister Zoeken
and Basisprofiel specifications): search, taking organisations and vestigingen in, matching
by RSIN so one organisation never has two records, and every way the KVK can fail."""

import re

import pytest
from django.urls import reverse

from contacts.models import Partij

pytestmark = pytest.mark.django_db


def zoeken(client, q, **extra):
    response = client.post(reverse("klantbeeld:zoeken"), {"q": q, **extra}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def overnemen(client, html, index=0):
    token = re.search(r'action="/zoeken/uit-kvk/".*?name="t" value="([^"]+)"', html, re.S)[1]
    return client.post(reverse("klantbeeld:uit-kvk"), {"t": token, "i": index})


def test_an_organisation_not_in_the_register_is_found_and_taken_in_once(agent, kvk):
    html = zoeken(agent, "Waalkant", zoek="1")
    assert "Bakkerij De Waalkant B.V." in html
    assert "KVK 09000011" in html
    (verzoek,) = kvk.verzoeken()
    assert verzoek["headers"]["apikey"] == "kvk-proef-sleutel"
    assert "naam=Waalkant" in verzoek["query"]
    response = overnemen(agent, html)
    partij = Partij.objects.get(kvk_nummer="09000011")
    assert response["Location"] == reverse("klantbeeld:klantbeeld", args=[partij.id])
    assert partij.soort == Partij.Soort.ORGANISATIE
    assert (partij.naam, partij.rsin, partij.bron) == (
        "Bakkerij De Waalkant B.V.",
        "859623841",
        "kvk",
    )
    adres = partij.adressen.get()
    assert (adres.straat, adres.huisnummer, adres.postcode, adres.soort) == (
        "Waalkade",
        12,
        "6511XR",
        "bezoekadres",
    )
    assert "Bakkerij De Waalkant" in agent.get(response["Location"]).content.decode()
    html = zoeken(agent, "09000011", kvk="1")
    assert "already in the register" in html or "al in het register" in html
    overnemen_opnieuw = Partij.objects.filter(kvk_nummer="09000011").count()
    assert overnemen_opnieuw == 1


def test_a_vestiging_is_a_record_of_its_own(agent, kvk):
    html = zoeken(agent, "09000023", zoek="1")
    assert html.count("Stichting Buurtwerk Dukenburg") == 2  # hoofd- and nevenvestiging
    overnemen(agent, html, 0)
    html = zoeken(agent, "09000023", kvk="1")
    overnemen(agent, html, 1)
    vestigingen = Partij.objects.filter(kvk_nummer="09000023").values_list(
        "vestigingsnummer", flat=True
    )
    assert set(vestigingen) == {"900100000000", "900100000001"}


def test_an_organisation_known_by_rsin_gets_the_kvk_data_instead_of_a_second_record(agent, kvk):
    eerder = Partij.objects.create(
        soort=Partij.Soort.ORGANISATIE, naam="Waalkant", rsin="859623841"
    )
    html = zoeken(agent, "Waalkant", zoek="1")
    assert "Bakkerij De Waalkant" not in html  # the register found the earlier record
    overnemen(agent, zoeken(agent, "Waalkant", kvk="1"))  # the agent asks the KVK
    eerder.refresh_from_db()
    assert eerder.kvk_nummer == "09000011"
    assert Partij.objects.filter(rsin="859623841").count() == 1


FOUTEN = [
    ("traag", "did not answer in time", "niet op tijd"),
    ("401", "refuses access", "weigert"),
    ("403", "refuses access", "weigert"),
    ("500", "has a fault", "storing"),
    ("400", "did not accept this search", "niet aangenomen"),
    ("kapot", "cannot read", "niet lezen"),
    ("groot", "far more than was asked", "veel meer"),
]


@pytest.mark.parametrize(("soort", "en", "nl"), FOUTEN)
def test_every_kvk_failure_gives_a_plain_message_and_stores_nothing(
    agent, kvk, settings, soort, en, nl
):
    settings.KCC_KVK_TIMEOUT = 0.5
    kvk.storing(soort, seconden=2, mb=3)
    html = zoeken(agent, "Waalkant", zoek="1")
    assert en in html or nl in html, html
    assert not Partij.objects.filter(kvk_nummer="09000011").exists()


def test_no_match_is_said_plainly(agent, kvk):
    html = zoeken(agent, "Nergensbedrijf", zoek="1")
    assert "does not know any organisation" in html or "kent geen organisatie" in html


def test_an_unknown_address_type_shows_the_hit_without_an_address(agent, kvk, caplog):
    kvk.storing("onbekend")
    html = zoeken(agent, "Waalkant", zoek="1")
    assert "Bakkerij De Waalkant B.V." in html
    assert "Waalkade" not in html
    assert any(r.msg == "kvk.onbekende_waarde" for r in caplog.records)


def test_asking_the_handelsregister_and_taking_an_organisation_in_are_in_the_access_log(
    agent, kvk, wereld
):
    """The privacy officer sees who searched the Handelsregister and who took an organisation
    in (an eenmanszaak is a person's business); what was typed is not kept."""
    from permissions.models import Toegangslog

    html = zoeken(agent, "Waalkant", zoek="1")
    gezocht = Toegangslog.objects.get(handeling=Toegangslog.Handeling.KVK_BEVRAAGD)
    assert gezocht.gebruiker_id == wereld.users["kcc"].id
    assert "Waalkant" not in f"{gezocht.doel} {gezocht.betrokkene_id} {gezocht.object_type}"
    assert gezocht.verwerkingsactiviteit_id == "kcc-handelsregister-raadplegen"
    overnemen(agent, html)
    partij = Partij.objects.get(kvk_nummer="09000011")
    overgenomen = Toegangslog.objects.get(
        handeling=Toegangslog.Handeling.KVK_OVERGENOMEN, partij_id=partij.id
    )
    assert (overgenomen.betrokkene_type, overgenomen.betrokkene_id) == ("KVK", "09000011")
    assert overgenomen.doel == "Klantcontact: de organisatie vastleggen uit het Handelsregister"
