"""A stub zaaksysteem as Open Zaak and Open Notificaties serve it: the Zaken API 1.5
(zaken, rollen, statussen; paged, with ``expand``), the Catalogi API (zaaktypen,
statustypen) and the Notificaties API (abonnementen; a notification to every subscriber
when a zaak is made, changed or removed).

Zaken are generated from their number (so 600,000 cost no memory): their initiators are the
BRP stub's people (the same seed), or the BSNs of ``--bsns-bestand`` (one per line). Every
answer is checked against the specification before it is sent; ``--niet-valideren`` skips
that for scale runs. With ``--secret`` every request must carry a ZGW JWT signed with it.

Control endpoints besides those of ``basis`` (for tests and for trying the demo):
- ``POST /_stub/zaken`` ``{"bsn": …, "zaaktype": code, "omschrijving": …}``: a new zaak
  (an organisation as initiator: ``"rsin"``, or ``"kvk"`` with ``"vestiging"``);
- ``PATCH /_stub/zaken/<uuid>`` ``{"status": "Afgehandeld", …}``: change it;
- ``DELETE /_stub/zaken/<uuid>``: remove it;
- ``POST /_stub/herstellen``: back to the zaken at start, no subscribers;
each change sends the notification to the subscribers, as Open Zaak does.

    python -m demo.stubs.zgw --poort 8102 --aantal 40
"""

import argparse
import datetime
import json
import threading
import time
import urllib.request
import uuid as uuidlib

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

from .basis import Antwoord, Schemas, StubApp, basis_argumenten, probleem, serveren
from .brp import VASTE_PERSONEN, bevolking

NS = uuidlib.UUID("6f1c1d3e-5b55-4c8e-9a36-0b8f2f0d2026")
STATUSSEN = ["Ontvangen", "In behandeling", "Afgehandeld"]
RSIN_NIJMEGEN = "001479179"
PAGINA = 100
BASIS_DATUM = datetime.date(2025, 1, 6)


def _uuid(soort: str, n) -> str:
    return str(uuidlib.uuid5(NS, f"{soort}:{n}"))


ZAAK_PREFIX = "6f1c1d3e-0000-4000-8000-"


def _zaak_uuid(i: int) -> str:
    """Generated zaken get a uuid their number can be read back from."""
    return f"{ZAAK_PREFIX}{i + 1:012x}"


def _zaak_nummer(zaak_uuid: str) -> int | None:
    if zaak_uuid.startswith(ZAAK_PREFIX):
        try:
            return int(zaak_uuid[len(ZAAK_PREFIX) :], 16) - 1
        except ValueError:
            return None
    return None


class ZgwStub(StubApp):
    specificatie_bestand = "zaken-openapi.yaml"

    def __init__(
        self, *, aantal, zaaktypen, behandelaars, bsns, secret="", valideren=True, nummer_begin=0
    ):
        super().__init__(valideren=valideren)
        self.catalogi = Schemas("catalogi-openapi.yaml") if valideren else None
        self.notificaties = Schemas("notificaties-openapi.yaml") if valideren else None
        self.aantal = aantal
        self.nummer_begin = nummer_begin
        self.zaaktypen = zaaktypen
        self.behandelaars = behandelaars
        self.bsns = bsns
        self.secret = secret
        self.basis = ""  # set when serving: http://127.0.0.1:port
        self.extra: dict[str, dict] = {}  # uuid → zaak made or changed through control
        self.verwijderd: set[str] = set()
        self.abonnementen: list[dict] = []
        self.teller = 0
        self.status_index: dict[str, str] = {}  # status uuid → zaak uuid

    # --- the data ---------------------------------------------------------------------

    def _url(self, pad):
        return f"{self.basis}{pad}"

    def _zaaktype_url(self, code):
        return self._url(f"/catalogi/api/v1/zaaktypen/{_uuid('zaaktype', code)}")

    def _statustype_url(self, code, status):
        return self._url(f"/catalogi/api/v1/statustypen/{_uuid('statustype', code + status)}")

    def gegenereerd(self, i: int) -> dict:
        code = self.zaaktypen[i % len(self.zaaktypen)]
        start = BASIS_DATUM + datetime.timedelta(days=(i * 7) % 690)
        status = STATUSSEN[i % 7 % 3] if i % 7 < 5 else "In behandeling"
        return {
            "uuid": _zaak_uuid(i),
            "identificatie": f"ZAAK-{start.year}-{self.nummer_begin + i + 1:07d}",
            "omschrijving": f"{code.replace('-', ' ').capitalize()} {i + 1}",
            "zaaktype": code,
            "startdatum": start.isoformat(),
            "einddatum": (start + datetime.timedelta(days=40)).isoformat()
            if status == "Afgehandeld"
            else None,
            "status": status,
            "bsn": self.bsns[i % len(self.bsns)] if self.bsns else "",
            "behandelaar": self.behandelaars[i % len(self.behandelaars)]
            if self.behandelaars
            else "",
            "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
        }

    def ruw(self, zaak_uuid: str) -> dict | None:
        if zaak_uuid in self.verwijderd:
            return None
        if zaak_uuid in self.extra:
            return self.extra[zaak_uuid]
        i = _zaak_nummer(zaak_uuid)
        return self.gegenereerd(i) if i is not None and i < self.aantal else None

    def zaak_json(self, z: dict) -> dict:
        url = self._url(f"/zaken/api/v1/zaken/{z['uuid']}")
        self.status_index[_uuid("status", z["uuid"] + z["status"])] = z["uuid"]
        status_url = self._url(
            f"/zaken/api/v1/statussen/{_uuid('status', z['uuid'] + z['status'])}"
        )
        start = datetime.date.fromisoformat(z["startdatum"])
        return {
            "url": url,
            "uuid": z["uuid"],
            "identificatie": z["identificatie"],
            "bronorganisatie": RSIN_NIJMEGEN,
            "omschrijving": z["omschrijving"][:80],
            "toelichting": z.get("toelichting", ""),
            "zaaktype": self._zaaktype_url(z["zaaktype"]),
            "registratiedatum": z["startdatum"],
            "verantwoordelijkeOrganisatie": RSIN_NIJMEGEN,
            "startdatum": z["startdatum"],
            "einddatum": z["einddatum"],
            "einddatumGepland": (start + datetime.timedelta(days=56)).isoformat(),
            "uiterlijkeEinddatumAfdoening": (start + datetime.timedelta(days=84)).isoformat(),
            "publicatiedatum": None,
            "vertrouwelijkheidaanduiding": z["vertrouwelijkheidaanduiding"],
            "betalingsindicatie": "",
            "betalingsindicatieWeergave": "",
            "status": status_url,
            "resultaat": None,
            "rollen": [r["url"] for r in self.rollen_json(z)],
            "deelzaken": [],
            "relevanteAndereZaken": [],
            "eigenschappen": [],
            "zaakinformatieobjecten": [],
            "zaakobjecten": [],
            "kenmerken": [],
            "archiefnominatie": None,
            "archiefstatus": "nog_te_archiveren",
            "archiefactiedatum": None,
        }

    def rollen_json(self, z: dict) -> list[dict]:
        zaak_url = self._url(f"/zaken/api/v1/zaken/{z['uuid']}")
        rollen = []
        if z.get("bsn"):
            rollen.append(
                self._rol(z, "initiator", "natuurlijk_persoon", {"inpBsn": z["bsn"]}, zaak_url)
            )
        if z.get("rsin"):
            ident = {"innNnpId": z["rsin"]}
            rollen.append(self._rol(z, "initiator", "niet_natuurlijk_persoon", ident, zaak_url))
        if z.get("vestiging"):
            ident = {"vestigingsNummer": z["vestiging"], "kvkNummer": z.get("kvk", "")}
            rollen.append(self._rol(z, "initiator", "vestiging", ident, zaak_url))
        if z.get("behandelaar"):
            rollen.append(
                self._rol(
                    z, "behandelaar", "medewerker", {"identificatie": z["behandelaar"]}, zaak_url
                )
            )
        return rollen

    def _rol(self, z, generiek, soort, identificatie, zaak_url):
        rol_uuid = _uuid("rol", z["uuid"] + generiek)
        return {
            "url": self._url(f"/zaken/api/v1/rollen/{rol_uuid}"),
            "uuid": rol_uuid,
            "zaak": zaak_url,
            "betrokkene": "",
            "betrokkeneType": soort,
            "roltype": self._url(
                f"/catalogi/api/v1/roltypen/{_uuid('roltype', z['zaaktype'] + generiek)}"
            ),
            "omschrijving": generiek.capitalize(),
            "omschrijvingGeneriek": generiek,
            "roltoelichting": "",
            "registratiedatum": f"{z['startdatum']}T09:00:00Z",
            "indicatieMachtiging": "",
            "statussen": [],
            "betrokkeneIdentificatie": identificatie,
        }

    def status_json(self, z: dict) -> dict:
        status_uuid = _uuid("status", z["uuid"] + z["status"])
        self.status_index[status_uuid] = z["uuid"]
        return {
            "url": self._url(f"/zaken/api/v1/statussen/{status_uuid}"),
            "uuid": status_uuid,
            "zaak": self._url(f"/zaken/api/v1/zaken/{z['uuid']}"),
            "statustype": self._statustype_url(z["zaaktype"], z["status"]),
            "datumStatusGezet": f"{z['startdatum']}T10:00:00Z",
            "statustoelichting": "",
            "indicatieLaatstGezetteStatus": True,
            "gezetdoor": "",
            "zaakinformatieobjecten": [],
        }

    def zaaktype_json(self, code: str) -> dict:
        url = self._zaaktype_url(code)
        catalogus = self._url(f"/catalogi/api/v1/catalogussen/{_uuid('catalogus', 1)}")
        return {
            "url": url,
            "identificatie": code,
            "omschrijving": code.replace("-", " ").capitalize(),
            "omschrijvingGeneriek": "",
            "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
            "doel": "Dienstverlening",
            "aanleiding": "Aanvraag",
            "toelichting": "",
            "indicatieInternOfExtern": "extern",
            "handelingInitiator": "Aanvragen",
            "onderwerp": code,
            "handelingBehandelaar": "Behandelen",
            "doorlooptijd": "P56D",
            "opschortingEnAanhoudingMogelijk": False,
            "verlengingMogelijk": False,
            "publicatieIndicatie": False,
            "productenOfDiensten": [],
            "referentieproces": {"naam": code, "link": ""},
            "verantwoordelijke": RSIN_NIJMEGEN,
            "catalogus": catalogus,
            "statustypen": [self._statustype_url(code, s) for s in STATUSSEN],
            "resultaattypen": [],
            "eigenschappen": [],
            "informatieobjecttypen": "",
            "roltypen": [],
            "besluittypen": [],
            "zaakobjecttypen": [],
            "deelzaaktypen": [],
            "gerelateerdeZaaktypen": [],
            "beginGeldigheid": "2024-01-01",
            "versiedatum": "2024-01-01",
            "concept": False,
        }

    def statustype_json(self, code: str, status: str) -> dict:
        return {
            "url": self._statustype_url(code, status),
            "omschrijving": status,
            "omschrijvingGeneriek": status,
            "statustekst": "",
            "zaaktype": self._zaaktype_url(code),
            "zaaktypeIdentificatie": code,
            "catalogus": self._url(f"/catalogi/api/v1/catalogussen/{_uuid('catalogus', 1)}"),
            "volgnummer": STATUSSEN.index(status) + 1,
            "isEindstatus": status == STATUSSEN[-1],
            "informeren": False,
            "doorlooptijd": None,
            "toelichting": None,
            "checklistitemStatustype": [],
            "eigenschappen": [],
            "zaakobjecttype": "",
            "beginGeldigheid": None,
            "eindeGeldigheid": None,
            "beginObject": None,
            "eindeObject": None,
        }

    def _expand(self, z: dict, velden: set[str]) -> dict:
        uit: dict = {}
        if "zaaktype" in velden:
            uit["zaaktype"] = self.zaaktype_json(z["zaaktype"])
        if "status" in velden or "status.statustype" in velden:
            status = self.status_json(z)
            if "status.statustype" in velden:
                status["_expand"] = {"statustype": self.statustype_json(z["zaaktype"], z["status"])}
            uit["status"] = status
        if "rollen" in velden:
            uit["rollen"] = self.rollen_json(z)
        return uit

    # --- HTTP -------------------------------------------------------------------------

    def _jwt_controleren(self, headers):
        if not self.secret:
            return
        waarde = headers.get("Authorization", "")
        if not waarde.startswith("Bearer "):
            raise probleem(
                401, "Authenticatiegegevens zijn niet opgegeven.", code="not_authenticated"
            )
        try:
            claims = jwt.decode(waarde[7:], OctKey.import_key(self.secret)).claims
        except JoseError:
            raise probleem(403, "Het token is ongeldig.", code="permission_denied") from None
        if not claims.get("client_id"):
            raise probleem(403, "Het token heeft geen client_id.", code="permission_denied")

    def afhandelen(self, methode, pad, query, body, headers, storing):
        self._jwt_controleren(headers)
        delen = [d for d in pad.split("/") if d]
        if delen[:3] == ["zaken", "api", "v1"]:
            return self._zaken_api(methode, delen[3:], query, storing)
        if delen[:3] == ["catalogi", "api", "v1"] and methode == "GET" and len(delen) == 5:
            return self._catalogi_api(delen[3], delen[4])
        if delen[:3] == ["notificaties", "api", "v1"]:
            return self._notificaties_api(methode, delen[3:], body)
        raise probleem(404, "Niet gevonden.", code="not_found")

    def _zaken_api(self, methode, delen, query, storing):
        expand = {v.strip() for v in ",".join(query.get("expand", [])).split(",") if v.strip()}
        if delen == ["zaken"] and methode == "GET":
            pagina = int((query.get("page") or ["1"])[0])
            return 200, self._pagina(pagina, expand, storing)
        if len(delen) == 2 and delen[0] == "zaken" and methode == "GET":
            z = self.ruw(delen[1])
            if z is None:
                raise probleem(404, "Niet gevonden.", code="not_found")
            antwoord = self.zaak_json(z)
            if expand:
                antwoord["_expand"] = self._expand(z, expand)
            self._onbekend_toepassen(antwoord, storing)
            return 200, self.controleren("Zaak", antwoord)
        if delen == ["rollen"] and methode == "GET":
            zaak_url = (query.get("zaak") or [""])[0]
            z = self.ruw(zaak_url.rstrip("/").rsplit("/", 1)[-1]) if zaak_url else None
            rollen = self.rollen_json(z) if z else []
            antwoord = {"count": len(rollen), "next": None, "previous": None, "results": rollen}
            return 200, self.controleren("PaginatedRolList", antwoord)
        if len(delen) == 2 and delen[0] == "statussen" and methode == "GET":
            z = self.ruw(self.status_index.get(delen[1], ""))
            if z is None or _uuid("status", z["uuid"] + z["status"]) != delen[1]:
                raise probleem(404, "Niet gevonden.", code="not_found")
            return 200, self.controleren("Status", self.status_json(z))
        raise probleem(404, "Niet gevonden.", code="not_found")

    def _onbekend_toepassen(self, antwoord, storing):
        if storing and storing["soort"] == "onbekend":
            # a confidentiality value the standard does not know: the adapter must refuse it
            antwoord["vertrouwelijkheidaanduiding"] = "strikt_persoonlijk"
            raise Antwoord(200, antwoord, "application/json")

    def _pagina(self, pagina, expand, storing):
        nieuw = [
            z for z in self.extra.values() if z.get("_nieuw") and z["uuid"] not in self.verwijderd
        ]
        totaal = self.aantal + len(nieuw)
        begin = (pagina - 1) * PAGINA
        if pagina < 1 or (begin >= totaal and totaal):
            raise probleem(404, "Ongeldige pagina.", code="not_found")
        items = []
        for n in range(begin, min(begin + PAGINA, totaal)):
            if n < self.aantal:
                u = _zaak_uuid(n)
                if u in self.verwijderd:
                    continue
                z = self.extra.get(u) or self.gegenereerd(n)
            else:
                z = nieuw[n - self.aantal]
            item = self.zaak_json(z)
            if expand:
                item["_expand"] = self._expand(z, expand)
            items.append(item)
        basis = self._url("/zaken/api/v1/zaken")
        volgende = f"{basis}?page={pagina + 1}" if begin + PAGINA < totaal else None
        vorige = f"{basis}?page={pagina - 1}" if pagina > 1 else None
        antwoord = {"count": totaal, "next": volgende, "previous": vorige, "results": items}
        if storing and storing["soort"] == "onbekend" and items:
            items[0]["vertrouwelijkheidaanduiding"] = "strikt_persoonlijk"
            return antwoord
        return self.controleren("PaginatedZaakList", antwoord)

    def _catalogi_api(self, soort, object_uuid):
        if soort == "zaaktypen":
            for code in self.zaaktypen:
                if _uuid("zaaktype", code) == object_uuid:
                    return 200, self._catalogus_controleren("ZaakType", self.zaaktype_json(code))
        if soort == "statustypen":
            for code in self.zaaktypen:
                for status in STATUSSEN:
                    if _uuid("statustype", code + status) == object_uuid:
                        return 200, self._catalogus_controleren(
                            "StatusType", self.statustype_json(code, status)
                        )
        raise probleem(404, "Niet gevonden.", code="not_found")

    def _catalogus_controleren(self, schema, body):
        if self.catalogi is not None and (fouten := self.catalogi.fouten(schema, body)):
            raise probleem(500, f"Stub-antwoord past niet: {fouten[:2]}")
        return body

    def _notificaties_api(self, methode, delen, body):
        if delen == ["abonnement"] and methode == "POST":
            if self.notificaties is not None and (
                fouten := self.notificaties.fouten("Abonnement", body)
            ):
                raise probleem(
                    400, "Ongeldig abonnement.", invalidParams=[{"name": f} for f in fouten]
                )
            abonnement = {
                **body,
                "url": self._url(
                    f"/notificaties/api/v1/abonnement/{_uuid('abonnement', len(self.abonnementen))}"
                ),
            }
            self.abonnementen = [
                a for a in self.abonnementen if a["callbackUrl"] != body["callbackUrl"]
            ]
            self.abonnementen.append(abonnement)
            raise Antwoord(201, abonnement, "application/json")
        if delen == ["abonnement"] and methode == "GET":
            return 200, self.abonnementen
        raise probleem(404, "Niet gevonden.", code="not_found")

    # --- control: change the data, and notify as Open Zaak does --------------------------

    def controle(self, methode, pad, body):
        delen = [d for d in pad.split("/") if d][1:]
        if delen == ["herstellen"] and methode == "POST":
            # back to the zaken at start, no subscribers (between tests)
            self.extra.clear()
            self.verwijderd.clear()
            self.abonnementen.clear()
            return 200, {}
        if delen == ["zaken"] and methode == "POST":
            self.teller += 1
            code = body.get("zaaktype") or self.zaaktypen[0]
            z = {
                "uuid": str(uuidlib.uuid4()),
                "identificatie": body.get("identificatie")
                or f"ZAAK-{datetime.date.today().year}-{9000000 + self.teller:07d}",
                "omschrijving": body.get("omschrijving", "Nieuwe zaak"),
                "zaaktype": code,
                "startdatum": body.get("startdatum", datetime.date.today().isoformat()),
                "einddatum": None,
                "status": body.get("status", "Ontvangen"),
                "bsn": body.get("bsn", ""),
                "kvk": body.get("kvk", ""),
                "rsin": body.get("rsin", ""),
                "vestiging": body.get("vestiging", ""),
                "behandelaar": body.get("behandelaar", ""),
                "vertrouwelijkheidaanduiding": body.get(
                    "vertrouwelijkheidaanduiding", "zaakvertrouwelijk"
                ),
                "_nieuw": True,
            }
            self.extra[z["uuid"]] = z
            self.melden(z, "create", stil=body.get("stil", False))
            return 201, self.zaak_json(z)
        if len(delen) == 2 and delen[0] == "zaken":
            z = self.ruw(delen[1])
            if z is None:
                raise probleem(404, "Niet gevonden.")
            if methode == "PATCH":
                z = {**z, **{k: v for k, v in body.items() if k != "stil"}}
                if z["status"] == "Afgehandeld" and not z.get("einddatum"):
                    z["einddatum"] = datetime.date.today().isoformat()
                self.extra[z["uuid"]] = z
                self.melden(z, "partial_update", stil=body.get("stil", False))
                return 200, self.zaak_json(z)
            if methode == "DELETE":
                self.verwijderd.add(z["uuid"])
                self.melden(z, "destroy", stil=(body or {}).get("stil", False))
                return 200, {}
        if delen == ["melden"] and methode == "POST":
            # a notification as given (tests: duplicates, unknown zaken, order)
            self._sturen(body)
            return 200, {}
        raise probleem(404, "Niet gevonden.")

    def melden(self, z, actie, *, stil=False):
        url = self._url(f"/zaken/api/v1/zaken/{z['uuid']}")
        bericht = {
            "kanaal": "zaken",
            "hoofdObject": url,
            "resource": "zaak",
            "resourceUrl": url,
            "actie": actie,
            "aanmaakdatum": datetime.datetime.now(datetime.UTC).isoformat().replace("+00:00", "Z"),
            "kenmerken": {
                "bronorganisatie": RSIN_NIJMEGEN,
                "zaaktype": self._zaaktype_url(z["zaaktype"]),
                "vertrouwelijkheidaanduiding": z["vertrouwelijkheidaanduiding"],
            },
        }
        if self.notificaties is not None and (
            fouten := self.notificaties.fouten("Message", bericht)
        ):
            raise probleem(500, f"Notificatie past niet: {fouten[:2]}")
        if not stil:
            self._sturen(bericht)
        return bericht

    def _sturen(self, bericht):
        for abonnement in self.abonnementen:
            if not any(k.get("naam") == bericht.get("kanaal") for k in abonnement["kanalen"]):
                continue
            threading.Thread(target=_posten, args=(abonnement, bericht), daemon=True).start()


def _posten(abonnement, bericht):
    verzoek = urllib.request.Request(  # noqa: S310 - the subscriber's own callback URL
        abonnement["callbackUrl"], data=json.dumps(bericht).encode(), method="POST"
    )
    verzoek.add_header("Content-Type", "application/json")
    verzoek.add_header("Authorization", abonnement["auth"])
    for _poging in range(3):
        try:
            with urllib.request.urlopen(verzoek, timeout=10):  # noqa: S310
                return
        except OSError:
            time.sleep(0.5)


def main():
    parser = basis_argumenten(argparse.ArgumentParser(description=__doc__))
    parser.add_argument("--aantal", type=int, default=40, help="how many zaken exist at start")
    parser.add_argument(
        "--zaaktypen",
        default="paspoortaanvraag,wmo-aanvraag,verhuizing,bijstandsaanvraag,schuldhulp",
        help="zaaktype identificaties, comma-separated (our Zaaktype codes)",
    )
    parser.add_argument(
        "--behandelaars", default="", help="Medewerker identificaties, comma-separated"
    )
    parser.add_argument("--bsns-bestand", default="", help="initiators' BSNs, one per line")
    parser.add_argument("--secret", default="", help="check ZGW JWTs signed with this secret")
    parser.add_argument(
        "--nummer-begin", type=int, default=0, help="zaaknummers start after this number"
    )
    args = parser.parse_args()
    if args.bsns_bestand:
        with open(args.bsns_bestand) as f:
            bsns = [regel.strip() for regel in f if regel.strip()]
    else:
        bsns = [p["burgerservicenummer"] for p in bevolking(400)[len(VASTE_PERSONEN) :]]
    stub = ZgwStub(
        aantal=args.aantal,
        zaaktypen=[z for z in args.zaaktypen.split(",") if z],
        behandelaars=[b for b in args.behandelaars.split(",") if b],
        bsns=bsns,
        secret=args.secret,
        valideren=not args.niet_valideren,
        nummer_begin=args.nummer_begin,
    )
    serveren(
        stub,
        args.poort,
        klaar_bestand=args.klaar,
        bij_start=lambda basis: setattr(stub, "basis", basis),
    )


if __name__ == "__main__":
    main()
