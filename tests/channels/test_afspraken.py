"""Charlotte calls about her passport and makes an appointment at the desk in the same call:
the appointment shows on the klantbeeld and is picked up at the desk."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from callbacks.termijnen import is_werkdag
from channels.models import Afspraak
from contacts.models import Contactmoment
from tests.catalogus import maak_wereld
from tests.factories import KanaalFactory, PersoonFactory

pytestmark = pytest.mark.django_db


def volgende_werkdag():
    day = timezone.localdate() + datetime.timedelta(days=1)
    while not is_werkdag(day):
        day += datetime.timedelta(days=1)
    return day


@pytest.fixture
def wereld(db):
    w = maak_wereld()
    w.kanalen["balie-dukenburg"] = KanaalFactory(
        code="balie-dukenburg", naam="Balie Steunpunt Dukenburg"
    )
    return w


def maken(client, user, persoon, stadswinkel, **data):
    client.force_login(user)
    form = {
        "locatie": stadswinkel.id,
        "onderwerp": "Onderwerp publiekszaken",
        "datum": volgende_werkdag().isoformat(),
        "tijd": "10:30",
    }
    form.update(data)
    return client.post(reverse("channels:afspraak-maken", args=[persoon.id]), form, follow=True)


def test_appointment_made_by_phone_is_picked_up_at_the_desk(client, wereld):
    persoon = PersoonFactory(voornamen="Charlotte")
    stadswinkel = wereld.kanalen["balie-stadswinkel"]
    response = maken(client, wereld.users["kcc"], persoon, stadswinkel)
    assert "Afspraak gemaakt" in response.content.decode()
    afspraak = Afspraak.objects.get()
    assert afspraak.tijdstip == datetime.datetime.combine(
        volgende_werkdag(), datetime.time(10, 30), ZoneInfo("Europe/Amsterdam")
    )
    # at the desk
    client.force_login(wereld.users["balie"])
    klantbeeld = client.get(reverse("klantbeeld:klantbeeld", args=[persoon.id])).content.decode()
    assert "Balie Stadswinkel" in klantbeeld
    assert "Bezoek registreren" in klantbeeld
    # the appointment is tomorrow: registering the visit today asks first, and stores nothing
    vraag = client.post(
        reverse("channels:bezoek", args=[afspraak.id]),
        {"legitimatie_gezien": "on", "notitie": "Paspoort aangevraagd.", "resultaat": "beantwoord"},
    )
    assert vraag.status_code == 409
    assert "niet vandaag" in vraag.content.decode()
    assert Contactmoment.objects.count() == 0
    response = client.post(
        reverse("channels:bezoek", args=[afspraak.id]),
        {
            "legitimatie_gezien": "on",
            "notitie": "Paspoort aangevraagd.",
            "resultaat": "beantwoord",
            "andere_dag": "1",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Bezoek geregistreerd" in html
    assert "Paspoort aangevraagd." in html  # what was done, in the history
    assert "legitimatie gezien" in html
    cm = Contactmoment.objects.get()
    assert cm.kanaal == stadswinkel
    assert cm.legitimatie_gezien
    afspraak.refresh_from_db()
    assert afspraak.status == "gekomen"
    assert afspraak.bezoek == cm
    # the appointment stays in the history after the visit, as 'gekomen'
    assert f'id="afspraak-{afspraak.id}"' in html
    # twice is refused
    response = client.post(
        reverse("channels:bezoek", args=[afspraak.id]), {"andere_dag": "1"}, follow=True
    )
    assert "al opgehaald" in response.content.decode()
    assert Contactmoment.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tijd": "07:00"}, "De balie is open op werkdagen"),
        ({"datum": "2020-01-06"}, "Kies een tijdstip in de toekomst"),
        ({"datum": "morgen"}, "Vul een datum en een tijd in"),
        ({"onderwerp": "Bestaat niet"}, "Kies een onderwerp uit de lijst"),
    ],
)
def test_bad_appointments_are_refused_in_dutch(client, wereld, data, message):
    persoon = PersoonFactory()
    response = maken(
        client, wereld.users["kcc"], persoon, wereld.kanalen["balie-stadswinkel"], **data
    )
    assert message in response.content.decode()
    assert Afspraak.objects.count() == 0


def test_a_phone_channel_is_not_a_desk(client, wereld):
    persoon = PersoonFactory()
    response = maken(client, wereld.users["kcc"], persoon, wereld.kanalen["telefoon"])
    assert "Kies de Stadswinkel of Steunpunt Dukenburg" in response.content.decode()
    assert Afspraak.objects.count() == 0


def test_the_desk_lists_todays_appointments_per_location(client, wereld):
    stadswinkel = wereld.kanalen["balie-stadswinkel"]
    dukenburg = wereld.kanalen["balie-dukenburg"]
    nu = timezone.localtime()  # the desk's day is the local day
    vandaag = [
        Afspraak.objects.create(
            partij=PersoonFactory(voornamen=naam), onderwerp=wereld.onderwerpen["publiekszaken"],
            locatie=stadswinkel, tijdstip=nu.replace(hour=uur, minute=0),
        )
        for naam, uur in (("Latere", 15), ("Eerdere", 9))
    ]  # fmt: skip
    Afspraak.objects.create(
        partij=PersoonFactory(voornamen="Elders"), onderwerp=wereld.onderwerpen["publiekszaken"],
        locatie=dukenburg, tijdstip=nu,
    )  # fmt: skip
    Afspraak.objects.create(
        partij=PersoonFactory(voornamen="Morgen"), onderwerp=wereld.onderwerpen["publiekszaken"],
        locatie=stadswinkel, tijdstip=nu + datetime.timedelta(days=1),
    )  # fmt: skip
    client.force_login(wereld.users["balie"])
    html = client.get(reverse("channels:afspraken"), {"locatie": stadswinkel.id}).content.decode()
    assert "Afspraken vandaag in Balie Stadswinkel" in html
    assert html.index("Eerdere") < html.index("Latere")  # first one first
    assert "Elders" not in html  # another desk
    assert "Morgen" not in html  # another day
    andere = client.get(reverse("channels:afspraken"), {"locatie": dukenburg.id}).content.decode()
    assert "Elders" in andere
    assert "Eerdere" not in andere
    # did not come: it stays, marked so
    client.post(
        reverse("channels:niet-gekomen", args=[vandaag[0].id]),
        {"terug": reverse("channels:afspraken")},
    )
    vandaag[0].refresh_from_db()
    assert vandaag[0].status == Afspraak.Status.NIET_GEKOMEN
    html = client.get(reverse("channels:afspraken"), {"locatie": stadswinkel.id}).content.decode()
    assert "Niet gekomen" in html
    assert "Latere" in html
    # the menu has the desk list for the front office
    assert reverse("channels:afspraken") in html


@pytest.mark.parametrize(
    "terug",
    ["https://elders.example/balie/", "//elders.example/balie/", "/balie/\\\\elders.example", ""],
)
def test_after_did_not_come_the_desk_returns_only_to_its_own_pages(client, wereld, terug):
    """The form says where it came from; an address elsewhere is not followed (the klantbeeld
    instead)."""
    persoon = PersoonFactory()
    afspraak = Afspraak.objects.create(
        partij=persoon, onderwerp=wereld.onderwerpen["publiekszaken"],
        locatie=wereld.kanalen["balie-stadswinkel"], tijdstip=timezone.now(),
    )  # fmt: skip
    client.force_login(wereld.users["balie"])
    response = client.post(reverse("channels:niet-gekomen", args=[afspraak.id]), {"terug": terug})
    assert response.status_code == 302
    assert response["Location"] == reverse("klantbeeld:klantbeeld", args=[persoon.id])
    eigen = client.post(
        reverse("channels:niet-gekomen", args=[afspraak.id]),
        {"terug": reverse("channels:afspraken")},
    )
    assert eigen["Location"] == reverse("channels:afspraken")
