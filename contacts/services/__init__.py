"""Writes for Nijmegenaren and contact moments. Each runs in one transaction and validates first:
bad input raises ``ValidationError`` with a plain-Dutch message and changes nothing. Each
writes its own access-log line in that transaction (``door``: the staff member; ``None``
for what no staff member did, such as a web form), so no caller can forget it."""

import uuid
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from permissions import roles
from permissions.accesslog import Herkomst, toegang_loggen
from permissions.models import Niveau, Toegangslog

from .. import normalise
from ..models import (
    Adres,
    Contactmoment,
    ContactmomentCorrectie,
    Emailadres,
    Kanaal,
    Kennislink,
    KlantreisWijziging,
    Onderwerp,
    Partij,
    Telefoonnummer,
)


@dataclass(frozen=True)
class Toegevoegd:
    """Outcome of adding a detail: ``nieuw`` False means the Nijmegenaar already had it."""

    object: Adres | Emailadres | Telefoonnummer
    nieuw: bool


def _gegevens_loggen(door, herkomst, partij, soort, uitkomst: Toegevoegd) -> Toegevoegd:
    if door is not None and uitkomst.nieuw:
        toegang_loggen(
            door=door,
            herkomst=herkomst,
            handeling=Toegangslog.Handeling.GEGEVENS_GEWIJZIGD,
            partij=partij,
            object_type=soort,
            object_id=uitkomst.object.id,
            doel=_("Contact details given by the Nijmegenaar"),
        )
    return uitkomst


def _soort_telefoon(number) -> str:
    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.MOBILE:
        return Telefoonnummer.Soort.MOBIEL
    if kind == phonenumbers.PhoneNumberType.FIXED_LINE:
        return Telefoonnummer.Soort.VAST
    return Telefoonnummer.Soort.OVERIG


def telefoonnummer_toevoegen(
    *, partij: Partij, nummer: str, door, herkomst: Herkomst | None = None
) -> Toegevoegd:
    """Accepts any way people write a number; stores E.164. Idempotent: a number the
    Nijmegenaar already has is not added twice."""
    e164 = normalise.parse_phone(nummer)
    if e164 is None:
        raise ValidationError(
            _("This phone number is not right. Type it like 06 12345678 or 024 329 9000."),
            code="telefoon",
        )
    with transaction.atomic():
        obj, created = Telefoonnummer.objects.get_or_create(
            partij=partij,
            nummer=e164,
            defaults={"soort": _soort_telefoon(phonenumbers.parse(e164))},
        )
        return _gegevens_loggen(door, herkomst, partij, "telefoon", Toegevoegd(obj, created))


def emailadres_toevoegen(
    *, partij: Partij, adres: str, door, herkomst: Herkomst | None = None
) -> Toegevoegd:
    adres = adres.strip()
    try:
        validate_email(adres)
    except ValidationError:
        raise ValidationError(
            _("This e-mail address is not right. It looks like naam@voorbeeld.nl."), code="email"
        ) from None
    with transaction.atomic():
        existing = partij.emailadressen.filter(adres__iexact=adres).first()
        if existing:
            return Toegevoegd(existing, False)
        nieuw = Emailadres.objects.create(partij=partij, adres=adres)
        return _gegevens_loggen(door, herkomst, partij, "email", Toegevoegd(nieuw, True))


def adres_toevoegen(
    *,
    partij: Partij,
    soort: str,
    straat: str,
    huisnummer: int,
    postcode: str,
    woonplaats: str,
    door,
    herkomst: Herkomst | None = None,
    huisletter: str = "",
    toevoeging: str = "",
) -> Toegevoegd:
    compact = normalise.normalise_postcode(postcode)
    if compact is None:
        raise ValidationError(
            _("This postcode does not exist. A postcode is 4 digits and 2 letters, like 6511 AB."),
            code="postcode",
        )
    if not straat.strip() or not woonplaats.strip() or not huisnummer or huisnummer < 1:
        raise ValidationError(_("Fill in street, house number and town."), code="adres")
    with transaction.atomic():
        obj, created = Adres.objects.get_or_create(
            partij=partij,
            soort=soort,
            postcode=compact,
            huisnummer=huisnummer,
            huisletter=huisletter.strip().upper(),
            toevoeging=toevoeging.strip().upper(),
            defaults={"straat": straat.strip(), "woonplaats": woonplaats.strip()},
        )
        return _gegevens_loggen(door, herkomst, partij, "adres", Toegevoegd(obj, created))


def contactmoment_registreren(
    *,
    partij: Partij | None,
    kanaal: Kanaal,
    onderwerp: Onderwerp,
    vraag: str,
    antwoord: str,
    resultaat: str,
    door,
    richting: str = Contactmoment.Richting.IN,
    tolkcontact: bool = False,
    vervolg_op: Contactmoment | None = None,
    zaak=None,
    tijdstip=None,
    legitimatie_gezien: bool = False,
    herkomst: Herkomst | None = None,
    doel: str = "",
    onderwerp_tekst: str = "",
    afzender: str = "",
    kanaal_tekst: str = "",
) -> Contactmoment:
    """Records one contact. ``vervolg_op`` puts it in the same klantreis as an earlier contact.

    ``door`` is the user registering; their medewerker and afdeling are recorded, and the
    access log says they recorded a contact of this Nijmegenaar (``doel``: why).
    """
    errors = {}
    if not vraag.strip():
        errors["vraag"] = _("Write down the question of the Nijmegenaar.")
    if resultaat not in Contactmoment.Resultaat.values:
        errors["resultaat"] = _("Choose what the result of the contact is.")
    if not kanaal.actief:
        errors["kanaal"] = _("This channel is no longer in use. Choose another channel.")
    if not onderwerp.actief:
        errors["onderwerp"] = _("This subject is no longer in use. Choose another subject.")
    if vervolg_op is not None and vervolg_op.partij_id != (partij.id if partij else None):
        errors["vervolg_op"] = _("That earlier contact is of someone else.")
    if zaak is not None and zaak.partij_id != (partij.id if partij else None):
        errors["zaak"] = _("That case is of someone else.")
    if errors:
        raise ValidationError(errors)
    medewerker = roles.medewerker_van(door)
    with transaction.atomic(savepoint=False):  # one unit with the caller's work
        contactmoment = Contactmoment(
            partij=partij,
            kanaal=kanaal,
            tolkcontact=tolkcontact,
            legitimatie_gezien=legitimatie_gezien,
            richting=richting,
            tijdstip=tijdstip or timezone.now(),
            medewerker=medewerker,
            afdeling=medewerker.afdeling if medewerker else None,
            onderwerp=onderwerp,
            onderwerp_tekst=onderwerp_tekst.strip()[:200],
            kanaal_tekst=kanaal_tekst.strip()[:50],
            afzender=afzender.strip()[:300],
            vraag=vraag.strip(),
            antwoord=antwoord.strip(),
            resultaat=resultaat,
        )
        if vervolg_op is not None:
            contactmoment.klantreis = vervolg_op.klantreis
        # Validated above; full_clean() would re-read every foreign key (five queries).
        contactmoment.save()
        if zaak is not None:
            zaak.contactmomenten.add(contactmoment)
        if partij is not None and getattr(door, "is_authenticated", False):
            toegang_loggen(
                door=door,
                herkomst=herkomst,
                handeling=Toegangslog.Handeling.CONTACT_VASTGELEGD,
                partij=partij,
                object_type="contactmoment",
                object_id=contactmoment.id,
                doel=doel or _("Recording a contact"),
            )
    return contactmoment


def kennislink_vastleggen(
    *,
    contactmoment: Contactmoment,
    soort: str,
    register: str,
    object_id: str,
    titel: str,
    sectie: str = "",
) -> Kennislink:
    """The knowledge-base answer this contact was given with (once per item)."""
    if soort not in Kennislink.Soort.values:
        raise ValidationError(_("Unknown kind of knowledge-base answer."))
    link, _nieuw = Kennislink.objects.update_or_create(
        contactmoment=contactmoment,
        register=register[:40],
        object_id=object_id[:1000],
        defaults={"soort": soort, "titel": titel[:500], "sectie": sectie[:80]},
    )
    return link


def klantreis_wijzigen(
    *,
    contactmoment_id: int,
    naar_id: int | None,
    door,
    herkomst: Herkomst | None = None,
    minimaal: int = Niveau.FULL,
    doel: str = "",
    later_bekend: bool = False,
) -> KlantreisWijziging:
    """Puts a contact into the klantreis (question) of another contact of the same
    Nijmegenaar (``naar_id``), or takes it out as a question of its own (``naar_id`` None).
    Only for contacts the user sees in full; kept as a change and written to the access log
    in the same transaction. ``minimaal`` EXISTENCE: for a contact another system is
    registering in steps (the Klantinteracties API), which may also be of a caller who is
    not known yet (both contacts without a Nijmegenaar). ``later_bekend``: the contact's
    Nijmegenaar follows in a later step (ITA links the follow-up before its betrokkene);
    ``partij_koppelen_past`` checks the whole picture then."""
    with transaction.atomic():
        zichtbaar = Contactmoment.objects.visible_to(door).filter(niveau__gte=minimaal)
        if minimaal == Niveau.FULL:
            zichtbaar = zichtbaar.filter(partij__isnull=False)
        cm = zichtbaar.select_for_update(of=("self",)).filter(pk=contactmoment_id).first()
        if cm is None:
            raise ValidationError(_("You cannot change this contact."))
        soort, nieuw = _klantreis_doel(cm, naar_id, zichtbaar, later_bekend)
        wijziging = KlantreisWijziging.objects.create(
            contactmoment=cm, soort=soort, van=cm.klantreis, naar=nieuw, door=door
        )
        cm.klantreis = nieuw
        cm.save(update_fields=["klantreis"])
        partij = cm.partij if cm.partij_id else _partij_van_klantreis(nieuw)
        if partij is not None:
            toegang_loggen(
                door=door,
                herkomst=herkomst,
                handeling=Toegangslog.Handeling.KLANTREIS,
                partij=partij,
                object_type="contactmoment",
                object_id=cm.id,
                doel=doel or str(wijziging.get_soort_display()),
            )
    return wijziging


def _klantreis_doel(
    cm: Contactmoment, naar_id: int | None, zichtbaar, later_bekend: bool = False
) -> tuple[str, uuid.UUID]:
    """What kind of change it is and the klantreis the contact goes to."""
    samen = Contactmoment.objects.filter(klantreis=cm.klantreis).exclude(pk=cm.pk).exists()
    if naar_id is None:
        if not samen:
            raise ValidationError(_("This contact is a question of its own already."))
        return KlantreisWijziging.Soort.LOSGEMAAKT, uuid.uuid4()
    naar = zichtbaar.filter(pk=naar_id)
    if cm.partij_id or not later_bekend:
        naar = naar.filter(partij_id=cm.partij_id)
    naar = naar.first()
    if naar is None:
        raise ValidationError({"naar": _("Choose a question of this Nijmegenaar from the list.")})
    if naar.klantreis == cm.klantreis:
        raise ValidationError({"naar": _("This contact belongs to that question already.")})
    soort = KlantreisWijziging.Soort.VERPLAATST if samen else KlantreisWijziging.Soort.GEKOPPELD
    return soort, naar.klantreis


def _partij_van_klantreis(klantreis) -> Partij | None:
    return Partij.objects.filter(contactmomenten__klantreis=klantreis).order_by("id").first()


def partij_koppelen_past(*, contactmoment: Contactmoment, partij: Partij) -> None:
    """A contact that was put in a question before its Nijmegenaar was known: that question
    must be of this Nijmegenaar (or of no one yet). Raises ValidationError otherwise."""
    anders = (
        Contactmoment.objects.filter(klantreis=contactmoment.klantreis, partij__isnull=False)
        .exclude(partij=partij)
        .exists()
    )
    if anders:
        raise ValidationError(
            {
                "wasPartij": _(
                    "A follow-up is of the same person as the earlier contact; "
                    "this contact follows up a contact of someone else."
                )
            }
        )


CORRIGEERBAAR = ("vraag", "antwoord")


def contactmoment_corrigeren(
    *, contactmoment: Contactmoment, veld: str, tekst: str, reden: str, door
) -> ContactmomentCorrectie:
    """Changes the question or answer, keeping the earlier text in the history. Only a user
    who sees the contact in full may correct it."""
    if veld not in CORRIGEERBAAR:
        raise ValidationError(_("Only the question and the answer can be corrected."))
    if not reden.strip():
        raise ValidationError({"reden": _("Say why you correct this contact.")})
    with transaction.atomic():
        locked = (
            Contactmoment.objects.visible_to(door)
            .select_for_update(of=("self",))
            .filter(pk=contactmoment.pk, niveau=Niveau.FULL)
            .first()
        )
        if locked is None:
            raise ValidationError(_("You cannot correct this contact."))
        oud = getattr(locked, veld)
        correctie = ContactmomentCorrectie.objects.create(
            contactmoment=locked,
            veld=veld,
            oude_waarde=oud,
            nieuwe_waarde=tekst.strip(),
            door=door,
            reden=reden.strip(),
        )
        setattr(locked, veld, tekst.strip())
        locked.save(update_fields=[veld])
    return correctie


def persoon_vastleggen(
    *,
    door,
    herkomst: Herkomst | None,
    geslachtsnaam: str,
    voornamen: str = "",
    voorvoegsel: str = "",
    geboortedatum=None,
    telefoon: str = "",
    email: str = "",
) -> Partij:
    """A person the BRP does not know (a non-resident, a caller who gives only a name),
    recorded by the agent and marked as not from the BRP. One transaction: a wrong phone
    number or e-mail address stores nothing."""
    geslachtsnaam = " ".join(geslachtsnaam.split())
    if not geslachtsnaam:
        raise ValidationError(_("Type the surname."), code="geslachtsnaam")
    with transaction.atomic():
        partij = Partij.objects.create(
            soort=Partij.Soort.PERSOON,
            voornamen=" ".join(voornamen.split()),
            voorvoegsel=" ".join(voorvoegsel.split()).lower(),
            geslachtsnaam=geslachtsnaam,
            geboortedatum=geboortedatum,
            bron=Partij.Bron.KCC,
        )
        _partij_gewijzigd_loggen(
            door, herkomst, partij, _("Recording a Nijmegenaar who is not in the BRP")
        )
        if telefoon.strip():
            telefoonnummer_toevoegen(partij=partij, nummer=telefoon, door=door, herkomst=herkomst)
        if email.strip():
            emailadres_toevoegen(partij=partij, adres=email, door=door, herkomst=herkomst)
    return partij


def partij_aan_contact_koppelen(
    *, contactmoment_id: int, partij: Partij, door, minimaal: int = Niveau.FULL
) -> Contactmoment:
    """Puts a contact that waited for its Nijmegenaar (web form, letter, e-mail, an API
    client's unknown caller) in that person's timeline. Only a contact ``door`` sees at
    least at ``minimaal`` and that is not linked yet. Runs in the caller's transaction; the
    caller writes the access-log line with what else it links (``channels.services``)."""
    cm = (
        Contactmoment.objects.visible_to(door)
        .select_for_update(of=("self",))
        .filter(pk=contactmoment_id, partij__isnull=True, niveau__gte=minimaal)
        .first()
    )
    if cm is None:
        raise ValidationError(_("This contact is linked already, or you may not link it."))
    cm.partij = partij
    cm.save(update_fields=["partij"])
    return cm


def afzender_vastleggen(*, contactmoment_id: int, afzender: str) -> None:
    """The name an unknown caller or sender gave, for a contact without a Nijmegenaar."""
    Contactmoment.objects.filter(pk=contactmoment_id).update(afzender=afzender.strip()[:300])


def behandelaar_vastleggen(*, contactmoment_id: int, medewerker) -> None:
    """The colleague who had the contact (and so their afdeling), when another system
    registered it in steps (the Klantinteracties API's actorklantcontact)."""
    Contactmoment.objects.filter(pk=contactmoment_id).update(
        medewerker=medewerker, afdeling=medewerker.afdeling
    )


def naar_terugbelverzoek(*, contactmoment_id: int) -> None:
    """A contact answered at first sight became a callback request after all: its result
    says so (the klantbeeld shows the question as open)."""
    Contactmoment.objects.filter(
        pk=contactmoment_id, resultaat=Contactmoment.Resultaat.BEANTWOORD
    ).update(resultaat=Contactmoment.Resultaat.TERUGBELVERZOEK)


def partij_registreren(
    *,
    door,
    herkomst: Herkomst | None,
    soort: str,
    doel: str,
    voornamen: str = "",
    voorvoegsel: str = "",
    geslachtsnaam: str = "",
    naam: str = "",
) -> Partij:
    """A person or organisation recorded by another system (the Klantinteracties API), not
    from a basisregistratie; its numbers follow with ``identificatie_vastleggen``."""
    if soort not in (Partij.Soort.PERSOON, Partij.Soort.ORGANISATIE):
        raise ValidationError({"soortPartij": _("soortPartij is persoon or organisatie.")})
    with transaction.atomic():
        partij = Partij.objects.create(
            soort=soort,
            voornamen=voornamen.strip()[:200],
            voorvoegsel=voorvoegsel.strip().lower()[:20],
            geslachtsnaam=geslachtsnaam.strip()[:200],
            naam=naam.strip()[:200],
            bron=Partij.Bron.KCC,
        )
        _partij_gewijzigd_loggen(door, herkomst, partij, doel)
    return partij


IDENTIFICATIES = {
    "bsn": Partij.Soort.PERSOON,
    "kvk_nummer": Partij.Soort.ORGANISATIE,
    "vestigingsnummer": Partij.Soort.ORGANISATIE,
}


def identificatie_vastleggen(
    *, door, herkomst: Herkomst | None, partij: Partij, veld: str, waarde: str, doel: str
) -> bool:
    """Gives a partij that has none yet its BSN, KVK number or vestigingsnummer (already
    validated). ``partij`` is locked by the caller (select_for_update) in its transaction.
    Returns False when the partij had this number already; refuses another number, a number
    of the wrong kind of partij and a number another partij has."""
    if partij.soort != IDENTIFICATIES[veld]:
        raise ValidationError(
            {
                "partijIdentificator.codeSoortObjectId": _(
                    "This number does not fit this kind of partij."
                )
            }
        )
    if getattr(partij, veld) == waarde:
        return False
    if getattr(partij, veld):
        raise ValidationError(
            {"partijIdentificator.objectId": _("This partij has another number already.")}
        )
    if Partij.objects.filter(**{veld: waarde}).exclude(pk=partij.pk).exists():
        raise ValidationError(
            {
                "partijIdentificator.objectId": _(
                    "Another partij has this number. Look that one up instead."
                )
            }
        )
    with transaction.atomic():
        setattr(partij, veld, waarde)
        partij.save(update_fields=[veld])
        _partij_gewijzigd_loggen(door, herkomst, partij, doel)
    return True


def _partij_gewijzigd_loggen(door, herkomst, partij: Partij, doel: str) -> None:
    toegang_loggen(
        door=door,
        herkomst=herkomst,
        handeling=Toegangslog.Handeling.GEGEVENS_GEWIJZIGD,
        partij=partij,
        object_type="partij",
        object_id=partij.id,
        doel=doel,
    )


def vragenlijst_toestemming_vastleggen(
    *, partij_id: int, ja: bool, door, herkomst: Herkomst | None = None
) -> Partij:
    """The Nijmegenaar's answer to "may we send you one question afterwards?", asked during
    a contact, kept as a preference (with the date of the yes)."""
    with transaction.atomic():
        partij = Partij.objects.select_for_update().get(pk=partij_id)
        partij.vragenlijst_toestemming = timezone.now() if ja else None
        partij.save(update_fields=["vragenlijst_toestemming", "gewijzigd"])
        _partij_gewijzigd_loggen(
            door, herkomst, partij, _("Preference: one question after a contact")
        )
    return partij


def kanaal_bijwerken(*, code: str, naam: str, digitaal: bool, volgorde: int) -> Kanaal:
    """The catalogue's channel by code, created or brought up to date."""
    kanaal, _nieuw = Kanaal.objects.update_or_create(
        code=code, defaults={"naam": naam, "digitaal": digitaal, "volgorde": volgorde}
    )
    return kanaal


def onderwerp_bijwerken(*, code: str, naam: str, domein) -> Onderwerp:
    """The catalogue's subject by code, created or brought up to date (its domein sets who
    sees its contacts)."""
    onderwerp, _nieuw = Onderwerp.objects.update_or_create(
        code=code, defaults={"naam": naam, "domein": domein}
    )
    return onderwerp
