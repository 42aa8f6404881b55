"""Nothing above a client's level leaks through the API: every endpoint × a client bound to
every role × records in every domein, each with unique markers in its content fields (as
the page crawler in tests/klantbeeld does for the pages). A record at NONE is absent from
lists, counts, filters and expand; one at EXISTENCE comes without its content."""

import pytest
from django.utils import timezone

from callbacks.models import Terugbelverzoek
from contacts.models import Contactmoment
from klantinteracties import ids
from klantinteracties.models import VerstrektAdres
from permissions.models import Afdeling, Niveau
from permissions.visibility import domein_levels
from tests.factories import ContactmomentFactory, PersoonFactory, ZaakFactory, ZaaktypeFactory

pytestmark = pytest.mark.django_db
ROLLEN = [
    "kcc",
    "balie",
    "wmo",
    "briks",
    "meldherstel",
    "teamleider",
    "beheer",
    "privacy",
    "management",
]
ALLES = (
    "leiddeTotInterneTaken,gingOverOnderwerpobjecten,hadBetrokkenen,"
    "hadBetrokkenen.digitaleAdressen,hadBetrokkenen.wasPartij"
)


def _opzetten(wereld):
    persoon = PersoonFactory(geslachtsnaam="Lekproef")
    elders = Afdeling.objects.create(code="elders", naam="Elders")
    per_domein = {}
    for code, onderwerp in wereld.onderwerpen.items():
        cm = ContactmomentFactory(
            partij=persoon,
            onderwerp=onderwerp,
            kanaal=wereld.kanalen["telefoon"],
            vraag=f"CV{code}X",
            antwoord=f"CA{code}X",
        )
        zaak = ZaakFactory(
            partij=persoon,
            # a domein of other systems' subjects has no zaaktype in the catalogue; one here
            # all the same, so every level is probed on a zaak too
            zaaktype=wereld.zaaktypen.get(code)
            or ZaaktypeFactory(code=f"zaaktype-{code}", domein=wereld.domeinen[code]),
            afdeling=wereld.afdelingen["kcc"],
            omschrijving=f"ZO{code}X",
        )
        zaak.contactmomenten.add(cm)
        adres = VerstrektAdres.objects.create(
            contactmoment=cm, soort="email", adres=f"va{code.replace('-', '')}x@voorbeeld.nl"
        )
        tbv = Terugbelverzoek.objects.create(
            partij=persoon,
            contactmoment=cm,
            onderwerp=onderwerp,
            vraag=f"TV{code}X",
            telefoonnummer="+31612345678",
            afdeling=elders,
            status="nieuw",
            deadline=timezone.now(),
            aangemaakt=timezone.now(),
        )
        link = zaak.contactmomenten.through.objects.get(zaak=zaak, contactmoment=cm)
        per_domein[code] = {
            "cm": cm,
            "zaak": zaak,
            "adres": adres,
            "tbv": tbv,
            "uuids": [
                ids.maak("klantcontact", cm.id),
                ids.maak("betrokkene", cm.id),
                ids.maak("internetaak", tbv.id),
                ids.maak("onderwerpobject-zaak", link.id),
                ids.maak("digitaaladres-verstrekt", adres.id),
            ],
        }
    return persoon, per_domein


def _alles_lezen(api_, persoon, per_domein, wereld):
    """Every endpoint the client can read, with every filter and expand: [(name, status, body)]."""
    p = ids.maak("partij", persoon.id)
    aanroepen = [
        ("klantcontacten", {"hadBetrokkene__wasPartij__uuid": p, "expand": ALLES}),
        (
            "klantcontacten",
            {"hadBetrokkene__wasPartij__partijIdentificator__objectId": persoon.bsn},
        ),
        (
            "betrokkenen",
            {"wasPartij__uuid": p, "expand": "digitaleAdressen,hadKlantcontact,wasPartij"},
        ),
        ("internetaken", {"pageSize": 100}),
        ("internetaken", {"actoren__naam": "Elders"}),
        ("digitaleadressen", {"verstrektDoorPartij__uuid": p, "expand": "verstrektDoorBetrokkene"}),
        ("partijen", {"partijIdentificator__objectId": persoon.bsn, "expand": "digitaleAdressen"}),
        ("partij-identificatoren", {"partijIdentificatorObjectId": persoon.bsn}),
        ("actoren", {}),
    ]
    for code, d in per_domein.items():
        aanroepen += [
            ("klantcontacten", {"onderwerp": f"Onderwerp {code}"}),
            ("klantcontacten", {"inhoud": f"CV{code}X"}),
            (
                "klantcontacten",
                {
                    "onderwerpobject__onderwerpobjectidentificatorObjectId": ids.maak(
                        "zaak", d["zaak"].id
                    )
                },
            ),
            ("digitaleadressen", {"adres": d["adres"].adres}),
        ]
    resources = {
        "klantcontact": "klantcontacten",
        "betrokkene": "betrokkenen",
        "internetaak": "internetaken",
        "onderwerpobject-zaak": "onderwerpobjecten",
        "digitaaladres-verstrekt": "digitaleadressen",
    }
    for d in per_domein.values():
        for uuid in d["uuids"]:
            soort, _ = ids.lees(uuid)
            aanroepen.append((f"{resources[soort]}/{uuid}", {"expand": ALLES}))
    antwoorden = []
    for pad, params in aanroepen:
        status, body = api_._doe("GET", pad, params=params)
        antwoorden.append((f"{pad} {params}", status, str(body)))
    return antwoorden


def test_no_endpoint_shows_anything_above_the_clients_level(api, wereld):
    persoon, per_domein = _opzetten(wereld)
    assert Contactmoment.objects.count() == len(wereld.onderwerpen)
    gecontroleerd = 0
    for short in ROLLEN:
        client = api(short, naam=f"Lekproef {short}")
        niveaus = domein_levels(client.client.gebruiker)
        antwoorden = _alles_lezen(client, persoon, per_domein, wereld)
        if short in ("beheer", "privacy", "management"):
            # roles that do not serve the public: no resident data at all
            for naam, status, _body in antwoorden:
                if not naam.startswith("actoren"):
                    assert status == 403, (short, naam, status)
            continue
        for code, d in per_domein.items():
            niveau = niveaus.get(wereld.domeinen[code].id, Niveau.NONE)
            verboden = []
            if niveau < Niveau.FULL:
                verboden += [f"CV{code}X", f"CA{code}X", f"TV{code}X"]
            if niveau == Niveau.NONE:
                verboden += [*d["uuids"], d["adres"].adres, ids.maak("zaak", d["zaak"].id)]
            for naam, _, body in antwoorden:
                for marker in verboden:
                    assert marker not in body, f"{short} sees {marker} in {naam}"
                gecontroleerd += 1
        # counts: only what the role may know exists
        zichtbaar = sum(
            1 for code in per_domein if niveaus.get(wereld.domeinen[code].id, 0) > Niveau.NONE
        )
        lijst = client.get(
            "klantcontacten", hadBetrokkene__wasPartij__uuid=ids.maak("partij", persoon.id)
        )
        assert lijst["count"] == zichtbaar, short
        if short in ("kcc", "balie", "teamleider"):
            # positive control: the crawl really saw content this role sees in full
            assert any("CVpubliekszakenX" in body for _, _, body in antwoorden), short
            assert any("TVpubliekszakenX" in body for _, _, body in antwoorden), short
    assert gecontroleerd > 1000


def test_the_portal_sees_only_the_one_resident_and_no_internal_fields(portaal, wereld):
    persoon, per_domein = _opzetten(wereld)
    ander = PersoonFactory(geslachtsnaam="Buurman")
    vreemd = ContactmomentFactory(
        partij=ander, onderwerp=wereld.onderwerpen["publiekszaken"], vraag="VREEMDX"
    )
    mijn = portaal(persoon.bsn)
    lijst = mijn.get("klantcontacten")
    assert lijst["count"] == len(per_domein)  # all of hers, whatever the domein
    tekst = str(lijst)
    assert "CVwmoX" in tekst  # her own question about the WMO
    assert "CAwmoX" not in tekst  # the colleague's answer or notes: internal
    assert wereld.users["kcc"].last_name not in tekst
    taken = mijn.get("internetaken")
    assert taken["count"] == len(per_domein)
    assert all(t["terugbellenVoor"] and t["toelichting"] == "" for t in taken["results"])
    # never another person's records, whatever the portal asks for
    for pad in [
        f"klantcontacten/{ids.maak('klantcontact', vreemd.id)}",
        f"betrokkenen/{ids.maak('betrokkene', vreemd.id)}",
        f"partijen/{ids.maak('partij', ander.id)}",
    ]:
        mijn.get(pad, verwacht=404)
    anders = mijn.get("klantcontacten", hadBetrokkene__wasPartij__uuid=ids.maak("partij", ander.id))
    assert anders["count"] == 0
    assert "VREEMDX" not in str(mijn.get("klantcontacten", nummer=str(vreemd.id)))
    # the other person's own portal session sees theirs and nothing of hers
    buurman = portaal(ander.bsn)
    assert [k["inhoud"] for k in buurman.get("klantcontacten")["results"]] == ["VREEMDX"]
    # a portal reads only, and only with the resident's BSN
    mijn.post("klantcontacten", {"kanaal": "Telefoon", "onderwerp": "x"}, verwacht=403)
    mijn.get("actoren", verwacht=403)
    portaal("123456789").get("klantcontacten", verwacht=403)
    # configured to show internal fields, it does
    intern = portaal(persoon.bsn, interne_velden=True)
    assert "CAwmoX" in str(intern.get("klantcontacten"))
