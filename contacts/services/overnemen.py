"""Taking a person or organisation in from a basisregistratie, and merging a record made
here with the BRP person it turns out to be. The source adapters (``sources.personen``,
``sources.kvk``) ask the BRP and the KVK and hand what they read to these services, which
are the only writers of Partij and its addresses for them; each writes the access-log line
in the same transaction."""

import datetime
import logging
from collections.abc import Callable
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ForeignObjectRel
from django.utils import timezone
from django.utils.translation import gettext as _

from permissions.accesslog import Herkomst, Regel, toegang_loggen, toegangen_loggen
from permissions.models import Toegangslog

from ..models import Adres, Emailadres, Partij, Telefoonnummer, Vertegenwoordiging

logger = logging.getLogger("kcc.bronnen.brp")


class BrpAdres(Protocol):
    @property
    def straat(self) -> str: ...

    @property
    def huisnummer(self) -> int: ...

    @property
    def huisletter(self) -> str: ...

    @property
    def toevoeging(self) -> str: ...

    @property
    def postcode(self) -> str: ...

    @property
    def woonplaats(self) -> str: ...


class BrpGegevens(Protocol):
    """What ``sources.brp`` read of one person (``BrpPersoon``)."""

    @property
    def bsn(self) -> str: ...

    @property
    def voornamen(self) -> str: ...

    @property
    def voorvoegsel(self) -> str: ...

    @property
    def geslachtsnaam(self) -> str: ...

    @property
    def geboortedatum(self) -> datetime.date | None: ...

    @property
    def geheimhouding(self) -> bool: ...

    @property
    def overleden(self) -> bool: ...

    @property
    def in_onderzoek(self) -> bool: ...

    @property
    def adres(self) -> BrpAdres | None: ...

    @property
    def onbegrepen(self) -> tuple[str, ...]: ...


def _past(partij: Partij) -> None:
    """A value longer than its column is refused for this record with the field's name (the
    KVK sets no maximum on a name): the caller skips this one record and goes on, where the
    database would have failed the whole batch."""
    te_lang = []
    for veld in Partij._meta.concrete_fields:
        grens = getattr(veld, "max_length", None)
        waarde = getattr(partij, veld.attname)
        if grens and isinstance(waarde, str) and len(waarde) > grens:
            te_lang.append(veld.name)
    if te_lang:
        raise ValidationError(
            _("A value is longer than the register can hold: %(velden)s.")
            % {"velden": ", ".join(te_lang)},
            code="te_lang",
        )


def _opnieuw_bij_botsing(stap: Callable[[], Partij]) -> Partij:
    """Runs ``stap`` in a transaction; when another agent took the same person in at the
    same moment (a unique key), once more: it then updates theirs."""
    try:
        with transaction.atomic():
            return stap()
    except IntegrityError:
        with transaction.atomic():
            return stap()


def persoon_overnemen(
    *, door, herkomst: Herkomst | None, persoon: BrpGegevens, doel: str
) -> Partij:
    """Upserts one person by BSN in one transaction, with the access-log line."""

    def stap() -> Partij:
        gevonden = Partij.objects.select_for_update().filter(bsn=persoon.bsn).first()
        partij = gevonden or Partij(soort=Partij.Soort.PERSOON, bsn=persoon.bsn)
        _persoon_in(partij, persoon)
        _past(partij)
        partij.save()
        _woonadres_bijwerken(partij, persoon)
        toegangen_loggen(
            door=door,
            herkomst=herkomst,
            partij=partij,
            doel=doel,
            regels=[Regel(Toegangslog.Handeling.BRP_OVERGENOMEN, "partij", partij.id)],
        )
        return partij

    return _opnieuw_bij_botsing(stap)


def _persoon_in(partij: Partij, persoon: BrpGegevens) -> None:
    partij.voornamen = persoon.voornamen
    partij.voorvoegsel = persoon.voorvoegsel
    partij.geslachtsnaam = persoon.geslachtsnaam
    if persoon.geboortedatum or "geboorte.datum" not in persoon.onbegrepen:
        partij.geboortedatum = persoon.geboortedatum
    partij.geheimhouding = persoon.geheimhouding
    partij.overleden = persoon.overleden
    partij.in_onderzoek = persoon.in_onderzoek
    partij.bron = Partij.Bron.BRP
    partij.opgehaald_op = timezone.now()


def _woonadres_bijwerken(partij: Partij, persoon: BrpGegevens) -> None:
    """The BRP's address becomes the woonadres; an address the BRP gave in a form we could
    not read keeps the one we had."""
    if persoon.adres is None:
        if "verblijfplaats" not in persoon.onbegrepen:
            partij.adressen.filter(soort=Adres.Soort.WOONADRES).delete()
        return
    a = persoon.adres
    bestaand = list(partij.adressen.filter(soort=Adres.Soort.WOONADRES))
    gelijk = [
        x
        for x in bestaand
        if (x.straat, x.huisnummer, x.huisletter, x.toevoeging, x.postcode)
        == (a.straat, a.huisnummer, a.huisletter, a.toevoeging, a.postcode)
    ]
    for x in bestaand:
        if x not in gelijk[:1]:
            x.delete()
    if not gelijk:
        Adres.objects.create(
            partij=partij,
            soort=Adres.Soort.WOONADRES,
            straat=a.straat,
            huisnummer=a.huisnummer,
            huisletter=a.huisletter,
            toevoeging=a.toevoeging,
            postcode=a.postcode,
            woonplaats=a.woonplaats.title() if a.woonplaats.isupper() else a.woonplaats,
        )


class KvkGegevens(Protocol):
    """What ``sources.kvk`` read of one organisation (``KvkTreffer``)."""

    @property
    def kvk_nummer(self) -> str: ...

    @property
    def vestigingsnummer(self) -> str: ...

    @property
    def naam(self) -> str: ...

    @property
    def straat(self) -> str: ...

    @property
    def huisnummer(self) -> int | None: ...

    @property
    def huisletter(self) -> str: ...

    @property
    def postcode(self) -> str: ...

    @property
    def plaats(self) -> str: ...


def organisatie_overnemen(
    *, door, herkomst: Herkomst | None, treffer: KvkGegevens, rsin: str, doel: str
) -> Partij:
    """Creates or updates the organisation's record; one per KVK number + vestiging. An
    earlier record with the same RSIN and no KVK number (from the zaaksysteem) is the same
    organisation: it gets the KVK data instead of a second record. With ``door`` (a
    colleague took it in) the access-log line is written in the same transaction."""

    def stap() -> Partij:
        partij = _organisatie_zoeken(treffer, rsin)
        partij.kvk_nummer = treffer.kvk_nummer
        partij.vestigingsnummer = treffer.vestigingsnummer
        partij.rsin = rsin or partij.rsin
        partij.naam = treffer.naam or partij.naam
        partij.bron = Partij.Bron.KVK
        partij.opgehaald_op = timezone.now()
        _past(partij)
        partij.save()
        _bezoekadres_bijwerken(partij, treffer)
        if door is not None:
            toegangen_loggen(
                door=door,
                herkomst=herkomst,
                partij=partij,
                doel=doel,
                regels=[Regel(Toegangslog.Handeling.KVK_OVERGENOMEN, "partij", partij.id)],
            )
        return partij

    return _opnieuw_bij_botsing(stap)


def _organisatie_zoeken(treffer: KvkGegevens, rsin: str) -> Partij:
    organisaties = Partij.objects.select_for_update()
    partij = organisaties.filter(
        kvk_nummer=treffer.kvk_nummer, vestigingsnummer=treffer.vestigingsnummer
    ).first()
    if partij is None and rsin:
        partij = organisaties.filter(
            soort=Partij.Soort.ORGANISATIE, rsin=rsin, kvk_nummer=""
        ).first()
    return partij or Partij(soort=Partij.Soort.ORGANISATIE)


def _bezoekadres_bijwerken(partij: Partij, treffer: KvkGegevens) -> None:
    huisnummer = treffer.huisnummer
    if not (treffer.straat and huisnummer and len(treffer.postcode) == 6):
        return
    partij.adressen.filter(soort=Adres.Soort.BEZOEKADRES).exclude(
        straat=treffer.straat, huisnummer=huisnummer, postcode=treffer.postcode
    ).delete()
    Adres.objects.get_or_create(
        partij=partij,
        soort=Adres.Soort.BEZOEKADRES,
        postcode=treffer.postcode,
        huisnummer=huisnummer,
        huisletter=treffer.huisletter,
        toevoeging="",
        defaults={"straat": treffer.straat, "woonplaats": treffer.plaats.title()},
    )


# --- a record made here, and the BRP person it turns out to be ----------------------------


def samenvoegen(
    *, door, herkomst: Herkomst | None, partij_id: int, persoon: BrpGegevens, doel: str
) -> Partij:
    """The person an agent recorded without the BRP turns out to be this BRP person.

    When the register has no one with that BSN yet, the record itself gets the BSN and the
    BRP data. When it has (someone took the person in meanwhile), everything of the earlier
    record moves over (contacts, callbacks, zaken, appointments, contact details) and the
    earlier record goes. In one transaction; the merge is written to the access log and kept
    on the record, so the klantbeeld shows it. Two records with one BSN can never exist.
    Raises ValidationError when the record already comes from the BRP."""
    with transaction.atomic():
        bron = (
            Partij.objects.select_for_update()
            .filter(id=partij_id, soort=Partij.Soort.PERSOON, bsn="")
            .first()
        )
        if bron is None:
            raise ValidationError(
                _("This Nijmegenaar already comes from the BRP; there is nothing to merge.")
            )
        contacten = bron.contactmomenten.count()
        oude_naam = bron.weergavenaam
        bestaand = Partij.objects.select_for_update().filter(bsn=persoon.bsn).first()
        if bestaand is None:  # the record itself becomes the BRP person
            bron.bsn = persoon.bsn
            bron.save(update_fields=["bsn"])
        else:
            _alles_verhuizen(bron, bestaand)
            bron.delete()
        partij = persoon_overnemen(door=door, herkomst=herkomst, persoon=persoon, doel=doel)
        partij.samengevoegd = [
            *partij.samengevoegd,
            {
                "op": timezone.now().isoformat(),
                "door": door.get_full_name() or door.get_username(),
                "naam": oude_naam,
                "contacten": contacten,
            },
        ]
        partij.save(update_fields=["samengevoegd"])
        toegang_loggen(
            door=door,
            herkomst=herkomst,
            handeling=Toegangslog.Handeling.SAMENGEVOEGD,
            partij=partij,
            object_type="partij",
            object_id=partij_id,
            doel=doel,
        )
        logger.info("partij.samengevoegd", extra={"contacten": contacten})
        return partij


def _dubbele_gegevens_weg(bron: Partij, doel: Partij) -> None:
    """Contact details ``doel`` already has are not doubled; the BRP's home address wins."""
    bestaande_nummers = set(doel.telefoonnummers.values_list("nummer", flat=True))
    bron.telefoonnummers.filter(nummer__in=bestaande_nummers).delete()
    bestaande_adressen = {a.lower() for a in doel.emailadressen.values_list("adres", flat=True)}
    for e in bron.emailadressen.all():
        if e.adres.lower() in bestaande_adressen:
            e.delete()
    bron.adressen.filter(soort=Adres.Soort.WOONADRES).delete()
    for a in bron.adressen.all():
        if doel.adressen.filter(
            soort=a.soort, postcode=a.postcode, huisnummer=a.huisnummer,
            huisletter=a.huisletter, toevoeging=a.toevoeging,
        ).exists():  # fmt: skip
            a.delete()


def _dubbele_vertegenwoordigingen_weg(bron: Partij, doel: Partij) -> None:
    for veld in ("vertegenwoordiger", "vertegenwoordigde"):
        ander = "vertegenwoordigde" if veld == "vertegenwoordiger" else "vertegenwoordiger"
        for v in Vertegenwoordiging.objects.filter(**{veld: bron}):
            if (
                Vertegenwoordiging.objects.filter(
                    **{veld: doel, ander: getattr(v, f"{ander}_id")}, soort=v.soort
                ).exists()
                or getattr(v, f"{ander}_id") == doel.id
            ):
                v.delete()


def _alles_verhuizen(bron: Partij, doel: Partij) -> None:
    """Every record that points at ``bron`` (of any app: the relation is read from the
    schema, so a new app's table is never forgotten) points at ``doel`` afterwards."""
    _dubbele_gegevens_weg(bron, doel)
    _dubbele_vertegenwoordigingen_weg(bron, doel)
    for relatie in Partij._meta.get_fields(include_hidden=True):
        if not isinstance(relatie, ForeignObjectRel) or not relatie.one_to_many:
            continue
        model = relatie.related_model
        if model is None or isinstance(model, str) or model in (Telefoonnummer, Emailadres):
            continue
        veld = relatie.field.name
        model._base_manager.filter(**{veld: bron}).update(**{veld: doel})
    Telefoonnummer.objects.filter(partij=bron).update(partij=doel)
    Emailadres.objects.filter(partij=bron).update(partij=doel)
    doel.voorkeurskanalen.add(*bron.voorkeurskanalen.all())
    doel.hulp_nodig = sorted(set(doel.hulp_nodig) | set(bron.hulp_nodig))
    for veld in ("niet_bellen", "taal"):
        if not getattr(doel, veld):
            setattr(doel, veld, getattr(bron, veld))
    doel.save(update_fields=["hulp_nodig", "niet_bellen", "taal"])
