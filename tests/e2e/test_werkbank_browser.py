"""The klantbeeld as a workbench (issue 16): at 1366×768 and at 1920×1080 the first screen
shows, without scrolling, the person's facts, the last ten contacts as one-line rows, the
running cases and open callbacks, and the whole registration form. Screenshots of both
sizes are saved as artefacts (test-results/klantbeeld-<size>.png)."""

from pathlib import Path

import pytest

from tests.e2e.test_browser import assert_accessible, log_in

ARTEFACTEN = Path(__file__).resolve().parents[2] / "test-results"


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
