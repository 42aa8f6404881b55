"""Read-only adapters for the knowledge sources: the Objects API (objecttypes "VAC" and "SDG
Kennisartikel" as the community schemas define them), the SDG-invoervoorziening's products,
and the municipal website by its sitemap. Each turns what the source answers into
``KennisGegevens``: plain text by section (HTML and Markdown reduced to text, so nothing from
outside is ever rendered as markup), the staff-only text apart.

Answers that are well-formed but wrong are not trusted: a ``next`` page or a page in the
sitemap outside the configured address is not fetched (and no token goes there); an object of
another objecttype is skipped; an item without a question, answer or title is skipped and
counted. A source that cannot be read raises ``KennisbronFout``: the caller keeps the last
good copy.
"""

import datetime
import html
import json
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests
from defusedxml import ElementTree as ET
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.utils.dateparse import parse_date, parse_datetime

from . import verbinding

MAX_PAGINAS = 200  # pages of 100 objects: 20,000 items per source at most
MAX_WEBPAGINAS = 2000


class KennisbronFout(Exception):
    pass


@dataclass
class KennisGegevens:
    bron_id: str
    soort: str  # kennisartikel | vac | producttype | webpagina
    titel: str
    secties: list[dict]
    intern: str = ""
    trefwoorden: list[str] = field(default_factory=list)
    doelgroep: str = "beide"
    afdeling: str = ""
    gewijzigd: datetime.datetime | None = None
    bron_url: str = ""
    publieke_url: str = ""
    samenvatting: str = ""


@dataclass
class Oogst:
    """What one read of a source gave: the active items, and how many were skipped why."""

    items: list[KennisGegevens] = field(default_factory=list)
    overgeslagen: dict[str, int] = field(default_factory=dict)

    def overslaan(self, reden: str) -> None:
        self.overgeslagen[reden] = self.overgeslagen.get(reden, 0) + 1


# --- text ------------------------------------------------------------------------------------


class _Tekst(HTMLParser):
    """HTML to plain text: block elements become line breaks, scripts and styles vanish."""

    BLOK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "ul"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.delen: list[str] = []
        self.overslaan = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "nav", "header", "footer"):
            self.overslaan += 1
        elif tag in self.BLOK:
            self.delen.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "nav", "header", "footer"):
            self.overslaan = max(0, self.overslaan - 1)
        elif tag in self.BLOK:
            self.delen.append("\n")

    def handle_data(self, data):
        if not self.overslaan:
            self.delen.append(data)


_MARKDOWN = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r"\1 (\2)"),  # links: text (address)
    (re.compile(r"^#{1,6}\s*", re.M), ""),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"^\s*[-*+]\s+", re.M), "• "),
]


def platte_tekst(waarde) -> str:
    """Source text (HTML or Markdown) as plain text with paragraphs kept."""
    if not isinstance(waarde, str) or not waarde.strip():
        return ""
    tekst = waarde
    if "<" in tekst:
        parser = _Tekst()
        parser.feed(tekst)
        parser.close()
        tekst = "".join(parser.delen)
    tekst = html.unescape(tekst)
    for patroon, vervanging in _MARKDOWN:
        tekst = patroon.sub(vervanging, tekst)
    regels = [" ".join(r.split()) for r in tekst.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(regels)).strip()


def _datum(waarde) -> datetime.datetime | None:
    if not isinstance(waarde, str):
        return None
    tijd = parse_datetime(waarde)
    if tijd is None and (dag := parse_date(waarde[:10])):
        tijd = datetime.datetime.combine(dag, datetime.time(), tzinfo=datetime.UTC)
    if tijd is not None and tijd.tzinfo is None:
        tijd = tijd.replace(tzinfo=datetime.UTC)
    return tijd


def _doelgroep(waarde) -> str:
    return {"eu-burger": "burger", "eu-bedrijf": "bedrijf"}.get(waarde, "beide")


def _trefwoorden(lijst) -> list[str]:
    if not isinstance(lijst, list):
        return []
    woorden = [w.get("trefwoord") if isinstance(w, dict) else w for w in lijst]
    return [str(w).strip()[:100] for w in woorden if isinstance(w, str) and w.strip()][:50]


def _afdeling(lijst) -> str:
    """The owning department; VAC spells it ``afdelingNaam``, the kennisartikel
    ``afdelingnaam``: both are read."""
    if not isinstance(lijst, list):
        return ""
    for a in lijst:
        if isinstance(a, dict):
            naam = a.get("afdelingNaam") or a.get("afdelingnaam") or ""
            if isinstance(naam, str) and naam.strip():
                return naam.strip()[:200]
    return ""


# --- reading -----------------------------------------------------------------------------


class Lezer:
    """One source's HTTP: the total deadline and size limit of ``verbinding``, and only
    addresses under the source's own."""

    def __init__(self, basis: str, token: str = ""):
        self.basis = basis.rstrip("/")
        self.sessie = requests.Session()
        self.sessie.headers["Accept"] = "application/json"
        if token:
            self.sessie.headers["Authorization"] = f"Token {token}"

    def lees(self, url: str, params=None) -> bytes:
        try:
            antwoord = verbinding.vragen(
                "kennis",
                self.sessie,
                "GET",
                url,
                params=params,
                deadline=settings.KCC_KENNIS_TIMEOUT,
                max_bytes=settings.KCC_KENNIS_MAX_ANTWOORD,
                toegestaan=[self.basis],
            )
        except verbinding.BronFout as e:
            raise KennisbronFout(f"{e.soort}: {e.reden}") from None
        if antwoord.status_code >= 400:
            raise KennisbronFout(f"HTTP {antwoord.status_code}")
        return antwoord.inhoud

    def json(self, url: str, params=None):
        try:
            return json.loads(self.lees(url, params))
        except ValueError:
            raise KennisbronFout("geen geldige JSON") from None


def _paginas(lezer: Lezer, url: str, params: dict | None) -> Iterator[dict]:
    """The result rows of a paginated list (``count``/``next``/``results``), following
    ``next`` only within the source."""
    for _n in range(MAX_PAGINAS):
        data = lezer.json(url, params)
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise KennisbronFout("geen lijst met results")
        yield from (r for r in data["results"] if isinstance(r, dict))
        volgende = data.get("next")
        if not volgende:
            return
        if not verbinding.url_toegestaan(volgende, [lezer.basis]):
            raise KennisbronFout("next wijst buiten de bron")
        url, params = volgende, None
    raise KennisbronFout("te veel pagina's")


# --- the Objects API -------------------------------------------------------------------------

ARTIKEL_SECTIES = [
    ("tekst", "inleiding", "Inleiding"),
    ("procedureBeschrijving", "aanvraag", "Aanvraag"),
    ("vereisten", "voorwaarden", "Voorwaarden"),
    ("bewijs", "bewijs", "Bewijs"),
    ("kostenEnBetaalmethoden", "kosten", "Kosten"),
    ("uitersteTermijn", "termijn", "Termijn"),
    ("wtdBijGeenReactie", "geen-reactie", "Geen reactie"),
    ("bezwaarEnBeroep", "bezwaar", "Bezwaar en beroep"),
    ("notice", "bijzonderheden", "Bijzonderheden"),
    ("contact", "contact", "Contact"),
]


def objects_lezen(lezer: Lezer, objecttype: str, soort: str, *, publieke_basis: str = "") -> Oogst:
    """``GET /objects?type=<objecttype>`` page by page; each object's ``record.data`` read as
    a VAC or a kennisartikel. Objects of another type, and VACs that are not ``actief``,
    are left out (so they leave the index)."""
    oogst = Oogst()
    url = f"{lezer.basis}/objects"
    for obj in _paginas(lezer, url, {"type": objecttype, "pageSize": 100}):
        if obj.get("type") and obj["type"] != objecttype:
            oogst.overslaan("ander objecttype")
            continue
        record: dict = obj["record"] if isinstance(obj.get("record"), dict) else {}
        data = record.get("data") if isinstance(record.get("data"), dict) else None
        uuid = str(obj.get("uuid") or "")
        if data is None or not uuid:
            oogst.overslaan("geen data")
            continue
        gewijzigd = _datum(record.get("registrationAt") or record.get("startAt"))
        lees = _vac if soort == "vac" else _artikel
        item = lees(uuid, data, gewijzigd, oogst)
        if item is not None:
            item.bron_url = str(obj.get("url") or "")[:1000]
            oogst.items.append(item)
    return oogst


def _vac(uuid: str, data: dict, gewijzigd, oogst: Oogst) -> KennisGegevens | None:
    if data.get("status") != "actief":
        oogst.overslaan("niet actief")
        return None
    vraag, antwoord = platte_tekst(data.get("vraag")), platte_tekst(data.get("antwoord"))
    if not vraag or not antwoord:
        oogst.overslaan("vraag of antwoord ontbreekt")
        return None
    return KennisGegevens(
        bron_id=uuid,
        soort="vac",
        titel=vraag[:500],
        secties=[{"code": "antwoord", "titel": "Antwoord", "tekst": antwoord}],
        intern=platte_tekst(data.get("toelichting")),
        trefwoorden=_trefwoorden(data.get("trefwoorden")),
        doelgroep=_doelgroep(data.get("doelgroep")),
        afdeling=_afdeling(data.get("afdelingen")),
        gewijzigd=gewijzigd,
        samenvatting=antwoord[:300],
    )


def _vertaling(data: dict, taal: str = "nl") -> dict | None:
    vertalingen = [v for v in data.get("vertalingen") or [] if isinstance(v, dict)]
    return next((v for v in vertalingen if v.get("taal") == taal), None) or (
        vertalingen[0] if vertalingen else None
    )


def _secties(vertaling: dict, velden) -> list[dict]:
    uit = []
    for veld, code, titel in velden:
        tekst = platte_tekst(vertaling.get(veld))
        if tekst:
            uit.append({"code": code, "titel": titel, "tekst": tekst})
    return uit


def _artikel(uuid: str, data: dict, gewijzigd, oogst: Oogst) -> KennisGegevens | None:
    vertaling = _vertaling(data)
    titel = platte_tekst(vertaling.get("titel")) if vertaling else ""
    if vertaling is None or not titel:
        oogst.overslaan("titel ontbreekt")
        return None
    if data.get("productAanwezig") is False:
        oogst.overslaan("product niet aanwezig")
        return None
    secties = _secties(vertaling, ARTIKEL_SECTIES)
    return KennisGegevens(
        bron_id=uuid,
        soort="kennisartikel",
        titel=titel[:500],
        secties=secties,
        intern=platte_tekst(vertaling.get("deskMemo")),
        trefwoorden=_trefwoorden(vertaling.get("trefwoorden")),
        doelgroep=_doelgroep(data.get("doelgroep")),
        afdeling=_afdeling(data.get("afdelingen")),
        gewijzigd=_datum(vertaling.get("datumWijziging")) or gewijzigd,
        publieke_url=_publiek(data.get("url")),
        samenvatting=(secties[0]["tekst"][:300] if secties else ""),
    )


def _publiek(url) -> str:
    if not isinstance(url, str):
        return ""
    delen = urllib.parse.urlsplit(url)
    return url[:1000] if delen.scheme == "https" and delen.hostname else ""


# --- the SDG-invoervoorziening ---------------------------------------------------------------

SDG_SECTIES = [
    ("tekst", "inleiding", "Inleiding"),
    ("procedure_beschrijving", "aanvraag", "Aanvraag"),
    ("vereisten", "voorwaarden", "Voorwaarden"),
    ("bewijs", "bewijs", "Bewijs"),
    ("kosten_en_betaalmethoden", "kosten", "Kosten"),
    ("uiterste_termijn", "termijn", "Termijn"),
    ("wtd_bij_geen_reactie", "geen-reactie", "Geen reactie"),
    ("bezwaar_en_beroep", "bezwaar", "Bezwaar en beroep"),
    ("decentrale_procedure_link", "link", "Meer informatie"),
]


def sdg_lezen(lezer: Lezer) -> Oogst:
    """``GET /api/v1/producten``: each product in Dutch, by section; products not offered
    here (``product_aanwezig`` false) are left out."""
    oogst = Oogst()
    for p in _paginas(lezer, f"{lezer.basis}/api/v1/producten", {}):
        vertaling = _vertaling(p)
        titel = platte_tekst((vertaling or {}).get("titel") or p.get("upn_label"))
        uuid = str(p.get("uuid") or "")
        if not titel or not uuid:
            oogst.overslaan("titel ontbreekt")
            continue
        if p.get("product_aanwezig") is False:
            oogst.overslaan("product niet aanwezig")
            continue
        secties = _secties(vertaling or {}, SDG_SECTIES)
        oogst.items.append(
            KennisGegevens(
                bron_id=uuid,
                soort="producttype",
                titel=titel[:500],
                secties=secties,
                trefwoorden=_trefwoorden((vertaling or {}).get("trefwoorden")),
                doelgroep=_doelgroep(p.get("doelgroep")),
                gewijzigd=_datum(
                    (vertaling or {}).get("datum_wijziging") or p.get("publicatie_datum")
                ),
                bron_url=str(p.get("url") or "")[:1000],
                publieke_url=_publiek((vertaling or {}).get("product_titel_decentraal_link")),
                samenvatting=(secties[0]["tekst"][:300] if secties else ""),
            )
        )
    return oogst


# --- the website by its sitemap --------------------------------------------------------------

_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _Pagina(HTMLParser):
    """A web page's title and the text of its ``<main>`` (no scripts, styles or menus)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.titel, self.in_titel, self.in_main, self.main = "", False, 0, []
        self.overslaan = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "nav", "template"):
            self.overslaan += 1
        elif tag == "title":
            self.in_titel = True
        elif tag == "main":
            self.in_main += 1
        elif self.in_main and tag in _Tekst.BLOK:
            self.main.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "nav", "template"):
            self.overslaan = max(0, self.overslaan - 1)
        elif tag == "title":
            self.in_titel = False
        elif tag == "main":
            self.in_main = max(0, self.in_main - 1)
        elif self.in_main and tag in _Tekst.BLOK:
            self.main.append("\n")

    def handle_data(self, data):
        if self.overslaan:
            return
        if self.in_titel:
            self.titel += data
        elif self.in_main:
            self.main.append(data)


def sitemap_lezen(lezer: Lezer, sitemap_url: str) -> Oogst:
    """The sitemap's pages (within the site), each page's title and main text."""
    oogst = Oogst()
    try:
        wortel = ET.fromstring(lezer.lees(sitemap_url))
    except (ET.ParseError, DefusedXmlException):
        raise KennisbronFout("sitemap is geen geldige XML") from None
    for url_el in wortel.iter(f"{_NS}url"):
        loc = (url_el.findtext(f"{_NS}loc") or "").strip()
        if not verbinding.url_toegestaan(loc, [lezer.basis]):
            oogst.overslaan("pagina buiten de website")
            continue
        if len(oogst.items) >= MAX_WEBPAGINAS:
            oogst.overslaan("te veel pagina's")
            continue
        pagina = _Pagina()
        pagina.feed(lezer.lees(loc).decode("utf-8", "replace"))
        titel = " ".join(pagina.titel.split())
        tekst = platte_tekst("".join(pagina.main).replace("\n", "<br>"))
        if not titel or not tekst:
            oogst.overslaan("geen titel of tekst")
            continue
        oogst.items.append(
            KennisGegevens(
                bron_id=loc[:500],
                soort="webpagina",
                titel=titel[:500],
                secties=[{"code": "pagina", "titel": "Webpagina", "tekst": tekst}],
                gewijzigd=_datum(url_el.findtext(f"{_NS}lastmod")),
                bron_url=loc,
                publieke_url=loc,
                samenvatting=tekst[:300],
            )
        )
    return oogst
