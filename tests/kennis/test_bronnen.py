"""The local index against the stub sources: what upstream changes shows after the next
sync, a removed VAC disappears, a source that is down keeps its last copy searchable and the
health page says so; answers that are well-formed but wrong are not trusted."""

import pytest
from django.test import Client
from django.urls import reverse

from demo.stubs.kennis import _uuid
from kennis import selectors, sync
from kennis.models import Item

pytestmark = pytest.mark.django_db


def _titels(tekst):
    return [t.titel for t in selectors.zoeken(tekst)[0]]


def test_de_bronnen_komen_binnen_met_hun_herkomst(bronnen):
    assert Item.objects.filter(bron__code="vac").count() == 25
    assert Item.objects.filter(bron__code="kennisbank").count() == 30
    assert Item.objects.filter(bron__code="website").count() == 8  # the foreign page left out
    artikel = Item.objects.get(bron__code="kennisbank", titel="Paspoort of ID-kaart aanvragen")
    assert artikel.publieke_url == "https://www.nijmegen.nl/diensten/paspoort/"
    assert artikel.sectie("kosten")["tekst"].startswith("Paspoort 18 jaar en ouder: € 84,70")
    assert "verklaring van vermissing" in artikel.intern  # deskMemo: staff only, apart
    assert not any("vermissing" in s["tekst"] for s in artikel.secties)
    assert "<strong>" not in artikel.sectie("inleiding")["tekst"]  # HTML reduced to text
    assert artikel.afdeling == "Publiekszaken"  # afdelingnaam (lower-case n) read too
    vac = Item.objects.get(titel="Mijn paspoort is verlopen, kan ik nog op reis?")
    assert vac.afdeling == "Publiekszaken"  # afdelingNaam
    assert vac.gewijzigd is not None
    assert vac.bron_url.endswith(vac.extern_id)
    pagina = Item.objects.get(bron__code="website", titel="Paspoort en ID-kaart")
    assert "volg()" not in pagina.secties[0]["tekst"]  # no script text
    assert "Menu" not in pagina.secties[0]["tekst"]  # only the main part


def test_paspoort_verlopen_vindt_het_artikel_en_de_vac(bronnen):
    titels = _titels("pasport verlopen")  # a typing error
    assert "Paspoort of ID-kaart aanvragen" in titels
    assert "Mijn paspoort is verlopen, kan ik nog op reis?" in titels
    assert "Parkeervergunning voor bewoners" in _titels("parkeervergunnig")[:2]
    # filters: per source and audience
    vac_alleen = selectors.zoeken("paspoort", bronnen=["vac"])[0]
    assert {t.bron_code for t in vac_alleen} == {"vac"}


def test_een_wijziging_een_verwijdering_en_een_storing(bronnen, kennisstub, wereld):
    vac_uuid = _uuid("vac", "Wanneer wordt mijn grofvuil opgehaald?")
    artikel_uuid = _uuid("artikel", "afval-grofvuil")
    nieuw = {"taal": "nl", "titel": "Grofvuil en snoeiafval laten ophalen", "tekst": "Nieuw."}
    kennisstub.controle("/_stub/wijzigen", {"uuid": artikel_uuid, "data": {"vertalingen": [nieuw]}})
    kennisstub.controle("/_stub/verwijderen", {"uuid": vac_uuid})
    uitkomst = sync.bron_synchroniseren(bronnen["vac"])
    assert (uitkomst.gelukt, uitkomst.verwijderd) == (True, 1)
    sync.bron_synchroniseren(bronnen["kennisbank"])
    assert "Grofvuil en snoeiafval laten ophalen" in _titels("snoeiafval")
    assert "Wanneer wordt mijn grofvuil opgehaald?" not in _titels("grofvuil")

    # a VAC set to non-actief leaves the index too
    paspoort_vac = _uuid("vac", "Hoe lang duurt het voor mijn paspoort klaar is?")
    kennisstub.controle("/_stub/wijzigen", {"uuid": paspoort_vac, "data": {"status": "non-actief"}})
    sync.bron_synchroniseren(bronnen["vac"])
    assert not Item.objects.filter(extern_id=paspoort_vac).exists()

    # down: the last copy stays searchable, the health page says so
    kennisstub.storing("503", aantal=50)
    uitkomst = sync.bron_synchroniseren(bronnen["vac"])
    assert not uitkomst.gelukt
    assert "Mijn paspoort is verlopen, kan ik nog op reis?" in _titels("paspoort verlopen")
    beheer = Client()
    beheer.force_login(wereld.users["beheer"])
    pagina = beheer.get(reverse("health")).content.decode()
    assert "Kennisbron VAC" in pagina
    assert "Niet bereikbaar (HTTP 503)" in pagina
    assert "23 items" in pagina  # 25 less the removed and the non-actief one
    kennisstub.storing("leegmaken", aantal=0)
    assert sync.bron_synchroniseren(bronnen["vac"]).gelukt


def test_een_next_naar_elders_wordt_niet_gevolgd(bronnen, kennisstub):
    kennisstub.controle("/_stub/vreemd", {"next": "https://elders.example/api/v2/objects?page=2"})
    kennisstub.vergeten()
    uitkomst = sync.bron_synchroniseren(bronnen["vac"])
    assert not uitkomst.gelukt
    assert "buiten de bron" in uitkomst.fout
    assert Item.objects.filter(bron__code="vac").count() == 25, "nothing removed on a bad read"
    # and the token went only to the stub itself
    assert all(v["headers"].get("host", "").startswith("127.0.0.1") for v in kennisstub.verzoeken())
