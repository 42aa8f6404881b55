"""The campaign pages and the public opt-out page in Chromium: no WCAG 2.1 AA violations
(also at 320 px), and the team's check and an agent's call done by keyboard only, in one
session without reloading between the steps."""

import datetime

import pytest
from django.utils import timezone

from .test_browser import assert_accessible, assert_reflows, log_in

pytestmark = pytest.mark.browser
BRIEF = "Beste ((naam)), bel ((telefoon)) of meld u af via ((afmeldlink))."


@pytest.fixture
def campagne(demo_data):
    """The demo's team lead owns an active campaign with two candidates waiting for the
    check, one call in the KCC queue and one opt-out link."""
    from django.contrib.auth import get_user_model

    from callbacks.services import belopdracht_aanmaken
    from contacts.models import Partij
    from permissions.models import Medewerker
    from proactief import services
    from proactief.models import Benadering, Kandidaat

    users = {u.username: u for u in get_user_model().objects.all()}
    kcc = Medewerker.objects.select_related("team__afdeling").get(user=users["kcc"])
    c = services.campagne_opslaan(
        door=users["teamleider"],
        velden={
            "titel": "Meedoen in Nijmegen", "regeling": "Minima", "grondslag": "Pw art. 8",
            "vorm": "informeren", "gegevenscategorieen": ["BSN", "adres"], "team": kcc.team,
            "ladder": ["telefoon", "brief"], "brieftekst": BRIEF,
            "belscript": "Vertel dat de gemeente belt over Meedoen in Nijmegen.",
            "bewaren_tot": timezone.localdate() + datetime.timedelta(days=60),
        },
    )  # fmt: skip
    services.campagne_goedkeuren(door=users["management"], campagne_id=c.pk)
    services.campagne_activeren(door=users["teamleider"], campagne_id=c.pk)
    personen = list(Partij.objects.filter(soort="persoon").exclude(bsn="").order_by("id")[:3])
    kandidaten = [
        Kandidaat.objects.create(
            campagne=c,
            bsn=p.bsn,
            signaal="inkomen onder 120%",
            datum=timezone.localdate(),
            bron="Talis",
            status="te_beoordelen",
        )
        for p in personen
    ]
    gebeld = kandidaten[2]
    Kandidaat.objects.filter(pk=gebeld.pk).update(status="goedgekeurd", partij=personen[2], stap=1)
    tbv = belopdracht_aanmaken(
        partij=personen[2], onderwerp=c.onderwerp, vraag="Campagne: Meedoen in Nijmegen",
        telefoonnummer="06 12345678", afdeling=kcc.team.afdeling, team=kcc.team,
        deadline=timezone.now() + datetime.timedelta(days=2),
    )  # fmt: skip
    Benadering.objects.create(
        kandidaat=gebeld, stap=1, soort="telefoon", uiterlijk=timezone.now(),
        status="klaar", terugbelverzoek=tbv,
    )  # fmt: skip
    return c, tbv, kandidaten


@pytest.mark.parametrize(
    ("naam", "wie"),
    [("lijst", "teamleider"), ("nieuw", "teamleider"), ("campagne", "teamleider"),
     ("bewerken", "teamleider"), ("campagne", "management"), ("bellen", "kcc")],
)  # fmt: skip
def test_de_campagnepaginas_hebben_geen_wcag_fouten(page, campagne, naam, wie):
    from django.urls import reverse

    c, tbv, _k = campagne
    if naam == "bewerken":
        from proactief.models import Campagne

        Campagne.objects.filter(pk=c.pk).update(status="concept", goedgekeurd_door=None)
    args = {"campagne": [c.pk], "bewerken": [c.pk], "bellen": [tbv.pk]}.get(naam, [])
    log_in(page, wie)
    page.wait_for_url("**/")
    response = page.goto(reverse(f"proactief:{naam}", args=args))
    assert response.status == 200
    assert_accessible(page, f"proactief:{naam} as {wie}")
    assert_reflows(page, f"proactief:{naam}")


def test_de_afmeldpagina_is_toegankelijk_in_het_nederlands_en_engels(page, campagne):
    _c, _tbv, kandidaten = campagne
    for voorvoegsel, knop in (("", "Benader mij niet ongevraagd"), ("/en", "Do not contact me")):
        page.goto(f"{voorvoegsel}/afmelden/{kandidaten[0].afmeldcode}/")
        assert_accessible(page, f"afmelden {voorvoegsel or 'nl'}")
        assert_reflows(page, "afmelden")
        assert page.get_by_role("button", name=knop).is_visible()
    page.goto(f"/afmelden/{kandidaten[0].afmeldcode}/")
    page.get_by_role("button", name="Benader mij niet ongevraagd").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Klaar. Wij benaderen u niet meer ongevraagd" in page.content()
    assert_accessible(page, "afmelden klaar")


def test_het_team_keurt_goed_en_de_agent_legt_het_gesprek_vast_met_het_toetsenbord(page, campagne):
    from proactief.models import Benadering, Kandidaat

    c, tbv, kandidaten = campagne
    log_in(page, "kcc")
    page.wait_for_url("**/")
    page.goto(f"/proactief/campagnes/{c.pk}/")
    # check the first candidate and approve: Tab to the box, Space, on to the button, Enter
    page.locator(f"#kandidaat-{kandidaten[0].pk}").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Beoordeling opslaan").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "1 kandidaten beoordeeld" in page.content()
    assert Kandidaat.objects.get(pk=kandidaten[0].pk).status == "goedgekeurd"
    # the call: from the queue's item to the campaign's call page, then the outcome
    page.goto(f"/terugbelverzoeken/{tbv.pk}/")
    page.get_by_role("link", name="Open de belpagina").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Vertel dat de gemeente belt" in page.content()
    page.get_by_label("bereikt – informatie gegeven").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Opslaan").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Het gesprek is vastgelegd" in page.content()
    assert Benadering.objects.get(terugbelverzoek=tbv).status == "bereikt"
