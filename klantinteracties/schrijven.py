"""Writes through the API: each one reads the request body, then calls the same services as
the pages (contacts, callbacks, channels), in one transaction. A klantcontact posted by KISS
is a contact like one registered in the klantbeeld (access log included); an internetaak is
a callback request like one from our own form: routed by Celery, with its deadline, in the
department's queue. Unknown fields are ignored (KISS sends extra ones); bad input is a 400
with the field and a plain-Dutch reason, and changes nothing."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from callbacks.models import Terugbelverzoek
from callbacks.services import (
    NietBeschikbaar,
    terugbelverzoek_aanmaken,
    terugbelverzoek_afsluiten,
    terugbelverzoek_doorsturen,
    terugbelverzoek_heropenen,
    terugbelverzoek_oppakken,
)
from channels.services.koppelen import contactmoment_koppelen
from contacts import normalise
from contacts.models import Contactmoment, Kanaal, Onderwerp, Partij
from contacts.selectors import kanaal_voor_tekst, onderwerp_voor_tekst
from contacts.services import (
    afzender_vastleggen,
    behandelaar_vastleggen,
    contactmoment_corrigeren,
    contactmoment_registreren,
    emailadres_toevoegen,
    identificatie_vastleggen,
    klantreis_wijzigen,
    partij_koppelen_past,
    partij_registreren,
    telefoonnummer_toevoegen,
)
from contacts.validators import validate_bsn, validate_kvk_nummer, validate_vestigingsnummer
from permissions.models import Medewerker, Niveau, Team
from permissions.services import collega_vooraf_vastleggen

from . import ids, lezen, validatie
from .api import Aanroep, Fout, ongeldig, uuid_uit
from .models import LosseIdentificator, VerstrektAdres


def _tekst(data, veld, n, *, verplicht=False) -> str:
    waarde = data.get(veld)
    if waarde is None:
        waarde = ""
    if not isinstance(waarde, str):
        raise ongeldig(veld, _("%(veld)s must be text.") % {"veld": veld})
    if verplicht and not waarde.strip():
        raise ongeldig(veld, _("Fill in %(veld)s.") % {"veld": veld}, "required")
    return waarde.strip()[:n]


OPBOUW_SECONDEN = 3600


def _opbouw_sleutel(a: Aanroep, cm_id: int) -> str:
    return f"kcc:api:opbouw:{a.client.id}:{cm_id}"


def _contact(a: Aanroep, data, veld, *, vol=True):
    """The klantcontact a write refers to. It must be one the client sees in full, or one it
    registered itself within the hour (KISS builds a contact in steps: the contact, then who
    it was with, the agent, the zaak and the callback request; a KCC role sees a WMO contact
    only at EXISTENCE, yet must be able to finish the one it is registering)."""
    pk = ids.pk(uuid_uit(data.get(veld), veld), "klantcontact")
    cm = lezen.klantcontacten(a).filter(pk=pk or 0).first()
    if cm is not None and vol and cm.niveau != Niveau.FULL:
        cm = cm if cache.get(_opbouw_sleutel(a, cm.id)) else None
    if cm is None:
        raise ongeldig(veld, _("This klantcontact does not exist, or this client may not see it."))
    return cm


def _alleen_systeem(a: Aanroep):
    if a.portaal:
        raise Fout(403, _("A portal only reads."))


# --- klantcontacten -------------------------------------------------------------------------


def _kanaal(naam: str) -> tuple[Kanaal, str]:
    """Our channel for the text, and the text to keep when it is not one of ours: the
    functioneel beheerder's mapping, else "Overig" (KCC_API_STANDAARD_KANAAL). The answer
    returns the text as it was sent."""
    kanaal = kanaal_voor_tekst(naam)
    if kanaal is not None:
        return kanaal, "" if naam.strip() == kanaal.naam else naam
    kanaal = Kanaal.objects.filter(actief=True, code=settings.KCC_API_STANDAARD_KANAAL).first()
    if kanaal is None:
        bekend = ", ".join(Kanaal.objects.filter(actief=True).values_list("naam", flat=True))
        raise ongeldig(
            "kanaal", _("We do not know this channel. Use one of: %(k)s.") % {"k": bekend}
        )
    return kanaal, naam


def _onderwerp(tekst: str) -> tuple[Onderwerp, str]:
    """Our subject for the text, and the text to keep when it is not one of ours. A text
    nothing places gets the subject "niet ingedeeld" (KCC_API_STANDAARD_ONDERWERP): shown to
    the front office only as existing, in full to the department of its task, never filed
    under a general subject everyone reads."""
    gevonden = onderwerp_voor_tekst(tekst)
    if gevonden is not None:
        eigen = tekst.strip().lower() in (gevonden.naam.lower(), gevonden.code.lower())
        return gevonden, "" if eigen else tekst
    standaard = Onderwerp.objects.filter(
        actief=True, code=settings.KCC_API_STANDAARD_ONDERWERP
    ).first()
    if standaard is None:
        raise ongeldig(
            "onderwerp",
            _("This subject is not in our catalogue, and no general subject is set."),
        )
    return standaard, tekst


def klantcontact_aanmaken(a: Aanroep, data: dict) -> Contactmoment:
    _alleen_systeem(a)
    validatie.nagaan("Klantcontact", data)
    kanaal, kanaal_tekst = _kanaal(_tekst(data, "kanaal", 50, verplicht=True))
    onderwerp_tekst = _tekst(data, "onderwerp", 200, verplicht=True)
    inhoud = _tekst(data, "inhoud", 4000)
    reactie = _tekst(data, "reactie", 4000)
    tijdstip = None
    if data.get("plaatsgevondenOp"):
        tijdstip = parse_datetime(str(data["plaatsgevondenOp"]))
        if tijdstip is None or tijdstip.tzinfo is None:
            raise ongeldig(
                "plaatsgevondenOp", _("Give a time with its zone, like 2026-12-01T10:30:00+01:00.")
            )
    onderwerp, eigen_tekst = _onderwerp(onderwerp_tekst)
    gelukt = data.get("indicatieContactGelukt")
    resultaat = (
        Contactmoment.Resultaat.NIET_BEREIKT
        if gelukt is False
        else Contactmoment.Resultaat.BEANTWOORD
    )
    cm = contactmoment_registreren(
        partij=None,
        kanaal=kanaal,
        onderwerp=onderwerp,
        onderwerp_tekst=eigen_tekst,
        kanaal_tekst=kanaal_tekst,
        vraag=inhoud or onderwerp_tekst,
        antwoord=reactie,
        resultaat=resultaat,
        door=a.user,
        tijdstip=tijdstip,
        herkomst=a.herkomst,
        doel=_("Contact registered through the Klantinteracties API by %(c)s")
        % {"c": a.client.naam},
    )
    cache.set(_opbouw_sleutel(a, cm.id), 1, OPBOUW_SECONDEN)
    return cm


def klantcontact_corrigeren(a: Aanroep, pk, data: dict) -> None:
    _alleen_systeem(a)
    validatie.nagaan("Klantcontact", data)
    cm = lezen.klantcontacten(a).filter(pk=pk or 0, niveau=Niveau.FULL).first()
    if cm is None:
        raise Fout(404, _("There is no such object, or this client may not see it."))
    for veld, ons in (("inhoud", "vraag"), ("reactie", "antwoord")):
        if veld in data and _tekst(data, veld, 4000) != getattr(cm, ons):
            contactmoment_corrigeren(
                contactmoment=cm,
                veld=ons,
                tekst=_tekst(data, veld, 4000),
                door=a.user,
                reden=_("Changed through the Klantinteracties API by %(c)s") % {"c": a.client.naam},
            )


# --- betrokkenen, actors, onderwerpobjecten -------------------------------------------------


def _volledige_naam(data) -> str:
    naam = data.get("contactnaam") or {}
    if not isinstance(naam, dict):
        raise ongeldig("contactnaam", _("contactnaam is an object with the parts of a name."))
    delen = [naam.get(d) or "" for d in ("voornaam", "voorvoegselAchternaam", "achternaam")]
    return (
        " ".join(str(d).strip() for d in delen if str(d).strip())
        or str(data.get("organisatienaam") or "").strip()
    )


def betrokkene_aanmaken(a: Aanroep, data: dict) -> int:
    """Who the contact was with: a Nijmegenaar (``wasPartij``: the contact moves into their
    timeline and the access log says so), or the name an unknown caller gave."""
    _alleen_systeem(a)
    validatie.nagaan("Betrokkene", data)
    cm = _contact(a, data, "hadKlantcontact")
    if data.get("wasPartij"):
        pk = ids.pk(uuid_uit(data["wasPartij"], "wasPartij"), "partij")
        partij = lezen.partijen(a).filter(pk=pk or 0).first()
        if partij is None:
            raise ongeldig("wasPartij", _("This partij does not exist."))
        if cm.partij_id == partij.id:
            return cm.id
        if cm.partij_id:
            raise ongeldig("hadKlantcontact", _("This klantcontact is of someone else already."))
        with transaction.atomic():
            partij_koppelen_past(contactmoment=cm, partij=partij)
            contactmoment_koppelen(
                contactmoment_id=cm.id,
                partij=partij,
                door=a.user,
                herkomst=a.herkomst,
                minimaal=Niveau.FULL if cm.niveau == Niveau.FULL else Niveau.EXISTENCE,
            )
            # an address given during the contact stays with the contact (and its level);
            # it joins the Nijmegenaar's own details only when a colleague adds it
        return cm.id
    afzender_vastleggen(contactmoment_id=cm.id, afzender=_volledige_naam(data) or _("Unknown"))
    return cm.id


def _medewerker_actor(a: Aanroep, data, veld) -> Medewerker | None:
    gelezen = ids.lees(uuid_uit(data.get(veld), veld), "actor-medewerker", "actor-afdeling")
    if gelezen is None:
        raise ongeldig(veld, _("This actor does not exist."))
    if gelezen[0] != "actor-medewerker":
        return None
    m = lezen.medewerkers().filter(pk=gelezen[1]).first()
    if m is None:
        raise ongeldig(veld, _("This actor does not exist."))
    return m


def actorklantcontact_aanmaken(a: Aanroep, data: dict) -> int:
    """The colleague who had the contact (KISS: the agent logged in there)."""
    _alleen_systeem(a)
    cm = _contact(a, data, "klantcontact")
    m = _medewerker_actor(a, data, "actor")
    if m is None:
        raise ongeldig("actor", _("Link a colleague (soortActor medewerker) to a klantcontact."))
    behandelaar_vastleggen(contactmoment_id=cm.id, medewerker=m)
    return cm.id


def actor_vinden(a: Aanroep, data: dict) -> tuple[str, int]:
    """A POST of an actor: the one we know answers (KISS posts its agent when its search
    found none). Departments and teams are kept in /beheer/. A colleague we do not know yet,
    identified by e-mail, is recorded as known-by-e-mail only (no role, no log-in) in the API
    client's department, so an agent who works only in KISS can register contacts; her first
    log-in through the identity provider completes the record."""
    _alleen_systeem(a)
    ident = data.get("actoridentificator") or {}
    object_id = str(ident.get("objectId") or "").strip() if isinstance(ident, dict) else ""
    soort = data.get("soortActor")
    if object_id and soort in (None, "medewerker"):
        m = (
            lezen.medewerkers()
            .filter(Q(user__email__iexact=object_id) | Q(user__identiteit__medewerker_id=object_id))
            .first()
        )
        if m is not None:
            return "actor-medewerker", m.id
        if soort == "medewerker" and "@" in object_id and a.client.afdeling_id:
            m = collega_vooraf_vastleggen(
                email=object_id, naam=str(data.get("naam") or ""), afdeling=a.client.afdeling
            )
            return "actor-medewerker", m.id
    if object_id and soort in (None, "organisatorische_eenheid"):
        afd = lezen.afdelingen().filter(code=object_id).first()
        if afd is not None:
            return "actor-afdeling", afd.id
    raise ongeldig(
        "actoridentificator",
        _(
            "We do not know this actor. A colleague is known by her e-mail address "
            "(soortActor medewerker); departments and teams are kept in /beheer/."
        ),
    )


def onderwerpobject_aanmaken(a: Aanroep, data: dict) -> tuple[str, int]:
    """What the contact was about: a zaak (``zgw-Zaak``), or an earlier contact it follows
    up (``wasKlantcontact``: both are one klantreis from now on)."""
    _alleen_systeem(a)
    cm = _contact(a, data, "klantcontact")
    ident = data.get("onderwerpobjectidentificator") or {}
    if not isinstance(ident, dict):
        raise ongeldig("onderwerpobjectidentificator", _("Give objectId and codeObjecttype."))
    if data.get("wasKlantcontact") or ident.get("codeObjecttype") == "klantcontact":
        veld = "wasKlantcontact" if data.get("wasKlantcontact") else "onderwerpobjectidentificator"
        eerder = _contact(a, {veld: data.get(veld) or ident.get("objectId")}, veld, vol=False)
        # ITA links the follow-up before it says who it was with: a contact without its
        # Nijmegenaar yet may follow anyone's; the betrokkene is checked against it later
        ander = cm.partij_id is not None and eerder.partij_id != cm.partij_id
        if ander or eerder.tijdstip >= cm.tijdstip:
            raise ongeldig(
                veld, _("A follow-up is of the same person and comes after the earlier contact.")
            )
        if eerder.klantreis != cm.klantreis:
            klantreis_wijzigen(
                contactmoment_id=cm.id,
                naar_id=eerder.id,
                door=a.user,
                herkomst=a.herkomst,
                minimaal=Niveau.EXISTENCE,
                doel=_doel(a, _("Follow-up linked through the Klantinteracties API by %(c)s")),
                later_bekend=cm.partij_id is None,
            )
        return "onderwerpobject-vervolg", cm.id
    if ident.get("codeObjecttype") != "zgw-Zaak":
        raise ongeldig(
            "onderwerpobjectidentificator.codeObjecttype",
            _("We link a klantcontact to a zaak (zgw-Zaak) or to an earlier klantcontact."),
        )
    zaak = lezen.zaken_met_uuid(a, str(ident.get("objectId") or "")).first()
    if zaak is None:
        raise ongeldig("onderwerpobjectidentificator.objectId", _("We do not know this zaak."))
    if zaak.partij_id != cm.partij_id:
        raise ongeldig("onderwerpobjectidentificator.objectId", _("That case is of someone else."))
    with transaction.atomic():
        zaak.contactmomenten.add(cm)
        link = lezen.ZAAK_LINK.objects.get(zaak=zaak, contactmoment=cm)
    return "onderwerpobject-zaak", link.id


def onderwerpobject_wijzigen(a: Aanroep, soort: str, pk: int, data: dict) -> tuple[str, int]:
    """ITA's PATCH: the link as it was, with what the body changes. A zaak link to another
    zaak becomes that link (the old one goes, in the same transaction)."""
    _alleen_systeem(a)
    if soort == "onderwerpobject-kennis":
        raise Fout(405, _("A knowledge-base answer of a contact is changed in the workbench."))
    with transaction.atomic():
        if soort == "onderwerpobject-zaak":
            link = lezen.ZAAK_LINK.objects.select_for_update().filter(pk=pk).first()
            if link is None or not lezen.contacten_voor(a, [link.contactmoment_id]):
                raise Fout(404, _("There is no such object, or this client may not see it."))
            nieuw = {
                "klantcontact": {"uuid": ids.maak("klantcontact", link.contactmoment_id)},
                "onderwerpobjectidentificator": {
                    "objectId": lezen.zaak_uuid(link.zaak),
                    "codeObjecttype": "zgw-Zaak",
                },
            }
        else:
            nieuw = {"klantcontact": {"uuid": ids.maak("klantcontact", pk)}}
            link = None
        nieuw.update({k: v for k, v in data.items() if v is not None})
        uitkomst = onderwerpobject_aanmaken(a, nieuw)
        if link is not None and uitkomst != ("onderwerpobject-zaak", link.id):
            link.delete()
    return uitkomst


# --- partijen and their details -------------------------------------------------------------


def partij_aanmaken(a: Aanroep, data: dict) -> Partij:
    _alleen_systeem(a)
    ident = data.get("partijIdentificatie") or {}
    if not isinstance(ident, dict):
        raise ongeldig("partijIdentificatie", _("partijIdentificatie is an object."))
    naam = ident.get("contactnaam") or {}
    naam = naam if isinstance(naam, dict) else {}
    return partij_registreren(
        door=a.user,
        herkomst=a.herkomst,
        soort=data.get("soortPartij"),
        doel=_doel(a, _("Recorded through the Klantinteracties API by %(c)s")),
        voornamen=str(naam.get("voornaam") or ""),
        voorvoegsel=str(naam.get("voorvoegselAchternaam") or ""),
        geslachtsnaam=str(naam.get("achternaam") or ""),
        naam=str(ident.get("naam") or "")
        if data.get("soortPartij") == Partij.Soort.ORGANISATIE
        else "",
    )


def _doel(a: Aanroep, zin: str) -> str:
    return zin % {"c": a.client.naam}


_IDENTIFICATOREN = {
    "bsn": ("bsn", validate_bsn, "identificator-bsn"),
    "kvk_nummer": ("kvk_nummer", validate_kvk_nummer, "identificator-kvk"),
    "vestigingsnummer": ("vestigingsnummer", validate_vestigingsnummer, "identificator-vestiging"),
}


def identificator_vastleggen(
    a: Aanroep, data: dict, *, partij_id=None
) -> tuple[str, Partij | LosseIdentificator]:
    """A BSN, KVK number or vestigingsnummer for a partij that has none yet. A KVK number
    without a partij (``identificeerdePartij: null``) is kept until a partij claims it
    (``identificator_los``); a vestigingsnummer whose ``subIdentificatorVan`` names a KVK
    number gives the partij that KVK number too."""
    _alleen_systeem(a)
    ident = data.get("partijIdentificator") or {}
    if not isinstance(ident, dict) or ident.get("codeSoortObjectId") not in _IDENTIFICATOREN:
        raise ongeldig(
            "partijIdentificator.codeSoortObjectId", _("Use bsn, kvk_nummer or vestigingsnummer.")
        )
    veld, valideer, soort = _IDENTIFICATOREN[ident["codeSoortObjectId"]]
    waarde = str(ident.get("objectId") or "").strip()
    valideer(waarde)
    if partij_id is None:
        if data.get("identificeerdePartij") is None and veld == "kvk_nummer":
            return "identificator-los", _los_vastleggen(a, waarde)
        partij_id = ids.pk(
            uuid_uit(data.get("identificeerdePartij"), "identificeerdePartij"), "partij"
        )
    with transaction.atomic():
        if veld == "vestigingsnummer":
            _kvk_van_hoofd(a, data, partij_id)
        partij = lezen.partijen(a).select_for_update().filter(pk=partij_id or 0).first()
        if partij is None:
            raise ongeldig("identificeerdePartij", _("This partij does not exist."))
        identificatie_vastleggen(
            door=a.user,
            herkomst=a.herkomst,
            partij=partij,
            veld=veld,
            waarde=waarde,
            doel=_doel(a, _("Recorded through the Klantinteracties API by %(c)s")),
        )
    return soort, partij


def _los_vastleggen(a: Aanroep, kvk_nummer: str) -> LosseIdentificator:
    los, _nieuw = LosseIdentificator.objects.get_or_create(
        client=a.client, kvk_nummer=kvk_nummer, partij__isnull=True
    )
    return los


def _kvk_van_hoofd(a: Aanroep, data: dict, partij_id) -> None:
    """A vestiging's ``subIdentificatorVan``: the KVK number it points at (kept without a
    partij, or a partij's) becomes the vestiging partij's KVK number, where it has none."""
    hoofd = data.get("subIdentificatorVan")
    if not hoofd:
        return
    gelezen = ids.lees(
        uuid_uit(hoofd, "subIdentificatorVan"), "identificator-los", "identificator-kvk"
    )
    if gelezen is None:
        raise ongeldig("subIdentificatorVan", _("This identificator does not exist."))
    if gelezen[0] == "identificator-los":
        los = LosseIdentificator.objects.filter(pk=gelezen[1], client=a.client).first()
        kvk = los.kvk_nummer if los else None
    else:
        kvk = lezen.partijen(a).filter(pk=gelezen[1]).values_list("kvk_nummer", flat=True).first()
    if not kvk:
        raise ongeldig("subIdentificatorVan", _("This identificator does not exist."))
    partij = lezen.partijen(a).select_for_update().filter(pk=partij_id or 0).first()
    if partij is not None and not partij.kvk_nummer:
        identificatie_vastleggen(
            door=a.user,
            herkomst=a.herkomst,
            partij=partij,
            veld="kvk_nummer",
            waarde=kvk,
            doel=_doel(a, _("Recorded through the Klantinteracties API by %(c)s")),
        )


def los_koppelen(a: Aanroep, los_id: int, data: dict) -> LosseIdentificator:
    """KISS's PUT of a KVK number kept without a partij, now with its partij."""
    _alleen_systeem(a)
    los = LosseIdentificator.objects.filter(pk=los_id, client=a.client).first()
    if los is None:
        raise Fout(404, _("There is no such object, or this client may not see it."))
    if not data.get("identificeerdePartij"):
        return los
    partij_id = ids.pk(uuid_uit(data["identificeerdePartij"], "identificeerdePartij"), "partij")
    verzoek = {
        "partijIdentificator": {"codeSoortObjectId": "kvk_nummer", "objectId": los.kvk_nummer}
    }
    with transaction.atomic():
        _soort, partij = identificator_vastleggen(a, verzoek, partij_id=partij_id)
        los.partij = partij
        los.save(update_fields=["partij"])
    return los


def digitaal_adres_aanmaken(a: Aanroep, data: dict) -> tuple[str, int]:
    _alleen_systeem(a)
    validatie.nagaan("DigitaalAdres", data)
    soort = data.get("soortDigitaalAdres")
    if soort not in VerstrektAdres.Soort.values:
        raise ongeldig(
            "soortDigitaalAdres", _("soortDigitaalAdres is email, telefoonnummer or overig.")
        )
    adres = _tekst(data, "adres", 80, verplicht=True)
    if soort == "telefoonnummer" and not normalise.parse_phone(adres):
        raise ongeldig("adres", _("This phone number is not right. Type it like 06 12345678."))
    if data.get("verstrektDoorBetrokkene"):
        veld = "verstrektDoorBetrokkene"
        pk = ids.pk(uuid_uit(data[veld], veld), "betrokkene")
        cm = _contact(a, {veld: ids.maak("klantcontact", pk) if pk else ""}, veld)
        if not lezen.heeft_betrokkene(cm):
            raise ongeldig(
                veld, _("This betrokkene does not exist, or this client may not see it.")
            )
        # kept as given (KISS reads back what it wrote), with the contact and its level only:
        # not copied into the Nijmegenaar's own details, where every role would find it
        v = VerstrektAdres.objects.create(
            contactmoment=cm,
            soort=soort,
            adres=adres,
            omschrijving=_tekst(data, "omschrijving", 40),
        )
        return "digitaaladres-verstrekt", v.id
    if data.get("verstrektDoorPartij"):
        pk = ids.pk(uuid_uit(data["verstrektDoorPartij"], "verstrektDoorPartij"), "partij")
        partij = lezen.partijen(a).filter(pk=pk or 0).first()
        if partij is None:
            raise ongeldig("verstrektDoorPartij", _("This partij does not exist."))
        gemaakt = _bij_partij(a, partij, soort, adres)
        if gemaakt is None:
            raise ongeldig(
                "soortDigitaalAdres",
                _("A Nijmegenaar's address is an e-mail address or a phone number."),
            )
        return gemaakt
    raise ongeldig(
        "verstrektDoorBetrokkene", _("Say who gave the address: a betrokkene or a partij.")
    )


def _bij_partij(a: Aanroep, partij, soort, adres):
    if soort == "telefoonnummer":
        t = telefoonnummer_toevoegen(partij=partij, nummer=adres, door=a.user, herkomst=a.herkomst)
        return "digitaaladres-telefoon", t.object.id
    if soort == "email":
        e = emailadres_toevoegen(partij=partij, adres=adres, door=a.user, herkomst=a.herkomst)
        return "digitaaladres-email", e.object.id
    return None


# --- internetaken ---------------------------------------------------------------------------


def _afdeling_uit_actoren(a: Aanroep, data):
    actoren = data.get("toegewezenAanActoren") or []
    if data.get("toegewezenAanActor"):
        actoren = [data["toegewezenAanActor"], *actoren]
    if not isinstance(actoren, list):
        raise ongeldig("toegewezenAanActoren", _("toegewezenAanActoren is a list."))
    for actor in actoren:
        gelezen = ids.lees(
            uuid_uit(actor, "toegewezenAanActoren"),
            "actor-afdeling",
            "actor-team",
            "actor-medewerker",
        )
        if gelezen is None:
            raise ongeldig("toegewezenAanActoren", _("This actor does not exist."))
        soort, pk = gelezen
        if soort == "actor-afdeling":
            return lezen.afdelingen().filter(pk=pk).first()
        if soort == "actor-team":
            team = Team.objects.select_related("afdeling").filter(pk=pk).first()
            return team.afdeling if team else None
        m = lezen.medewerkers().filter(pk=pk).first()
        if m is not None:
            return m.afdeling
    return None


def _terugbelnummer(cm) -> str:
    """The number to call back: given during this contact, else the Nijmegenaar's own."""
    for v in VerstrektAdres.objects.filter(contactmoment=cm, soort="telefoonnummer").order_by(
        "-id"
    ):
        return v.adres
    if cm.partij_id:
        nummer = cm.partij.telefoonnummers.order_by("-id").values_list("nummer", flat=True).first()
        if nummer:
            return nummer
    return ""


def internetaak_aanmaken(a: Aanroep, data: dict) -> Terugbelverzoek:
    _alleen_systeem(a)
    validatie.nagaan("InterneTaak", data)
    cm = _contact(a, data, "aanleidinggevendKlantcontact")
    afdeling = _afdeling_uit_actoren(a, data)
    telefoon = _terugbelnummer(cm)
    if not telefoon:
        raise ongeldig(
            "aanleidinggevendKlantcontact",
            _(
                "Give the number to call back first: a digitaaladres (telefoonnummer) "
                "of the betrokkene."
            ),
        )
    with transaction.atomic():
        tbv = terugbelverzoek_aanmaken(
            partij=cm.partij,
            onderwerp=cm.onderwerp,
            vraag=_tekst(data, "toelichting", 4000) or cm.vraag,
            telefoonnummer=telefoon,
            door=a.user,
            afdeling=afdeling,
            contactmoment=cm,
            herkomst=a.herkomst,
        )
    return tbv


def _taak(a: Aanroep, pk):
    tbv = lezen.internetaken(a).filter(pk=pk or 0, niveau=Niveau.FULL).first()
    if tbv is None:
        raise Fout(404, _("There is no such object, or this client may not see it."))
    return tbv


def internetaak_wijzigen(a: Aanroep, pk, data: dict) -> None:
    """ITA claims (a colleague in ``toegewezenAanActoren``), forwards (an afdeling or team
    actor of another department or team), completes (``verwerkt``) and reopens
    (``te_verwerken`` on a completed task)."""
    _alleen_systeem(a)
    validatie.nagaan("InterneTaak", data)
    tbv = _taak(a, pk)
    if data.get("status") not in (None, "verwerkt", "te_verwerken"):
        raise ongeldig("status", _("status is te_verwerken or verwerkt."))
    if data.get("status") == "te_verwerken" and tbv.status == Terugbelverzoek.Status.AFGEHANDELD:
        tbv = terugbelverzoek_heropenen(door=a.user, tbv_id=tbv.id)
    actoren = data.get("toegewezenAanActoren") or []
    if not isinstance(actoren, list):
        raise ongeldig("toegewezenAanActoren", _("toegewezenAanActoren is a list."))
    tbv = _doorsturen(a, tbv, actoren)
    _claimen(a, tbv, actoren)
    if data.get("status") == "verwerkt" and tbv.status != Terugbelverzoek.Status.AFGEHANDELD:
        # closed in the name of the colleague who has it (ITA's user), else of the client
        claimer = Medewerker.objects.filter(pk=tbv.opgepakt_door_id).select_related("user").first()
        terugbelverzoek_afsluiten(
            door=claimer.user if claimer else a.user,
            tbv_id=tbv.id,
            uitkomst=Terugbelverzoek.Uitkomst.AFGEHANDELD,
            herkomst=a.herkomst,
        )


def _doorsturen(a: Aanroep, tbv, actoren: list):
    """An afdeling or team actor other than the task's own: the task goes there."""
    doel_afdeling, doel_team = None, None
    for actor in actoren:
        gelezen = ids.lees(uuid_uit(actor, "toegewezenAanActoren"), "actor-afdeling", "actor-team")
        if gelezen is None:
            continue
        if gelezen[0] == "actor-afdeling":
            doel_afdeling = lezen.afdelingen().filter(pk=gelezen[1]).first()
        else:
            doel_team = Team.objects.select_related("afdeling").filter(pk=gelezen[1]).first()
        if doel_afdeling is None and doel_team is None:
            raise ongeldig("toegewezenAanActoren", _("This actor does not exist."))
    if doel_team is not None:
        doel_afdeling = doel_team.afdeling
        if doel_team.id == tbv.team_id:
            return tbv
    if doel_afdeling is None or (doel_team is None and doel_afdeling.id == tbv.afdeling_id):
        return tbv  # its own department (ITA lists it beside the colleague who claims)
    return terugbelverzoek_doorsturen(
        door=a.user, tbv_id=tbv.id, afdeling=doel_afdeling, team=doel_team
    )


def _claimen(a: Aanroep, tbv, actoren: list) -> None:
    for actor in actoren:
        gelezen = ids.lees(uuid_uit(actor, "toegewezenAanActoren"), "actor-medewerker")
        if gelezen is None:
            continue
        m = lezen.medewerkers().filter(pk=gelezen[1]).first()
        if m is None or m.afdeling_id != tbv.afdeling_id:
            raise ongeldig(
                "toegewezenAanActoren",
                _("This colleague is not of the department of this request."),
            )
        if tbv.opgepakt_door_id != m.id:
            terugbelverzoek_oppakken(door=m.user, tbv_id=tbv.id)
            tbv.opgepakt_door_id = m.id


def internetaak_intrekken(a: Aanroep, pk) -> None:
    """ITA deletes a task to roll back. Ours is a callback request the resident was told
    about and the department may be working on: it is never deleted, it is closed."""
    _alleen_systeem(a)
    _taak(a, pk)
    raise NietBeschikbaar(
        _("A callback request is not deleted; close it (status verwerkt) instead.")
    )
