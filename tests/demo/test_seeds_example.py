"""The seeds' example (startnotitie, footnote 16), word for word, on the demo catalogue and
the demo log-ins:

    "Een medewerker van het Klantcontactcentrum (KCC) krijgt een Nijmegenaar aan de lijn, en
    ziet dat er recentelijk contact is geweest met afdeling WMO over een WMO-aanvraag. De KCC'er
    heeft geen toegang tot inhoudelijke informatie over de aanvraag, wat de afdeling WMO wel
    heeft. De WMO-medewerker kan vervolgens, net als de KCC'er, zien dat de Nijmegenaar een
    BRIKS-aanvraag heeft lopen in het fysiek domein (zonder inhoudelijke informatie) en welke
    BRIKS-collega deze behandelt. [...] Wat de WMO-medewerker niet kan zien, is dat de
    Nijmegenaar ook een Meld&Herstel-melding heeft gedaan over een kapotte straatlantaarn."
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import Zaak, Zaaktype
from contacts.models import Contactmoment, Kanaal, Onderwerp
from permissions.models import Afdeling, Medewerker
from tests.factories import PersoonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nijmegenaar():
    call_command(
        "demodata",
        "--persons",
        "0",
        "--organisations",
        "0",
        "--contactmomenten",
        "0",
        "--zaken",
        "0",
        "--gesprekken",
        "0",
        verbosity=0,
    )
    persoon = PersoonFactory(voornamen="Noor", geslachtsnaam="Bakker")
    wmo = Afdeling.objects.get(code="wmo")
    briks_collega = Medewerker.objects.get(user__username="briks")
    # recent contact with afdeling WMO about a WMO application
    Contactmoment.objects.create(
        partij=persoon,
        kanaal=Kanaal.objects.get(code="telefoon"),
        afdeling=wmo,
        onderwerp=Onderwerp.objects.get(code="wmo-woningaanpassing"),
        tijdstip=timezone.now() - datetime.timedelta(days=3),
        resultaat="beantwoord",
        vraag="Aanvraag traplift: mevrouw valt vaak op de trap",
        antwoord="Keukentafelgesprek",
    )
    Zaak.objects.create(
        identificatie="ZAAK-2026-0016001",
        partij=persoon,
        afdeling=wmo,
        status="In behandeling",
        zaaktype=Zaaktype.objects.get(code="wmo-aanvraag"),
        startdatum=datetime.date(2026, 11, 1),
        omschrijving="WMO-aanvraag traplift",
        toelichting="Medisch advies: valgevaar",
    )
    # a BRIKS application running in the physical domain, handled by a BRIKS colleague
    Zaak.objects.create(
        identificatie="ZAAK-2026-0016002",
        partij=persoon,
        behandelaar=briks_collega,
        afdeling=Afdeling.objects.get(code="vergunningen"),
        status="In behandeling",
        zaaktype=Zaaktype.objects.get(code="briks-omgevingsvergunning"),
        startdatum=datetime.date(2026, 10, 1),
        omschrijving="Aanbouw met slaapkamer beneden",
    )
    # a Meld & Herstel report about a broken street light
    Zaak.objects.create(
        identificatie="ZAAK-2026-0016003",
        partij=persoon,
        status="Ontvangen",
        afdeling=Afdeling.objects.get(code="openbare-ruimte"),
        zaaktype=Zaaktype.objects.get(code="meld-herstel"),
        startdatum=datetime.date(2026, 11, 10),
        omschrijving="Kapotte straatlantaarn voor nummer 12",
    )
    Contactmoment.objects.create(
        partij=persoon,
        kanaal=Kanaal.objects.get(code="webformulier"),
        onderwerp=Onderwerp.objects.get(code="straatverlichting"),
        tijdstip=timezone.now(),
        vraag="De lantaarnpaal voor mijn deur is kapot",
        resultaat="zaak_aangemaakt",
    )
    return persoon


def klantbeeld(client, username, persoon):
    client.force_login(Medewerker.objects.get(user__username=username).user)
    response = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id]))
    assert response.status_code == 200
    return response.content.decode()


def test_kcc_sees_recent_wmo_contact_but_not_the_contents(client, nijmegenaar):
    html = klantbeeld(client, "kcc", nijmegenaar)
    timeline = html.split('id="tijdlijn"')[1]
    assert "WMO – woningaanpassing" in timeline  # er is recentelijk contact geweest met WMO
    assert "U ziet dat dit contact er was, niet waar het over ging." in timeline
    assert "WMO-aanvraag" in html
    assert "traplift" not in html.lower()  # geen toegang tot inhoudelijke informatie
    assert "valgevaar" not in html
    assert "Keukentafelgesprek" not in html


def test_wmo_department_does_see_the_contents(client, nijmegenaar):
    html = klantbeeld(client, "wmo", nijmegenaar)
    assert "Aanvraag traplift: mevrouw valt vaak op de trap" in html
    assert "Medisch advies: valgevaar" in html


def test_wmo_and_kcc_see_the_briks_application_and_its_colleague_without_contents(
    client, nijmegenaar
):
    for username in ["wmo", "kcc"]:
        html = klantbeeld(client, username, nijmegenaar)
        assert "BRIKS-aanvraag omgevingsvergunning" in html
        assert "Bram Rietveld" in html  # welke BRIKS-collega deze behandelt
        assert "Aanbouw met slaapkamer beneden" not in html  # zonder inhoudelijke informatie


def test_wmo_does_not_see_the_street_light_report_at_all(client, nijmegenaar):
    html = klantbeeld(client, "wmo", nijmegenaar)
    timeline = html.split('id="tijdlijn"')[1]
    assert "Meld & Herstel" not in html
    assert "ZAAK-2026-0016003" not in html
    assert "lantaarn" not in html.lower()
    assert "Straatverlichting kapot" not in timeline
    # …and cannot find the person through that report's number either
    client.force_login(Medewerker.objects.get(user__username="wmo").user)
    found = client.post(
        reverse("klantbeeld:zoeken"), {"q": "ZAAK-2026-0016003"}, follow=True
    ).content.decode()
    assert "Noor Bakker" not in found
