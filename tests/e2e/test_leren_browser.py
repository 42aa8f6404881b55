"""The public survey page in Chromium: no WCAG 2.1 AA violations in Dutch and English and at
320 px, answered by keyboard only, and it works without JavaScript."""

import datetime

import pytest
from django.utils import timezone

from .test_browser import assert_accessible, assert_reflows

pytestmark = pytest.mark.browser


@pytest.fixture
def uitnodiging(demo_data):
    from contacts.models import Contactmoment
    from leren.models import Uitnodiging
    from leren.services import standaard_redenen

    standaard_redenen()
    cm = Contactmoment.objects.exclude(partij=None).order_by("id").first()
    return Uitnodiging.objects.create(
        klantreis=cm.klantreis, partij=cm.partij, contactmoment=cm, kanaal=cm.kanaal,
        onderwerp=cm.onderwerp, status="verstuurd", verstuurd_op=timezone.now(),
        verloopt_op=timezone.now() + datetime.timedelta(days=14),
    )  # fmt: skip


def test_de_vragenlijst_is_toegankelijk_en_gaat_met_het_toetsenbord(page, uitnodiging):
    from leren.models import Antwoord

    for voorvoegsel in ("/en", ""):
        page.goto(f"{voorvoegsel}/vragenlijst/{uitnodiging.token}/")
        assert_accessible(page, f"vragenlijst {voorvoegsel or 'nl'}")
        assert_reflows(page, "vragenlijst")
    # by keyboard: the radio groups take the arrow keys, Space ticks a box
    page.get_by_label("2", exact=True).first.focus()
    page.keyboard.press("Space")
    page.locator("#id_moeite_1").focus()
    page.keyboard.press("Space")
    page.get_by_label("deels").focus()
    page.keyboard.press("Space")
    page.get_by_label("Ik moest lang wachten").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Versturen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Dank u wel" in page.content()
    assert_accessible(page, "vragenlijst bedankt")
    antwoord = Antwoord.objects.get()
    assert (antwoord.tevredenheid, antwoord.moeite, antwoord.opgelost) == (2, 2, "deels")
    assert antwoord.redenen == ["wachttijd"]


def test_de_vragenlijst_werkt_zonder_javascript(browser, live_server, uitnodiging):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/vragenlijst/{uitnodiging.token}/")
    page.get_by_role("button", name="Versturen").click()
    assert "Kies een cijfer van 1 tot en met 5." in page.content()  # the server says so
    page.locator("#id_tevredenheid_4").check()
    page.locator("#id_moeite_4").check()
    page.get_by_label("ja", exact=True).check()
    page.get_by_role("button", name="Versturen").click()
    assert "Dank u wel" in page.content()
    context.close()


def test_klacht_vastleggen_en_de_klachtenlijst_zijn_toegankelijk(page, demo_data):
    from contacts.models import Partij
    from permissions import roles
    from permissions.models import Afdeling, Domein, Niveau, Zichtbaarheidsregel
    from tests.factories import MedewerkerFactory

    from .test_browser import log_in

    persoon = Partij.objects.filter(soort="persoon").order_by("id").first()
    log_in(page, "balie")
    page.wait_for_url("**/")
    page.goto(f"/nijmegenaren/{persoon.id}/klacht/")
    assert_accessible(page, "klacht vastleggen")
    assert_reflows(page, "klacht vastleggen")
    page.get_by_label("Waar gaat de klacht over?").fill("Lang gewacht zonder uitleg")
    page.get_by_label("Over welke afdeling").select_option(label="Publiekszaken")
    page.get_by_role("button", name="Klacht vastleggen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "De klacht is vastgelegd" in page.content()

    afdeling = Afdeling.objects.get(code="juridische-zaken")
    user = MedewerkerFactory(
        rol=roles.BACKOFFICE_MEDEWERKER, afdeling=afdeling, user__username="klachten"
    ).user
    user.set_password("demo-kcc-2026")
    user.save()
    Zichtbaarheidsregel.objects.get_or_create(
        rol=user.groups.get(), afdeling=afdeling,
        domein=Domein.objects.get(code="klachten-bezwaren"), defaults={"niveau": Niveau.FULL},
    )  # fmt: skip
    page.context.clear_cookies()
    log_in(page, "klachten")
    page.wait_for_url("**/")
    page.goto("/klachten/")
    assert "Lang gewacht zonder uitleg" in page.content()
    assert_accessible(page, "klachtenlijst")
    assert_reflows(page, "klachtenlijst")


def test_signaal_melden_en_de_signalenlijst_zijn_toegankelijk(page, demo_data):
    from .test_browser import log_in

    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.goto("/signalen/nieuw/")
    assert_accessible(page, "signaal melden")
    assert_reflows(page, "signaal melden")
    page.get_by_label("Wat kan beter?").fill("De brief over de WOZ is niet te begrijpen")
    page.get_by_label("Afdeling die erover gaat").select_option(label="Klantcontactcentrum")
    page.get_by_role("button", name="Signaal versturen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.context.clear_cookies()
    log_in(page, "teamleider")
    page.wait_for_url("**/")
    page.goto("/signalen/")
    assert "De brief over de WOZ" in page.content()
    assert_accessible(page, "signalen")
    assert_reflows(page, "signalen")


def test_het_briefje_van_de_balie_is_toegankelijk(page, demo_data):
    from channels.models import Afspraak
    from contacts.models import Kanaal, Onderwerp, Partij

    from .test_browser import log_in

    afspraak = Afspraak.objects.create(
        partij=Partij.objects.filter(soort="persoon").order_by("id").first(),
        onderwerp=Onderwerp.objects.filter(actief=True).order_by("id").first(),
        locatie=Kanaal.objects.get(code="balie-stadswinkel"),
        tijdstip=timezone.now() + datetime.timedelta(days=1),
    )
    log_in(page, "balie")
    page.wait_for_url("**/")
    page.goto(f"/afspraken/{afspraak.id}/briefje/")
    assert "Gemeente Nijmegen" in page.content()
    assert_accessible(page, "briefje voor de bezoeker")
    assert_reflows(page, "briefje voor de bezoeker")
