"""A stub of the municipality's knowledge sources, from their specifications: the Objects API
(``GET /api/v2/objects?type=<objecttype>&page=&pageSize=``, token ``Authorization: Token …``)
with the community objecttypes "VAC" and "SDG Kennisartikel", the SDG-invoervoorziening
(``GET /sdg/api/v1/producten``) and the website (``/site/sitemap.xml`` and its pages). The
demo set is Nijmegen's: 30 products, 25 VACs, 8 web pages (``kennis_data``).

Control endpoints (loopback only, for the tests and the demo):
- ``POST /_stub/wijzigen`` ``{"uuid": …, "data": {…}}``: change an object's data (merged);
- ``POST /_stub/verwijderen`` ``{"uuid": …}``: the object is gone;
- ``POST /_stub/vreemd`` ``{"next": "https://elders.example/…"}``: the first page's ``next``
  points elsewhere (an answer well-formed but wrong);
- the shared ``/_stub/storing`` (``{"soort": "503", "aantal": 50}``): the source is down.

    python -m demo.stubs.kennis --poort 8105 --token <token>
"""

import argparse
import copy
import datetime
import html
import math
import uuid

from .basis import Antwoord, StubApp, basis_argumenten, serveren
from .kennis_data import ARTIKEL_TYPE, ARTIKELEN, KORT, PAGINAS, VAC_TYPE, VACS

NS = uuid.UUID("6f3c1a52-7c8e-4d8a-9b0e-5a1f2c3d4e5f")


def _uuid(soort: str, slug: str) -> str:
    return str(uuid.uuid5(NS, f"{soort}:{slug}"))


def _datum(dagen: int) -> str:
    return (datetime.date(2026, 11, 1) - datetime.timedelta(days=dagen)).isoformat()


def _artikel(slug, titel, trefwoorden, afdeling, doelgroep, secties, memo, n):
    vertaling = {
        "taal": "nl",
        "titel": titel,
        "trefwoorden": [{"trefwoord": t} for t in trefwoorden],
        "deskMemo": memo,
        # one article is more than a year old: the workbench marks it
        "datumWijziging": _datum(400 if slug == "huwelijk" else 10 + n * 7),
        **dict(secties.items()),
    }
    return {
        "url": f"https://www.nijmegen.nl/diensten/{slug}/",
        "uuid": _uuid("artikel", slug),
        "upnUri": f"http://standaarden.overheid.nl/owms/terms/{slug}",
        "publicatieDatum": _datum(500),
        "productAanwezig": True,
        "productValtOnder": None,
        "verantwoordelijkeOrganisatie": {
            "url": "https://sdg.example/organisaties/nijmegen",
            "owmsIdentifier": "https://standaarden.overheid.nl/owms/terms/Nijmegen",
            "owmsPrefLabel": "Nijmegen",
            "owmsEndDate": "",
        },
        "locaties": None,
        "doelgroep": "eu-bedrijf" if doelgroep == "eu-bedrijf" else "eu-burger",
        "afdelingen": [{"afdelingId": afdeling.lower(), "afdelingnaam": afdeling}],
        "vertalingen": [vertaling],
        "beschikbareTalen": ["nl"],
    }


def _vac(vraag, antwoord, trefwoorden, afdeling, toelichting):
    return {
        "vraag": vraag,
        "antwoord": antwoord,
        "status": "actief",
        "doelgroep": "eu-burger",
        "toelichting": toelichting,
        # VAC spells it afdelingNaam (the kennisartikel afdelingnaam)
        "afdelingen": [{"afdelingId": afdeling.lower(), "afdelingNaam": afdeling}],
        "trefwoorden": [{"trefwoord": t} for t in trefwoorden],
    }


def demo_objecten() -> dict[str, dict]:
    """uuid → {"type": objecttype path, "data": …}."""
    uit = {}
    for n, (slug, titel, trefwoorden, afdeling, doelgroep, secties, memo) in enumerate(ARTIKELEN):
        data = _artikel(slug, titel, trefwoorden, afdeling, doelgroep, secties, memo, n)
        uit[data["uuid"]] = {"type": ARTIKEL_TYPE, "data": data}
    for n, (slug, titel, trefwoorden, afdeling, inleiding, kosten) in enumerate(KORT):
        secties = {"tekst": inleiding, "kostenEnBetaalmethoden": kosten}
        data = _artikel(slug, titel, trefwoorden, afdeling, "eu-burger", secties, "", n + 10)
        uit[data["uuid"]] = {"type": ARTIKEL_TYPE, "data": data}
    for vraag, antwoord, trefwoorden, afdeling, toelichting in VACS:
        uit[_uuid("vac", vraag)] = {
            "type": VAC_TYPE,
            "data": _vac(vraag, antwoord, trefwoorden, afdeling, toelichting),
        }
    return uit


class KennisStub(StubApp):
    def __init__(self, *, token: str):
        super().__init__(valideren=False)
        self.token = token
        self.basis = ""
        self.objecten = demo_objecten()
        self.vreemde_next = ""

    def _controleer_token(self, headers):
        if self.token and headers.get("Authorization") != f"Token {self.token}":
            raise Antwoord(401, {"detail": "Authenticatiegegevens zijn niet opgegeven."})

    def afhandelen(self, methode, pad, query, body, headers, storing):
        if methode != "GET":
            raise Antwoord(405, {"detail": "Methode niet toegestaan."})
        if pad == "/api/v2/objects":
            self._controleer_token(headers)
            return 200, self._objecten(query)
        if pad == "/sdg/api/v1/producten":
            return 200, self._producten(query)
        if pad == "/site/sitemap.xml":
            raise Antwoord(200, self._sitemap(), "application/xml")
        if pad.startswith("/site/") and pad.endswith("/"):
            return self._pagina(pad.removeprefix("/site/").strip("/"))
        raise Antwoord(404, {"detail": "Niet gevonden."})

    def _objecten(self, query) -> dict:
        soort = (query.get("type") or [""])[0]
        pagina = int((query.get("page") or ["1"])[0])
        grootte = min(int((query.get("pageSize") or ["100"])[0]), 100)
        with self.lock:
            rijen = [
                (u, o) for u, o in sorted(self.objecten.items())
                if soort.endswith(o["type"])
            ]  # fmt: skip
            vreemd = self.vreemde_next
        deel = rijen[(pagina - 1) * grootte : pagina * grootte]
        laatste = math.ceil(len(rijen) / grootte) if rijen else 1
        volgende = None
        if pagina < laatste:
            volgende = (
                f"{self.basis}/api/v2/objects?type={soort}&page={pagina + 1}&pageSize={grootte}"
            )
        if vreemd and pagina == 1:
            volgende = vreemd
        return {
            "count": len(rijen),
            "next": volgende,
            "previous": None,
            "results": [self._object(u, o) for u, o in deel],
        }

    def _object(self, u: str, o: dict) -> dict:
        return {
            "url": f"{self.basis}/api/v2/objects/{u}",
            "uuid": u,
            "type": f"{self.basis}{o['type']}",
            "record": {
                "index": 1,
                "typeVersion": 1,
                "data": o["data"],
                "geometry": None,
                "startAt": "2026-01-01",
                "endAt": None,
                "registrationAt": o.get("gewijzigd", "2026-10-01"),
                "correctionFor": None,
                "correctedBy": None,
            },
        }

    def _producten(self, query) -> dict:
        resultaten = []
        for slug, titel, trefwoorden, _afdeling, inleiding, kosten in KORT[:5]:
            resultaten.append({
                "url": f"{self.basis}/sdg/api/v1/producten/{_uuid('sdg', slug)}",
                "uuid": _uuid("sdg", slug),
                "upn_label": titel,
                "product_aanwezig": True,
                "doelgroep": "eu-burger",
                "publicatie_datum": "2026-06-01",
                "vertalingen": [{
                    "taal": "nl", "titel": titel, "tekst": inleiding,
                    "kosten_en_betaalmethoden": kosten,
                    "trefwoorden": [{"trefwoord": t} for t in trefwoorden],
                    "datum_wijziging": "2026-06-01T00:00:00Z",
                    "product_titel_decentraal_link": f"https://www.nijmegen.nl/diensten/{slug}/",
                }],
            })  # fmt: skip
        return {"count": len(resultaten), "next": None, "previous": None, "results": resultaten}

    def _sitemap(self) -> bytes:
        regels = [
            f"<url><loc>{self.basis}/site/{slug}/</loc><lastmod>2026-10-01</lastmod></url>"
            for slug, _titel, _tekst in PAGINAS
        ]
        # a page outside the site: left out by the adapter
        regels.append("<url><loc>https://elders.example/pagina/</loc></url>")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(regels)
            + "</urlset>"
        ).encode()

    def _pagina(self, slug: str):
        for s, titel, tekst in PAGINAS:
            if s == slug:
                inhoud = (
                    f"<!DOCTYPE html><html lang='nl'><head><title>{html.escape(titel)}</title>"
                    "</head><body><nav>Menu</nav><main>"
                    f"<h1>{html.escape(titel)}</h1><p>{html.escape(tekst)}</p>"
                    "<script>volg()</script></main></body></html>"
                )
                raise Antwoord(200, inhoud.encode(), "text/html; charset=utf-8")
        raise Antwoord(404, {"detail": "Niet gevonden."})

    def controle(self, methode, pad, body):
        with self.lock:
            if pad == "/_stub/wijzigen" and methode == "POST":
                obj = self.objecten[body["uuid"]]
                obj["data"] = {**copy.deepcopy(obj["data"]), **body["data"]}
                obj["gewijzigd"] = datetime.date.today().isoformat()
                return 200, {}
            if pad == "/_stub/verwijderen" and methode == "POST":
                self.objecten.pop(body["uuid"], None)
                return 200, {}
            if pad == "/_stub/vreemd" and methode == "POST":
                self.vreemde_next = body.get("next", "")
                return 200, {}
            if pad == "/_stub/herstellen" and methode == "POST":
                self.objecten, self.vreemde_next = demo_objecten(), ""
                return 200, {}
        return 404, {"detail": "Onbekend pad"}


def main():
    parser = basis_argumenten(argparse.ArgumentParser(description=__doc__))
    parser.add_argument("--token", default="")
    args = parser.parse_args()
    stub = KennisStub(token=args.token)

    def basis(url):
        stub.basis = url

    serveren(stub, args.poort, klaar_bestand=args.klaar, bij_start=basis)


if __name__ == "__main__":
    main()
