import os
import shutil

import pytest
from django.core.management import call_command

from demo.gebruikers import DEMO_USERS

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    return os.environ.get("KCC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if not os.path.exists(path):
        pytest.fail(
            f"Chromium not found at {path}: ./kcc test installs Debian's chromium; "
            "or set KCC_CHROMIUM to a Chromium binary."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Script errors and CSP refusals show in the console. A page answered with an error status
    # on purpose (423 lock-out, 503 health) also logs "Failed to load resource"; failed
    # sub-resources are caught by the response handler below instead.
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    yield page
    context.close()
    assert errors == [], errors


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEMO_MODE = True
    call_command(
        "demodata",
        "--seed",
        "2026",
        "--persons",
        "20",
        "--organisations",
        "2",
        "--contactmomenten",
        "200",
        "--zaken",
        "30",
        "--gesprekken",
        "2000",
        verbosity=0,
    )
    return DEMO_USERS


# the stub BRP and KVK processes (tests/sources), for the browser tests of their flows
from tests.sources.conftest import _brp_stub, _kvk_stub, brp, kvk  # noqa: E402, F401
