"""The klantbeeld as a workbench (issue 16): at 1366×768 and at 1920×1080 the first screen
shows, without scrolling, the person's facts, the last ten contacts as one-line rows, the
running cases and open callbacks, and the whole registration form. Screenshots of both
sizes are saved as artefacts (test-results/klantbeeld-<size>.png)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import (
    assert_accessible,
    log_in,
    persoon_met_eigen_mobiel,
    telefonie_gebeurtenis,
)

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
    page.locator("#opgeslagen").wait_for()
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


def test_the_search_box_is_a_combobox_that_counts_pages_and_closes(page, demo_data):
    """Arrows walk the results with the focus in the box; Escape closes the panel and keeps
    the query; more hits than shown are counted, with the next page a key away; the panel
    closes when the focus leaves, so it never covers the focused element."""
    from tests.factories import PersoonFactory

    for i in range(25):
        PersoonFactory(geslachtsnaam="Verheijden", voornamen=f"Combo{i:02d}")
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.keyboard.press("/")
    page.keyboard.type("Verheijden")
    zoekvak = page.locator("#global-search")
    paneel = page.locator("#global-search-results")
    expect(paneel).to_contain_text("25 gevonden, de eerste 20. Typ ook de voornaam")
    opties = paneel.get_by_role("option")
    expect(opties).to_have_count(20)
    expect(zoekvak).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(zoekvak).to_be_focused()
    expect(opties.nth(1)).to_have_attribute("aria-selected", "true")
    assert zoekvak.get_attribute("aria-activedescendant") == opties.nth(1).get_attribute("id")
    assert_accessible(page, "search panel open")
    # Escape: the panel closes, the query stays, the focus stays
    page.keyboard.press("Escape")
    expect(paneel).to_be_hidden()
    expect(zoekvak).to_have_value("Verheijden")
    expect(zoekvak).to_be_focused()
    expect(zoekvak).to_have_attribute("aria-expanded", "false")
    # ↓ opens it again; Tab reaches the next page (the results are no Tab stops)
    page.keyboard.press("ArrowDown")
    expect(paneel).to_be_visible()
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Volgende 20")).to_be_focused()
    page.keyboard.press("Enter")
    expect(paneel).to_contain_text("nummer 21 tot en met 25")
    expect(zoekvak).to_be_focused()
    expect(opties).to_have_count(5)
    expect(opties.first).to_have_attribute("aria-selected", "true")
    # the focus leaves the search: the panel closes
    page.keyboard.press("Shift+Tab")
    expect(paneel).to_be_hidden()


def test_the_caller_id_pop_up_is_a_region_with_a_shortcut_and_warns_for_another_person(
    page, demo_data, live_server, settings
):
    from contacts.models import Partij

    beller, nummer = persoon_met_eigen_mobiel()
    ander = Partij.objects.filter(soort="persoon").exclude(telefoonnummers__nummer=nummer).first()
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.goto(f"/nijmegenaren/{ander.id}/")
    expect(page.locator("#oproep-link")).to_be_hidden()  # no call: no skip link to it
    telefonie_gebeurtenis(
        live_server,
        settings,
        event="call_started",
        call_id="browser-2",
        agent="kcc",
        caller=nummer,
    )
    regio = page.get_by_role("region", name="Inkomend gesprek")
    expect(regio).to_contain_text("hoort niet bij dit nummer")
    expect(regio).to_contain_text(ander.weergavenaam)
    expect(regio.get_by_role("link", name=beller.weergavenaam)).to_be_visible()
    # the page's own h1 comes first; the skip link to the call shows while it is on screen
    assert page.evaluate("document.querySelector('h1, h2, h3, h4').tagName") == "H1"
    expect(page.locator("#oproep-link")).to_be_attached()
    assert page.locator("#oproep-link").get_attribute("hidden") is None
    # Alt+O from anywhere
    page.locator("#id_vraag").focus()
    page.keyboard.press("Alt+O")
    expect(page.locator("#oproep-regio")).to_be_focused()
    assert_accessible(page, "klantbeeld with the call pop-up")
    # recording on the open klantbeeld is warned about: the call is with someone else
    page.reload()
    expect(page.locator("#kb-ander-gesprek")).to_contain_text("niet van")
    # the klantbeeld of the caller: it belongs to the call, no warning
    page.goto(f"/nijmegenaren/{beller.id}/")
    expect(page.get_by_role("region", name="Inkomend gesprek")).to_contain_text(
        "hoort bij dit nummer"
    )
    expect(page.locator("#kb-ander-gesprek")).to_have_count(0)


def test_a_contact_is_put_into_another_question_by_keyboard(page, demo_data):
    import datetime

    from django.utils import timezone

    from contacts.models import Kanaal, Onderwerp, Partij
    from tests.factories import ContactmomentFactory

    partij = Partij.objects.filter(soort="persoon").order_by("-id").first()
    telefoon, paspoort = Kanaal.objects.get(code="telefoon"), Onderwerp.objects.get(naam="Paspoort")
    eerder = ContactmomentFactory(
        partij=partij, kanaal=telefoon, onderwerp=paspoort, vraag="Paspoort verlopen (reistest)",
        tijdstip=timezone.now() - datetime.timedelta(minutes=5),
    )  # fmt: skip
    later = ContactmomentFactory(
        partij=partij, kanaal=telefoon, onderwerp=paspoort, vraag="Nog eens gebeld (reistest)"
    )
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.goto(f"/nijmegenaren/{partij.id}/")
    rij = page.locator(f"#contactmoment-{later.id}")
    rij.locator("summary").focus()
    page.keyboard.press("Enter")
    rij.get_by_role("button", name="Hoort bij een andere vraag").focus()
    page.keyboard.press("Enter")
    keuze = rij.get_by_label("Dit contact hoort bij")
    expect(keuze).to_be_focused()
    keuze.select_option(value=str(eerder.id))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # the history comes back with the contact open and the focus on it, announced
    rij = page.locator(f"#contactmoment-{later.id}")
    expect(rij.locator("summary")).to_be_focused()
    expect(rij).to_contain_text("gekoppeld aan een eerdere vraag")
    expect(rij).to_contain_text("hoort bij een vraag met 2 contacten")
    expect(page.locator("#kcc-melding")).to_contain_text("Opgeslagen")
    draad = page.locator("#kb-vragen article").filter(
        has=page.locator(f'a[href="#contactmoment-{later.id}"]')
    )
    expect(draad).to_have_count(1)
    expect(draad.locator(f'a[href="#contactmoment-{eerder.id}"]')).to_have_count(1)
    assert_accessible(page, "klantbeeld after a contact changed question")


def test_the_kcc_journey_takes_at_most_40_key_presses(page, demo_data):
    """Search → klantbeeld → record a contact → make a callback, with one mistake on the
    way, by keyboard; typed text is not counted, every other key press is."""
    from callbacks.models import Terugbelverzoek
    from contacts.models import Contactmoment

    partij, _nummer = persoon_met_eigen_mobiel(laatste=True)
    nummer = partij.telefoonnummers.filter(soort="mobiel").first().nummer
    gedrukt = []

    def druk(toets):
        gedrukt.append(toets)
        page.keyboard.press(toets)

    def tab_tot(locator):
        for _ in range(15):
            if locator.evaluate("el => el === document.activeElement"):
                return
            druk("Tab")
        raise AssertionError(f"Tab never reached {locator}")

    log_in(page, "kcc")
    page.wait_for_url("**/")
    druk("/")
    page.keyboard.type("0" + nummer[3:])
    page.locator("#global-search-results [role=option]").first.wait_for()
    druk("ArrowDown")
    druk("Enter")
    page.wait_for_url(f"**/nijmegenaren/{partij.id}/")
    expect(page.locator("#id_onderwerp")).to_be_focused()
    page.keyboard.type("Paspoort")
    druk("Tab")
    page.keyboard.type("Wanneer is mijn paspoort klaar? (reis van 40)")
    druk("Tab")
    page.keyboard.type("Volgende week.")
    tab_tot(page.get_by_role("button", name="Contact opslaan"))
    druk("Enter")
    page.locator("#opgeslagen").wait_for()
    expect(page.locator("#id_onderwerp")).to_be_focused()  # ready for the next question
    # the question needs the back office after all: the callback form came with the saved
    # contact, its number, subject and question filled in (nothing typed twice), the focus
    # on "send"; the mistake: the number is cleared by accident and must be typed again
    druk("Alt+T")
    verstuur = page.get_by_role("button", name="Terugbelverzoek versturen")
    expect(verstuur).to_be_focused()
    assert page.locator("#id_tbv-onderwerp").input_value() == "Paspoort"
    assert page.get_by_label("Vraag van de inwoner").input_value() == (
        "Wanneer is mijn paspoort klaar? (reis van 40)"
    )
    page.get_by_label("Terugbellen op nummer").fill("")
    druk("Enter")
    telefoon = page.get_by_label("Terugbellen op nummer")
    expect(telefoon).to_be_focused()
    expect(telefoon).to_have_attribute("aria-invalid", "true")
    page.keyboard.type("0" + nummer[3:])
    tab_tot(page.get_by_role("button", name="Terugbelverzoek versturen"))
    druk("Enter")
    expect(page.locator("#tbv-voorlees")).to_be_focused()
    print(f"\nthe KCC journey: {len(gedrukt)} key presses besides typed text: {gedrukt}")
    assert len(gedrukt) <= 40, gedrukt
    contact = Contactmoment.objects.get(vraag="Wanneer is mijn paspoort klaar? (reis van 40)")
    # one contact, one question: the callback joined the call just saved
    tbv = Terugbelverzoek.objects.get(vraag="Wanneer is mijn paspoort klaar? (reis van 40)")
    assert tbv.contactmoment == contact
    assert Contactmoment.objects.filter(vraag=contact.vraag).count() == 1


def test_the_desk_registers_a_visit_by_keyboard_and_confirms_another_day(page, demo_data):
    """The desk's list of the day, the visit with what was done, and — for an appointment of
    another day — the question first, answered by keyboard."""
    import datetime

    from django.utils import timezone

    from channels.models import Afspraak
    from contacts.models import Contactmoment, Kanaal, Onderwerp, Partij

    stadswinkel = Kanaal.objects.get(code="balie-stadswinkel")
    paspoort = Onderwerp.objects.get(naam="Paspoort")
    vandaag, morgen = Partij.objects.filter(soort="persoon").order_by("id")[:2]
    Afspraak.objects.create(
        partij=vandaag, onderwerp=paspoort, locatie=stadswinkel, tijdstip=timezone.now()
    )
    later = Afspraak.objects.create(
        partij=morgen, onderwerp=paspoort, locatie=stadswinkel,
        tijdstip=timezone.now() + datetime.timedelta(days=1),
    )  # fmt: skip
    log_in(page, "balie")
    page.wait_for_url("**/")
    page.goto("/balie/afspraken/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Afspraken vandaag in")
    expect(page.get_by_role("link", name=vandaag.weergavenaam)).to_be_visible()
    assert_accessible(page, "the desk's appointments of today")
    page.goto(f"/nijmegenaren/{morgen.id}/")
    kaart = page.locator(f"#afspraak-{later.id}")
    kaart.locator("summary").focus()
    page.keyboard.press("Enter")
    kaart.get_by_label("Wat is er gedaan").fill("Paspoort aangevraagd (baliebezoektest)")
    kaart.get_by_role("button", name="Bezoek registreren").focus()
    page.keyboard.press("Enter")
    # another day: asked first, with the focus on the answer
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bezoek registreren op een andere dag?"
    )
    assert Contactmoment.objects.filter(vraag__contains="Bezoek voor de afspraak").count() == 0
    assert_accessible(page, "confirm a visit on another day")
    expect(page.get_by_role("button", name="Ja, registreer het bezoek vandaag")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/nijmegenaren/{morgen.id}/")
    expect(page.locator(f"#afspraak-{later.id}")).to_contain_text("gekomen")
    expect(page.locator("#tijdlijn")).to_contain_text("Paspoort aangevraagd (baliebezoektest)")
