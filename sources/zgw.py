"""The zaaksysteem adapter: the ZGW Zaken API 1.5, Catalogi API and Notificaties API, as
Open Zaak and Open Notificaties serve them.

- Initial load and nightly reconciliation (``zaken_laden``): every zaak, page by page, with
  ``expand=zaaktype,status.statustype,rollen`` (one call per page of 100, not the 1 + 4 per
  zaak of today's KCC front ends); catalogue objects are cached per run. Each page commits
  with the page number, so a crash continues where it stopped. A zaak the run did not see is
  gone from the zaaksysteem and leaves the read model.
- Live: the Notificaties API posts to our webhook (``views.notificatie_ontvangen``); the
  notification is stored first, then processed by Celery (``notificatie_verwerken``):
  idempotent, and an older notification never undoes what a newer one brought.
- Mapping: initiator (BSN / KVK / vestiging) → Partij (an unknown BSN is taken in from the
  BRP when it is configured), behandelaar → Medewerker (``KCC_ZGW_BEHANDELAAR_VELD``),
  zaaktype → Zaaktype by its ``identificatie`` (= our code), status, confidentiality, dates.
- Authentication: a ZGW JWT (HS256, client id + secret) on every call.

The klantbeeld reads only the local read model: the zaaksysteem being slow or down never
slows it.
"""

import datetime
import json
import logging
import time
import urllib.parse

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from joserfc import jwt
from joserfc.jwk import OctKey

from cases.services import zaken_verwijderen

from . import brp, kvk, personen, verbinding
from .models import Notificatie, Synchronisatie
from .zaken import LijstBron, SyncResultaat, ZaakGegevens, zaken_synchroniseren

logger = logging.getLogger("kcc.bronnen.zaken")

NAAM = "openzaak"
EXPAND = "zaaktype,status,status.statustype,rollen"
BRONNEN_GEBRUIKER = "kcc-koppelingen"


class ZgwFout(Exception):
    """The zaaksysteem could not answer; ``opnieuw``: worth trying again later."""

    def __init__(self, reden: str, *, opnieuw: bool = True, status: int | None = None):
        super().__init__(reden)
        self.reden, self.opnieuw, self.status = reden, opnieuw, status


def ingesteld() -> bool:
    return bool(settings.KCC_ZAKEN_URL)


def jwt_token(client_id: str | None = None, secret: str | None = None) -> str:
    client_id = client_id if client_id is not None else settings.KCC_ZGW_CLIENT_ID
    secret = secret if secret is not None else settings.KCC_ZGW_SECRET
    claims = {
        "iss": client_id,
        "iat": int(time.time()),
        "client_id": client_id,
        "user_id": "kcc-klantbeeld",
        "user_representation": "KCC klantbeeld",
    }
    return jwt.encode({"alg": "HS256", "typ": "JWT"}, claims, OctKey.import_key(secret))


def toegestane_urls() -> list[str]:
    """Where the KCC's JWT may go: the Zaken API, the Catalogi API beside it (zaaktypen,
    statustypen), Open Notificaties, and what KCC_ZGW_EXTRA_URLS adds."""
    basissen = [settings.KCC_ZAKEN_URL, settings.KCC_NOTIFICATIES_URL, *settings.KCC_ZGW_EXTRA_URLS]
    if settings.KCC_ZAKEN_URL.endswith("/zaken/api/v1"):
        basissen.append(settings.KCC_ZAKEN_URL.removesuffix("/zaken/api/v1") + "/catalogi/api/v1")
    return [b for b in basissen if b]


class ZgwClient:
    def __init__(self, *, timeout: float | None = None):
        self.timeout = timeout if timeout is not None else settings.KCC_ZGW_TIMEOUT
        self.sessie = requests.Session()
        self.sessie.headers.update({"Accept": "application/json", "Accept-Crs": "EPSG:4326"})

    def _headers(self):
        return {"Authorization": f"Bearer {jwt_token()}"} if settings.KCC_ZGW_SECRET else {}

    def vragen(self, methode: str, url: str, **kwargs):
        """One call with the KCC's JWT, only to a URL under the configured zaaksysteem (a
        notification or an answer that names another host gets nothing, and no token)."""
        try:
            antwoord = verbinding.vragen(
                "zgw",
                self.sessie,
                methode,
                url,
                deadline=self.timeout,
                max_bytes=settings.KCC_ZGW_MAX_ANTWOORD,
                toegestaan=toegestane_urls(),
                headers=self._headers(),
                **kwargs,
            )
        except verbinding.BronFout as e:
            if e.soort == "niet-toegestaan":
                logger.warning(
                    "zgw.url_geweigerd", extra={"host": urllib.parse.urlsplit(url).hostname}
                )
                raise ZgwFout("URL buiten het zaaksysteem", opnieuw=False, status=403) from None
            reden = f"verbinding: {e.reden}" if e.soort == "verbinding" else e.reden
            raise ZgwFout(reden, opnieuw=e.soort != "te-groot") from None
        inhoud = antwoord.inhoud
        if antwoord.status_code == 404:
            raise ZgwFout("HTTP 404", opnieuw=False, status=404)
        if antwoord.status_code in (401, 403):
            raise ZgwFout(f"HTTP {antwoord.status_code}: toegang geweigerd", status=403)
        if antwoord.status_code == 400:
            raise ZgwFout(
                "HTTP 400: het zaaksysteem nam de vraag niet aan", opnieuw=False, status=400
            )
        if antwoord.status_code >= 400:
            raise ZgwFout(f"HTTP {antwoord.status_code}", status=antwoord.status_code)
        if not inhoud:
            return None
        try:
            return json.loads(inhoud)
        except ValueError:
            raise ZgwFout("geen geldige JSON") from None

    def get(self, url: str, params=None):
        return self.vragen("GET", url, params=params)


def _datum(waarde) -> datetime.date | None:
    if not waarde:
        return None
    try:
        return parse_date(str(waarde))
    except ValueError:
        return None


class ZakenApiBron:
    """The Zaken API as a ``ZakenBron``: pages of ``ZaakGegevens``."""

    naam = NAAM

    def __init__(self, client: ZgwClient | None = None):
        self.client = client or ZgwClient()
        self.basis = settings.KCC_ZAKEN_URL
        self.catalogus: dict[str, dict] = {}  # url → zaaktype or statustype (cached per run)
        self.aanroepen = 0

    def _get(self, url, params=None):
        self.aanroepen += 1
        return self.client.get(url, params)

    def _catalogus_object(self, url: str, meegeleverd=None) -> dict:
        if url not in self.catalogus:
            self.catalogus[url] = meegeleverd or self._get(url) or {}
        return self.catalogus[url]

    def pagina(self, nummer: int) -> tuple[list[ZaakGegevens], bool]:
        data = self._get(f"{self.basis}/zaken", {"page": nummer, "expand": EXPAND})
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise ZgwFout("onverwachte vorm van de lijst")
        return [self.gegevens(z) for z in data["results"]], bool(data.get("next"))

    def zaak(self, url: str) -> ZaakGegevens | None:
        try:
            data = self._get(url, {"expand": EXPAND})
        except ZgwFout as e:
            if e.status == 404:
                return None
            raise
        if not isinstance(data, dict) or not data.get("identificatie"):
            raise ZgwFout("onverwachte vorm van de zaak", opnieuw=False)
        return self.gegevens(data)

    def gegevens(self, z: dict) -> ZaakGegevens:
        """One zaak of the Zaken API as ``ZaakGegevens``: its zaaktype and status from the
        Catalogi API (expanded or asked), its initiator and behandelaar from its rollen."""
        expand = z.get("_expand") or {}
        zaaktype = self._catalogus_object(z.get("zaaktype", ""), expand.get("zaaktype"))
        betrokkenen = _uit_rollen(self._rollen(z, expand))
        kvk, rsin = betrokkenen["kvk"], betrokkenen["rsin"]
        return ZaakGegevens(
            identificatie=str(z.get("identificatie", ""))[:40],
            zaaktype_code=str(zaaktype.get("identificatie", "")),
            bsn=betrokkenen["bsn"],
            kvk_nummer=kvk if len(kvk) == 8 and kvk.isdigit() else "",
            rsin=rsin if len(rsin) == 9 and rsin.isdigit() else "",
            vestigingsnummer=betrokkenen["vestiging"][:12],
            omschrijving=str(z.get("omschrijving", "")),
            toelichting=str(z.get("toelichting", "")),
            status=self._status_naam(z, expand),
            behandelaar_gebruikersnaam=betrokkenen["behandelaar"],
            startdatum=_datum(z.get("startdatum")),
            einddatum_gepland=_datum(z.get("einddatumGepland")),
            uiterlijke_einddatum=_datum(z.get("uiterlijkeEinddatumAfdoening")),
            einddatum=_datum(z.get("einddatum")),
            vertrouwelijkheidaanduiding=str(z.get("vertrouwelijkheidaanduiding", "")),
            bron_url=str(z.get("url", "")),
        )

    def _status_naam(self, z: dict, expand: dict) -> str:
        if not z.get("status"):
            return ""
        status = expand.get("status") or self._get(z["status"]) or {}
        statustype_url = status.get("statustype", "")
        if not statustype_url:
            return ""
        meegeleverd = (status.get("_expand") or {}).get("statustype")
        return self._catalogus_object(statustype_url, meegeleverd).get("omschrijving", "")

    def _rollen(self, z: dict, expand: dict) -> list:
        rollen = expand.get("rollen")
        if rollen is None:
            gevonden = self._get(f"{self.basis}/rollen", {"zaak": z["url"]}) or {}
            rollen = gevonden.get("results", [])
        return rollen


def _uit_rollen(rollen: list) -> dict:
    """The first initiator (a person, an organisation or a vestiging) and the first
    behandelaar among a zaak's rollen."""
    uit = dict.fromkeys(("bsn", "kvk", "rsin", "vestiging", "behandelaar"), "")
    for rol in rollen:
        ident = rol.get("betrokkeneIdentificatie") or {}
        generiek, soort = rol.get("omschrijvingGeneriek"), rol.get("betrokkeneType")
        if generiek == "initiator" and not (uit["bsn"] or uit["kvk"] or uit["rsin"]):
            uit.update(_initiator(soort, ident))
        elif generiek == "behandelaar" and soort == "medewerker" and not uit["behandelaar"]:
            uit["behandelaar"] = str(ident.get(settings.KCC_ZGW_BEHANDELAAR_VELD) or "")
    return uit


def _initiator(soort: str | None, ident: dict) -> dict:
    if soort == "natuurlijk_persoon":
        return {"bsn": str(ident.get("inpBsn") or "")}
    if soort == "niet_natuurlijk_persoon":
        # innNnpId is the RSIN; Zaken API 1.6 adds kvkNummer
        return {"rsin": str(ident.get("innNnpId") or ""), "kvk": str(ident.get("kvkNummer") or "")}
    if soort == "vestiging":
        return {
            "vestiging": str(ident.get("vestigingsNummer") or ""),
            "kvk": str(ident.get("kvkNummer") or ""),
        }
    return {}


# --- unknown initiators: taken in from the BRP ------------------------------------------------


def bronnen_gebruiker():
    """The account the adapters act as in the access log (it cannot log in)."""
    user, nieuw = get_user_model().objects.get_or_create(
        username=BRONNEN_GEBRUIKER,
        defaults={"first_name": "KCC", "last_name": "koppelingen", "is_active": False},
    )
    if nieuw:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _brp_overnemer():
    if not brp.ingesteld():
        return None
    gebruiker = bronnen_gebruiker()

    def overnemen(bsn):
        try:
            return personen.overnemen(user=gebruiker, herkomst=None, bsn=bsn)
        except brp.BrpFout as e:
            logger.warning("zaken.initiator_niet_uit_brp", extra={"reden": e.reden})
            return None

    return overnemen


def _kvk_overnemer():
    return kvk.organisatie_voor if kvk.ingesteld() else None


# --- full load ---------------------------------------------------------------------------


def zaken_laden(*, opnieuw: bool = False, bron: ZakenApiBron | None = None, max_paginas=None):
    """The initial load and the nightly reconciliation. Resumable; returns the load row."""
    bron = bron or ZakenApiBron()
    nu = timezone.now()
    sync, _ = Synchronisatie.objects.get_or_create(bron=NAAM, defaults={"gestart": nu})
    if opnieuw or sync.klaar_op is not None:
        sync.gestart, sync.volgende_pagina, sync.verwerkt = nu, 1, 0
        sync.overgeslagen, sync.klaar_op = {}, None
        sync.save()
    overnemen = _brp_overnemer()
    gedaan = 0
    while True:
        items, verder = bron.pagina(sync.volgende_pagina)
        with transaction.atomic():
            resultaat = zaken_synchroniseren(
                bron=LijstBron(NAAM, items),
                gezien=sync.gestart,
                partij_overnemen=overnemen,
                organisatie_overnemen=_kvk_overnemer(),
            )
            totaal = SyncResultaat(overgeslagen=dict(sync.overgeslagen))
            totaal.optellen(resultaat)
            sync.overgeslagen = totaal.overgeslagen
            sync.verwerkt += len(items)
            sync.volgende_pagina += 1
            sync.save(update_fields=["overgeslagen", "verwerkt", "volgende_pagina"])
        gedaan += 1
        if not verder:
            break
        if max_paginas and gedaan >= max_paginas:
            return sync
    with transaction.atomic():
        # what this run did not see is gone from the zaaksysteem (removed, or no longer
        # readable for us); a zaak a notification brought during the run was seen later
        weg = zaken_verwijderen(bron=NAAM, gezien_voor=sync.gestart)
        sync.klaar_op = timezone.now()
        sync.save(update_fields=["klaar_op"])
    logger.info(
        "zaken.geladen",
        extra={"verwerkt": sync.verwerkt, "overgeslagen": sync.overgeslagen, "weg": weg},
    )
    return sync


# --- notifications -------------------------------------------------------------------------


def notificatie_verwerken(notificatie_id: int, *, bron: ZakenApiBron | None = None) -> str:
    """Processes one stored notification. Idempotent: done is done; an older notification
    for a zaak whose newer one was already processed changes nothing. The current state is
    always read from the Zaken API, so out-of-order updates cannot overwrite newer data.
    Raises ZgwFout (``opnieuw``) when the zaaksysteem cannot answer: the task retries."""
    with transaction.atomic():
        n = Notificatie.objects.select_for_update().filter(id=notificatie_id).first()
        if n is None or n.verwerkt_op is not None:
            return "al verwerkt"
        n.pogingen += 1
        n.save(update_fields=["pogingen"])
    resultaat, toelichting = _verwerken(n, bron or ZakenApiBron())
    with transaction.atomic():
        Notificatie.objects.filter(id=n.id, verwerkt_op__isnull=True).update(
            verwerkt_op=timezone.now(), resultaat=resultaat, toelichting=toelichting[:200]
        )
    return resultaat


def _verwerken(n: Notificatie, bron: ZakenApiBron) -> tuple[str, str]:
    if n.kanaal != "zaken":
        return Notificatie.Resultaat.GENEGEERD, ""
    if not verbinding.url_toegestaan(n.hoofd_object, toegestane_urls()):
        # a notification about a URL elsewhere: nothing is fetched, no token leaves
        logger.warning("zgw.notificatie_buiten_zaaksysteem", extra={"actie": n.actie})
        return Notificatie.Resultaat.GENEGEERD, "hoofdObject buiten het zaaksysteem"
    nieuwer = (
        Notificatie.objects.filter(
            hoofd_object=n.hoofd_object, aanmaakdatum__gt=n.aanmaakdatum, verwerkt_op__isnull=False
        )
        .exclude(id=n.id)
        .exists()
    )
    if nieuwer:
        return Notificatie.Resultaat.VEROUDERD, ""
    if n.resource == "zaak" and n.actie == "destroy":
        weg = zaken_verwijderen(bron_url=n.hoofd_object)
        return Notificatie.Resultaat.VERWIJDERD, f"{weg} verwijderd"
    gegevens = bron.zaak(n.hoofd_object)
    if gegevens is None:
        # the zaak is not (or no longer) there: it leaves the read model if we had it
        weg = zaken_verwijderen(bron_url=n.hoofd_object)
        logger.warning("zaken.notificatie_onbekende_zaak", extra={"actie": n.actie, "weg": weg})
        return Notificatie.Resultaat.ONBEKEND, "de zaak bestaat niet in het zaaksysteem"
    resultaat = zaken_synchroniseren(
        bron=LijstBron(NAAM, [gegevens]),
        partij_overnemen=_brp_overnemer(),
        organisatie_overnemen=_kvk_overnemer(),
    )
    if resultaat.overgeslagen:
        reden = ", ".join(resultaat.overgeslagen)
        logger.warning("zaken.notificatie_overgeslagen", extra={"reden": reden})
        return Notificatie.Resultaat.OVERGESLAGEN, reden
    return Notificatie.Resultaat.BIJGEWERKT, ""


def abonneren(callback_url: str) -> dict:
    """Registers our webhook for the ``zaken`` channel at the Notificaties API."""
    body = {
        "callbackUrl": callback_url,
        "auth": f"Token {settings.KCC_NOTIFICATIES_TOKEN}",
        "kanalen": [{"naam": "zaken", "filters": {}}],
    }
    return ZgwClient().vragen("POST", f"{settings.KCC_NOTIFICATIES_URL}/abonnement", json=body)
