"""The catalogue as the demo uses it: the reference file's kanalen, onderwerpen and
zaaktypen, with how often each occurs in the demo's traffic."""

from sources import catalogus

# The catalogue comes from the reference file (sources/data/catalogus-nijmegen.toml); the demo
# adds only how often each kanaal, onderwerp and zaaktype occurs in its traffic, and which
# afdeling handles a zaaktype. Built in the file's order: same seed, same data.
_CATALOGUS = catalogus.lezen()
_KANAAL_GEWICHT = {
    "telefoon": 45, "balie-stadswinkel": 12, "balie-dukenburg": 4, "webformulier": 14,
    "e-mail": 10, "post": 5, "mijn-nijmegen": 5, "chat": 3, "sociale-media": 2,
}  # fmt: skip
_ONDERWERP_GEWICHT = {
    "paspoort": 10, "identiteitskaart": 6, "rijbewijs": 6, "verhuizing": 7, "uittreksel-brp": 3,
    "afspraak-stadswinkel": 5, "algemene-vraag": 6, "klantsignaal": 1, "wmo-huishouden": 4,
    "wmo-hulpmiddelen": 3, "wmo-woningaanpassing": 2, "bijstand": 4, "schuldhulp": 2,
    "minimaregelingen": 2, "omgevingsvergunning": 3, "evenementenvergunning": 1,
    "straatverlichting": 3, "losse-stoeptegel": 2, "zwerfafval": 2, "grofvuil": 5,
    "containerpas": 2, "woz": 3, "kwijtschelding": 2, "parkeervergunning": 5,
    "gehandicaptenparkeerkaart": 1, "klacht": 2, "bezwaar": 1, "woo-verzoek": 1,
}  # fmt: skip
# zaaktype code: (afdeling code, weight)
_ZAAKTYPE_DEMO = {
    "paspoortaanvraag": ("publiekszaken", 14), "id-kaartaanvraag": ("publiekszaken", 8),
    "rijbewijsaanvraag": ("publiekszaken", 6), "verhuizing": ("publiekszaken", 10),
    "wmo-aanvraag": ("wmo", 8), "bijstandsaanvraag": ("werk-en-inkomen", 5),
    "schuldhulp": ("werk-en-inkomen", 2), "meedoenregeling": ("werk-en-inkomen", 2),
    "briks-omgevingsvergunning": ("vergunningen", 4), "evenementenvergunning": ("vergunningen", 1),
    "meld-herstel": ("openbare-ruimte", 12), "grofvuil": ("openbare-ruimte", 8),
    "containerpas": ("openbare-ruimte", 3), "parkeervergunning": ("parkeren", 7),
    "gehandicaptenparkeerkaart": ("parkeren", 1), "kwijtschelding": ("belastingen", 4),
    "woz-bezwaar": ("belastingen", 3), "klacht": ("juridische-zaken", 2),
    "bezwaar": ("juridische-zaken", 2), "woo-verzoek": ("juridische-zaken", 1),
}  # fmt: skip
# code, naam, domeinen, teams
AFDELINGEN = [
    (a["code"], a["naam"], a.get("domeinen", []), a.get("teams", []))
    for a in _CATALOGUS["afdeling"]
]
# code, naam, digitaal, volgorde, weight in the demo traffic
KANALEN = [
    (k["code"], k["naam"], k.get("digitaal", False), k.get("volgorde", 0),
     _KANAAL_GEWICHT.get(k["code"], 1))
    for k in _CATALOGUS["kanaal"]
]  # fmt: skip
# code, naam, domein, weight
ONDERWERPEN = [
    (o["code"], o["naam"], o["domein"], _ONDERWERP_GEWICHT.get(o["code"], 1))
    for o in _CATALOGUS["onderwerp"]
]
# code, omschrijving, domein, doorlooptijd (dagen), afdeling, weight
ZAAKTYPEN = [
    (z["code"], z["omschrijving"], z["domein"], z.get("doorlooptijd_dagen"),
     *_ZAAKTYPE_DEMO.get(z["code"], ("kcc", 1)))
    for z in _CATALOGUS["zaaktype"]
]  # fmt: skip
