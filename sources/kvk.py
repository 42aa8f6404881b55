"""The KVK adapter: Handelsregister API Zoeken 2 and API Basisprofiel 1.

Zoeken finds organisations and vestigingen by KVK number, RSIN, vestigingsnummer, name or
postcode + huisnummer (KVK answers 404 when nothing matches: that is an empty list here);
the Basisprofiel gives the RSIN and the hoofdvestiging. Taking an organisation in creates or
updates the Partij by KVK number + vestigingsnummer, and finds an earlier record by RSIN (the
zaaksysteem names organisations by RSIN, the KVK by KVK number: registers disagree), so one
organisation never gets two records.
"""

import json
import logging
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from contacts import normalise
from contacts.models import Partij
from contacts.services.overnemen import organisatie_overnemen
from permissions.accesslog import Herkomst, toegang_loggen
from permissions.models import Toegangslog

from . import verbinding

DOEL_ZOEKEN = "Klantcontact: de organisatie vinden in het Handelsregister"
DOEL_OVERNEMEN = "Klantcontact: de organisatie vastleggen uit het Handelsregister"

logger = logging.getLogger("kcc.bronnen.kvk")
TE_GROOT = gettext_noop("The Handelsregister gave far more than was asked. Search more precisely.")
TE_LAAT = gettext_noop("The Handelsregister did not answer in time. Try again in a moment.")
ONBEREIKBAAR = gettext_noop("The Handelsregister cannot be reached. Try again in a moment.")
GEWEIGERD = gettext_noop(
    "The Handelsregister refuses access to the KCC. Tell the functional administrator."
)
NIET_AANGENOMEN = gettext_noop(
    "The Handelsregister did not accept this search. Check what you typed."
)
STORING = gettext_noop("The Handelsregister has a fault. Try again in a moment.")
ONLEESBAAR = gettext_noop(
    "The Handelsregister gave an answer we cannot read. Tell the functional administrator."
)
MAX_ANTWOORD = 2 * 1024 * 1024


class KvkFout(Exception):
    def __init__(self, melding: str, reden: str):
        super().__init__(reden)
        self.melding, self.reden = melding, reden


@dataclass(frozen=True)
class KvkTreffer:
    kvk_nummer: str
    vestigingsnummer: str
    rsin: str
    naam: str
    soort: str  # hoofdvestiging / nevenvestiging / rechtspersoon
    straat: str = ""
    huisnummer: int | None = None
    huisletter: str = ""
    postcode: str = ""
    plaats: str = ""

    @property
    def adresregel(self) -> str:
        if not self.straat:
            return ""
        return (
            f"{self.straat} {self.huisnummer or ''}{self.huisletter}, {self.postcode} {self.plaats}"
        )


def ingesteld() -> bool:
    return bool(settings.KCC_KVK_URL)


class KvkClient:
    def __init__(self):
        self.basis = settings.KCC_KVK_URL
        self.sessie = requests.Session()
        self.sessie.headers["Accept"] = "application/json"
        if settings.KCC_KVK_API_KEY:
            self.sessie.headers["apikey"] = settings.KCC_KVK_API_KEY
        # per request: REQUESTS_CA_BUNDLE would otherwise win over the session's bundle
        self.verify = settings.KCC_KVK_CA or True

    def _get(self, pad: str, params=None, *, leeg_bij_404=False):
        try:
            antwoord = verbinding.vragen(
                "kvk",
                self.sessie,
                "GET",
                self.basis + pad,
                deadline=settings.KCC_KVK_TIMEOUT,
                max_bytes=MAX_ANTWOORD,
                params=params,
                verify=self.verify,
            )
        except verbinding.BronFout as e:
            melding = {"te-groot": TE_GROOT, "te-laat": TE_LAAT, "bezet": TE_LAAT}
            raise KvkFout(_(melding.get(e.soort, ONBEREIKBAAR)), e.reden) from None
        inhoud = antwoord.inhoud
        status = antwoord.status_code
        if status == 404 and leeg_bij_404:
            return None
        if status in (401, 403):
            raise KvkFout(
                _(GEWEIGERD),
                f"HTTP {status}",
            )
        if status == 400:
            raise KvkFout(
                _(NIET_AANGENOMEN),
                "HTTP 400",
            )
        if status == 404:
            raise KvkFout(_("The Handelsregister does not know this KVK number."), "HTTP 404")
        if status >= 400:
            raise KvkFout(_(STORING), f"HTTP {status}")
        try:
            return json.loads(inhoud)
        except ValueError:
            raise KvkFout(
                _(ONLEESBAAR),
                "geen geldige JSON",
            ) from None

    def zoeken(self, **params) -> list[KvkTreffer]:
        data = self._get("/v2/zoeken", {**params, "resultatenPerPagina": 20}, leeg_bij_404=True)
        if data is None:
            return []
        if not isinstance(data, dict) or not isinstance(data.get("resultaten", []), list):
            raise KvkFout(
                _(ONLEESBAAR),
                "onverwachte vorm",
            )
        return [t for r in data.get("resultaten", []) if (t := _treffer(r))]

    def basisprofiel(self, kvk_nummer: str) -> dict:
        return self._get(f"/v1/basisprofielen/{kvk_nummer}") or {}


def _treffer(r: dict) -> KvkTreffer | None:
    if not isinstance(r, dict) or not str(r.get("kvkNummer", "")).isdigit():
        return None
    adres = (r.get("adres") or {}).get("binnenlandsAdres") or {}
    if adres.get("type") not in (None, "bezoekadres", "postadres"):
        logger.warning("kvk.onbekende_waarde", extra={"veld": "adres.type"})
        adres = {}
    huisnummer = adres.get("huisnummer")
    return KvkTreffer(
        kvk_nummer=str(r["kvkNummer"]),
        vestigingsnummer=str(r.get("vestigingsnummer", "")),
        rsin=str(r.get("rsin", "")),
        naam=str(r.get("naam", "")),
        soort=str(r.get("type", "")),
        straat=str(adres.get("straatnaam", "")),
        huisnummer=huisnummer if isinstance(huisnummer, int) else None,
        huisletter=str(adres.get("huisletter", ""))[:1].upper(),
        postcode=str(adres.get("postcode", "")).replace(" ", "").upper(),
        plaats=str(adres.get("plaats", "")),
    )


def overnemen(treffer: KvkTreffer, *, user=None, herkomst: Herkomst | None = None) -> Partij:
    """Creates or updates the organisation's record; one per KVK number + vestiging. An
    earlier record with the same RSIN and no KVK number (from the zaaksysteem) is the same
    organisation: it gets the KVK data instead of a second record. Taken in by a colleague
    (``user``), with its access-log line (an eenmanszaak is a person's business) in the same
    transaction; taken in for the zaaksysteem's sync, without (no one looked)."""
    rsin = treffer.rsin
    if not rsin and treffer.soort == "hoofdvestiging":
        profiel = KvkClient().basisprofiel(treffer.kvk_nummer)
        eigenaar = (profiel.get("_embedded") or {}).get("eigenaar") or {}
        rsin = str(eigenaar.get("rsin", ""))
    return organisatie_overnemen(
        door=user, herkomst=herkomst, treffer=treffer, rsin=rsin, doel=DOEL_OVERNEMEN
    )


@dataclass(frozen=True)
class KvkZoekTreffer:
    treffer: KvkTreffer
    partij_id: int | None  # already in the register


def zoekvraag_voor(key) -> dict | None:
    """The Zoeken parameters for what the agent typed, or None when the KVK cannot search it."""
    if key.kind == normalise.KIND_KVK:
        return {"kvkNummer": key.value}
    if key.kind == normalise.KIND_VESTIGING:
        return {"vestigingsnummer": key.value}
    if key.kind == normalise.KIND_POSTCODE and key.extra.get("huisnummer"):
        return {"postcode": key.value, "huisnummer": key.extra["huisnummer"]}
    if key.kind == normalise.KIND_NAME and not key.extra.get("geboortedatum"):
        naam = key.extra["raw"]
        return {"naam": naam} if len(naam) >= 2 else None
    return None


def zoeken(key, *, user, herkomst: Herkomst | None) -> tuple[list[KvkZoekTreffer], str]:
    """The Handelsregister's hits for what the agent typed, each with our record if we have
    one. The search itself is in the access log (who asked, when; not what was typed)."""
    vraag = zoekvraag_voor(key)
    if vraag is None:
        return [], ""
    with transaction.atomic():
        toegang_loggen(
            door=user,
            herkomst=herkomst,
            handeling=Toegangslog.Handeling.KVK_BEVRAAGD,
            doel=DOEL_ZOEKEN,
        )
    try:
        treffers = KvkClient().zoeken(**vraag)
    except KvkFout as e:
        logger.warning("kvk.zoeken_mislukt", extra={"reden": e.reden})
        return [], e.melding
    bekend = {
        (kvk, vestiging): pk
        for kvk, vestiging, pk in Partij.objects.filter(
            kvk_nummer__in={t.kvk_nummer for t in treffers}
        ).values_list("kvk_nummer", "vestigingsnummer", "id")
    }
    return [KvkZoekTreffer(t, bekend.get((t.kvk_nummer, t.vestigingsnummer))) for t in treffers], ""


def organisatie_voor(*, kvk_nummer="", rsin="", vestigingsnummer="") -> Partij | None:
    """For the zaaksysteem: an organisation it names that is not in the register yet, taken
    in from the KVK (by KVK number and vestiging, or by RSIN)."""
    if not ingesteld():
        return None
    vraag = (
        {"vestigingsnummer": vestigingsnummer}
        if vestigingsnummer
        else {"kvkNummer": kvk_nummer, "type": "hoofdvestiging"}
        if kvk_nummer
        else {"rsin": rsin, "type": "hoofdvestiging"}
    )
    try:
        treffers = KvkClient().zoeken(**vraag)
    except KvkFout as e:
        logger.warning("kvk.organisatie_niet_gevonden", extra={"reden": e.reden})
        return None
    if not treffers:
        return None
    try:
        return overnemen(treffers[0])
    except ValidationError:
        # one organisation we cannot hold (a name over the column) skips its own zaken only
        logger.warning("kvk.organisatie_niet_over_te_nemen", extra={"reden": "te lange waarde"})
        return None
