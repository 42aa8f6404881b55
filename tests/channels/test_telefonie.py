"""Phone (14 024): caller-id events pop the caller on the agent's own screen."""

import json
import re

import pytest
from django.urls import reverse

from channels.models import Gesprek
from contacts.models import Contactmoment
from tests.catalogus import maak_wereld
from tests.factories import PersoonFactory

pytestmark = pytest.mark.django_db
TOKEN = "telefonie-test-token-0123456789"


@pytest.fixture
def wereld(db, settings):
    settings.KCC_TELEFONIE_TOKEN = TOKEN
    return maak_wereld()


def event(client, token=TOKEN, **data):
    return client.post(
        reverse("bronnen:telefonie-gebeurtenis"),
        json.dumps(data),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def poll(client, user, na=0):
    client.force_login(user)
    return client.get(reverse("channels:oproep"), {"na": na}, headers={"HX-Request": "true"})


def test_events_need_the_token(client, wereld, settings):
    assert (
        event(
            client,
            token="fout",
            event="call_started",
            call_id="c1",
            agent="t-kcc",
            caller="0612345678",
        ).status_code
        == 401
    )
    # the bare token, without "Bearer ", is refused like a wrong one
    bare = client.post(
        reverse("bronnen:telefonie-gebeurtenis"),
        json.dumps({"event": "call_started", "call_id": "c1", "agent": "t-kcc", "caller": "x"}),
        content_type="application/json",
        headers={"Authorization": TOKEN},
    )
    assert bare.status_code == 401
    settings.KCC_TELEFONIE_TOKEN = ""
    assert (
        event(
            client, event="call_started", call_id="c1", agent="t-kcc", caller="0612345678"
        ).status_code
        == 503
    )
    assert Gesprek.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"event": "call_started", "call_id": "c1", "agent": "niemand", "caller": "0612345678"},
            "Onbekende agent",
        ),
        (
            {"event": "call_started", "call_id": "", "agent": "t-kcc", "caller": "0612345678"},
            "call_id",
        ),
        ({"event": "call_ended", "call_id": "bestaat-niet"}, "call_id"),
        ({"event": "iets"}, "call_started of call_ended"),
    ],
)
def test_bad_events_are_refused_with_a_message(client, wereld, data, message):
    response = event(client, **data)
    assert response.status_code == 400
    assert message in response.json()["fout"]
    assert Gesprek.objects.count() == 0


def test_call_pops_the_caller_on_the_agents_screen_only(client, wereld):
    persoon = PersoonFactory(geslachtsnaam="Belmans")
    persoon.telefoonnummers.create(nummer="+31612345678", soort="mobiel")
    response = event(
        client, event="call_started", call_id="c-1", agent="t-kcc", caller="+31 6 12345678"
    )
    assert response.status_code == 201
    assert (
        event(
            client, event="call_started", call_id="c-1", agent="t-kcc", caller="+31 6 12345678"
        ).status_code
        == 200
    )  # sent twice: stored once
    gesprek = Gesprek.objects.get()
    pop = poll(client, wereld.users["kcc"])
    html = pop.content.decode()
    assert pop.status_code == 200
    assert "Belmans" in html
    assert f"/nijmegenaren/{persoon.id}/?gesprek=c-1" in html
    assert f"na={gesprek.id}" in html  # the next poll asks for newer calls only
    assert poll(client, wereld.users["kcc"], na=gesprek.id).status_code == 204
    # another agent's browser gets nothing
    assert poll(client, wereld.users["balie"]).status_code == 204


def test_withheld_number_and_tolkcontact(client, wereld):
    event(
        client,
        event="call_started",
        call_id="c-2",
        agent="t-kcc",
        caller="anonymous",
        tolkcontact=True,
    )
    html = poll(client, wereld.users["kcc"]).content.decode()
    assert "via Tolkcontact" in html
    assert "nummer afgeschermd" in html
    assert 'name="q"' in html  # a search box to find the caller


def test_contact_registered_from_the_pop_up_is_linked_to_the_call_with_duration(client, wereld):
    persoon = PersoonFactory()
    persoon.telefoonnummers.create(nummer="+31612345678", soort="mobiel")
    event(
        client,
        event="call_started",
        call_id="c-3",
        agent="t-kcc",
        caller="0612345678",
        tolkcontact=True,
    )
    client.force_login(wereld.users["kcc"])
    url = reverse("klantbeeld:klantbeeld", args=[persoon.id])
    html = client.get(url, {"gesprek": "c-3"}).content.decode()
    assert 'name="gesprek" value="c-3"' in html
    assert re.search(r'<input type="checkbox" name="tolkcontact"[^>]*checked', html)
    client.post(
        reverse("klantbeeld:contactmoment-registreren", args=[persoon.id]),
        {
            "kanaal": wereld.kanalen["telefoon"].id,
            "onderwerp": "Onderwerp algemeen",
            "vraag": "Vraag aan de telefoon",
            "resultaat": "beantwoord",
            "gesprek": "c-3",
            "tolkcontact": "on",
        },
        headers={"HX-Request": "true"},
    )
    cm = Contactmoment.objects.get()
    assert Gesprek.objects.get().contactmoment == cm
    assert cm.tolkcontact
    response = event(client, event="call_ended", call_id="c-3")
    assert response.status_code == 200
    assert response.json()["duur_seconden"] >= 0
    assert Gesprek.objects.get().einde is not None
    # a running call no longer pops up once it ended
    assert poll(client, wereld.users["kcc"]).status_code == 204


def test_the_pop_up_says_whether_the_open_klantbeeld_belongs_to_the_call(client, wereld):
    beller = PersoonFactory(geslachtsnaam="Belmans")
    beller.telefoonnummers.create(nummer="+31612345678", soort="mobiel")
    ander = PersoonFactory(geslachtsnaam="Anderman")
    event(client, event="call_started", call_id="c-4", agent="t-kcc", caller="0612345678")
    client.force_login(wereld.users["kcc"])

    def pop(partij):
        return client.get(
            reverse("channels:oproep"),
            {"na": 0, "partij": partij.id},
            headers={"HX-Request": "true"},
        ).content.decode()

    html = pop(beller)
    assert "Het klantbeeld dat u open hebt (" in html
    assert "hoort bij dit nummer" in html
    assert f"partij={beller.id}" in html  # the next poll still knows the open klantbeeld
    html = pop(ander)
    assert "hoort niet bij dit nummer" in html
    assert "Anderman" in html
    # a region with a name and a shortcut, no heading before the page's h1
    assert 'aria-labelledby="oproep-titel"' in html
    assert 'aria-keyshortcuts="Alt+O"' in html
    assert "<h2" not in html
    assert "<h1" not in html
    # recording on someone else than the caller is warned about on the klantbeeld itself
    page = client.get(reverse("klantbeeld:klantbeeld", args=[ander.id])).content.decode()
    assert "is met 06 12345678, een nummer dat niet van" in page
    page = client.get(reverse("klantbeeld:klantbeeld", args=[beller.id])).content.decode()
    assert 'id="kb-ander-gesprek"' not in page
    # once the call ended, no more warning
    event(client, event="call_ended", call_id="c-4")
    page = client.get(reverse("klantbeeld:klantbeeld", args=[ander.id])).content.decode()
    assert 'id="kb-ander-gesprek"' not in page


def test_a_call_whose_end_never_came_stops_popping_up(client, wereld, settings):
    import datetime

    from django.utils import timezone

    event(client, event="call_started", call_id="c-5", agent="t-kcc", caller="0612345678")
    assert poll(client, wereld.users["kcc"]).status_code == 200
    # the platform never sent call_ended: after KCC_OPROEP_HOOGSTENS_MINUTEN it is over
    Gesprek.objects.filter(call_id="c-5").update(
        begin=timezone.now() - datetime.timedelta(minutes=settings.KCC_OPROEP_HOOGSTENS_MINUTEN + 1)
    )
    assert poll(client, wereld.users["kcc"]).status_code == 204
    page = client.get(reverse("klantbeeld:klantbeeld", args=[PersoonFactory().id])).content.decode()
    assert 'id="kb-ander-gesprek"' not in page


def test_the_pop_ups_search_box_searches_what_was_typed(client, wereld):
    """'Beller zoeken' for a withheld number used to send GET /zoeken/?q=…, which the search
    no longer reads (searches are posted: no name or BSN in a URL), so what was typed was
    lost. The box posts as the search box does, with its token, and finds the caller."""
    from django.test import Client

    persoon = PersoonFactory(geslachtsnaam="Wiegerinck")
    event(client, event="call_started", call_id="c-9", agent="t-kcc", caller="anonymous")
    browser = Client(enforce_csrf_checks=True)
    html = poll(browser, wereld.users["kcc"]).content.decode()
    formulier = re.search(
        r'<form method="(\w+)" action="([^"]+)" role="search"[^>]*>(.*?)</form>', html, re.S
    )
    assert formulier, html
    methode, actie, inhoud = formulier.groups()
    assert methode == "post"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', inhoud)[1]
    antwoord = browser.post(actie, {"q": "Wiegerinck", "csrfmiddlewaretoken": token}, follow=True)
    assert antwoord.status_code == 200
    assert "?q=" not in antwoord.redirect_chain[0][0]
    assert persoon.weergavenaam in antwoord.content.decode()
