"""The klantbeeld as a workbench (issue 16): at 1366×768 and at 1920×1080 the first screen
shows, without scrolling, the person's facts, the last ten contacts as one-line rows, the
running cases and open callbacks, and the whole registration form. Screenshots of both
sizes are saved as artefacts (test-results/klantbeeld-<size>.png)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import assert_accessible, log_in

ARTEFACTEN = Path(__file__).resolve().parents[2] / "test-results"


def _klantbeeld_met_mobiel(page):
    """As a KCC agent, the klantbeeld of a person with a mobile number (the callback form
    prefills it)."""
    from contacts.models import Telefoonnummer

    partij = (
        Telefoonnummer.objects.filter(soort="mobiel", partij__soort="persoon")
        .order_by("-partij_id")
        .first()
        .partij
    )
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.goto(f"/nijmegenaren/{partij.id}/")
    return partij


def _in_beeld(page, locator, hoogte, wat):
    box = locator.bounding_box()
    assert box is not None, f"{wat} is not on the page"
    assert box["y"] >= 0, (wat, box)
    assert box["y"] + box["height"] <= hoogte, (wat, box)
    return box


@pytest.mark.parametrize(("breedte", "hoogte"), [(1366, 768), (1920, 1080)])
def test_the_first_screen_holds_the_whole_story(page, demo_data, breedte, hoogte):
    from django.db.models import Count

    from contacts.models import Contactmoment, Partij

    # the person with the longest history: more than ten contacts
    zwaar = (
        Contactmoment.objects.filter(partij__soort="persoon")
        .values("partij_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert zwaar["n"] > 10
    partij = Partij.objects.get(pk=zwaar["partij_id"])
    page.set_viewport_size({"width": breedte, "height": hoogte})
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.goto(f"/nijmegenaren/{partij.id}/")
    page.wait_for_load_state()
    ARTEFACTEN.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTEN / f"klantbeeld-{breedte}x{hoogte}.png")
    assert page.evaluate("window.scrollY") == 0
    # full width: nothing capped at a public website's 1280 px
    main = page.locator("#main").bounding_box()
    assert main["width"] >= breedte - 20, main
    # the facts on one or two lines
    naam = _in_beeld(page, page.get_by_role("heading", level=1), hoogte, "name")
    feiten = page.locator(".kb-kop .kb-facts")
    box = _in_beeld(page, feiten, hoogte, "facts")
    assert box["y"] + box["height"] - naam["y"] <= 70, "the facts take more than two lines"
    for wat in ("BSN", "Geboortedatum", "Adres"):
        assert wat in feiten.inner_text()
    _in_beeld(page, page.get_by_role("heading", name="Contactvoorkeuren en hulp"), hoogte, "prefs")
    # no empty fact shown as "Telefoon –"
    assert "Telefoon\n–" not in page.locator(".kb-header").inner_text()
    # the last ten contacts, one line each
    rijen = page.locator("#tijdlijn > li.timeline__item")
    assert rijen.count() >= 10
    for i in range(10):
        box = _in_beeld(page, rijen.nth(i), hoogte, f"contact {i + 1}")
        assert box["height"] <= 40, f"contact {i + 1} takes more than one line: {box}"
    # the running cases and open callbacks, and the whole registration form
    _in_beeld(page, page.get_by_role("heading", name="Lopende zaken"), hoogte, "cases")
    _in_beeld(page, page.get_by_role("heading", name="Open terugbelverzoeken"), hoogte, "callbacks")
    _in_beeld(page, page.locator("#id_onderwerp"), hoogte, "subject")
    _in_beeld(page, page.get_by_role("button", name="Contact opslaan"), hoogte, "save button")
    # a row opens in place, by keyboard, to the whole contact
    eerste = rijen.first
    eerste.locator("summary").focus()
    page.keyboard.press("Enter")
    assert eerste.locator("details").get_attribute("open") is not None
    assert "Vraag" in eerste.inner_text() or "niet waar het over ging" in eerste.inner_text()
    assert_accessible(page, f"klantbeeld at {breedte}x{hoogte}")


def test_identity_checked_shows_only_with_a_desk_channel(page, demo_data):
    from contacts.models import Partij

    partij = Partij.objects.filter(soort="persoon").order_by("id").first()
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.goto(f"/nijmegenaren/{partij.id}/")
    vink = page.get_by_label("Legitimatie gezien")
    assert not vink.is_visible()  # the phone: nobody shows a passport on the phone
    page.locator("#id_kanaal").select_option(label="Balie Stadswinkel")
    assert vink.is_visible()
    vink.check()
    page.locator("#id_kanaal").select_option(label="Telefoon 14 024")
    assert not vink.is_visible()
    assert not vink.is_checked()


def test_focus_goes_where_the_work_continues_after_each_swap(page, demo_data):
    _klantbeeld_met_mobiel(page)
    # the callback form, sent without a subject: the focus lands on that field, which
    # names its error for a screen reader
    page.locator("#tbv-details > summary").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Terugbellen op nummer").wait_for()
    page.get_by_role("button", name="Terugbelverzoek versturen").focus()
    page.keyboard.press("Enter")
    page.locator("#tbv-formulier .form-field__error").first.wait_for()
    expect(page.locator("#tbv-formulier [aria-invalid=true]").first).to_be_focused()
    actief = page.evaluate(
        "({id: document.activeElement.id,"
        " invalid: document.activeElement.getAttribute('aria-invalid'),"
        " beschreven: document.activeElement.getAttribute('aria-describedby')})"
    )
    assert actief["invalid"] == "true", actief
    assert actief["id"].startswith("id_tbv-"), actief
    fout_id = actief["beschreven"].split()[-1]
    assert fout_id.endswith("_error"), actief
    assert page.locator(f"#{fout_id}").inner_text().strip() != ""
    assert_accessible(page, "callback form with an error")
    # filled in and sent: the focus goes to the sentence to read out to the caller
    page.locator("#id_tbv-onderwerp").fill("WMO – hulp bij het huishouden")
    page.locator("#id_tbv-vraag").fill("Wanneer start de hulp? (focustest)")
    page.get_by_role("button", name="Terugbelverzoek versturen").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Opgeslagen. Lees dit voor:").wait_for()
    # the focus moves once the swap has settled
    expect(page.locator("#tbv-voorlees")).to_be_focused()
    # a saved contact is announced by the live region that was there before
    assert page.locator("#kcc-melding").count() == 1
    page.locator("#id_onderwerp").fill("Paspoort")
    page.locator("#id_vraag").fill("Wanneer is mijn paspoort klaar? (meldtest)")
    page.get_by_role("button", name="Contact opslaan").click()
    page.get_by_text("Opgeslagen. Het contact staat bovenaan").wait_for()
    expect(page.locator("#kcc-melding")).to_contain_text("Opgeslagen")


def test_the_callback_form_takes_over_the_contact_in_progress(page, demo_data):
    _klantbeeld_met_mobiel(page)
    page.keyboard.type("Paspoort")  # the subject field has the focus
    page.locator("#id_vraag").fill("Kan ik mijn paspoort eerder ophalen? (overnametest)")
    page.locator("#tbv-details > summary").focus()
    page.keyboard.press("Enter")
    nummer = page.get_by_label("Terugbellen op nummer")
    nummer.wait_for()
    assert nummer.input_value() != ""  # the person's mobile number
    assert page.locator("#id_tbv-onderwerp").input_value() == "Paspoort"
    assert page.get_by_label("Vraag van de inwoner").input_value() == (
        "Kan ik mijn paspoort eerder ophalen? (overnametest)"
    )
