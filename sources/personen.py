"""Residents from the BRP into the register: search, take in, refresh, merge.

The one search box asks our register first; the BRP answers in the same list when the
register finds nobody or the agent asks for it. Every BRP request is written to the access
log (BSN when known, purpose, medewerker). Taking a person in creates or updates the Partij
by BSN (the unique constraint makes a second record impossible) with a source stamp. A
klantbeeld older than ``KCC_BRP_MAX_LEEFTIJD_UUR`` is refreshed by a Celery task; the page
never waits for it.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import normalise
from contacts.models import Partij
from contacts.selectors import VOORVOEGSELS
from contacts.services.overnemen import persoon_overnemen
from contacts.services.overnemen import samenvoegen as partij_samenvoegen
from permissions.accesslog import Herkomst, toegang_loggen
from permissions.models import Toegangslog

from . import brp
from .brp import BrpFout, BrpPersoon

logger = logging.getLogger("kcc.bronnen.brp")

DOEL_ZOEKEN = "Klantcontact: de beller of bezoeker vinden in de BRP"
DOEL_OVERNEMEN = "Klantcontact: identiteit van de Nijmegenaar vastleggen uit de BRP"
DOEL_VERVERSEN = "Klantcontact: identiteit van de Nijmegenaar bijwerken uit de BRP"


@dataclass(frozen=True)
class BrpTreffer:
    persoon: BrpPersoon
    partij_id: int | None  # already in the register


def _gebruiker(user) -> str:
    return user.get_username()


def zoekvraag_voor(key) -> tuple[dict | None, str]:
    """The PersonenQuery for what the agent typed, or (None, why the BRP cannot search it)."""
    if key.kind == normalise.KIND_BSN:
        return brp.zoekvraag("RaadpleegMetBurgerservicenummer", burgerservicenummer=key.value), ""
    if key.kind == normalise.KIND_KVK and key.extra.get("bsn"):
        return brp.zoekvraag(
            "RaadpleegMetBurgerservicenummer", burgerservicenummer=key.extra["bsn"]
        ), ""
    if key.kind == normalise.KIND_POSTCODE and key.extra.get("huisnummer"):
        return brp.zoekvraag(
            "ZoekMetPostcodeEnHuisnummer",
            postcode=key.value,
            huisnummer=key.extra["huisnummer"],
            huisletter=key.extra.get("huisletter", ""),
            huisnummertoevoeging=key.extra.get("toevoeging", ""),
        ), ""
    if key.kind == normalise.KIND_NAME:
        woorden = key.extra["raw"].split()
        geboortedatum = key.extra.get("geboortedatum")
        if geboortedatum:
            voornamen = ""
            if len(woorden) > 1 and woorden[0].lower() not in VOORVOEGSELS:
                voornamen, woorden = woorden[0] + "*", woorden[1:]
            voorvoegsel, achternaam = _naam_splitsen(woorden)
            return brp.zoekvraag(
                "ZoekMetGeslachtsnaamEnGeboortedatum",
                geslachtsnaam=achternaam,
                voorvoegsel=voorvoegsel,
                voornamen=voornamen,
                geboortedatum=geboortedatum.isoformat(),
            ), ""
        if len(woorden) >= 2:
            voorvoegsel, achternaam = _naam_splitsen(woorden[1:])
            voornaam = woorden[0]
            return brp.zoekvraag(
                "ZoekMetNaamEnGemeenteVanInschrijving",
                voornamen=voornaam + ("*" if len(voornaam) >= 3 else ""),
                voorvoegsel=voorvoegsel,
                geslachtsnaam=achternaam,
            ), ""
        return None, _(
            "To search the BRP, also type a first name or the date of birth, "
            "like Jansen 12-03-1980."
        )
    return None, _(
        "The BRP searches by BSN, by name with a first name or date of birth, "
        "or by postcode and house number."
    )


def _naam_splitsen(woorden: list[str]) -> tuple[str, str]:
    """["van", "der", "Berg"] → ("van der", "Berg")."""
    voorvoegsel = []
    for i, woord in enumerate(woorden[:-1]):
        if woord.lower() in VOORVOEGSELS:
            voorvoegsel.append(woord.lower())
        else:
            return " ".join(voorvoegsel), " ".join(woorden[i:])
    return " ".join(voorvoegsel), woorden[-1] if woorden else ""


def zoeken(*, user, herkomst: Herkomst | None, key) -> tuple[list[BrpTreffer], str]:
    """Asks the BRP; returns (hits, message). The message is a plain Dutch sentence when the
    BRP could not be asked or could not answer; the hits then are empty."""
    vraag, waarom = zoekvraag_voor(key)
    if vraag is None:
        return [], waarom
    bsn_bekend = (vraag.get("burgerservicenummer") or [""])[0]
    try:
        client = brp.BrpClient()
        personen = client.vragen(vraag, gebruiker=_gebruiker(user))
        if not personen and vraag.get("voorvoegsel"):
            # "Le Grand", "De Wit": a word we take for a voorvoegsel can be part of the
            # geslachtsnaam in the BRP; ask once more with the whole surname
            anders = {k: v for k, v in vraag.items() if k != "voorvoegsel"}
            anders["geslachtsnaam"] = f"{vraag['voorvoegsel']} {vraag['geslachtsnaam']}"
            personen = client.vragen(anders, gebruiker=_gebruiker(user))
    except BrpFout as e:
        logger.warning("brp.zoeken_mislukt", extra={"reden": e.reden, "zoektype": vraag["type"]})
        _zoeken_loggen(user, herkomst, [bsn_bekend] if bsn_bekend else [])
        return [], e.melding
    _zoeken_loggen(
        user, herkomst, [p.bsn for p in personen] or ([bsn_bekend] if bsn_bekend else [])
    )
    bekend = dict(Partij.objects.filter(bsn__in=[p.bsn for p in personen]).values_list("bsn", "id"))
    return [BrpTreffer(p, bekend.get(p.bsn)) for p in personen], ""


def _zoeken_loggen(user, herkomst, bsns: list[str]):
    """One access-log line per person the BRP named (or one for the search itself)."""
    with transaction.atomic():
        for bsn in bsns or [""]:
            toegang_loggen(
                door=user,
                herkomst=herkomst,
                handeling=Toegangslog.Handeling.BRP_BEVRAAGD,
                doel=DOEL_ZOEKEN,
                betrokkene=("BSN", bsn) if bsn else None,
            )


def overnemen(*, user, herkomst: Herkomst | None, bsn: str) -> Partij:
    """Reads the person from the BRP now and creates or updates the Partij; raises BrpFout
    (with a sentence for the screen) when the BRP cannot answer or does not know the BSN."""
    persoon = brp.BrpClient().raadplegen(bsn, gebruiker=_gebruiker(user))
    if persoon is None:
        with transaction.atomic():
            toegang_loggen(
                door=user,
                herkomst=herkomst,
                handeling=Toegangslog.Handeling.BRP_BEVRAAGD,
                doel=DOEL_OVERNEMEN,
                betrokkene=("BSN", bsn),
            )
        raise BrpFout(_("The BRP does not know this BSN (any more)."), "niet gevonden")
    return opslaan(user=user, herkomst=herkomst, persoon=persoon, doel=DOEL_OVERNEMEN)


def opslaan(*, user, herkomst, persoon: BrpPersoon, doel: str) -> Partij:
    """Upserts one person by BSN (``contacts.services.overnemen``), with the access-log
    line; the person is reachable again for the refresh."""
    try:
        partij = persoon_overnemen(door=user, herkomst=herkomst, persoon=persoon, doel=doel)
    except ValidationError as e:
        logger.warning("brp.persoon_niet_over_te_nemen", extra={"reden": "te lange waarde"})
        raise BrpFout(
            _(
                "The BRP gave a value that the register cannot hold. "
                "Tell the functional administrator; trying again will not help."
            ),
            f"te lang: {e.messages[0]}",
        ) from None
    transaction.on_commit(lambda: cache.delete(_onbereikbaar_sleutel(partij.id)))
    partij.brp_onbegrepen = persoon.onbegrepen  # type: ignore[attr-defined]
    return partij


# --- refresh ------------------------------------------------------------------------------


def _onbereikbaar_sleutel(partij_id: int) -> str:
    return f"brp:onbereikbaar:{partij_id}"


def verouderd(partij: Partij, nu=None) -> bool:
    if partij.bron != Partij.Bron.BRP or partij.opgehaald_op is None or not brp.ingesteld():
        return False
    grens = datetime.timedelta(hours=settings.KCC_BRP_MAX_LEEFTIJD_UUR)
    return (nu or timezone.now()) - partij.opgehaald_op > grens


def verversen_als_verouderd(partij: Partij, user) -> None:
    """From the klantbeeld: queue a refresh (at most one per person per five minutes)."""
    if not verouderd(partij):
        return
    if cache.add(f"brp:verversen:{partij.id}", 1, timeout=300):
        from .tasks import brp_verversen  # the tasks module imports this one

        brp_verversen.delay(partij.id, user.id)


def brp_status(partij: Partij) -> dict | None:
    """What the klantbeeld says about the BRP data: when fetched, and whether the last
    refresh could not reach the BRP. None for records that do not come from the adapter."""
    if partij.bron != Partij.Bron.BRP or partij.opgehaald_op is None:
        return None
    return {
        "opgehaald_op": partij.opgehaald_op,
        "onbereikbaar_sinds": cache.get(_onbereikbaar_sleutel(partij.id)),
        "verouderd": verouderd(partij),
    }


def verversen(*, partij_id: int, user) -> str:
    """The task's work: read the person again and store what changed. Returns what happened."""
    partij = Partij.objects.filter(id=partij_id, bron=Partij.Bron.BRP).first()
    if partij is None or not partij.bsn:
        return "geen BRP-persoon"
    try:
        persoon = brp.BrpClient(timeout=settings.KCC_BRP_TIMEOUT * 4).raadplegen(
            partij.bsn, gebruiker=_gebruiker(user)
        )
    except BrpFout as e:
        cache.set(_onbereikbaar_sleutel(partij_id), timezone.now(), timeout=86400)
        logger.warning("brp.verversen_mislukt", extra={"reden": e.reden})
        raise
    if persoon is None:
        with transaction.atomic():
            toegang_loggen(
                door=user,
                herkomst=None,
                handeling=Toegangslog.Handeling.BRP_BEVRAAGD,
                partij=partij,
                doel=DOEL_VERVERSEN,
            )
        return "niet meer in de BRP"
    opslaan(user=user, herkomst=None, persoon=persoon, doel=DOEL_VERVERSEN)
    return "bijgewerkt"


# --- a record made here, and the BRP person it turns out to be ----------------------------


def samenvoegen(*, user, herkomst: Herkomst | None, partij_id: int, bsn: str) -> Partij:
    """The person an agent recorded without the BRP turns out to be this BRP person: asks
    the BRP, then ``contacts.services.overnemen.samenvoegen`` merges in one transaction."""
    persoon = brp.BrpClient().raadplegen(bsn, gebruiker=_gebruiker(user))
    if persoon is None:
        raise BrpFout(_("The BRP does not know this BSN (any more)."), "niet gevonden")
    try:
        partij = partij_samenvoegen(
            door=user,
            herkomst=herkomst,
            partij_id=partij_id,
            persoon=persoon,
            doel=DOEL_SAMENVOEGEN,
        )
    except ValidationError as e:
        raise BrpFout(e.messages[0], "al uit de BRP") from e
    partij.brp_onbegrepen = persoon.onbegrepen  # type: ignore[attr-defined]
    return partij


DOEL_SAMENVOEGEN = "Klantcontact: een registratie zonder BRP samenvoegen met de BRP-persoon"
