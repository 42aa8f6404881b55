"""The knowledge base during a call, in Chromium, in one session without reloading between
the steps: the agent searches in the klantbeeld (a typing error), opens the reisdocument
article, moves to the "Kosten" tab with the arrow keys, uses that section for the contact,
saves the contact, and sends the link. The history row shows the article; the resident's
message is an outgoing contact and holds no staff-only text (the Klantinteracties API's
onderwerpobject: tests/klantinteracties/test_kennislink.py). Every new page without WCAG
2.1 AA violations."""

import pytest

from tests.kennis.conftest import TOKEN, _kennis_stub  # noqa: F401 - fixture
from tests.proactief.conftest import _notify_stub  # noqa: F401 - fixture
from tests.proactief.conftest import notify as notify  # fixture

from .test_browser import assert_accessible, assert_reflows, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def kennis(demo_data, _kennis_stub, monkeypatch):  # noqa: F811
    from demo.stubs.kennis_data import ARTIKEL_TYPE, VAC_TYPE
    from kennis import sync
    from kennis.models import Bron

    _kennis_stub.controle("/_stub/herstellen", {})
    monkeypatch.setenv("KCC_KENNIS_TEST_TOKEN", TOKEN)
    url = _kennis_stub.url
    for code, soort, objecttype in (
        ("vac", Bron.Soort.OBJECTS_VAC, VAC_TYPE),
        ("kennisbank", Bron.Soort.OBJECTS_ARTIKEL, ARTIKEL_TYPE),
    ):
        bron = Bron.objects.create(
            code=code, naam=code.capitalize(), soort=soort, url=url + "/api/v2",
            objecttype=url + objecttype, token_variabele="KCC_KENNIS_TEST_TOKEN",
        )  # fmt: skip
        assert sync.bron_synchroniseren(bron).gelukt


def test_een_antwoord_uit_de_kennisbank_bij_het_contact_en_als_link(page, kennis, notify):
    from contacts.models import Contactmoment, Emailadres, Kennislink, Partij

    persoon = Partij.objects.filter(soort="persoon", geheimhouding=False).order_by("id").first()
    Emailadres.objects.get_or_create(partij=persoon, adres="inwoner@example.org")
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.goto(f"/nijmegenaren/{persoon.id}/")

    # Alt+K: the search box; a typing error still finds the article and its VAC
    page.keyboard.press("Alt+KeyK")
    zoekveld = page.locator("#kb-kennis-q")
    assert zoekveld.evaluate("el => el === document.activeElement")
    zoekveld.press_sequentially("pasport verlopen", delay=20)
    resultaten = page.locator("#kennis-resultaten")
    resultaten.get_by_role("link", name="Paspoort of ID-kaart aanvragen").wait_for()
    assert "Mijn paspoort is verlopen" in resultaten.inner_text()
    assert "antwoorden voor" in resultaten.get_by_role("status").inner_text()

    # open the article in the panel; the sections are tabs (ARIA tab pattern, arrow keys)
    resultaten.get_by_role("link", name="Paspoort of ID-kaart aanvragen").focus()
    page.keyboard.press("Enter")
    artikel = page.locator("#kennis-artikel")
    artikel.get_by_role("tab", name="Inleiding").wait_for()
    artikel.get_by_role("tab", name="Inleiding").focus()
    for _ in range(3):  # Inleiding → Aanvraag → Voorwaarden → Kosten
        page.keyboard.press("ArrowRight")
    kosten = artikel.get_by_role("tab", name="Kosten")
    assert kosten.get_attribute("aria-selected") == "true"
    assert kosten.evaluate("el => el === document.activeElement")
    paneel = artikel.get_by_role("tabpanel")
    assert "€ 84,70" in paneel.inner_text()
    assert "Alleen voor medewerkers" in artikel.inner_text()  # the staff-only block
    assert_accessible(page, "klantbeeld met een artikel uit de kennisbank")

    # use "Kosten" for this contact, then save the contact: no reload between the steps
    paneel.get_by_role("button", name="“Kosten” gebruiken voor dit contact").click()
    keuze = page.locator("#kennis-keuze")
    keuze.get_by_text("Paspoort of ID-kaart aanvragen").wait_for()
    page.locator("#id_onderwerp").fill("Paspoort")
    page.locator("#id_vraag").fill("Paspoort verlopen, wat kost een nieuw?")
    page.locator("#id_resultaat").select_option("beantwoord")
    page.get_by_role("button", name="Contact opslaan").click()
    page.locator("#opgeslagen").wait_for()
    cm = Contactmoment.objects.filter(partij=persoon).order_by("-id").first()
    link = Kennislink.objects.get(contactmoment=cm)
    assert (link.soort, link.sectie, link.titel) == (
        "kennisartikel",
        "Kosten",
        "Paspoort of ID-kaart aanvragen",
    )
    rij = page.locator(f"#contactmoment-{cm.id}")
    assert "Paspoort of ID-kaart aanvragen" in rij.inner_text()
    assert not page.locator("#kennis-keuze input[name=kennis]").count(), "the next form is empty"

    # send the link: the public text and address, never the desk memo
    artikel.get_by_label("Met de tekst van").select_option("kosten")
    artikel.get_by_role("button", name="Link sturen").click()
    page.get_by_text("De link is verstuurd").wait_for()
    (bericht,) = notify.controle("/_stub/berichten", methode="GET")
    assert "https://www.nijmegen.nl/diensten/paspoort/" in bericht["body"]
    assert "€ 84,70" in bericht["body"]
    assert "vermissing" not in bericht["body"]  # the deskMemo
    assert "teamleider" not in bericht["body"]
    uit = Contactmoment.objects.filter(partij=persoon, richting="uit").order_by("-id").first()
    assert uit.kennislinks.get().titel == "Paspoort of ID-kaart aanvragen"


def test_de_zoekpagina_en_het_artikel_zijn_toegankelijk(page, kennis):
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.goto("/kennis/?q=grofvuil")
    assert "Grofvuil laten ophalen" in page.content()
    assert_accessible(page, "kennisbank zoeken")
    assert_reflows(page, "kennisbank zoeken")
    page.get_by_role("link", name="Grofvuil laten ophalen").click()
    page.get_by_role("heading", name="Grofvuil laten ophalen").wait_for()
    assert_accessible(page, "kennisbank artikel")
    assert_reflows(page, "kennisbank artikel")
