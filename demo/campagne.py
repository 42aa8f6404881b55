"""A proactive campaign in progress for ``./kcc run``: prepared by the team lead, approved by
management, a list taken in (two rows refused), checked against the stub BRP, half of it
checked by a person, and the first attempts under way: calls in the KCC queue for the people
the register has a phone number of, letters through the stub NotifyNL for the others (their
delivery receipts arrive a few seconds later and become contact moments).

Everything goes through the services, as a colleague would do it. Idempotent: a second run
leaves an existing demo campaign alone."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.utils import timezone

from contacts.services import telefoonnummer_toevoegen
from permissions.models import Team
from proactief import services
from proactief.models import Campagne, Kandidaat
from sources import personen

from .stubs.brp import VASTE_PERSONEN, bevolking

TITEL = "Meedoen in Nijmegen"
BRIEF = (
    "Beste ((naam)),\n\n"
    "Misschien kunt u geld of hulp krijgen via de regeling ((titel)). Bijvoorbeeld voor sport, "
    "cultuur of de computer van uw kind. Wij helpen u graag met de aanvraag.\n\n"
    "Bel ons op ((telefoon)), maandag tot en met vrijdag van 8.30 tot 17.00 uur.\n\n"
    "Wilt u niet meer ongevraagd post van ons over regelingen? Ga naar ((afmeldlink)).\n\n"
    "Met vriendelijke groet,\nGemeente Nijmegen"
)
SCRIPT = (
    "Goedemiddag, u spreekt met [naam] van de gemeente Nijmegen. Ik bel u omdat u misschien "
    "recht hebt op Meedoen in Nijmegen. Hebt u even tijd?\n"
    "- Leg uit wat de regeling is en vraag of de persoon hulp wil bij de aanvraag.\n"
    "- Wil de persoon niet meer gebeld worden? Kies de uitkomst 'opt-out'."
)


def _lijst() -> str:
    """Twelve people of the stub BRP, the deceased Mr Bakx, one row twice, one bad BSN."""
    mensen = [p["burgerservicenummer"] for p in bevolking(40)[len(VASTE_PERSONEN) :]][:12]
    rijen = ["bsn;signaal;waarde;datum;bron"]
    for i, bsn in enumerate([*mensen, "999990032", mensen[0], "123456789"]):
        rijen.append(f"{bsn};inkomen onder 120% sociaal minimum;;2026-11-{1 + i % 20:02d};Talis")
    return "\n".join(rijen) + "\n"


def campagne_laden() -> Campagne | None:
    if Campagne.objects.filter(titel=TITEL).exists():
        return None
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["teamleider", "management"])
    }
    team = Team.objects.get(afdeling__code="kcc", naam="Team 14 024")
    campagne = services.campagne_opslaan(
        door=users["teamleider"],
        velden={
            "titel": TITEL,
            "regeling": "Minimaregelingen 2027 (Meedoen in Nijmegen)",
            "grondslag": "Participatiewet art. 8; Verordening minimaregelingen Nijmegen 2027",
            "vorm": Campagne.Vorm.INFORMEREN,
            "gegevenscategorieen": [
                "BSN",
                "naam en adres (BRP)",
                "inkomen onder 120% van het sociaal minimum",
            ],
            "bewaren_tot": timezone.localdate() + datetime.timedelta(days=120),
            "dpia": "DPIA-2026-17",
            "team": team,
            "ladder": ["telefoon", "telefoon", "brief", "telefoon"],
            "dagen_per_stap": 2,
            "belscript": SCRIPT,
            "brieftekst": BRIEF,
        },
    )
    services.campagne_goedkeuren(door=users["management"], campagne_id=campagne.pk)
    services.campagne_activeren(door=users["teamleider"], campagne_id=campagne.pk)
    services.kandidaten_importeren(
        door=users["teamleider"],
        campagne_id=campagne.pk,
        regels=services.csv_regels(io.BytesIO(_lijst().encode())),
        bestandsnaam="talis-minima-2026-11.csv",
    )
    services.brp_controleren(campagne.pk)
    _beoordelen_en_starten(campagne, users["teamleider"])
    return campagne


def _beoordelen_en_starten(campagne: Campagne, eigenaar) -> None:
    """Eight checked (four of them known with a phone number), the rest still waiting."""
    wachtend = list(
        Kandidaat.objects.filter(campagne=campagne, status=Kandidaat.Status.TE_BEOORDELEN).order_by(
            "id"
        )
    )
    for i, k in enumerate(wachtend[:4]):
        partij = personen.overnemen(user=eigenaar, herkomst=None, bsn=k.bsn)
        telefoonnummer_toevoegen(partij=partij, nummer=f"06 2{i}34 5678", door=eigenaar)
    services.kandidaten_beoordelen(
        door=eigenaar,
        campagne_id=campagne.pk,
        kandidaat_ids=[k.id for k in wachtend[:8]],
        goedkeuren=True,
    )
    services.benaderingen_uitvoeren()
