"""Our records as the objects of the Klantinteracties API (field names and values exactly as
the specification says). What the caller may not see is left out here by level: at
EXISTENCE a klantcontact has no ``onderwerp``, ``inhoud`` or ``reactie`` (empty strings), an
internetaak no ``toelichting``; a portal sees no staff names and no internal notes unless its
client says so."""

from callbacks.models import Terugbelverzoek
from contacts.models import Contactmoment, Partij
from permissions.models import Niveau

from . import ids
from .api import Aanroep
from .lezen import Bijlagen, Collega, heeft_betrokkene, zaak_uuid

GEVRAAGDE_HANDELING = "Contact opnemen met betrokkene"


# References that may be empty: the specification declares them as ``allOf`` + ``nullable``,
# which OAS 3.0.3 does not make nullable (no ``type``), so an empty one is left out (none
# of them is required) rather than sent as null.
_LEEG_WEGLATEN = {
    "voorkeursDigitaalAdres",
    "voorkeursRekeningnummer",
    "subIdentificatorVan",
    "identificeerdePartij",
    "bezoekadres",
    "correspondentieadres",
    "wasPartij",
    "wasKlantcontact",
    "klantcontact",
    "verstrektDoorBetrokkene",
    "verstrektDoorPartij",
    "contactnaam",
}


def _schoon(data: dict) -> dict:
    for sleutel in _LEEG_WEGLATEN & data.keys():
        if data[sleutel] is None:
            del data[sleutel]
    return data


def _tijd(waarde) -> str | None:
    return waarde.isoformat() if waarde else None


def _kort(tekst: str, n: int) -> str:
    return (tekst or "")[:n]


# --- actors ---------------------------------------------------------------------------------


def actor_medewerker(a: Aanroep, m) -> dict:
    identiteit = getattr(m.user, "identiteit", None)
    return actor_collega(
        a,
        Collega(
            id=m.id,
            naam=m.naam,
            email=m.user.email or (identiteit.medewerker_id if identiteit else ""),
            gebruikersnaam=m.user.get_username(),
        ),
    )


def actor_collega(a: Aanroep, m: Collega) -> dict:
    uuid = ids.maak("actor-medewerker", m.id)
    return {
        "uuid": uuid,
        "url": a.url("actoren", uuid),
        "naam": _kort(m.naam, 200),
        "soortActor": "medewerker",
        "indicatieActief": True,
        "actoridentificator": {
            "objectId": _kort(m.email or m.gebruikersnaam, 200),
            "codeObjecttype": "mdw",
            "codeRegister": "msei",
            "codeSoortObjectId": "email" if m.email else "gebruikersnaam",
        },
    }


def actor_afdeling(a: Aanroep, afd) -> dict:
    uuid = ids.maak("actor-afdeling", afd.id)
    eenheid = {"omschrijving": _kort(afd.naam, 200)}
    if afd.email:
        eenheid["emailadres"] = afd.email
    return {
        "uuid": uuid,
        "url": a.url("actoren", uuid),
        "naam": _kort(afd.naam, 200),
        "soortActor": "organisatorische_eenheid",
        "indicatieActief": afd.actief,
        "actoridentificator": {
            "objectId": afd.code,
            "codeObjecttype": "afd",
            "codeRegister": "obj",
            "codeSoortObjectId": "idf",
        },
        "actorIdentificatie": eenheid,
    }


def actor_team(a: Aanroep, team) -> dict:
    uuid = ids.maak("actor-team", team.id)
    eenheid = {"omschrijving": _kort(str(team), 200)}
    if team.email:
        eenheid["emailadres"] = team.email
    return {
        "uuid": uuid,
        "url": a.url("actoren", uuid),
        "naam": _kort(team.naam, 200),
        "soortActor": "organisatorische_eenheid",
        "indicatieActief": team.afdeling.actief,
        "actoridentificator": {
            "objectId": f"team-{team.id}",
            "codeObjecttype": "grp",
            "codeRegister": "obj",
            "codeSoortObjectId": "idf",
        },
        "actorIdentificatie": eenheid,
    }


# --- klantcontacten -------------------------------------------------------------------------


def _resultaat_gelukt(cm) -> bool:
    return cm.resultaat != Contactmoment.Resultaat.NIET_BEREIKT


_VERDERE_ACTIE = {
    Contactmoment.Resultaat.TERUGBELVERZOEK,
    Contactmoment.Resultaat.WARM_DOORVERBONDEN,
    Contactmoment.Resultaat.DOORVERWEZEN,
    Contactmoment.Resultaat.AFSPRAAK,
    Contactmoment.Resultaat.ZAAK_AANGEMAAKT,
    Contactmoment.Resultaat.DOORGEZET,
}


def klantcontact(a: Aanroep, cm, b: Bijlagen, expand: set[str] = frozenset()) -> dict:
    vol = cm.niveau == Niveau.FULL
    uuid = ids.maak("klantcontact", cm.id)
    taken = b.taken.get(cm.id, [])
    onderwerpobjecten = [
        a.fk("onderwerpobjecten", "onderwerpobject-zaak", link_id)
        for link_id, _ in b.zaaklinks.get(cm.id, [])
    ]
    if cm.vorige_id:
        onderwerpobjecten.append(a.fk("onderwerpobjecten", "onderwerpobject-vervolg", cm.id))
    onderwerpobjecten += [
        a.fk("onderwerpobjecten", "onderwerpobject-kennis", k.id)
        for k in b.kennislinks.get(cm.id, [])
    ]
    actoren = []
    if a.interne_velden and (m := b.medewerkers.get(cm.medewerker_id)):
        actoren.append(actor_collega(a, m))
    data = {
        "uuid": uuid,
        "url": a.url("klantcontacten", uuid),
        "gingOverOnderwerpobjecten": onderwerpobjecten,
        "hadBetrokkenActoren": actoren,
        "omvatteBijlagen": [],
        "hadBetrokkenen": [a.fk("betrokkenen", "betrokkene", cm.id)]
        if heeft_betrokkene(cm)
        else [],
        "leiddeTotInterneTaken": [a.fk("internetaken", "internetaak", t.id) for t in taken],
        "nummer": str(cm.id)[:10],
        "referentienummer": str(cm.id)[:10],
        "kanaal": _kort(cm.kanaal_tekst or cm.kanaal.naam, 50),
        "onderwerp": _kort(cm.onderwerp_tekst or cm.onderwerp.naam, 200) if vol else "",
        "inhoud": _kort(cm.vraag, 1000) if vol else "",
        "reactie": _kort(cm.antwoord, 4000) if vol and a.interne_velden else "",
        "indicatieContactGelukt": _resultaat_gelukt(cm),
        "verdereActieOndernomen": cm.resultaat in _VERDERE_ACTIE,
        "taal": "nld",
        "vertrouwelijk": False,
        "plaatsgevondenOp": _tijd(cm.tijdstip),
    }
    if expand:
        data["_expand"] = _klantcontact_expand(a, cm, b, expand)
    if cm.partij_id:
        # a contact of a Nijmegenaar is their data, whatever is expanded: the answer that
        # carries it writes the access-log line (klantinteracties.views)
        a.gezien.add(cm.partij_id)
    return data


def _klantcontact_expand(a: Aanroep, cm, b: Bijlagen, expand: set[str]) -> dict:
    uit: dict = {}
    if "leiddeTotInterneTaken" in expand:
        uit["leiddeTotInterneTaken"] = [internetaak(a, t) for t in b.taken.get(cm.id, [])]
    if "gingOverOnderwerpobjecten" in expand:
        uit["gingOverOnderwerpobjecten"] = onderwerpobjecten_van(a, cm, b)
    if "omvatteBijlagen" in expand:
        uit["omvatteBijlagen"] = []
    if any(d == "hadBetrokkenen" or d.startswith("hadBetrokkenen.") for d in expand):
        sub = {d.split(".", 1)[1] for d in expand if d.startswith("hadBetrokkenen.")}
        uit["hadBetrokkenen"] = [betrokkene(a, cm, b, sub)] if heeft_betrokkene(cm) else []
    return uit


def onderwerpobjecten_van(a: Aanroep, cm, b: Bijlagen) -> list[dict]:
    rijen = [
        onderwerpobject_zaak(a, link_id, cm.id, zaak)
        for link_id, zaak in b.zaaklinks.get(cm.id, [])
    ]
    if cm.vorige_id:
        rijen.append(onderwerpobject_vervolg(a, cm.id, cm.vorige_id))
    rijen += [onderwerpobject_kennis(a, k) for k in b.kennislinks.get(cm.id, [])]
    return rijen


def onderwerpobject_kennis(a: Aanroep, link) -> dict:
    """The knowledge-base answer the contact was given with: a kennisartikel, VAC or product
    by its uuid in the source (codeRegister: the source), a web page by its address."""
    uuid = ids.maak("onderwerpobject-kennis", link.id)
    return _schoon(
        {
            "uuid": uuid,
            "url": a.url("onderwerpobjecten", uuid),
            "klantcontact": a.fk("klantcontacten", "klantcontact", link.contactmoment_id),
            "wasKlantcontact": None,
            "onderwerpobjectidentificator": {
                "objectId": link.object_id[:200],
                "codeObjecttype": link.soort,
                "codeRegister": link.register,
                "codeSoortObjectId": "url" if link.soort == "webpagina" else "uuid",
            },
        }
    )


def onderwerpobject_zaak(a: Aanroep, link_id, cm_id, zaak) -> dict:
    uuid = ids.maak("onderwerpobject-zaak", link_id)
    return _schoon(
        {
            "uuid": uuid,
            "url": a.url("onderwerpobjecten", uuid),
            "klantcontact": a.fk("klantcontacten", "klantcontact", cm_id),
            "wasKlantcontact": None,
            "onderwerpobjectidentificator": {
                "objectId": zaak_uuid(zaak),
                "codeObjecttype": "zgw-Zaak",
                "codeRegister": "openzaak",
                "codeSoortObjectId": "uuid",
            },
        }
    )


def onderwerpobject_vervolg(a: Aanroep, cm_id, vorige_id) -> dict:
    uuid = ids.maak("onderwerpobject-vervolg", cm_id)
    return _schoon(
        {
            "uuid": uuid,
            "url": a.url("onderwerpobjecten", uuid),
            "klantcontact": a.fk("klantcontacten", "klantcontact", cm_id),
            "wasKlantcontact": a.fk("klantcontacten", "klantcontact", vorige_id),
            "onderwerpobjectidentificator": {
                "objectId": ids.maak("klantcontact", vorige_id),
                "codeObjecttype": "klantcontact",
                "codeRegister": "openklant",
                "codeSoortObjectId": "uuid",
            },
        }
    )


# --- betrokkenen ----------------------------------------------------------------------------


def _contactnaam(cm) -> dict:
    p = cm.partij
    if p is not None and p.soort == Partij.Soort.PERSOON:
        voornamen = p.voornamen.split()
        return {
            "voorletters": _kort("".join(f"{v[0]}." for v in voornamen), 10),
            "voornaam": _kort(voornamen[0] if voornamen else "", 200),
            "voorvoegselAchternaam": _kort(p.voorvoegsel, 10),
            "achternaam": _kort(p.geslachtsnaam, 200),
        }
    return {
        "voorletters": "",
        "voornaam": "",
        "voorvoegselAchternaam": "",
        "achternaam": _kort(cm.afzender if p is None else "", 200),
    }


def betrokkene(a: Aanroep, cm, b: Bijlagen, expand: set[str] = frozenset()) -> dict:
    uuid = ids.maak("betrokkene", cm.id)
    p = cm.partij
    verstrekt = b.verstrekt.get(cm.id, [])
    data = {
        "uuid": uuid,
        "url": a.url("betrokkenen", uuid),
        "wasPartij": a.fk("partijen", "partij", cm.partij_id),
        "hadKlantcontact": a.fk("klantcontacten", "klantcontact", cm.id),
        "digitaleAdressen": [
            a.fk("digitaleadressen", "digitaaladres-verstrekt", v.id) for v in verstrekt
        ],
        "bezoekadres": None,
        "correspondentieadres": None,
        "contactnaam": _contactnaam(cm),
        "volledigeNaam": p.weergavenaam if p is not None else cm.afzender,
        "rol": "klant",
        "organisatienaam": _kort(p.naam, 200) if p is not None else "",
        "initiator": cm.richting == Contactmoment.Richting.IN,
    }
    if expand:
        uit: dict = {}
        if "digitaleAdressen" in expand:
            uit["digitaleAdressen"] = [verstrekt_adres(a, v, cm) for v in verstrekt]
        if "wasPartij" in expand:
            uit["wasPartij"] = partij(a, p, b) if p is not None else None
        if "hadKlantcontact" in expand:
            uit["hadKlantcontact"] = klantcontact(a, cm, b)
        data["_expand"] = uit
    if cm.partij_id:
        a.gezien.add(cm.partij_id)
    return _schoon(data)


# --- digitale adressen ----------------------------------------------------------------------


def _adres_van_partij(a: Aanroep, soort: str, obj, adres: str, soort_adres: str, omschrijving):
    """A phone number or e-mail address of a Nijmegenaar, as a digitaal adres."""
    uuid = ids.maak(soort, obj.id)
    a.gezien.add(obj.partij_id)
    return _schoon(
        {
            "uuid": uuid,
            "url": a.url("digitaleadressen", uuid),
            "verstrektDoorBetrokkene": None,
            "verstrektDoorPartij": a.fk("partijen", "partij", obj.partij_id),
            "adres": _kort(adres, 80),
            "soortDigitaalAdres": soort_adres,
            "isStandaardAdres": False,
            "omschrijving": _kort(omschrijving, 40),
            "verificatieDatum": None,
        }
    )


def telefoon(a: Aanroep, t) -> dict:
    return _adres_van_partij(
        a, "digitaaladres-telefoon", t, t.nummer, "telefoonnummer", t.get_soort_display()
    )


def email(a: Aanroep, e) -> dict:
    return _adres_van_partij(a, "digitaaladres-email", e, e.adres, "email", "e-mail")


def verstrekt_adres(a: Aanroep, v, cm) -> dict:
    uuid = ids.maak("digitaaladres-verstrekt", v.id)
    if cm.partij_id:
        a.gezien.add(cm.partij_id)
    return _schoon(
        {
            "uuid": uuid,
            "url": a.url("digitaleadressen", uuid),
            "verstrektDoorBetrokkene": a.fk("betrokkenen", "betrokkene", cm.id),
            "verstrektDoorPartij": a.fk("partijen", "partij", cm.partij_id),
            "adres": _kort(v.adres, 80),
            "soortDigitaalAdres": v.soort,
            "isStandaardAdres": False,
            "omschrijving": _kort(v.omschrijving, 40),
            "verificatieDatum": None,
        }
    )


# --- partijen -------------------------------------------------------------------------------


def losse_identificator(a: Aanroep, los) -> dict:
    """A KVK number kept without its partij (or with the partij that claimed it later)."""
    uuid = ids.maak("identificator-los", los.id)
    return _schoon(
        {
            "uuid": uuid,
            "url": a.url("partij-identificatoren", uuid),
            "identificeerdePartij": a.fk("partijen", "partij", los.partij_id),
            "anderePartijIdentificator": "",
            "partijIdentificator": {
                "codeObjecttype": "niet_natuurlijk_persoon",
                "codeSoortObjectId": "kvk_nummer",
                "objectId": los.kvk_nummer,
                "codeRegister": "hr",
            },
            "subIdentificatorVan": None,
        }
    )


def identificatoren(a: Aanroep, p) -> list[dict]:
    a.gezien.add(p.id)  # a BSN or KVK number is the person's or organisation's data
    rijen = []
    for soort, waarde, objecttype, code, register in [
        ("identificator-bsn", p.bsn, "natuurlijk_persoon", "bsn", "brp"),
        ("identificator-kvk", p.kvk_nummer, "niet_natuurlijk_persoon", "kvk_nummer", "hr"),
        ("identificator-vestiging", p.vestigingsnummer, "vestiging", "vestigingsnummer", "hr"),
    ]:
        if not waarde:
            continue
        uuid = ids.maak(soort, p.id)
        rij = {
            "uuid": uuid,
            "url": a.url("partij-identificatoren", uuid),
            "identificeerdePartij": a.fk("partijen", "partij", p.id),
            "anderePartijIdentificator": "",
            "partijIdentificator": {
                "codeObjecttype": objecttype,
                "codeSoortObjectId": code,
                "objectId": waarde,
                "codeRegister": register,
            },
            "subIdentificatorVan": None,
        }
        if soort == "identificator-vestiging" and p.kvk_nummer:
            rij["subIdentificatorVan"] = a.fk("partij-identificatoren", "identificator-kvk", p.id)
        rijen.append(_schoon(rij))
    return rijen


def _adres(a: Aanroep, p, b: Bijlagen):
    """The address; under BRP secrecy only for a client whose role may see it (as on the
    pages), and for the portal (the resident's own)."""
    adressen = b.adressen.get(p.id, [])
    if not adressen or (p.geheimhouding and not a.portaal and not a.mag_geheim_adres()):
        return None
    adres = adressen[0]
    nummer = f"{adres.huisletter}{'-' + adres.toevoeging if adres.toevoeging else ''}"
    return {
        "straatnaam": _kort(adres.straat, 255),
        "huisnummer": adres.huisnummer if 0 < adres.huisnummer <= 99999 else None,
        "huisnummertoevoeging": _kort(nummer, 20),
        "postcode": f"{adres.postcode[:4]} {adres.postcode[4:]}",
        "stad": _kort(adres.woonplaats, 255),
        "land": "NL",  # ISO 3166 (the specification), not the BRP's own code 6030
    }


def partij(a: Aanroep, p, b: Bijlagen, expand: set[str] = frozenset()) -> dict:
    uuid = ids.maak("partij", p.id)
    a.gezien.add(p.id)
    telefoons, emails = b.telefoons.get(p.id, []), b.emails.get(p.id, [])
    adressen = [a.fk("digitaleadressen", "digitaaladres-telefoon", t.id) for t in telefoons] + [
        a.fk("digitaleadressen", "digitaaladres-email", e.id) for e in emails
    ]
    if p.soort == Partij.Soort.PERSOON:
        voornamen = p.voornamen.split()
        identificatie = {
            "contactnaam": {
                "voorletters": _kort("".join(f"{v[0]}." for v in voornamen), 10),
                "voornaam": _kort(voornamen[0] if voornamen else "", 200),
                "voorvoegselAchternaam": _kort(p.voorvoegsel, 10),
                "achternaam": _kort(p.geslachtsnaam, 200),
            },
            "volledigeNaam": p.weergavenaam,
        }
    else:
        identificatie = {"naam": _kort(p.naam, 200)}
    adres = _adres(a, p, b)
    data = {
        "uuid": uuid,
        "url": a.url("partijen", uuid),
        "nummer": str(p.id)[:10],
        "interneNotitie": "",
        "betrokkenen": [],
        "categorieRelaties": [],
        "digitaleAdressen": adressen,
        "voorkeursDigitaalAdres": None,
        "vertegenwoordigden": [],
        "rekeningnummers": [],
        "voorkeursRekeningnummer": None,
        "partijIdentificatoren": identificatoren(a, p),
        "soortPartij": p.soort,
        "indicatieGeheimhouding": p.geheimhouding,
        "voorkeurstaal": "nld",
        "indicatieActief": not p.overleden,
        "bezoekadres": adres if p.soort == Partij.Soort.ORGANISATIE else None,
        "correspondentieadres": adres if p.soort == Partij.Soort.PERSOON else None,
        "partijIdentificatie": identificatie,
    }
    if "digitaleAdressen" in expand:
        data["_expand"] = {
            "digitaleAdressen": [telefoon(a, t) for t in telefoons] + [email(a, e) for e in emails]
        }
    return _schoon(data)


# --- internetaken ---------------------------------------------------------------------------


def internetaak(a: Aanroep, t: Terugbelverzoek) -> dict:
    uuid = ids.maak("internetaak", t.id)
    actoren = []
    if t.afdeling_id:
        actoren.append(a.fk("actoren", "actor-afdeling", t.afdeling_id))
    if t.team_id:
        actoren.append(a.fk("actoren", "actor-team", t.team_id))
    if t.opgepakt_door_id and a.interne_velden:
        actoren.append(a.fk("actoren", "actor-medewerker", t.opgepakt_door_id))
    if t.partij_id:
        a.gezien.add(t.partij_id)
    data = {
        "uuid": uuid,
        "url": a.url("internetaken", uuid),
        "nummer": str(t.id)[:10],
        "referentienummer": str(t.id)[:10],
        "gevraagdeHandeling": GEVRAAGDE_HANDELING,
        "aanleidinggevendKlantcontact": a.fk("klantcontacten", "klantcontact", t.contactmoment_id),
        "toegewezenAanActoren": actoren,
        "toelichting": _kort(t.vraag, 1000) if t.niveau == Niveau.FULL and a.interne_velden else "",
        "status": "verwerkt" if t.status == Terugbelverzoek.Status.AFGEHANDELD else "te_verwerken",
        "toegewezenOp": _tijd(t.gerouteerd_op or t.aangemaakt),
        "afgehandeldOp": _tijd(t.afgehandeld_op),
        # ours, beside the standard: the deadline the resident was told
        "terugbellenVoor": _tijd(t.deadline),
    }
    if actoren:
        data["toegewezenAanActor"] = actoren[0]  # the first, as Open Klant answers
    return data
