"""The wallboard in a real browser: a call entering the queue shows within the 5-second
refresh, and the refresh never takes the focus from what the team lead is doing."""

import json
import time
import urllib.request

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_browser import assert_accessible, log_in

TOKEN = "wallboard-browser-token-0123456789"


def _events(live_server, events):
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        live_server.url + "/telefonie/gebeurtenissen/",
        method="POST",
        data=json.dumps(events).encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert urllib.request.urlopen(request).status == 201  # noqa: S310 - the test's own server


def test_the_wallboard_updates_live_and_keeps_the_focus(page, demo_data, live_server, settings):
    settings.KCC_TELEFONIE_TOKEN = TOKEN
    log_in(page, "teamleider")
    page.wait_for_url("**/")
    page.goto("/teamleider/wallboard/")
    wachtend = page.locator('[data-cijfer="in-wachtrij"]')
    assert wachtend.inner_text() == "0"
    assert_accessible(page, "wallboard")
    # the team lead is choosing a team with the keyboard when the calls come in
    page.focus("#wb-team")
    nu = timezone.now()
    _events(
        live_server,
        [
            {
                "call_id": f"wb-{i}",
                "event": "queued",
                "ts": (nu - timezone.timedelta(seconds=30 * (i + 1))).isoformat(),
                "queue": "14024-algemeen",
                "caller": "0612345678",
            }
            for i in range(3)
        ]
        + [{"event": "agent_state", "agent": "kcc", "state": "busy", "ts": nu.isoformat()}],
    )
    started = time.monotonic()
    # the refresh comes every 5 s: within 8 s on a busy test machine
    expect(wachtend).to_have_text("3", timeout=8000)
    print(f"\nwallboard showed the calls after {time.monotonic() - started:.1f} s")
    assert page.evaluate("document.activeElement.id") == "wb-team"
    assert page.locator('[data-cijfer="agents-busy"]').inner_text() == "1"
    assert "min" in page.locator('[data-cijfer="langst-wachtend"]').inner_text()
    # with the focus inside the refreshing region (the table of callbacks), no refresh
    # throws it away: the region waits until the focus has left
    page.focus("#wallboard-cijfers .table-scroll")
    _events(
        live_server,
        [{"call_id": "wb-9", "event": "queued", "ts": nu.isoformat(), "queue": "14024-algemeen"}],
    )
    page.wait_for_timeout(6500)
    assert page.evaluate("document.activeElement.matches('#wallboard-cijfers .table-scroll')")
    assert wachtend.inner_text() == "3"
    page.focus("#wb-team")
    expect(wachtend).to_have_text("4", timeout=8000)
    # no caller, no resident: the numbers and team names only
    assert "0612345678" not in page.content()
    assert_accessible(page, "wallboard after a refresh")
