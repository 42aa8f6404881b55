"""A stub of the Haal Centraal BRP Personen bevragen API (2.x): ``POST /personen``.

Answers the search types RaadpleegMetBurgerservicenummer, ZoekMetGeslachtsnaamEnGeboortedatum,
ZoekMetNaamEnGemeenteVanInschrijving, ZoekMetPostcodeEnHuisnummer and
ZoekMetStraatHuisnummerEnGemeenteVanInschrijving from a made-up population of Nijmegenaren
that are not in the demo register (BSNs starting with 9). Every request is checked against
the specification's request schema (a wrong one gets the API's 400 with ``invalidParams``),
``fields`` is applied as the API does, and every answer is checked against the response
schema before it is sent.

    python -m demo.stubs.brp --poort 8101
"""

import argparse
import datetime
import random
import re

from faker import Faker

from .basis import StubApp, basis_argumenten, probleem, serveren

MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
STRATEN = [
    ("Oranjesingel", "6511 NZ"),
    ("Graafseweg", "6512 BS"),
    ("Sint Annastraat", "6524 EK"),
    ("Molenstraat", "6511 HC"),
    ("Hatertseweg", "6533 AB"),
    ("Dukenburgseweg", "6534 AE"),
    ("Meijhorst", "6537 AB"),
    ("Tolhuis", "6537 RA"),
    ("Groenestraat", "6531 HH"),
    ("Berg en Dalseweg", "6522 BK"),
    ("Waalkade", "6511 XR"),
    ("Nijmeegsebaan", "6564 CA"),
]
GEMEENTE = {"code": "0268", "omschrijving": "Nijmegen"}
# split off the surname as the BRP does (longest first)
VOORVOEGSELS = [
    "van der", "van den", "van de", "van het", "van 't", "in 't", "op de", "op den", "uit de",
    "van", "von", "den", "der", "de", "du", "het", "la", "le", "ter", "ten", "te", "op", "in",
    "'t",
]  # fmt: skip

# people the README names, so a newcomer can take someone in "from the BRP"
VASTE_PERSONEN = [
    # bsn, voornamen, voorvoegsel, geslachtsnaam, geboortedatum, geslacht, straat, nr, extra
    ("999990019", "Charlotte Maria", "", "Wiegerinck", "1987-04-12", "V", 0, 40, {}),
    ("999990020", "Sem", "van", "Oosterhout", "1992-11-03", "M", 1, 118, {"geheim": True}),
    ("999990032", "Wilhelmus", "", "Bakx", "1931-02-27", "M", 4, 7, {"overleden": "2026-10-02"}),
    ("999990044", "Fenna", "", "Schraven", "2001-06-30", "V", 2, 15, {"onderzoek": True}),
    ("999990056", "Johannes Petrus", "de", "Wit", "1958-09-21", "M", 3, 62, {}),
    # "Le" is part of this geslachtsnaam in the BRP, not a voorvoegsel
    ("999990068", "Nout", "", "Le Grand", "1979-01-15", "M", 5, 3, {}),
]


def lang_formaat(datum: datetime.date) -> str:
    return f"{datum.day} {MAANDEN[datum.month - 1]} {datum.year}"


def datum_object(waarde: str) -> dict:
    datum = datetime.date.fromisoformat(waarde)
    return {"type": "Datum", "datum": waarde, "langFormaat": lang_formaat(datum)}


def geldige_bsn(rng: random.Random) -> str:
    while True:
        cijfers = [9] + [rng.randint(0, 9) for _ in range(7)]
        totaal = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True))
        laatste = totaal % 11
        if laatste < 10 and cijfers[1:4] != [9, 9, 9]:
            return "".join(map(str, cijfers)) + str(laatste)


def persoon(bsn, voornamen, voorvoegsel, geslachtsnaam, geboren, geslacht, straat, nr, extra):
    naam_delen = [voornamen, voorvoegsel, geslachtsnaam]
    voorletters = " ".join(f"{v[0]}." for v in voornamen.split())
    straatnaam, postcode = STRATEN[straat % len(STRATEN)]
    geboortedatum = datetime.date.fromisoformat(geboren)
    vandaag = datetime.date.today()
    leeftijd = (
        vandaag.year
        - geboortedatum.year
        - ((vandaag.month, vandaag.day) < (geboortedatum.month, geboortedatum.day))
    )
    p = {
        "burgerservicenummer": bsn,
        "geslacht": {"code": geslacht, "omschrijving": {"M": "man", "V": "vrouw"}[geslacht]},
        "leeftijd": leeftijd,
        "naam": {
            "voornamen": voornamen,
            "geslachtsnaam": geslachtsnaam,
            "voorletters": voorletters,
            "volledigeNaam": " ".join(d for d in naam_delen if d),
            **({"voorvoegsel": voorvoegsel} if voorvoegsel else {}),
        },
        "geboorte": {"datum": datum_object(geboren)},
        "verblijfplaats": {
            "type": "Adres",
            "verblijfadres": {
                "officieleStraatnaam": straatnaam,
                "korteStraatnaam": straatnaam[:24],
                "huisnummer": nr,
                "postcode": postcode.replace(" ", ""),
                "woonplaats": "Nijmegen",
            },
            "functieAdres": {"code": "W", "omschrijving": "woonadres"},
        },
        "adressering": {
            "adresregel1": f"{straatnaam} {nr}",
            "adresregel2": f"{postcode}  NIJMEGEN",
            "land": {"code": "6030", "omschrijving": "Nederland"},
        },
        "gemeenteVanInschrijving": GEMEENTE,
    }
    if extra.get("geheim"):
        p["geheimhoudingPersoonsgegevens"] = True
    if extra.get("overleden"):
        p["overlijden"] = {"datum": datum_object(extra["overleden"])}
        p["opschortingBijhouding"] = {
            "reden": {"code": "O", "omschrijving": "overlijden"},
            "datum": datum_object(extra["overleden"]),
        }
    if extra.get("onderzoek"):
        p["inOnderzoek"] = {
            "burgerservicenummer": True,
            "datumIngangOnderzoekPersoon": datum_object("2026-09-01"),
        }
    return p


def bevolking(aantal: int, seed: int = 2026) -> list[dict]:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    mensen = [persoon(*v) for v in VASTE_PERSONEN]
    gezien = {p["burgerservicenummer"] for p in mensen}
    while len(mensen) < aantal:
        bsn = geldige_bsn(rng)
        if bsn in gezien:
            continue
        gezien.add(bsn)
        geslacht = rng.choice("MV")
        voornamen = fake.first_name_male() if geslacht == "M" else fake.first_name_female()
        achternaam = fake.last_name()
        voorvoegsel = ""
        if ", " in achternaam:  # Faker writes "Bourgondië, van"; the BRP keeps them apart
            achternaam, voorvoegsel = achternaam.split(", ", 1)
            voorvoegsel = voorvoegsel.lower()
        for v in VOORVOEGSELS:
            if not voorvoegsel and achternaam.lower().startswith(v + " "):
                voorvoegsel, achternaam = achternaam[: len(v)].lower(), achternaam[len(v) + 1 :]
                break
        geboren = datetime.date(1935, 1, 1) + datetime.timedelta(days=rng.randint(0, 31000))
        mensen.append(
            persoon(
                bsn,
                voornamen,
                voorvoegsel,
                achternaam,
                geboren.isoformat(),
                geslacht,
                rng.randrange(len(STRATEN)),
                rng.randint(1, 250),
                {},
            )
        )
    return mensen


AUTOMATISCH = {
    "geheimhoudingPersoonsgegevens",
    "inOnderzoek",
    "opschortingBijhouding",
    "rni",
    "verificatie",
}
BEPERKT = {"burgerservicenummer", "geboorte", "geslacht", "leeftijd", "naam", "adressering"}
VOLLEDIG = BEPERKT | {"verblijfplaats", "overlijden", "gemeenteVanInschrijving", "nationaliteiten"}


def velden_toepassen(p: dict, velden: list[str]) -> dict:
    """``fields`` as the API applies it: dotted paths select sub-fields; the automatically
    delivered fields come along whenever there is something to say."""
    uit: dict = {}
    for pad in velden:
        bron, doel = p, uit
        delen = pad.split(".")
        for i, deel in enumerate(delen):
            if not isinstance(bron, dict) or deel not in bron:
                break
            if i == len(delen) - 1:
                doel[deel] = bron[deel]
            else:
                doel = doel.setdefault(deel, {})
                bron = bron[deel]
    for veld in AUTOMATISCH:
        if veld in p:
            uit[veld] = p[veld]
    return uit


def _tekst_past(waarde: str, filter_: str) -> bool:
    waarde, filter_ = waarde.lower(), filter_.lower()
    if filter_.endswith("*"):
        return waarde.startswith(filter_[:-1])
    return waarde == filter_


class BrpStub(StubApp):
    specificatie_bestand = "brp-personen-openapi.yaml"

    def __init__(self, *, aantal: int = 400, valideren: bool = True):
        super().__init__(valideren=valideren)
        self.personen = bevolking(aantal)
        self.op_bsn = {p["burgerservicenummer"]: p for p in self.personen}

    def afhandelen(self, methode, pad, query, body, headers, storing):
        if pad.rstrip("/").endswith("/personen") and methode == "POST":
            return 200, self.personen_zoeken(body, storing)
        raise probleem(404, "Opgevraagde resource bestaat niet")

    def personen_zoeken(self, body, storing):
        if not isinstance(body, dict) or "type" not in body:
            raise probleem(
                400,
                "Een of meerdere parameters zijn niet correct.",
                invalidParams=[
                    {"name": "type", "code": "required", "reason": "Parameter is verplicht."}
                ],
            )
        soort = body["type"]
        if self.schemas is not None and soort in self.schemas.doc["components"]["schemas"]:
            fouten = self.schemas.fouten(soort, body)
            if fouten:
                raise probleem(
                    400,
                    "Een of meerdere parameters zijn niet correct.",
                    invalidParams=[
                        {
                            "name": f.split(":")[0],
                            "code": "value",
                            "reason": "Waarde is geen geldige invoer.",
                        }
                        for f in fouten[:10]
                    ],
                )
        velden = body.get("fields") or []
        toegestaan = VOLLEDIG if soort == "RaadpleegMetBurgerservicenummer" else BEPERKT
        fout = [v for v in velden if v.split(".")[0] not in toegestaan]
        if fout:
            raise probleem(
                400,
                "Een of meerdere parameters zijn niet correct.",
                invalidParams=[
                    {
                        "name": "fields",
                        "code": "fields",
                        "reason": "Parameter bevat een niet bestaande veldnaam.",
                    }
                ],
            )
        gevonden = self._zoeken(soort, body)
        if gevonden is None:
            raise probleem(
                400,
                "Een of meerdere parameters zijn niet correct.",
                invalidParams=[
                    {"name": "type", "code": "value", "reason": "Waarde is geen geldig zoek type."}
                ],
            )
        if storing and storing["soort"] == "andere_bsn":
            # well-formed, but about someone else than was asked (a hostile or broken BRP)
            anders = [p for p in self.personen if p not in gevonden]
            gevonden = anders[:1] if gevonden else gevonden
        if storing and storing["soort"] == "ongeldig_bsn":
            gevonden = [{**p, "burgerservicenummer": "123456789"} for p in gevonden]
        personen = [velden_toepassen(p, velden) for p in gevonden]
        if storing and storing["soort"] == "onbekend":
            for p in personen:
                if "geboorte" in p:
                    p["geboorte"]["datum"] = {
                        "type": "DatumOnzeker",
                        "langFormaat": "ergens in 1980",
                    }
                if "verblijfplaats" in p:
                    p["verblijfplaats"] = {"type": "Woonboot", "ligplaats": "Waalhaven"}
        antwoord = {"type": soort, "personen": personen}
        return self.controleren(f"{soort}Response", antwoord)

    def _zoeken(self, soort, body):
        levend = [
            p
            for p in self.personen
            if body.get("inclusiefOverledenPersonen") or "overlijden" not in p
        ]
        if soort == "RaadpleegMetBurgerservicenummer":
            return [self.op_bsn[b] for b in body["burgerservicenummer"] if b in self.op_bsn]
        if soort == "ZoekMetGeslachtsnaamEnGeboortedatum":
            return [
                p
                for p in levend
                if _tekst_past(p["naam"]["geslachtsnaam"], body["geslachtsnaam"])
                and p["geboorte"]["datum"]["datum"] == body["geboortedatum"]
                and _tekst_past(p["naam"]["voornamen"], body.get("voornamen", "*"))
            ]
        if soort == "ZoekMetNaamEnGemeenteVanInschrijving":
            return [
                p
                for p in levend
                if _tekst_past(p["naam"]["geslachtsnaam"], body["geslachtsnaam"])
                and _tekst_past(p["naam"]["voornamen"], body["voornamen"])
                and p["gemeenteVanInschrijving"]["code"] == body["gemeenteVanInschrijving"]
            ][:30]
        if soort == "ZoekMetPostcodeEnHuisnummer":
            postcode = re.sub(r"\s", "", body["postcode"]).upper()
            return [
                p
                for p in levend
                if p["verblijfplaats"]["verblijfadres"]["postcode"] == postcode
                and p["verblijfplaats"]["verblijfadres"]["huisnummer"] == body["huisnummer"]
                and _tekst_past(p["naam"]["geslachtsnaam"], body.get("geslachtsnaam", "*"))
            ]
        if soort == "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving":
            return [
                p
                for p in levend
                if _tekst_past(
                    p["verblijfplaats"]["verblijfadres"]["officieleStraatnaam"], body["straat"]
                )
                and p["verblijfplaats"]["verblijfadres"]["huisnummer"] == body["huisnummer"]
            ]
        return None


def main():
    parser = basis_argumenten(argparse.ArgumentParser(description=__doc__))
    parser.add_argument("--aantal", type=int, default=400, help="how many people live here")
    args = parser.parse_args()
    tls = (args.tls_cert, args.tls_key, args.client_ca) if args.tls_cert else None
    serveren(
        BrpStub(aantal=args.aantal, valideren=not args.niet_valideren),
        args.poort,
        klaar_bestand=args.klaar,
        tls=tls,
    )


if __name__ == "__main__":
    main()
