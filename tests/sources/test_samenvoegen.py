"""A Nijmegenaar the BRP does not know, recorded by the agent, and merged with the BRP
person once found: contacts, callbacks and zaken move over, the merge is logged and shown,
and two records with one BSN never exist."""

import datetime

import pytest
from django.urls import reverse

from callbacks import services as callback_services
from contacts.models import Contactmoment, Partij, Telefoonnummer
from permissions.models import Toegangslog
from sources.personen import overnemen
from tests.factories import ContactmomentFactory, ZaakFactory

pytestmark = pytest.mark.django_db
CHARLOTTE = "999990019"


def vastleggen(client, **velden):
    data = {"voornamen": "", "voorvoegsel": "", "geslachtsnaam": "", "geboortedatum": "",
            "telefoon": "", "email": "", **velden}  # fmt: skip
    return client.post(reverse("klantbeeld:persoon-nieuw"), data)


def test_bad_input_records_nothing_and_says_what_to_fix(agent):
    html = vastleggen(agent, voornamen="Charlotte").content.decode()
    assert "Type the surname." in html or "Typ de achternaam." in html
    html = vastleggen(agent, geslachtsnaam="Wiegerinck", geboortedatum="31-02-1987").content
    assert b"12-03-1980" in html
    html = vastleggen(agent, geslachtsnaam="Wiegerinck", telefoon="12").content.decode()
    assert "06 12345678" in html  # the phone service's own sentence
    assert not Partij.objects.filter(geslachtsnaam="Wiegerinck").exists()


def test_a_person_not_in_the_brp_is_recorded_and_marked(agent, brp):
    response = vastleggen(
        agent, voornamen="Charlotte", geslachtsnaam="Wiegerinck", geboortedatum="12-04-1987",
        telefoon="06 12345678",
    )  # fmt: skip
    partij = Partij.objects.get(geslachtsnaam="Wiegerinck")
    assert response["Location"] == reverse("klantbeeld:klantbeeld", args=[partij.id])
    assert (partij.bron, partij.bsn) == ("kcc", "")
    assert partij.geboortedatum == datetime.date(1987, 4, 12)
    assert partij.telefoonnummers.get().nummer == "+31612345678"
    page = agent.get(response["Location"]).content.decode()
    assert "Not from the BRP" in page or "Niet uit de BRP" in page
    assert Toegangslog.objects.filter(
        partij_id=partij.id, handeling=Toegangslog.Handeling.GEGEVENS_GEWIJZIGD
    ).exists()


def _kcc_charlotte(wereld):
    partij = Partij.objects.create(
        soort="persoon", voornamen="Charlotte", geslachtsnaam="Wiegerinck",
        geboortedatum=datetime.date(1987, 4, 12), bron="kcc",
    )  # fmt: skip
    Telefoonnummer.objects.create(partij=partij, nummer="+31612345678", soort="mobiel")
    ContactmomentFactory.create_batch(2, partij=partij, onderwerp=wereld.onderwerpen["wmo"])
    zaak = ZaakFactory(
        partij=partij, zaaktype=wereld.zaaktypen["wmo"], afdeling=wereld.afdelingen["wmo"]
    )
    tbv = callback_services.terugbelverzoek_aanmaken(
        partij=partij, onderwerp=wereld.onderwerpen["wmo"], vraag="Bel terug",
        telefoonnummer="0612345678", door=wereld.users["kcc"],
    )  # fmt: skip
    return partij, zaak, tbv


def _koppelen(agent, partij):
    html = agent.post(reverse("klantbeeld:brp-koppelen", args=[partij.id])).content.decode()
    assert "Charlotte Maria Wiegerinck" in html
    import re

    token = re.search(r'name="t" value="([^"]+)"', html)[1]
    return agent.post(reverse("klantbeeld:samenvoegen", args=[partij.id]), {"t": token, "i": 0})


def test_found_in_the_brp_later_the_record_itself_becomes_the_brp_person(agent, brp, wereld):
    partij, _zaak, _tbv = _kcc_charlotte(wereld)
    response = _koppelen(agent, partij)
    assert response["Location"] == reverse("klantbeeld:klantbeeld", args=[partij.id])
    partij.refresh_from_db()
    assert (partij.bsn, partij.bron, partij.voornamen) == (CHARLOTTE, "brp", "Charlotte Maria")
    assert partij.adressen.get().straat == "Oranjesingel"
    page = agent.get(response["Location"]).content.decode()
    assert "Merged on" in page or "Samengevoegd op" in page


def test_merging_into_the_brp_record_moves_everything_and_leaves_one_record(agent, brp, wereld):
    uit_brp = overnemen(user=wereld.users["kcc"], herkomst=None, bsn=CHARLOTTE)
    Telefoonnummer.objects.create(partij=uit_brp, nummer="+31612345678", soort="mobiel")
    partij, zaak, tbv = _kcc_charlotte(wereld)
    contacten = Contactmoment.objects.filter(partij=partij).count()  # 2 + the callback's
    response = _koppelen(agent, partij)
    assert response["Location"] == reverse("klantbeeld:klantbeeld", args=[uit_brp.id])
    assert not Partij.objects.filter(id=partij.id).exists()
    assert Partij.objects.filter(bsn=CHARLOTTE).count() == 1
    assert Contactmoment.objects.filter(partij=uit_brp).count() == contacten
    zaak.refresh_from_db()
    tbv.refresh_from_db()
    assert (zaak.partij_id, tbv.partij_id) == (uit_brp.id, uit_brp.id)
    assert uit_brp.telefoonnummers.count() == 1  # not doubled
    log = Toegangslog.objects.get(handeling=Toegangslog.Handeling.SAMENGEVOEGD)
    assert (log.partij_id, log.object_id, log.betrokkene_id) == (uit_brp.id, partij.id, CHARLOTTE)
    page = agent.get(response["Location"]).content.decode()
    assert f"with {contacten} contacts" in page or f"met {contacten} contacten" in page


def test_a_brp_record_cannot_be_merged_again(agent, brp, wereld):
    uit_brp = overnemen(user=wereld.users["kcc"], herkomst=None, bsn=CHARLOTTE)
    response = agent.post(reverse("klantbeeld:brp-koppelen", args=[uit_brp.id]))
    assert response.status_code == 404
