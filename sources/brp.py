"""The BRP adapter: Haal Centraal BRP Personen bevragen 2.x (``POST /personen``).

Asks only the ``fields`` the klantbeeld shows (AVG data minimisation), sends the
protocollering headers BRP gateways expect (``x-doelbinding``, ``x-verwerking``,
``x-origin-oin``, ``x-gebruiker``: the acting medewerker), an API key and/or a PKIoverheid
client certificate from the environment, and turns every failure into a ``BrpFout`` with a
plain Dutch sentence the page can show. Parsing is lenient where the BRP may grow (an
unknown date or address type is logged and left out, never guessed).
"""

import contextlib
import datetime
import json
import logging
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from . import verbinding

logger = logging.getLogger("kcc.bronnen.brp")

# what the search list shows, and what taking a person in stores
VELDEN_ZOEKEN = [
    "burgerservicenummer",
    "naam.voornamen",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "geboorte.datum",
    "adressering.adresregel1",
    "adressering.adresregel2",
]
# what a proactive campaign's check needs: deceased, moved away, secrecy (delivered by itself)
VELDEN_CONTROLE = ["burgerservicenummer", "verblijfplaats", "overlijden.datum"]
VELDEN_RAADPLEGEN = [
    "burgerservicenummer",
    "naam.voornamen",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "geboorte.datum",
    "verblijfplaats",
    "overlijden.datum",
]


class BrpFout(Exception):
    """The BRP could not answer. ``melding`` is for the screen; ``reden`` for the logs."""

    def __init__(self, melding: str, reden: str):
        super().__init__(reden)
        self.melding, self.reden = melding, reden


@dataclass(frozen=True)
class BrpAdres:
    straat: str
    huisnummer: int
    huisletter: str = ""
    toevoeging: str = ""
    postcode: str = ""  # as stored: 6511AB
    woonplaats: str = ""


@dataclass(frozen=True)
class BrpPersoon:
    bsn: str
    voornamen: str = ""
    voorvoegsel: str = ""
    geslachtsnaam: str = ""
    geboortedatum: datetime.date | None = None
    geboortejaar: int | None = None
    adres: BrpAdres | None = None
    adresregel: str = ""  # for the search list: "Oranjesingel 40, 6511 NZ Nijmegen"
    geheimhouding: bool = False
    overleden: bool = False
    in_onderzoek: bool = False
    onbegrepen: tuple[str, ...] = field(default=())  # what could not be read

    @property
    def naam(self) -> str:
        achternaam = " ".join(p for p in (self.voorvoegsel, self.geslachtsnaam) if p)
        return " ".join(p for p in (self.voornamen, achternaam) if p)


def ingesteld() -> bool:
    return bool(settings.KCC_BRP_URL)


class BrpClient:
    def __init__(self, *, timeout: float | None = None):
        self.url = settings.KCC_BRP_URL + "/personen"
        self.timeout = timeout if timeout is not None else settings.KCC_BRP_TIMEOUT
        self.sessie = requests.Session()
        if settings.KCC_BRP_CERT:
            self.sessie.cert = (
                (settings.KCC_BRP_CERT, settings.KCC_BRP_KEY)
                if settings.KCC_BRP_KEY
                else settings.KCC_BRP_CERT
            )
        # per request, not on the session: requests lets REQUESTS_CA_BUNDLE in the environment
        # win over a session's own CA bundle
        self.verify = settings.KCC_BRP_CA or True

    def _headers(self, gebruiker: str) -> dict:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "x-doelbinding": settings.KCC_BRP_DOELBINDING,
            "x-verwerking": settings.KCC_BRP_VERWERKING,
            "x-gebruiker": gebruiker[:240],
        }
        if settings.KCC_BRP_OIN:
            headers["x-origin-oin"] = settings.KCC_BRP_OIN
        if settings.KCC_BRP_API_KEY:
            headers["X-API-KEY"] = settings.KCC_BRP_API_KEY
        return headers

    def vragen(self, vraag: dict, *, gebruiker: str) -> list[BrpPersoon]:
        """Sends one PersonenQuery; returns the people in the answer."""
        try:
            antwoord = verbinding.vragen(
                "brp",
                self.sessie,
                "POST",
                self.url,
                deadline=self.timeout,
                max_bytes=settings.KCC_BRP_MAX_ANTWOORD,
                data=json.dumps(vraag),
                headers=self._headers(gebruiker),
                verify=self.verify,
            )
        except verbinding.BronFout as e:
            raise _brp_fout(e) from None
        inhoud = antwoord.inhoud
        self._status_controleren(antwoord, inhoud)
        try:
            data = json.loads(inhoud)
        except ValueError:
            raise BrpFout(
                _(
                    "The BRP gave an answer we cannot read. "
                    "Try again later or tell the functional administrator."
                ),
                "geen geldige JSON",
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("personen", []), list):
            raise BrpFout(
                _(
                    "The BRP gave an answer we cannot read. "
                    "Try again later or tell the functional administrator."
                ),
                "onverwachte vorm",
            )
        personen = [
            persoon_uit(p)
            for p in data.get("personen", [])
            if isinstance(p, dict) and p.get("burgerservicenummer")
        ]
        return _wat_gevraagd_is(vraag, personen)

    def _status_controleren(self, antwoord, inhoud: bytes):
        status = antwoord.status_code
        if status < 400:
            return
        if status in (401, 403):
            raise BrpFout(
                _(
                    "The BRP refuses access to the KCC. "
                    "Tell the functional administrator (key or certificate)."
                ),
                f"HTTP {status}",
            )
        if status == 400:
            velden = []
            with contextlib.suppress(ValueError, AttributeError):
                velden = [p.get("name", "") for p in json.loads(inhoud).get("invalidParams", [])]
            logger.warning("brp.vraag_geweigerd", extra={"status": status, "velden": velden})
            raise BrpFout(
                _("The BRP did not accept this search. Check what you typed."), f"HTTP 400 {velden}"
            )
        if status == 404:
            raise BrpFout(
                _("The link with the BRP is set up wrongly. Tell the functional administrator."),
                "HTTP 404",
            )
        if status == 429:
            raise BrpFout(_("The BRP is busy. Try again in a moment."), "HTTP 429")
        raise BrpFout(_("The BRP has a fault. Try again in a moment."), f"HTTP {status}")

    def raadplegen(
        self, bsn: str, *, gebruiker: str, velden: list[str] | None = None
    ) -> BrpPersoon | None:
        """One person by BSN; ``velden``: only these fields (a campaign's check asks only
        what its filters need)."""
        vraag = {
            "type": "RaadpleegMetBurgerservicenummer",
            "burgerservicenummer": [bsn],
            "fields": velden or VELDEN_RAADPLEGEN,
        }
        personen = self.vragen(vraag, gebruiker=gebruiker)
        return next((p for p in personen if p.bsn == bsn), None)


def zoekvraag(soort: str, **waarden) -> dict:
    """A PersonenQuery for the search box: the search types an agent needs."""
    vraag = {
        "type": soort,
        "fields": VELDEN_ZOEKEN,
        **{k: v for k, v in waarden.items() if v not in ("", None)},
    }
    if soort == "ZoekMetNaamEnGemeenteVanInschrijving":
        vraag.setdefault("gemeenteVanInschrijving", settings.KCC_BRP_GEMEENTECODE)
    if soort == "RaadpleegMetBurgerservicenummer":
        vraag["burgerservicenummer"] = [waarden["burgerservicenummer"]]
    return vraag


def _datum(waarde, onbegrepen: list, naam: str) -> datetime.date | None:
    if not isinstance(waarde, dict):
        return None
    soort = waarde.get("type")
    if soort == "Datum":
        try:
            return datetime.date.fromisoformat(waarde.get("datum", ""))
        except (TypeError, ValueError):
            onbegrepen.append(naam)
            return None
    if soort not in ("DatumOnbekend", "JaarDatum", "JaarMaandDatum"):
        onbegrepen.append(naam)
    return None


def _jaar(waarde) -> int | None:
    if isinstance(waarde, dict):
        if waarde.get("type") in ("JaarDatum", "JaarMaandDatum") and isinstance(
            waarde.get("jaar"), int
        ):
            return waarde["jaar"]
        if waarde.get("type") == "Datum" and str(waarde.get("datum", ""))[:4].isdigit():
            return int(str(waarde["datum"])[:4])
    return None


def _adres(verblijfplaats, onbegrepen: list) -> BrpAdres | None:
    if not isinstance(verblijfplaats, dict):
        return None
    soort = verblijfplaats.get("type")
    if soort != "Adres":
        if soort not in ("VerblijfplaatsBuitenland", "VerblijfplaatsOnbekend", "Locatie"):
            onbegrepen.append("verblijfplaats")
        return None
    a = verblijfplaats.get("verblijfadres") or {}
    if not a.get("officieleStraatnaam") or not isinstance(a.get("huisnummer"), int):
        onbegrepen.append("verblijfplaats")
        return None
    postcode = str(a.get("postcode", "")).replace(" ", "").upper()
    return BrpAdres(
        straat=a["officieleStraatnaam"],
        huisnummer=a["huisnummer"],
        huisletter=str(a.get("huisletter", ""))[:1].upper(),
        toevoeging=str(a.get("huisnummertoevoeging", ""))[:4].upper(),
        postcode=postcode,
        woonplaats=str(a.get("woonplaats", "")),
    )


def persoon_uit(p: dict) -> BrpPersoon:
    """One person from the answer; what cannot be read is listed in ``onbegrepen``."""
    onbegrepen: list[str] = []
    naam = p.get("naam") or {}
    geboorte = (p.get("geboorte") or {}).get("datum")
    adres = _adres(p.get("verblijfplaats"), onbegrepen)
    adressering = p.get("adressering") or {}
    regel = ", ".join(
        r for r in (adressering.get("adresregel1"), adressering.get("adresregel2")) if r
    )
    if adres and not regel:
        nummer = f"{adres.huisnummer}{adres.huisletter}"
        regel = f"{adres.straat} {nummer}, {adres.postcode} {adres.woonplaats}"
    opschorting = ((p.get("opschortingBijhouding") or {}).get("reden") or {}).get("code")
    persoon = BrpPersoon(
        bsn=str(p["burgerservicenummer"]),
        voornamen=str(naam.get("voornamen", "")),
        voorvoegsel=str(naam.get("voorvoegsel", "")),
        geslachtsnaam=str(naam.get("geslachtsnaam", "")),
        geboortedatum=_datum(geboorte, onbegrepen, "geboorte.datum"),
        geboortejaar=_jaar(geboorte),
        adres=adres,
        adresregel=" ".join(regel.split()),
        geheimhouding=bool(p.get("geheimhoudingPersoonsgegevens")),
        overleden=opschorting == "O" or bool(p.get("overlijden")),
        in_onderzoek=bool(p.get("inOnderzoek")),
        onbegrepen=tuple(onbegrepen),
    )
    if onbegrepen:
        logger.warning("brp.onbekende_waarde", extra={"velden": onbegrepen})
    return persoon


def _brp_fout(e: verbinding.BronFout) -> BrpFout:
    """The agent's sentence for what went wrong on the way."""
    if e.soort == "te-groot":
        return BrpFout(
            _("The BRP gave far more than was asked. Make the search more precise."), e.reden
        )
    if e.soort in ("te-laat", "bezet"):
        return BrpFout(_("The BRP did not answer in time. Try again in a moment."), e.reden)
    return BrpFout(_("The BRP cannot be reached. Try again in a moment."), e.reden)


def _wat_gevraagd_is(vraag: dict, personen: list[BrpPersoon]) -> list[BrpPersoon]:
    """Only people the answer may contain: a BSN that passes the 11-test, and for a search by
    BSN only the BSNs asked. A well-formed answer about someone else is dropped and logged
    (without the number), never listed or stored."""
    gevraagd = set(vraag.get("burgerservicenummer") or [])
    goed = []
    for p in personen:
        if not stdnum_bsn.is_valid(p.bsn):
            logger.warning("brp.antwoord_ongeldig_bsn", extra={"zoektype": vraag.get("type")})
        elif gevraagd and p.bsn not in gevraagd:
            logger.warning("brp.antwoord_andere_bsn", extra={"zoektype": vraag.get("type")})
        else:
            goed.append(p)
    return goed
