"""A colleague logs in through the identity provider's own login page in Chromium, keyboard
and all, and lands on the home page with her role and department; log-out ends both."""

import pytest

from demo.idp_proces import CLIENT_ID, CLIENT_SECRET, Provider
from permissions import roles
from tests.e2e.test_browser import assert_accessible, assert_reflows
from tests.oidc.test_oidc import wereld  # noqa: F401 - the role mappings

pytestmark = pytest.mark.browser


@pytest.fixture
def idp_voor_browser(live_server, tmp_path, settings):
    provider = Provider(
        tmp_path,
        redirect_uris=[live_server.url + "/oidc/terug/"],
        post_logout_uris=[live_server.url + "/inloggen/"],
    ).start()
    settings.KCC_OIDC_ISSUER = provider.issuer
    settings.KCC_OIDC_CLIENT_ID = CLIENT_ID
    settings.KCC_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.KCC_OIDC_SCOPES = "openid profile email roles"
    settings.KCC_OIDC_MFA_VEREIST = True
    settings.KCC_BASIS_URL = live_server.url
    settings.KCC_LOKAAL_INLOGGEN = False
    # as the settings do for a configured issuer: the log-out form may go on to the provider
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], provider.issuer],
    }
    yield provider
    provider.stop()


def test_logging_in_through_the_providers_own_page(page, idp_voor_browser, wereld):  # noqa: F811
    page.goto("/terugbelverzoeken/")
    page.wait_for_url("**/inloggen/**")
    assert_accessible(page, "log-in page with the identity provider")
    knop = page.get_by_role("link", name="Inloggen met uw werkaccount")
    knop.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(idp_voor_browser.issuer + "/interaction/**")
    page.fill("#login", "wendy")
    page.fill("#password", "wendy-wachtwoord")
    page.keyboard.press("Enter")
    # back where she wanted to go, with the role and department of her claims
    page.wait_for_url("**/terugbelverzoeken/")
    assert_accessible(page, "the queue, logged in through the identity provider")
    assert_reflows(page, "the queue, logged in through the identity provider")
    kop = page.locator(".user-info").inner_text()
    assert "Wendy Mol" in kop
    assert roles.BACKOFFICE_MEDEWERKER in kop
    from permissions.models import Medewerker

    assert Medewerker.objects.get(user__identiteit__subject="5a2b-wendy").afdeling.code == "wmo"
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(idp_voor_browser.issuer + "/**")


def test_the_refusal_page_says_whom_to_ask(page, idp_voor_browser, wereld):  # noqa: F811
    page.goto("/inloggen/")
    page.get_by_role("link", name="Inloggen met uw werkaccount").click()
    page.wait_for_url(idp_voor_browser.issuer + "/interaction/**")
    page.fill("#login", "zonder-rol")
    page.fill("#password", "rol-wachtwoord")
    with page.expect_navigation(url="**/oidc/terug/**") as navigatie:
        page.keyboard.press("Enter")
    assert navigatie.value.status == 403
    assert "geen rol" in page.locator("[role=alert]").inner_text()
    assert_accessible(page, "refused log-in")
