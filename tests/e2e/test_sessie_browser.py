"""The idle time-out as a colleague meets it: a warning she hears (role=alert) before it
happens, and what she typed is back in the form after logging in again."""

import re

import pytest

from contacts.models import Partij
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.browser


def test_typed_text_survives_the_idle_time_out(page, demo_data, settings):
    # six seconds instead of thirty minutes: the warning (two minutes before) shows at once
    settings.KCC_INACTIEF_MINUTEN = 0.1
    partij = Partij.objects.filter(bsn__gt="").order_by("id").first()
    log_in(page, "kcc")
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))  # the home page, not /inloggen/
    page.goto(f"/nijmegenaren/{partij.id}/")
    waarschuwing = page.locator("#kcc-sessie-waarschuwing")
    waarschuwing.wait_for(state="visible")
    assert waarschuwing.get_attribute("role") == "alert"
    assert "Wat u hebt getypt, blijft bewaard" in waarschuwing.inner_text()
    page.fill("#id_vraag", "Half getypte vraag over de WOZ-waarde")
    # the time-out: the page goes to the log-in page, and back after logging in
    page.wait_for_url("**/inloggen/**", timeout=20_000)
    assert "niets hebt gedaan" in page.content(), page.url
    page.get_by_label("Gebruikersnaam").fill("kcc")
    page.get_by_label("Wachtwoord").fill("demo-kcc-2026")
    assert page.input_value("input[name=next]") == f"/nijmegenaren/{partij.id}/", page.url
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"**/nijmegenaren/{partij.id}/")
    assert page.input_value("#id_vraag") == "Half getypte vraag over de WOZ-waarde"
