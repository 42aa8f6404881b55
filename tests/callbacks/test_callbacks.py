"""Terugbelverzoeken: made during the call, routed to the right department with a deadline,
claimed by one colleague, called back, closed, and all of it in the Nijmegenaar's timeline."""

import re
import threading
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from callbacks import meldingen, services, termijnen
from callbacks.models import Belpoging, Melding, Routeringsregel, Terugbelverzoek
from contacts.models import Contactmoment
from permissions.models import Medewerker
from permissions.roles import BACKOFFICE_MEDEWERKER
from tests.catalogus import maak_wereld
from tests.factories import MedewerkerFactory, PersoonFactory, TeamFactory

AMS = ZoneInfo("Europe/Amsterdam")


def at(*args):
    return datetime(*args, tzinfo=AMS)


# --- deadlines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "werkdagen", "expected"),
    [
        # Monday 10:00 + 2 working days → Wednesday 10:00
        (at(2026, 11, 23, 10, 0), 2, at(2026, 11, 25, 10, 0)),
        # Friday 16:55: five minutes on Friday, Monday, and Tuesday until 16:55
        (at(2026, 11, 20, 16, 55), 2, at(2026, 11, 24, 16, 55)),
        # Friday after closing: counting starts Monday 08:30, ends Tuesday at closing time
        (at(2026, 11, 20, 18, 0), 2, at(2026, 11, 24, 17, 0)),
        # Saturday: same as Monday morning
        (at(2026, 11, 21, 11, 0), 1, at(2026, 11, 23, 17, 0)),
        # Before opening counts from opening
        (at(2026, 11, 23, 7, 0), 1, at(2026, 11, 23, 17, 0)),
        # Koningsdag 2026 is Monday 27 April: Friday 24 April 12:00 + 1 → Tuesday 28 April 12:00
        (at(2026, 4, 24, 12, 0), 1, at(2026, 4, 28, 12, 0)),
        # Christmas: Thursday 24 Dec 2026 14:00 + 2 → Friday 25 and Saturday 26 (Christmas) and
        # the weekend skipped: Monday 28 Dec 14:00 is one day, Tuesday 29 Dec 14:00 is two
        (at(2026, 12, 24, 14, 0), 2, at(2026, 12, 29, 14, 0)),
        # Good Friday and Easter Monday 2027 (26 and 29 March): Thursday 25 March 16:55 + 2
        (at(2027, 3, 25, 16, 55), 2, at(2027, 3, 31, 16, 55)),
        # Bevrijdingsdag is a day off every year under the Cao, not only in lustrum years:
        # Monday 4 May 2026 10:00 + 2 → Tuesday 5 May closed → Thursday 7 May 10:00
        (at(2026, 5, 4, 10, 0), 2, at(2026, 5, 7, 10, 0)),
        # 2027 (no lustrum): Tuesday 4 May + 2 → 5 May closed, 6 May Ascension → Monday 10 May
        (at(2027, 5, 4, 10, 0), 2, at(2027, 5, 10, 10, 0)),
    ],
)
@pytest.mark.django_db
def test_deadline_counts_working_days_within_office_hours(settings, start, werkdagen, expected):
    settings.KCC_KANTOOR_OPEN, settings.KCC_KANTOOR_DICHT = "08:30", "17:00"
    assert termijnen.uiterste_datum(start, werkdagen) == expected


@pytest.mark.django_db
def test_closing_days_are_kept_by_the_functioneel_beheerder(settings, client):
    """A local closing day moves the deadline at once (every process: the version in Redis);
    Goede Vrijdag removed makes it a working day again."""
    from callbacks.models import Sluitingsdag
    from permissions import roles
    from tests.factories import MedewerkerFactory

    settings.KCC_KANTOOR_OPEN, settings.KCC_KANTOOR_DICHT = "08:30", "17:00"
    maandag = at(2026, 11, 23, 10, 0)
    assert termijnen.uiterste_datum(maandag, 2) == at(2026, 11, 25, 10, 0)
    roles.ensure_groups()  # the role's permissions, as catalogus_laden gives them
    beheerder = MedewerkerFactory(rol=roles.FUNCTIONEEL_BEHEERDER, user__is_staff=True).user
    client.force_login(beheerder)
    antwoord = client.post(
        "/beheer/callbacks/sluitingsdag/add/",
        {"soort": "eenmalig", "datum": "2026-11-24", "omschrijving": "Verhuizing stadhuis"},
    )
    assert antwoord.status_code == 302
    assert Sluitingsdag.objects.filter(omschrijving="Verhuizing stadhuis").exists()
    assert termijnen.uiterste_datum(maandag, 2) == at(2026, 11, 26, 10, 0)
    # a yearly day without a date is refused in plain words, and nothing is stored
    antwoord = client.post(
        "/beheer/callbacks/sluitingsdag/add/",
        {"soort": "jaarlijks", "datum": "", "omschrijving": "Zonder datum"},
    )
    assert "Vul de datum van de sluitingsdag in." in antwoord.content.decode()
    assert not Sluitingsdag.objects.filter(omschrijving="Zonder datum").exists()
    # Goede Vrijdag 2027 is 26 March; without it as a closing day Thursday 16:55 + 2 ends on
    # Tuesday (Friday and, after Easter Monday, Tuesday)
    Sluitingsdag.objects.filter(soort="goede_vrijdag").delete()
    assert termijnen.uiterste_datum(at(2027, 3, 25, 16, 55), 2) == at(2027, 3, 30, 16, 55)


@pytest.mark.django_db
def test_urgent_is_four_office_hours_and_never_later_than_normal(settings):
    settings.KCC_KANTOOR_OPEN, settings.KCC_KANTOOR_DICHT = "08:30", "17:00"
    # Friday 15:00: two hours on Friday, two on Monday
    assert termijnen.uiterste_datum(at(2026, 11, 20, 15, 0), 2, spoed=True) == at(
        2026, 11, 23, 10, 30
    )


@pytest.mark.django_db
def test_the_common_ground_48_hours_would_fall_on_a_holiday_ours_does_not(settings):
    """ITA counts 48 weekday hours and ignores holidays; our deadline never ends on one."""
    settings.KCC_KANTOOR_OPEN, settings.KCC_KANTOOR_DICHT = "08:30", "17:00"
    deadline = termijnen.uiterste_datum(at(2026, 12, 23, 10, 0), 2)
    assert termijnen.is_werkdag(deadline.date())
    assert deadline == at(2026, 12, 28, 10, 0)


# --- making one during the call ---------------------------------------------------------------


@pytest.fixture
def wereld(db):
    w = maak_wereld()
    Routeringsregel.objects.create(
        onderwerp=w.onderwerpen["publiekszaken"],
        afdeling=w.afdelingen["publiekszaken"],
        termijn_werkdagen=3,
    )
    Routeringsregel.objects.create(onderwerp=w.onderwerpen["wmo"], afdeling=w.afdelingen["wmo"])
    w.afdelingen["wmo"].email = "wmo@nijmegen.example"
    w.afdelingen["wmo"].save()
    return w


@pytest.fixture
def persoon(wereld):
    p = PersoonFactory(geslachtsnaam="Quispelaar")
    p.telefoonnummers.create(nummer="+31612345678", soort="mobiel")
    return p


def post_tbv(client, user, persoon, **data):
    client.force_login(user)
    form = {
        "tbv-telefoonnummer": "06-12345678",
        "tbv-onderwerp": "Onderwerp wmo",
        "tbv-vraag": "Wil weten of de traplift al is goedgekeurd.",
        "tbv-urgentie": "normaal",
        "tbv-beste_tijd": "",
        "tbv-alternatief": "",
        "tbv-afdeling": "",
    }
    form.update({f"tbv-{k}": v for k, v in data.items()})
    return client.post(
        reverse("klantbeeld:terugbelverzoek-maken", args=[persoon.id]),
        form,
        headers={"HX-Request": "true"},
    )


def test_an_urgent_callback_is_read_out_with_its_time(client, wereld, persoon):
    """Urgent means within four office hours: the caller hears the time, not only the day."""
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    html = post_tbv(client, wereld.users["kcc"], persoon, urgentie="spoed").content.decode()
    tbv = Terugbelverzoek.objects.get()
    deadline = localtime(tbv.deadline)
    assert (
        f"We bellen u uiterlijk {date_format(deadline, 'l j F')} om "
        f"{date_format(deadline, 'H:i')} terug." in html
    )
    # the field says whose question it is
    assert "Vraag van de inwoner" in html


def test_agent_makes_a_callback_and_gets_a_sentence_to_read_out(client, wereld, persoon):
    response = post_tbv(client, wereld.users["kcc"], persoon)
    html = response.content.decode()
    tbv = Terugbelverzoek.objects.get()
    assert response.status_code == 200
    assert f"Uw terugbelverzoek heeft nummer {tbv.referentie}." in html
    assert "We bellen u uiterlijk" in html
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    assert date_format(localtime(tbv.deadline), "l j F") in html  # "dinsdag 25 november"
    assert tbv.telefoonnummer == "+31612345678"
    assert tbv.status == Terugbelverzoek.Status.ONTVANGEN
    # the incoming contact is recorded with it, and shows at the top of the history
    cm = tbv.contactmoment
    assert cm.resultaat == Contactmoment.Resultaat.TERUGBELVERZOEK
    assert cm.partij == persoon
    assert f'id="contactmoment-{cm.id}"' in html
    # the panel of open requests is updated in place
    assert 'hx-swap-oob="innerHTML:#tbv-paneel"' in html
    assert tbv.referentie in html


def test_the_form_loads_when_opened_and_works_without_javascript(client, wereld, persoon):
    client.force_login(wereld.users["kcc"])
    klantbeeld = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
    url = reverse("klantbeeld:terugbelverzoek-maken", args=[persoon.id])
    assert f'hx-get="{url}"' in klantbeeld
    assert 'name="tbv-vraag"' not in klantbeeld
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'name="tbv-vraag"' in partial
    assert "<html" not in partial
    assert 'value="06 12345678"' in partial  # prefilled with the mobile number
    page = client.get(url).content.decode()
    assert "<html" in page
    assert 'name="tbv-vraag"' in page
    assert 'id="onderwerpen"' in page
    response = client.post(
        url,
        {
            "tbv-telefoonnummer": "06 12345678",
            "tbv-onderwerp": "Onderwerp wmo",
            "tbv-vraag": "Zonder JavaScript",
            "tbv-urgentie": "normaal",
        },
        follow=True,
    )
    assert "Uw terugbelverzoek heeft nummer" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("klantbeeld:klantbeeld", args=[persoon.id])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"telefoonnummer": "12345"}, "Dit telefoonnummer klopt niet"),
        ({"vraag": "   "}, "Schrijf de vraag in een paar woorden op"),
        ({"afdeling": "999999"}, "Kies een afdeling uit de lijst"),
        ({"onderwerp": "Bestaat niet"}, "Kies een onderwerp uit de lijst"),
        ({"alternatief": "geen@"}, "Dit e-mailadres klopt niet"),
    ],
)
def test_bad_input_says_so_in_dutch_and_saves_nothing(client, wereld, persoon, data, message):
    response = post_tbv(client, wereld.users["kcc"], persoon, **data)
    assert message in response.content.decode()
    assert Terugbelverzoek.objects.count() == 0
    assert Contactmoment.objects.count() == 0


def test_number_in_any_format_and_agent_may_override_the_department(client, wereld, persoon):
    post_tbv(
        client,
        wereld.users["kcc"],
        persoon,
        telefoonnummer="0031 24 329 9000",
        alternatief="+31 6 87654321",
        afdeling=str(wereld.afdelingen["vergunningen"].id),
    )
    tbv = Terugbelverzoek.objects.get()
    assert tbv.telefoonnummer == "+31243299000"
    assert tbv.alternatief == "+31687654321"
    services.terugbelverzoeken_routeren(tbv.id)
    tbv.refresh_from_db()
    assert tbv.afdeling == wereld.afdelingen["vergunningen"]


def test_routing_follows_the_rule_and_notifies_once(wereld, persoon):
    tbv = services.terugbelverzoek_aanmaken(
        partij=persoon,
        onderwerp=wereld.onderwerpen["wmo"],
        vraag="Traplift",
        telefoonnummer="0612345678",
        door=wereld.users["kcc"],
    )
    first = services.terugbelverzoeken_routeren(tbv.id)
    again = services.terugbelverzoeken_routeren(tbv.id)  # a task delivered twice
    tbv.refresh_from_db()
    assert tbv.status == Terugbelverzoek.Status.NIEUW
    assert tbv.afdeling == wereld.afdelingen["wmo"]
    assert tbv.gerouteerd_op
    assert len(first) == 1
    assert again == []
    assert meldingen.melding_mailen(first[0]) is True
    assert meldingen.melding_mailen(first[0]) is False
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["wmo@nijmegen.example"]
    assert tbv.referentie in sent.subject
    assert "Traplift" not in sent.body
    assert persoon.geslachtsnaam not in sent.body
    assert Melding.objects.filter(terugbelverzoek=tbv).count() == 1


def test_subject_without_rule_goes_to_the_default_department_with_default_term(wereld, persoon):
    tbv = services.terugbelverzoek_aanmaken(
        partij=persoon,
        onderwerp=wereld.onderwerpen["afval"],
        vraag="Container kapot",
        telefoonnummer="0612345678",
        door=wereld.users["kcc"],
        nu=at(2026, 11, 23, 10, 0),
    )
    services.terugbelverzoeken_routeren(tbv.id)
    tbv.refresh_from_db()
    assert tbv.afdeling.code == "kcc"
    assert tbv.deadline == at(2026, 11, 25, 10, 0)


def test_term_per_subject_rule_and_per_department(wereld, persoon):
    tbv = services.terugbelverzoek_aanmaken(
        partij=persoon,
        onderwerp=wereld.onderwerpen["publiekszaken"],
        vraag="Paspoort",
        telefoonnummer="0612345678",
        door=wereld.users["kcc"],
        nu=at(2026, 11, 23, 10, 0),
    )
    assert tbv.deadline == at(2026, 11, 26, 10, 0)  # the rule says 3 working days
    wereld.afdelingen["wmo"].terugbeltermijn_werkdagen = 5
    wereld.afdelingen["wmo"].save()
    tbv = services.terugbelverzoek_aanmaken(
        partij=persoon,
        onderwerp=wereld.onderwerpen["wmo"],
        vraag="Traplift",
        telefoonnummer="0612345678",
        door=wereld.users["kcc"],
        nu=at(2026, 11, 23, 10, 0),
    )
    assert tbv.deadline == at(2026, 11, 30, 10, 0)  # the department's 5 working days


# --- the back office ---------------------------------------------------------------------------


def routed(wereld, persoon, onderwerp="wmo", n=1):
    ids = []
    for i in range(n):
        tbv = services.terugbelverzoek_aanmaken(
            partij=persoon,
            onderwerp=wereld.onderwerpen[onderwerp],
            vraag=f"Vraag {i} TBVX",
            telefoonnummer="0612345678",
            door=wereld.users["kcc"],
        )
        ids.append(tbv.id)
    services.terugbelverzoeken_routeren()
    return ids


def test_queue_claim_attempts_and_close_show_in_the_timeline(client, wereld, persoon):
    [tbv_id] = routed(wereld, persoon)
    wmo = wereld.users["wmo"]
    client.force_login(wmo)
    html = client.get(reverse("callbacks:wachtrij")).content.decode()
    ref = Terugbelverzoek.objects.get().referentie
    assert ref in html
    assert persoon.geslachtsnaam in html
    response = client.post(reverse("callbacks:oppakken"), {"terugbelverzoek": tbv_id})
    assert response.url == reverse("callbacks:detail", args=[tbv_id])
    for uitkomst in ["geen_gehoor", "voicemail", "verkeerd_nummer"]:
        client.post(reverse("callbacks:poging", args=[tbv_id]), {"poging-uitkomst": uitkomst})
    html = client.get(reverse("callbacks:detail", args=[tbv_id])).content.decode()
    assert "3 pogingen mislukt" in html
    assert "Stuur een brief of e-mail" in html
    response = client.post(
        reverse("callbacks:afsluiten", args=[tbv_id]),
        {"afsluiten-uitkomst": "niet_bereikt", "afsluiten-toelichting": "Brief gestuurd."},
    )
    tbv = Terugbelverzoek.objects.get()
    assert tbv.status == "afgehandeld"
    assert tbv.uitkomst == "niet_bereikt"
    assert Belpoging.objects.count() == 3
    outgoing = Contactmoment.objects.filter(richting="uit").order_by("tijdstip", "id")
    assert outgoing.count() == 4  # three attempts and the outcome
    assert all(cm.klantreis == tbv.contactmoment.klantreis for cm in outgoing)
    html = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
    assert f"Terugbelverzoek {ref} afgesloten: niet bereikt" in html
    assert f"Teruggebeld over {ref}: geen gehoor" in html
    assert "uitgaand" in html
    # the KCC sees WMO at existence: the outgoing calls are there, their text is not
    client.force_login(wereld.users["kcc"])
    html = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
    assert html.count("uitgaand") == 4
    assert "Teruggebeld over" not in html


def test_closing_without_explanation_is_refused_unless_handled(client, wereld, persoon):
    [tbv_id] = routed(wereld, persoon)
    client.force_login(wereld.users["wmo"])
    client.post(reverse("callbacks:afsluiten", args=[tbv_id]), {"afsluiten-uitkomst": "doorgezet"})
    assert Terugbelverzoek.objects.get().status == "nieuw"
    response = client.post(
        reverse("callbacks:afsluiten", args=[tbv_id]),
        {"afsluiten-uitkomst": "afgehandeld"},
        follow=True,
    )
    assert "Terugbelverzoek afgesloten" in response.content.decode()


def test_another_department_cannot_claim_or_close(client, wereld, persoon):
    [tbv_id] = routed(wereld, persoon)
    client.force_login(wereld.users["briks"])
    response = client.post(reverse("callbacks:oppakken"), {"terugbelverzoek": tbv_id}, follow=True)
    assert "net opgepakt" in response.content.decode()
    client.post(
        reverse("callbacks:afsluiten", args=[tbv_id]), {"afsluiten-uitkomst": "afgehandeld"}
    )
    assert Terugbelverzoek.objects.get().status == "nieuw"
    # BRIKS does not know WMO requests exist
    assert client.get(reverse("callbacks:detail", args=[tbv_id])).status_code == 404
    # the KCC sees WMO as existence: no question, no number on the detail page
    client.force_login(wereld.users["kcc"])
    html = client.get(reverse("callbacks:detail", args=[tbv_id])).content.decode()
    assert "TBVX" not in html
    assert "06 12345678" not in html
    assert "dat dit verzoek bestaat" in html


def test_callbacks_follow_the_visibility_rules_in_panel_queue_and_figures(client, wereld, persoon):
    [wmo_id] = routed(wereld, persoon, "wmo")
    # openbare ruimte has no rule: it goes to the KCC. The WMO colleague's level for it is
    # NONE, so it is not shown to them at all.
    [or_id] = routed(wereld, persoon, "openbare-ruimte")
    client.force_login(wereld.users["wmo"])
    html = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
    # the WMO request's number: in the panel and on the row of the call that made it
    assert html.count(Terugbelverzoek.objects.get(pk=wmo_id).referentie) == 2
    assert Terugbelverzoek.objects.get(pk=or_id).referentie not in html
    assert html.count("TB-") == 2
    assert "Vraag 0 TBVX" in html
    client.force_login(wereld.users["kcc"])
    html = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
    # KCC: openbare ruimte in full, WMO as existence only
    # openbare ruimte: the contact (its one-line row and, opened, its whole text) and the panel
    assert html.count("Vraag 0 TBVX") == 3
    assert "U ziet dat dit verzoek bestaat, niet de inhoud." in html


def test_team_lead_counts_only_what_they_may_know_exists(client, wereld, persoon):
    from callbacks import selectors
    from permissions.models import Zichtbaarheidsregel

    # The functioneel beheerder took "afval" away from team leads; afval goes to openbare
    # ruimte (a team lead sees their own department's requests whatever the policy).
    Routeringsregel.objects.create(
        onderwerp=wereld.onderwerpen["afval"], afdeling=wereld.afdelingen["openbare-ruimte"]
    )
    Zichtbaarheidsregel.objects.filter(
        rol__name="Teamleider", domein=wereld.domeinen["afval"]
    ).delete()
    lead = wereld.users["teamleider"]
    routed(wereld, persoon, "wmo", n=2)
    routed(wereld, persoon, "afval", n=3)
    expected = 2
    c = selectors.cijfers(lead)
    assert c.nieuw == expected
    assert len(selectors.lijst(lead)) == expected
    client.force_login(lead)
    html = client.get(reverse("callbacks:overzicht")).content.decode()
    assert html.count('name="terugbelverzoek" value=') == expected
    csv = b"".join(client.get(reverse("callbacks:export")).streaming_content).decode()
    assert csv.count("TB-") == expected
    assert "TBVX" not in csv
    assert persoon.geslachtsnaam not in csv


def test_team_lead_figures_reassign_and_export(client, wereld, persoon):
    ids = routed(wereld, persoon, "wmo", n=3)
    collega = MedewerkerFactory(
        rol=BACKOFFICE_MEDEWERKER,
        afdeling=wereld.afdelingen["wmo"],
        user__first_name="Wim",
        user__last_name="Wmo",
    )
    services.terugbelverzoek_oppakken(door=wereld.users["wmo"], tbv_id=ids[0])
    lead = wereld.users["teamleider"]
    client.force_login(lead)
    url = reverse("callbacks:overzicht")
    html = client.get(url, {"afdeling": wereld.afdelingen["wmo"].id}).content.decode()
    assert "Wim Wmo" in html  # a colleague to hand requests to
    client.post(reverse("callbacks:toewijzen"), {"terugbelverzoek": ids[1:], "aan": collega.id})
    statuses = dict(Terugbelverzoek.objects.values_list("id", "opgepakt_door_id"))
    assert statuses[ids[1]] == statuses[ids[2]] == collega.id
    c = __import__("callbacks.selectors", fromlist=["x"]).cijfers(lead)
    assert (c.nieuw, c.opgepakt) == (0, 3)
    assert {row[0] for row in c.per_medewerker} >= {"Wim Wmo"}
    # back to the queue
    client.post(reverse("callbacks:toewijzen"), {"terugbelverzoek": ids, "aan": ""})
    assert Terugbelverzoek.objects.filter(status="nieuw").count() == 3
    # a colleague of another department is refused, nothing changes
    vreemd = Medewerker.objects.get(user=wereld.users["briks"])
    response = client.post(
        reverse("callbacks:toewijzen"), {"terugbelverzoek": ids, "aan": vreemd.id}, follow=True
    )
    assert "werkt op een andere afdeling" in response.content.decode()
    assert Terugbelverzoek.objects.filter(opgepakt_door=vreemd).count() == 0
    # polling partial and CSV
    partial = client.get(url, {"deel": "ververs"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert "Nu" in partial.content.decode()
    export = client.get(reverse("callbacks:export"))
    assert export["Content-Type"].startswith("text/csv")
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert len(lines) == 4
    assert lines[0].lstrip("\ufeff").startswith("Referentie;")


def test_handling_figures_per_week(wereld, persoon):
    ids = routed(wereld, persoon, "wmo", n=2)
    services.terugbelverzoek_afsluiten(
        door=wereld.users["wmo"], tbv_id=ids[0], uitkomst="afgehandeld"
    )
    Terugbelverzoek.objects.filter(pk=ids[1]).update(deadline=at(2020, 1, 1, 9, 0))
    services.terugbelverzoek_afsluiten(
        door=wereld.users["wmo"], tbv_id=ids[1], uitkomst="afgehandeld"
    )
    from callbacks import selectors

    [(_week, n, pct, mediaan)] = selectors.cijfers(wereld.users["teamleider"]).per_week
    assert (n, pct) == (2, 50)
    assert mediaan.total_seconds() >= 0


def test_escalation_and_overdue_each_once(wereld, persoon, settings):
    lead = MedewerkerFactory(
        rol="Teamleider", afdeling=wereld.afdelingen["wmo"], user__email="lead@nijmegen.example"
    )
    ids = routed(wereld, persoon, "wmo", n=2)
    Terugbelverzoek.objects.filter(pk=ids[0]).update(deadline=at(2020, 1, 1, 9, 0))
    first = services.terugbelverzoeken_escaleren()
    assert services.terugbelverzoeken_escaleren() == []
    soorten = Counter(Melding.objects.filter(id__in=first).values_list("soort", flat=True))
    assert soorten == {"escalatie": 1, "te_laat": 1}
    for melding_id in first:
        meldingen.melding_mailen(melding_id)
    assert all(m.to == [lead.user.email] for m in mail.outbox)
    assert Terugbelverzoek.objects.get(pk=ids[0]).te_laat_gemeld_op is not None
    assert Terugbelverzoek.objects.get(pk=ids[1]).geescaleerd_op is None


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_claimers_on_200_callbacks_never_get_the_same_one():
    wereld = maak_wereld()
    Routeringsregel.objects.create(
        onderwerp=wereld.onderwerpen["wmo"],
        afdeling=wereld.afdelingen["wmo"],
        team=TeamFactory(afdeling=wereld.afdelingen["wmo"]),
    )
    persoon = PersoonFactory()
    routed(wereld, persoon, "wmo", n=200)
    claimers = [
        MedewerkerFactory(rol=BACKOFFICE_MEDEWERKER, afdeling=wereld.afdelingen["wmo"]).user
        for _ in range(20)
    ]
    claimed, errors = [], []
    barrier = threading.Barrier(20)

    def work(user):
        try:
            barrier.wait()
            while True:
                try:
                    claimed.append((services.terugbelverzoek_oppakken(door=user).id, user.id))
                except services.NietBeschikbaar:
                    return
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(u,)) for u in claimers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ids = [tbv_id for tbv_id, _ in claimed]
    assert len(ids) == 200
    assert len(set(ids)) == 200
    assert len({user for _, user in claimed}) > 1  # really concurrent
    db = dict(Terugbelverzoek.objects.values_list("id", "opgepakt_door__user_id"))
    assert all(db[tbv_id] == user for tbv_id, user in claimed)


@pytest.mark.parametrize("n", [1, 40])
def test_queue_and_overview_use_a_fixed_number_of_queries(
    client, wereld, persoon, n, django_assert_max_num_queries
):
    ids = routed(wereld, persoon, "wmo", n=n)
    services.terugbelverzoek_oppakken(door=wereld.users["wmo"], tbv_id=ids[0])
    services.poging_vastleggen(door=wereld.users["wmo"], tbv_id=ids[0], uitkomst="geen_gehoor")
    client.force_login(wereld.users["wmo"])
    url = reverse("callbacks:wachtrij")
    client.get(url)
    # session, user, roles, medewerker, visibility rules, the queue, teams, notifications
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
    client.force_login(wereld.users["teamleider"])
    url = reverse("callbacks:overzicht")
    client.get(url, {"afdeling": wereld.afdelingen["wmo"].id})
    # + departments, teams, three figure queries, the list, colleagues
    with django_assert_max_num_queries(13):
        assert client.get(url, {"afdeling": wereld.afdelingen["wmo"].id}).status_code == 200
    client.force_login(wereld.users["wmo"])
    detail = reverse("callbacks:detail", args=[ids[0]])
    client.get(detail)
    # + the request, its attempts, the access log (lock, head, insert), e-mail addresses
    with django_assert_max_num_queries(14):
        assert client.get(detail).status_code == 200


# --- a retried submit stores once (core.eenmalig) ------------------------------------------


def test_the_same_callback_form_sent_twice_stores_one_and_answers_the_same(client, wereld, persoon):
    client.force_login(wereld.users["kcc"])
    form = client.get(reverse("klantbeeld:terugbelverzoek-maken", args=[persoon.id]))
    sleutel = re.search(r'name="tbv-sleutel" value="([0-9a-f-]{36})"', form.content.decode())
    assert sleutel, "the form carries its key"
    eerste = post_tbv(client, wereld.users["kcc"], persoon, sleutel=sleutel.group(1))
    tweede = post_tbv(client, wereld.users["kcc"], persoon, sleutel=sleutel.group(1))
    tbv = Terugbelverzoek.objects.get()
    assert Contactmoment.objects.filter(partij=persoon).count() == 1
    for antwoord in (eerste, tweede):
        assert f"Uw terugbelverzoek heeft nummer {tbv.referentie}." in antwoord.content.decode()
    # the form that comes back is a fresh one: the next request is a new one
    nieuwe = re.search(r'name="tbv-sleutel" value="([0-9a-f-]{36})"', tweede.content.decode())
    assert nieuwe
    assert nieuwe.group(1) != sleutel.group(1)
    post_tbv(client, wereld.users["kcc"], persoon, sleutel=nieuwe.group(1))
    assert Terugbelverzoek.objects.count() == 2
    # and the access log has one line per stored request, not per submit
    from permissions.models import Toegangslog

    assert (
        Toegangslog.objects.filter(
            handeling="contact_vastgelegd", object_type="terugbelverzoek"
        ).count()
        == 2
    )


def test_another_colleague_cannot_reuse_a_form_key(client, wereld, persoon):
    sleutel = "5b0c7d4e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
    post_tbv(client, wereld.users["kcc"], persoon, sleutel=sleutel)
    antwoord = post_tbv(client, wereld.users["balie"], persoon, sleutel=sleutel)
    assert "kan niet nog eens worden verstuurd" in antwoord.content.decode()
    assert Terugbelverzoek.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_submits_of_one_form_at_the_same_moment_store_one():
    """A double click on a slow line: both submits arrive together; the second waits for the
    first on the form key and returns its request."""
    wereld = maak_wereld()
    persoon = PersoonFactory()
    user = wereld.users["kcc"]
    sleutel = "0f0e0d0c-0b0a-4909-8807-060504030201"
    barrier, uitkomsten, fouten = threading.Barrier(4), [], []

    def submit():
        try:
            barrier.wait()
            uitkomsten.append(
                services.terugbelverzoek_aanmaken(
                    partij=persoon,
                    onderwerp=wereld.onderwerpen["wmo"],
                    vraag="Dubbel geklikt",
                    telefoonnummer="06-12345678",
                    door=user,
                    sleutel=sleutel,
                ).id
            )
        except Exception as exc:
            fouten.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert fouten == []
    assert Terugbelverzoek.objects.count() == 1
    assert set(uitkomsten) == {Terugbelverzoek.objects.get().id}
    assert Contactmoment.objects.count() == 1


def test_a_double_click_on_save_attempt_records_one_attempt(client, wereld, persoon):
    (tbv_id,) = routed(wereld, persoon)
    wmo = wereld.users["wmo"]
    client.force_login(wmo)
    page = client.get(reverse("callbacks:detail", args=[tbv_id])).content.decode()
    sleutel = re.search(r'name="poging-sleutel" value="([0-9a-f-]{36})"', page).group(1)
    for _ in range(2):
        client.post(
            reverse("callbacks:poging", args=[tbv_id]),
            {"poging-uitkomst": "geen_gehoor", "poging-sleutel": sleutel},
        )
    assert Belpoging.objects.filter(terugbelverzoek_id=tbv_id).count() == 1
    # the attempt's log line says from where it was recorded
    from permissions.models import Toegangslog

    regel = Toegangslog.objects.filter(gebruiker=wmo, handeling="contact_vastgelegd").get()
    assert regel.herkomst == "127.0.0.1"


def test_a_number_the_person_does_not_have_is_flagged_to_the_colleague_who_calls(
    client, wereld, persoon
):
    post_tbv(client, wereld.users["kcc"], persoon, telefoonnummer="06-28765432")
    post_tbv(client, wereld.users["kcc"], persoon, vraag="Eigen nummer")  # 06-12345678: hers
    services.terugbelverzoeken_routeren()
    vreemd = Terugbelverzoek.objects.get(telefoonnummer="+31628765432")
    eigen = Terugbelverzoek.objects.get(telefoonnummer="+31612345678")
    client.force_login(wereld.users["wmo"])
    rijen = client.get(reverse("callbacks:wachtrij")).content.decode()
    assert rijen.count("nummer niet bekend bij deze persoon") == 1
    assert (
        "nummer niet bekend"
        in client.get(reverse("callbacks:detail", args=[vreemd.id])).content.decode()
    )
    assert (
        "nummer niet bekend"
        not in client.get(reverse("callbacks:detail", args=[eigen.id])).content.decode()
    )


def test_a_bulk_load_reads_the_closing_days_once_and_not_again_even_without_redis(
    db, monkeypatch, django_assert_num_queries
):
    """The demo computes thousands of deadlines while its rows stream into COPY: after
    ``voorbereiden`` no working-day check may ask Redis (it asked for every day: ~2,800 calls
    a second) or the database (a query inside an open COPY hung the load when Redis was away)."""
    import contextvars

    vragen = Counter()

    class Weg:  # Redis is away: every call fails (and is counted)
        def __getattr__(self, naam):
            def fout(*args, **kwargs):
                vragen["redis"] += 1
                raise ConnectionError("Redis is away")

            return fout

    monkeypatch.setattr(termijnen, "cache", Weg())

    def laden():
        termijnen.voorbereiden()
        vragen.clear()
        with django_assert_num_queries(0):
            for dag in range(400):
                termijnen.uiterste_datum(
                    at(2026, 1, 1, 9, 0) + (at(2026, 1, 2) - at(2026, 1, 1)) * dag, 2
                )
        assert vragen["redis"] == 0

    contextvars.copy_context().run(laden)  # the pin stays with the load's own context
