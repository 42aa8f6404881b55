"""End to end in Debian's Chromium: log in as each demo role, keyboard use, accessibility."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import get_resolver

from demo.gebruikers import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.browser

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def assert_accessible(page, what):
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{what}:\n{results.generate_report()}"


TELEFONIE_TOKEN = "browser-test-token-0123456789"


def persoon_met_eigen_mobiel(*, laatste=False):
    """A person whose mobile number is theirs alone (searching it finds exactly them) and the
    number; the first such number in order, or the last."""
    from django.db.models import Count

    from contacts.models import Telefoonnummer

    nummer = (
        Telefoonnummer.objects.filter(partij__soort="persoon", soort="mobiel")
        .values("nummer")
        .annotate(n=Count("partij"))
        .filter(n=1)
        .order_by("-nummer" if laatste else "nummer")
        .first()["nummer"]
    )
    return Telefoonnummer.objects.get(nummer=nummer).partij, nummer


def telefonie_gebeurtenis(live_server, settings, **gebeurtenis):
    """What the telephony platform sends: one event to the running server, as JSON with the
    bearer token. Asserts it is accepted (201)."""
    import json
    import urllib.request

    settings.KCC_TELEFONIE_TOKEN = TELEFONIE_TOKEN
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        live_server.url + "/telefonie/gebeurtenis/",
        method="POST",
        data=json.dumps(gebeurtenis).encode(),
        headers={
            "Authorization": f"Bearer {TELEFONIE_TOKEN}",
            "Content-Type": "application/json",
        },
    )
    assert urllib.request.urlopen(request).status == 201  # noqa: S310 - the test's own server


def log_in(page, username, password=DEMO_PASSWORD):
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


@pytest.mark.parametrize(("username", "first", "last", "rol"), [u[:4] for u in DEMO_USERS])
def test_each_demo_role_logs_in_and_sees_the_home_page(page, demo_data, username, first, last, rol):
    log_in(page, username)
    page.wait_for_url("**/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Welkom, {first} {last}"
    assert rol in page.locator(".user-info").inner_text()
    assert_accessible(page, f"home page of {rol}")
    assert_reflows(page, f"home page of {rol}")


def test_one_click_demo_login_by_keyboard(page, demo_data):
    page.goto("/demo/")
    assert_accessible(page, "demo log-in page")
    assert_reflows(page, "demo log-in page")
    button = page.get_by_role(
        "button", name="Inloggen als Teamleider (Tamara Lindeboom, Klantcontactcentrum)"
    )
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    assert "Teamleider" in page.locator(".user-info").inner_text()


def test_keyboard_user_skips_to_content_and_slash_focuses_search(page, demo_data):
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "global-search"
    # Typing "/" inside the box types it, it does not jump.
    page.keyboard.type("6511/")
    assert page.locator("#global-search").input_value() == "6511/"


def test_login_errors_and_lock_out_are_accessible(page, demo_data):
    page.goto("/inloggen/")
    assert_accessible(page, "login page")
    assert_reflows(page, "login page")
    log_in(page, "kcc", "fout-wachtwoord")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "login page with error")
    for _ in range(4):
        log_in(page, "kcc", "fout-wachtwoord")
    assert page.get_by_role("heading", level=1).inner_text() == "Uw account is even geblokkeerd"
    assert_accessible(page, "locked-out page")


# Every page a user can open, by URL name, with the demo user who opens it. A new page joins
# this scan by being added here; test_every_page_is_in_the_scan makes sure none is forgotten.
SCANNED_PAGES = {
    "home": "kcc",
    "health": "kcc",
    "klantbeeld:zoeken": "kcc",
    "klantbeeld:klantbeeld": "kcc",
    "toegangslog": "privacy",
    "inzage": "privacy",
    "callbacks:wachtrij": "wmo",
    "klantbeeld:terugbelverzoek-maken": "kcc",
    "callbacks:detail": "wmo",
    "callbacks:overzicht": "teamleider",
    "channels:te-koppelen": "kcc",
    "channels:brief": "balie",
    "channels:afspraken": "balie",
    "channels:eml": "kcc",
    "wachtwoord": "beheer",
    "klantbeeld:persoon-nieuw": "kcc",
    "cijfers:dashboard": "teamleider",
    "cijfers:wallboard": "teamleider",
    "cijfers:maandrapport": "management",
    "kennis:zoeken": "kcc",
}
# Actions (POST only), plain text, or scanned in their own tests above.
NOT_PAGES = {
    "logout",
    "health-live",
    "health-ready",
    "metrics",
    "versie",
    "oidc-inloggen",
    "oidc-terug",
    "oidc-afmelden",  # plain text in a hidden frame of the identity provider
    "sessie-verlengen",
    "login",
    "demo-login",
    "klantbeeld:bsn-tonen",
    "klantbeeld:contactmoment-registreren",
    "klantbeeld:gegevens-toevoegen",
    "klantbeeld:contactmoment-corrigeren",
    "callbacks:oppakken",
    "callbacks:poging",
    "callbacks:afsluiten",
    "callbacks:toewijzen",
    "callbacks:export",
    "channels:koppelen",
    "channels:email-inkomend",
    "bronnen:telefonie-gebeurtenis",
    "bronnen:telefonie-gebeurtenissen",
    "channels:bijlage",
    "channels:afspraak-maken",
    "channels:bezoek",
    "channels:niet-gekomen",
    # the form that puts a contact into another question: scanned in its own test
    "klantbeeld:klantreis",
    # the caller-id pop-up: scanned in its own test
    "channels:oproep",
    # public: scanned without a log-in, in Dutch, English and without JavaScript
    "publiek:webformulier",
    "publiek:ontvangen",
    # the BRP and KVK flows: POST only, scanned in test_brp_and_kvk_flows_by_keyboard
    "klantbeeld:uit-brp",
    "klantbeeld:uit-kvk",
    "klantbeeld:brp-koppelen",
    "klantbeeld:samenvoegen",
    # the Notificaties API's webhook (JSON)
    "bronnen:notificaties",
    # the dashboard's downloads (CSV, XLSX): tests/cijfers
    "cijfers:export-csv",
    "cijfers:export-xlsx",
    # proactive campaigns: scanned with a campaign in tests/e2e/test_proactief_browser.py
    # (list, new, campaign, change, call page, the public opt-out page); the rest are POST
    # actions, CSV downloads and NotifyNL's webhook (JSON)
    "proactief:lijst",
    "proactief:nieuw",
    "proactief:campagne",
    "proactief:bewerken",
    "proactief:bellen",
    "proactief-publiek:afmelden",
    "proactief:goedkeuren",
    "proactief:activeren",
    "proactief:afronden",
    "proactief:importeren",
    "proactief:beoordelen",
    "proactief:rapport",
    "proactief:rapport-xlsx",
    "proactief:api-sleutel",
    "proactief:api-kandidaten",
    "proactief:besproken",
    "proactief:terugkoppeling",
    "proactief:afmelden-bij-contact",
    "proactief:notifynl-status",
    # the satisfaction question: the klantbeeld's yes/no (POST) and the public survey page,
    # scanned with an invitation in tests/e2e/test_leren_browser.py
    "leren:toestemming",
    "leren-publiek:vragenlijst",
    # complaints: the form and the handler's list, scanned in tests/e2e/test_leren_browser.py;
    # handling (POST) and the yearly register (CSV): tests/leren
    "leren:klacht",
    "leren:klachten",
    "leren:klacht-afhandelen",
    "leren:klachtenregister",
    "leren:klacht-verdagen",
    # signals: the report form and the team lead's list (scanned in test_leren_browser.py);
    # the follow-up is a POST
    "leren:signaal-melden",
    "leren:signalen",
    "leren:signaal-bijwerken",
    # the hearing of a complaint (POST), partners' signals (JSON API), the short link of the
    # desk's note (a redirect); the note itself: scanned in test_leren_browser.py
    "leren:klacht-horen",
    "leren:signalen-api",
    "leren-publiek:kort",
    "leren:briefje",
    # the web form's confirmation page's "one question afterwards" (POST)
    "publiek:vragenlijst-antwoord",
    # the knowledge base: the article and the klantbeeld's suggestions, scanned in
    # test_kennis_browser.py; choosing, sending and feedback are POST actions
    "kennis:artikel",
    "kennis:suggesties",
    "kennis:kiezen",
    "kennis:versturen",
    "kennis:feedback",
}


@pytest.mark.parametrize(("url_name", "username"), sorted(SCANNED_PAGES.items()))
def test_every_page_has_no_wcag_violations(page, demo_data, live_server, url_name, username):
    from django.urls import reverse

    from contacts.models import Partij

    log_in(page, username)
    page.wait_for_url("**/")
    args = []
    if url_name in ("klantbeeld:klantbeeld", "klantbeeld:terugbelverzoek-maken"):
        # the person with the longest history: every panel is filled
        args = [Partij.objects.order_by("id").first().id]
    if url_name == "callbacks:detail":
        from callbacks.models import Terugbelverzoek

        args = [Terugbelverzoek.objects.filter(afdeling__code="wmo").order_by("id").first().id]
    response = page.goto(reverse(url_name, args=args))
    # search pages post their terms (no BSN or name in a URL): fill in and send the form
    zoek = {
        "klantbeeld:zoeken": ("#zoekterm", "Jansen", "form.search-page"),
        "toegangslog": ("#id_medewerker", "kcc", "form.filters"),
        "inzage": ("#id_bsn", "111222333", "form.filters"),
    }.get(url_name)
    if zoek:
        veld, waarde, formulier = zoek
        page.fill(veld, waarde)
        with page.expect_navigation() as navigatie:
            page.locator(f"{formulier} button[type=submit]").click()
        response = navigatie.value
        assert "?z=" in page.url
        assert waarde not in page.url
    # an error page must not pass the scan as an accessible page; no Celery worker runs
    # beside the browser tests, which the health page says with its designed 503
    verwacht = 503 if url_name == "health" else 200
    assert response.status == verwacht, f"{url_name} answered {response.status}"
    assert_accessible(page, url_name)
    assert_reflows(page, url_name)


def assert_reflows(page, what):
    """WCAG 1.4.10: at 320 CSS pixels wide (1280 px zoomed to 400 %) nothing makes the page
    scroll sideways; a wide table scrolls inside its own region, which a keyboard can reach."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    try:
        breedte = page.evaluate("document.documentElement.scrollWidth")
        assert breedte <= 320, f"{what}: {breedte} px wide at 320 px"
        assert_accessible(page, f"{what} at 320 px")
    finally:
        page.set_viewport_size(size)


def test_the_admin_for_the_functional_administrator_has_no_wcag_violations(page, demo_data):
    log_in(page, "beheer")
    page.wait_for_url("**/")
    for path in [
        "/beheer/",
        "/beheer/contacts/onderwerp/",
        "/beheer/contacts/onderwerp/add/",
        "/beheer/permissions/zichtbaarheidsregel/",
        "/beheer/callbacks/sluitingsdag/",
        "/beheer/callbacks/sluitingsdag/add/",
        "/beheer/klantinteracties/apiclient/",
        "/beheer/klantinteracties/apiclient/add/",
        "/beheer/sources/wachtrij/",
        "/beheer/sources/wachtrij/add/",
        "/beheer/cijfers/definitie/1/change/",
        "/beheer/kennis/bron/",
        "/beheer/kennis/vac/",
        "/beheer/kennis/vac/add/",
    ]:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        assert_accessible(page, path)


def test_every_page_is_in_the_scan():
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                if pattern.namespace in ("admin", "klantinteracties"):
                    continue  # the API has no pages (tests/klantinteracties)
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns)
            elif pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    assert names - NOT_PAGES - set(SCANNED_PAGES) == set()


def test_agent_finds_caller_by_phone_and_registers_contact_without_the_mouse(page, demo_data):
    from contacts.models import Contactmoment, Telefoonnummer

    telefoon = Telefoonnummer.objects.filter(soort="mobiel").select_related("partij").first()
    partij = telefoon.partij
    national = "0" + telefoon.nummer[3:4] + "-" + telefoon.nummer[4:]  # as the caller says it
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.keyboard.press("/")
    page.keyboard.type(national)
    page.locator("#global-search-results a.result").first.wait_for()
    assert partij.weergavenaam in page.locator("#global-search-results").inner_text()
    # a combobox: the focus stays in the box, the arrow chooses the result
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "global-search"
    gekozen = page.locator("#global-search").get_attribute("aria-activedescendant")
    assert partij.weergavenaam in page.locator(f"#{gekozen}").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/nijmegenaren/{partij.id}/")
    assert page.get_by_role("heading", level=1).inner_text() == partij.weergavenaam
    assert_accessible(page, "klantbeeld")
    # The subject field has the focus; the channel is already "Telefoon 14 024".
    assert page.evaluate("document.activeElement.id") == "id_onderwerp"
    page.keyboard.type("Paspoort")
    page.keyboard.press("Tab")
    page.keyboard.type("Wanneer is mijn paspoort klaar? (toetsenbordtest)")
    page.keyboard.press("Tab")
    page.keyboard.type("Volgende week dinsdag.")
    for _ in range(4):  # result ("beantwoord"), earlier question (none), case (none), button
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Contact opslaan"
    page.keyboard.press("Enter")
    page.locator("#opgeslagen").wait_for()
    first = page.locator("#tijdlijn > li").first
    assert "Wanneer is mijn paspoort klaar? (toetsenbordtest)" in first.inner_text()
    assert "Telefoon 14 024" in first.inner_text()
    assert_accessible(page, "klantbeeld after saving")
    assert_reflows(page, "klantbeeld after saving")
    first.get_by_role("button", name="Dit contact verbeteren").focus()
    page.keyboard.press("Enter")
    first.get_by_label("Nieuwe tekst").wait_for()
    assert_accessible(page, "correction form")
    saved = Contactmoment.objects.get(vraag="Wanneer is mijn paspoort klaar? (toetsenbordtest)")
    assert saved.partij == partij
    assert saved.kanaal.code == "telefoon"


def test_privacy_officer_finds_who_viewed_a_person_last_week(page, demo_data):
    import datetime

    from contacts.models import Partij

    persoon = Partij.objects.filter(soort="persoon").order_by("id").first()
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.goto(f"/nijmegenaren/{persoon.id}/")
    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "privacy")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Toegangslog").click()
    page.get_by_label("BSN van de Nijmegenaar").fill(persoon.bsn)
    week_ago = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
    page.get_by_role("textbox", name="Van", exact=True).fill(week_ago)
    page.get_by_role("button", name="Zoeken").last.click()
    table = page.get_by_role("table")
    assert "Kim de Kok" in table.inner_text()
    assert "klantbeeld geopend" in table.inner_text()
    assert_accessible(page, "access log with results")
    assert_reflows(page, "access log with results")
    page.get_by_role("link", name="Inzageoverzicht voor een Nijmegenaar").click()
    page.get_by_label("BSN van de Nijmegenaar").fill(persoon.bsn)
    page.get_by_role("button", name="Overzicht maken").click()
    assert "Klantcontactcentrum" in page.get_by_role("table").first.inner_text()
    assert_accessible(page, "access report")
    assert_reflows(page, "access report")


def test_agent_makes_a_callback_by_keyboard_and_the_back_office_closes_it(
    page, demo_data, celery_worker_process
):
    from callbacks.models import Terugbelverzoek
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
    summary = page.locator("#tbv-details > summary")
    summary.focus()
    page.keyboard.press("Enter")
    number = page.get_by_label("Terugbellen op nummer")
    assert number.input_value() != ""  # prefilled from the person's numbers
    number.focus()
    for _ in range(3):  # alternative, best time, subject
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_tbv-onderwerp"
    page.keyboard.type("WMO – hulp bij het huishouden")
    page.keyboard.press("Tab")
    page.keyboard.type("Wil weten wanneer de hulp start. (toetsenbordtest)")
    for _ in range(3):  # department (routing rules), urgency, button
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Terugbelverzoek versturen"
    page.keyboard.press("Enter")
    page.get_by_text("Opgeslagen. Lees dit voor:").wait_for()
    tbv = Terugbelverzoek.objects.get(vraag__contains="(toetsenbordtest)")
    voorlees = page.locator("#tbv-voorlees").inner_text()
    assert tbv.referentie in voorlees
    assert "We bellen u uiterlijk" in voorlees
    assert tbv.referentie in page.locator("#tbv-paneel").inner_text()
    assert_accessible(page, "klantbeeld with the callback form")
    page.get_by_role("button", name="Uitloggen").click()

    # The back office: routed by the worker, visible in the WMO queue
    log_in(page, "wmo")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Terugbelwachtrij").click()
    row = page.locator("tr", has_text=tbv.referentie)
    row.wait_for()
    assert_accessible(page, "queue")
    row.get_by_role("button", name="Oppakken").click()
    page.get_by_text(f"U hebt {tbv.referentie} opgepakt.").wait_for()
    page.get_by_role("radio", name="gesproken", exact=True).check()
    page.get_by_role("button", name="Poging opslaan").click()
    page.get_by_text("Belpoging vastgelegd.").wait_for()
    page.get_by_role("radio", name="afgehandeld", exact=True).check()
    page.get_by_role("button", name="Verzoek afsluiten").click()
    page.get_by_text("Terugbelverzoek afgesloten.").wait_for()
    assert_accessible(page, "closed callback request")
    page.get_by_role("link", name=partij.weergavenaam).click()
    history = page.locator("#tijdlijn").inner_text()
    assert f"Terugbelverzoek {tbv.referentie} afgesloten: afgehandeld" in history
    assert f"Teruggebeld over {tbv.referentie}: gesproken" in history
    assert tbv.referentie not in page.locator("#tbv-paneel").inner_text()  # no longer open


@pytest.mark.parametrize(
    ("path", "javascript"), [("/contact/", True), ("/en/contact/", True), ("/contact/", False)]
)
def test_public_web_form_is_accessible_and_works_without_javascript(
    browser, live_server, demo_data, path, javascript
):
    from channels.models import Inzending

    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        page.goto(path)
        if javascript:  # axe runs as a script; without JavaScript the same HTML is used
            assert_accessible(page, f"web form {path}")
        english = path.startswith("/en/")
        page.get_by_role("button", name="Send question" if english else "Vraag versturen").click()
        # errors next to the fields, and a summary that links to them
        page.get_by_role("alert").wait_for()
        if javascript:
            assert_accessible(page, f"web form with errors {path}")
            assert_reflows(page, f"web form with errors {path}")
        page.get_by_label("Your name" if english else "Uw naam").fill("Charlotte de Vries")
        page.get_by_label("Your question" if english else "Uw vraag").fill(
            "Wanneer is mijn paspoort klaar? (browsertest)"
        )
        page.get_by_label(
            "By phone: call me back" if english else "Telefonisch: bel mij terug"
        ).check()
        page.get_by_label("Phone number" if english else "Telefoonnummer").fill("06-12345678")
        page.get_by_role("button", name="Send question" if english else "Vraag versturen").click()
        page.get_by_role("heading", level=1).filter(
            has_text="received your question" if english else "uw vraag ontvangen"
        ).wait_for()
        inzending = Inzending.objects.latest("id")
        assert inzending.referentie in page.content()
        assert inzending.terugbelverzoek is not None
        if javascript:
            assert_accessible(page, f"confirmation {path}")
            assert_reflows(page, f"confirmation {path}")
    finally:
        context.close()


def test_an_agents_page_starts_right_below_the_navigation(page, demo_data):
    # The agent's screen holds the (empty) place for the caller-id pop-up above the page;
    # it takes no room until a call comes in.
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.goto("/zoeken/")
    nav = page.locator("nav.page-nav").bounding_box()
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert heading["y"] - (nav["y"] + nav["height"]) < 120


def test_the_klantbeeld_opens_with_the_name_in_view_and_the_subject_field_ready(page, demo_data):
    # The agent sees who this is (name, facts, preferences) and can type the subject at
    # once: the page does not jump to put that field in the middle.
    from contacts.models import Partij

    log_in(page, "kcc")
    page.wait_for_url("**/")
    partij = Partij.objects.filter(soort="persoon").order_by("id").first()
    page.set_viewport_size({"width": 1920, "height": 1080})  # full HD
    page.goto(f"/nijmegenaren/{partij.id}/")
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "id_onderwerp"
    # the preferences and repeat warnings sit beside the form, in view while typing
    for what in (
        page.get_by_role("heading", level=1),
        page.locator("#id_onderwerp"),
        page.get_by_role("heading", name="Contactvoorkeuren en hulp"),
    ):
        box = what.bounding_box()
        assert box["y"] >= 0, box
        assert box["y"] + box["height"] <= 1080, box
    # On a small laptop screen (1366 wide, 650 inside the browser) the field is in view
    # without the page scrolling: the top of the klantbeeld stays where it is.
    page.set_viewport_size({"width": 1366, "height": 650})
    page.goto(f"/nijmegenaren/{partij.id}/")
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "id_onderwerp"
    box = page.locator("#id_onderwerp").bounding_box()
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= 650, box
    assert page.evaluate("window.scrollY") == 0


def test_call_started_event_pops_the_caller_on_the_agents_screen(
    page, demo_data, live_server, settings
):
    import time

    from channels.models import Gesprek

    partij, nummer = persoon_met_eigen_mobiel()
    log_in(page, "kcc")
    page.wait_for_url("**/")
    started = time.monotonic()
    telefonie_gebeurtenis(
        live_server,
        settings,
        event="call_started",
        call_id="browser-1",
        agent="kcc",
        caller="0" + nummer[3:],
    )
    # The browser asks every 0.7 s; the margin is for a busy test machine.
    link = page.locator("#oproep a", has_text=partij.weergavenaam)
    link.wait_for(timeout=2000)
    print(f"\npop-up after {time.monotonic() - started:.2f} s")
    assert_accessible(page, "home page with the call pop-up")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/nijmegenaren/{partij.id}/?gesprek=browser-1")
    assert page.locator("#id_kanaal option:checked").inner_text() == "Telefoon 14 024"
    page.keyboard.type("Paspoort")
    page.keyboard.press("Tab")
    page.keyboard.type("Gebeld via de pop-up (browsertest)")
    page.get_by_role("button", name="Contact opslaan").click()
    page.locator("#opgeslagen").wait_for()
    assert (
        Gesprek.objects.get(call_id="browser-1").contactmoment.vraag
        == "Gebeld via de pop-up (browsertest)"
    )


def test_the_throttle_page_for_an_address_is_accessible(page, demo_data, settings):
    settings.KCC_LOGIN_PER_ADRES_PER_UUR = 1
    log_in(page, "iemand", "fout-wachtwoord")
    log_in(page, "iemand-anders", "fout-wachtwoord")
    assert "Te veel pogingen" in page.locator("h1").inner_text()
    assert_accessible(page, "throttled log-in")
    assert_reflows(page, "throttled log-in")


def test_brp_and_kvk_flows_by_keyboard(page, demo_data, brp, kvk):
    """An agent searches a Nijmegenaar who is not in the register, takes her in from the
    BRP, takes an organisation in from the KVK, records a caller the BRP does not know and
    merges him once found: keyboard only, every page without WCAG violations."""
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.goto("/zoeken/")
    page.locator("#zoekterm").fill("Charlotte Wiegerinck")
    page.locator("#zoekterm").press("Enter")
    page.wait_for_url("**/zoeken/?z=*")
    hit = page.get_by_role("button", name=re.compile("Charlotte Maria Wiegerinck"))
    hit.wait_for()
    assert_accessible(page, "search with BRP hits")
    hit.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/nijmegenaren/*/")
    assert "Uit de BRP" in page.locator(".kb-header").inner_text()
    assert_accessible(page, "klantbeeld taken in from the BRP")

    page.goto("/zoeken/")
    page.locator("#zoekterm").fill("Waalkant")
    page.locator("#zoekterm").press("Enter")
    page.wait_for_url("**/zoeken/?z=*")
    hit = page.get_by_role("button", name=re.compile("Bakkerij De Waalkant"))
    hit.wait_for()
    assert_accessible(page, "search with KVK hits")
    hit.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/nijmegenaren/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bakkerij De Waalkant B.V."

    page.goto("/nijmegenaren/nieuw/")
    page.get_by_label("Achternaam").focus()
    page.keyboard.press("Enter")  # nothing typed: the summary names the field
    page.wait_for_url("**/nijmegenaren/nieuw/")
    assert "Typ de achternaam." in page.locator("#foutoverzicht").inner_text()
    assert_accessible(page, "new person with errors")
    page.get_by_label("Voornamen").fill("Johannes")
    page.get_by_label("Tussenvoegsel").fill("de")
    page.get_by_label("Achternaam").fill("Wit")
    page.get_by_label("Geboortedatum").fill("21-09-1958")
    page.get_by_label("Geboortedatum").press("Enter")
    page.wait_for_url("**/nijmegenaren/*/")
    assert "Niet uit de BRP" in page.locator(".kb-header").inner_text()
    knop = page.get_by_role("button", name="Zoeken in de BRP en samenvoegen")
    knop.focus()
    page.keyboard.press("Enter")
    hit = page.get_by_role("button", name=re.compile("Johannes Petrus de Wit"))
    hit.wait_for()
    assert_accessible(page, "BRP candidates to merge with")
    hit.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/nijmegenaren/*/")
    assert "Samengevoegd op" in page.locator(".kb-header").inner_text()
    assert_accessible(page, "klantbeeld after the merge")
