"""A stub of the KVK Handelsregister APIs: Zoeken 2.1 (``GET /api/v2/zoeken``) and
Basisprofiel 1.3 (``GET /api/v1/basisprofielen/{kvkNummer}``), with the ``apikey`` header.

Organisations in Nijmegen that are not in the demo register (KVK numbers starting with 09).
Zoeken answers 404 when nothing matches, as KVK does. Every answer is checked against the
specification before it is sent.

    python -m demo.stubs.kvk --poort 8103
"""

import argparse
import random

from .basis import Antwoord, Schemas, StubApp, basis_argumenten, probleem, serveren

VASTE = [
    # kvk, rsin, naam, straat, nr, postcode, vestigingen
    ("09000011", "859623841", "Bakkerij De Waalkant B.V.", "Waalkade", 12, "6511XR", 1),
    ("09000023", "876317062", "Stichting Buurtwerk Dukenburg", "Meijhorst", 70, "6537KL", 2),
    ("09000035", "", "Fietsenmaker Jansen", "Groenestraat", 201, "6531HH", 1),
]
NAMEN = ["Bouwbedrijf", "Kapsalon", "Huisartsenpraktijk", "Café", "Stichting", "Installatiebedrijf"]
STRATEN = [("Molenstraat", "6511HC"), ("Graafseweg", "6512BS"), ("Hatertseweg", "6533AB")]


def _rsin(rng) -> str:
    """A 9-digit RSIN that passes the eleven test (as a BSN does)."""
    while True:
        cijfers = [8] + [rng.randint(0, 9) for _ in range(7)]
        rest = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True)) % 11
        if rest < 10:
            return "".join(map(str, cijfers)) + str(rest)


def organisaties(aantal: int, seed: int = 2026) -> list[dict]:
    rng = random.Random(seed)
    uit = []
    for i, (kvk, rsin, naam, straat, nr, postcode, n) in enumerate(VASTE):
        uit.append(_organisatie(i, kvk, rsin, naam, straat, nr, postcode, n))
    while len(uit) < aantal:
        i = len(uit)
        straat, postcode = STRATEN[i % len(STRATEN)]
        wijk = rng.choice(["Van Dijk", "De Brug", "Nijmegen-Oost", "Lent", "Hees"])
        naam = f"{NAMEN[i % len(NAMEN)]} {wijk} {i}"
        uit.append(
            _organisatie(
                i,
                f"09{i:06d}",
                _rsin(rng) if i % 3 else "",
                naam,
                straat,
                rng.randint(1, 300),
                postcode,
                1 + i % 2,
            )
        )
    return uit


def _organisatie(i, kvk, rsin, naam, straat, nr, postcode, n):
    vestigingen = [
        {
            "vestigingsnummer": f"{9000 + i:04d}{j:08d}",
            "naam": naam if j == 0 else f"{naam} (filiaal {j})",
            "type": "hoofdvestiging" if j == 0 else "nevenvestiging",
            "straat": straat,
            "huisnummer": nr + 2 * j,
            "postcode": postcode,
        }
        for j in range(n)
    ]
    return {"kvk": kvk, "rsin": rsin, "naam": naam, "vestigingen": vestigingen}


class KvkStub(StubApp):
    specificatie_bestand = "kvk-zoeken-openapi.yaml"

    def __init__(self, *, aantal=60, apikey="", valideren=True):
        super().__init__(valideren=valideren)
        self.profiel = Schemas("kvk-basisprofiel-openapi.yaml") if valideren else None
        self.organisaties = organisaties(aantal)
        self.apikey = apikey

    def fout_body(self, status):
        return {"fout": [{"code": f"IPD{status}", "omschrijving": "Fout in de stub"}]}

    def _fout(self, status, code, omschrijving):
        return Antwoord(
            status, {"fout": [{"code": code, "omschrijving": omschrijving}]}, "application/json"
        )

    def afhandelen(self, methode, pad, query, body, headers, storing):
        if self.apikey and headers.get("apikey") != self.apikey:
            raise self._fout(401, "IPD0001", "Geen of onjuiste apikey aangeleverd")
        if methode != "GET":
            raise probleem(405, "Methode niet toegestaan")
        if pad.rstrip("/").endswith("/v2/zoeken"):
            return 200, self.zoeken({k: v[0] for k, v in query.items()}, storing)
        if "/v1/basisprofielen/" in pad:
            kvk = pad.rstrip("/").rsplit("/", 1)[-1]
            return 200, self.basisprofiel(kvk)
        raise self._fout(404, "IPD0004", "Niet gevonden")

    def zoeken(self, q, storing):
        items = []
        for o in self.organisaties:
            for v in o["vestigingen"]:
                if q.get("kvkNummer") and o["kvk"] != q["kvkNummer"]:
                    continue
                if q.get("rsin") and o["rsin"] != q["rsin"]:
                    continue
                if q.get("vestigingsnummer") and v["vestigingsnummer"] != q["vestigingsnummer"]:
                    continue
                if q.get("naam") and q["naam"].lower() not in v["naam"].lower():
                    continue
                if q.get("postcode") and v["postcode"] != q["postcode"].replace(" ", "").upper():
                    continue
                if q.get("huisnummer") and str(v["huisnummer"]) != q["huisnummer"]:
                    continue
                if q.get("type") and v["type"] != q["type"]:
                    continue
                items.append(
                    {
                        "kvkNummer": o["kvk"],
                        **({"rsin": o["rsin"]} if o["rsin"] else {}),
                        "vestigingsnummer": v["vestigingsnummer"],
                        "naam": v["naam"],
                        "adres": {
                            "binnenlandsAdres": {
                                "type": "bezoekadres",
                                "straatnaam": v["straat"],
                                "huisnummer": v["huisnummer"],
                                "postcode": v["postcode"],
                                "plaats": "Nijmegen",
                            }
                        },
                        "type": v["type"],
                        "actief": "Ja",
                    }
                )
        if not items:
            raise self._fout(404, "IPD5200", "Geen resultaten gevonden")
        per = min(int(q.get("resultatenPerPagina", 10)), 100)
        pagina = int(q.get("pagina", 1))
        deel = items[(pagina - 1) * per : pagina * per]
        if storing and storing["soort"] == "onbekend":
            deel[0]["adres"]["binnenlandsAdres"]["type"] = "werkadres"  # not in the enum
            return {
                "pagina": pagina,
                "resultatenPerPagina": per,
                "totaal": len(items),
                "resultaten": deel,
            }
        antwoord = {
            "pagina": pagina,
            "resultatenPerPagina": per,
            "totaal": len(items),
            "resultaten": deel,
        }
        return self.controleren("Resultaat", antwoord)

    def basisprofiel(self, kvk):
        o = next((o for o in self.organisaties if o["kvk"] == kvk), None)
        if o is None:
            raise self._fout(404, "IPD0004", "Het kvkNummer is niet gevonden")
        h = o["vestigingen"][0]
        adres = {
            "type": "bezoekadres",
            "indAfgeschermd": "Nee",
            "volledigAdres": f"{h['straat']} {h['huisnummer']} {h['postcode']} Nijmegen",
            "straatnaam": h["straat"],
            "huisnummer": h["huisnummer"],
            "postcode": h["postcode"],
            "plaats": "Nijmegen",
            "land": "Nederland",
        }
        antwoord = {
            "kvkNummer": o["kvk"],
            "naam": o["naam"],
            "formeleRegistratiedatum": "20150301",
            "statutaireNaam": o["naam"],
            "handelsnamen": [{"naam": o["naam"], "volgorde": 0}],
            "_embedded": {
                "hoofdvestiging": {
                    "vestigingsnummer": h["vestigingsnummer"],
                    "kvkNummer": o["kvk"],
                    **({"rsin": o["rsin"]} if o["rsin"] else {}),
                    "eersteHandelsnaam": o["naam"],
                    "indHoofdvestiging": "Ja",
                    "adressen": [adres],
                },
                "eigenaar": {
                    **({"rsin": o["rsin"]} if o["rsin"] else {}),
                    "rechtsvorm": "BeslotenVennootschap",
                },
            },
        }
        if self.profiel is not None and (fouten := self.profiel.fouten("Basisprofiel", antwoord)):
            raise probleem(500, f"Stub-antwoord past niet: {fouten[:2]}")
        return antwoord


def main():
    parser = basis_argumenten(argparse.ArgumentParser(description=__doc__))
    parser.add_argument("--aantal", type=int, default=60)
    parser.add_argument("--apikey", default="")
    args = parser.parse_args()
    serveren(
        KvkStub(aantal=args.aantal, apikey=args.apikey, valideren=not args.niet_valideren),
        args.poort,
        klaar_bestand=args.klaar,
    )


if __name__ == "__main__":
    main()
