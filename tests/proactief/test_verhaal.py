"""The story of one campaign, as the people do it: the owner prepares and takes in a list, a
second person approves, the team checks the candidates, the KCC calls, a letter goes out
through NotifyNL, and a resident opts out through the letter's link before the last call.
Against the stub BRP and the stub NotifyNL (processes), through the pages."""

import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from callbacks.models import Terugbelverzoek
from contacts.models import Contactmoment
from permissions.models import Toegangslog
from proactief import selectors, services
from proactief.models import Afmelding, Benadering, Campagne, Kandidaat

from .conftest import CALLBACK_TOKEN, in_register

pytestmark = pytest.mark.django_db(transaction=True)

CHARLOTTE, BAKX, DE_WIT, LE_GRAND = "999990019", "999990032", "999990056", "999990068"
LIJST = (
    "bsn;signaal;waarde;datum;bron\n"
    f"{CHARLOTTE};inkomen onder 120%;;2026-11-01;Werk en Inkomen\n"
    f"{BAKX};inkomen onder 120%;;2026-11-01;Werk en Inkomen\n"
    f"{DE_WIT};inkomen onder 120%;;2026-11-02;Werk en Inkomen\n"
    f"{LE_GRAND};inkomen onder 120%;;2026-11-02;Werk en Inkomen\n"
    f"{DE_WIT};inkomen onder 120%;;2026-11-03;Werk en Inkomen\n"
    "123456789;inkomen onder 120%;;2026-11-03;Werk en Inkomen\n"
)
BRIEF = (
    "Beste ((naam)),\n\nMisschien kunt u hulp krijgen bij ((titel)). "
    "Bel ons gerust: ((telefoon)).\n"
    "Wilt u geen post meer van ons hierover? Ga naar ((afmeldlink))."
)


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _campagne_voorbereiden(eigenaar, team) -> Campagne:
    antwoord = eigenaar.post(
        reverse("proactief:nieuw"),
        {
            "titel": "Meedoen in Nijmegen",
            "regeling": "Minimaregelingen 2027",
            "grondslag": "Participatiewet art. 8; Verordening minimaregelingen Nijmegen",
            "vorm": "informeren",
            "gegevenscategorieen": "BSN\nAdres\nInkomen onder 120% van het sociaal minimum",
            "bewaren_tot": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
            "dpia": "DPIA-2026-17",
            "team": team.id,
            "ladder": "telefoon, telefoon, brief, telefoon",
            "dagen_per_stap": 2,
            "belscript": "Vertel dat de gemeente belt over Meedoen in Nijmegen.",
            "brieftekst": BRIEF,
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    return Campagne.objects.get(titel="Meedoen in Nijmegen")


def test_een_campagne_van_lijst_tot_afmelding(wereld, brp, notify, campagneteam):
    users = wereld.users
    eigenaar, goedkeurder, agent = (
        _client(users["teamleider"]),
        _client(users["management"]),
        _client(users["kcc"]),
    )
    charlotte, de_wit = in_register(CHARLOTTE, "+31612345678"), in_register(DE_WIT, "+31687654321")
    Afmelding.objects.create(bsn=LE_GRAND, datum=timezone.now(), bron="kcc")  # said so before

    campagne = _campagne_voorbereiden(eigenaar, campagneteam)
    # the owner cannot approve their own campaign, and it cannot start unapproved
    eigenaar.post(reverse("proactief:activeren", args=[campagne.pk]))
    campagne.refresh_from_db()
    assert campagne.status == "concept"
    antwoord = goedkeurder.post(reverse("proactief:goedkeuren", args=[campagne.pk]), follow=True)
    assert "De campagne is goedgekeurd" in antwoord.content.decode()
    eigenaar.post(reverse("proactief:activeren", args=[campagne.pk]))
    campagne.refresh_from_db()
    assert campagne.status == "actief"

    # the list: two rows refused with their reason, the opt-out filtered at once
    bestand = io.BytesIO(LIJST.encode())
    bestand.name = "lijst.csv"
    antwoord = eigenaar.post(
        reverse("proactief:importeren", args=[campagne.pk]), {"bestand": bestand}, follow=True
    )
    pagina = antwoord.content.decode()
    assert "Rij 6: dubbel" in pagina
    assert "Rij 7: BSN klopt niet met de elfproef" in pagina
    assert Kandidaat.objects.get(bsn=LE_GRAND).filter == "opt_out"

    # the BRP step (a background task; here called directly): the deceased one filtered
    assert services.brp_controleren(campagne.id) == 0
    assert Kandidaat.objects.get(bsn=BAKX).filter == "overleden"
    te_beoordelen = Kandidaat.objects.filter(campagne=campagne, status="te_beoordelen")
    assert sorted(te_beoordelen.values_list("bsn", flat=True)) == [CHARLOTTE, DE_WIT]
    assert not Terugbelverzoek.objects.exists(), "nothing is queued before a person checked"

    # the team's check (the agent is in the campaign team); the page shows the signal
    pagina = agent.get(reverse("proactief:campagne", args=[campagne.pk])).content.decode()
    assert "inkomen onder 120%" in pagina
    agent.post(
        reverse("proactief:beoordelen", args=[campagne.pk]),
        {"kandidaten": [k.id for k in te_beoordelen], "besluit": "goedkeuren"},
    )
    assert services.benaderingen_uitvoeren() == 2

    # the calls are work items in the KCC's callback queue
    wachtrij = agent.get(reverse("callbacks:wachtrij")).content.decode()
    assert wachtrij.count("Meedoen in Nijmegen") == 2
    tbv_charlotte = Terugbelverzoek.objects.get(partij=charlotte)
    tbv_de_wit = Terugbelverzoek.objects.get(partij=de_wit)
    pagina = agent.get(reverse("proactief:bellen", args=[tbv_charlotte.id])).content.decode()
    assert "Vertel dat de gemeente belt" in pagina
    assert "inkomen onder 120%" in pagina
    agent.post(
        reverse("proactief:bellen", args=[tbv_charlotte.id]),
        {"uitkomst": "hulp_geaccepteerd", "verslag": "Formulier samen ingevuld."},
    )
    agent.post(reverse("proactief:bellen", args=[tbv_de_wit.id]), {"uitkomst": "niet_bereikt"})

    # de Wit: the next call is due the next working day; again not reached; then the letter
    later = timezone.now() + datetime.timedelta(days=10)
    assert services.benaderingen_uitvoeren(nu=later) == 1
    tbv2 = Terugbelverzoek.objects.filter(partij=de_wit, status="nieuw").get()
    agent.post(reverse("proactief:bellen", args=[tbv2.id]), {"uitkomst": "niet_bereikt"})
    assert services.benaderingen_uitvoeren(nu=later + datetime.timedelta(days=10)) == 1
    (brief,) = notify.controle("/_stub/berichten", methode="GET")
    assert brief["type"] == "letter"
    assert brief["subject"] == "Meedoen in Nijmegen"
    assert "inkomen" not in brief["body"], "no signal in a message"

    # NotifyNL's receipt, twice (it retries): one contact moment
    bewijs = notify.controle(f"/_stub/ontvangstbewijs/{brief['id']}", methode="GET")
    for _keer in range(2):
        antwoord = Client().post(
            reverse("proactief:notifynl-status"),
            bewijs,
            content_type="application/json",
            headers={"authorization": f"Bearer {CALLBACK_TOKEN}"},
        )
        assert antwoord.status_code == 200
    afgeleverd = Contactmoment.objects.filter(partij=de_wit, resultaat="bericht_afgeleverd")
    assert afgeleverd.count() == 1
    assert afgeleverd.get().kanaal.code == "post"

    # an inbound call meanwhile: the agent sees the campaign (a neutral line, no signal);
    # the desk, which sees only that campaign contacts exist, does not
    lijn = "Staat op de lijst van campagne Meedoen in Nijmegen"
    klantbeeld = agent.get(reverse("klantbeeld:klantbeeld", args=[de_wit.id])).content.decode()
    assert lijn in klantbeeld
    assert "inkomen onder" not in klantbeeld
    balie = _client(users["balie"])
    assert (
        lijn not in balie.get(reverse("klantbeeld:klantbeeld", args=[de_wit.id])).content.decode()
    )

    # the last call reaches the queue; then de Wit opts out through the letter's link
    assert services.benaderingen_uitvoeren(nu=later + datetime.timedelta(days=20)) == 1
    laatste = Terugbelverzoek.objects.filter(partij=de_wit, status="nieuw").get()
    link = re.search(r"http://testserver(/afmelden/[^/\s]+/)", brief["body"]).group(1)
    bewoner = Client()
    assert "Ik wil niet ongevraagd benaderd worden" in bewoner.get(link).content.decode()
    assert "Klaar" in bewoner.post(link).content.decode()
    laatste.refresh_from_db()
    assert (laatste.status, laatste.uitkomst) == ("afgehandeld", "ingetrokken")
    pagina = agent.get(reverse("proactief:bellen", args=[laatste.id])).content.decode()
    assert "Niet bellen: uitgesloten: opt-out" in pagina
    assert Benadering.objects.get(terugbelverzoek=laatste).status == "geannuleerd"

    # the klantbeelden: every step, one klantreis per person, the title as subject
    contacten = Contactmoment.objects.filter(partij=de_wit).order_by("tijdstip")
    assert [c.resultaat for c in contacten] == [
        "niet_bereikt",
        "niet_bereikt",
        "bericht_afgeleverd",
    ]
    assert len({c.klantreis for c in contacten}) == 1
    assert {c.onderwerp.naam for c in contacten} == {"Meedoen in Nijmegen"}
    assert all(c.richting == "uit" for c in contacten)
    klantbeeld = agent.get(reverse("klantbeeld:klantbeeld", args=[de_wit.id])).content.decode()
    assert "Geen proactief contact" in klantbeeld
    (gesprek,) = Contactmoment.objects.filter(partij=charlotte)
    assert gesprek.resultaat == "beantwoord"
    assert gesprek.antwoord == "Formulier samen ingevuld."

    # the access log: the check, the calls and the opt-out, per person
    handelingen = set(Toegangslog.objects.values_list("handeling", "betrokkene_id"))
    assert ("kandidaat_beoordeeld", CHARLOTTE) in handelingen
    assert ("kandidaat_benaderd", DE_WIT) in handelingen
    assert ("afmelding_vastgelegd", DE_WIT) in handelingen
    assert ("brp_bevraagd", BAKX) in handelingen

    # the report
    r = selectors.rapport(campagne)
    assert (r.rijen, r.geweigerd, r.opgenomen) == (6, 2, 4)
    assert r.gefilterd == {"opt_out": 2, "overleden": 1}  # Le Grand, and de Wit at the end
    assert (r.goedgekeurd, r.bereikt, r.hulp_geaccepteerd) == (2, 1, 1)
    assert r.afmeldingen == 1
    pagina = eigenaar.get(reverse("proactief:campagne", args=[campagne.pk])).content.decode()
    assert "–" in pagina  # small numbers are not shown
