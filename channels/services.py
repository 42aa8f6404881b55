"""Intake: the public web form and linking contacts to a Nijmegenaar later.

All channels end in the same two things: a contact moment against a Nijmegenaar (or waiting
in the "te koppelen" list), and possibly a callback request on the normal route.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, time
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr

from django.conf import settings
from django.conf import settings as conf
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import override

from callbacks import termijnen
from callbacks.models import Terugbelverzoek
from callbacks.services import terugbelverzoek_aanmaken
from callbacks.termijnen import AMSTERDAM, is_werkdag
from contacts.models import Contactmoment, Emailadres, Kanaal, Onderwerp, Partij, Telefoonnummer
from contacts.services import contactmoment_registreren
from core.broker import wek
from core.voorbereid import rijen
from permissions import roles
from permissions.accesslog import Herkomst, toegang_loggen
from permissions.models import Niveau, Toegangslog
from permissions.visibility import redacted

from . import bestanden
from .models import Afspraak, Email, Gesprek, Inzending

logger = logging.getLogger(__name__)


def enige_partij(*, telefoonnummer: str = "", email: str = "") -> Partij | None:
    """The Nijmegenaar with this e-mail address or phone number, only when exactly one person
    has it: a guess would put someone's question in a stranger's history."""
    ids = set()
    if email:
        ids |= set(
            Emailadres.objects.filter(adres__iexact=email).values_list("partij_id", flat=True)
        )
    if telefoonnummer:
        ids |= set(
            Telefoonnummer.objects.filter(nummer=telefoonnummer).values_list("partij_id", flat=True)
        )
    return Partij.objects.get(pk=ids.pop()) if len(ids) == 1 else None


@dataclass(frozen=True)
class Webformulier:
    """Checked input of the public form (see ``channels.forms.WebformulierForm``)."""

    sleutel: object  # uuid from the form, against double submission
    naam: str
    telefoonnummer: str  # E.164 or ""
    email: str
    vraag: str
    onderwerp: Onderwerp | None
    wil_teruggebeld: bool
    taal: str = "nl"


def webformulier_ontvangen(invoer: Webformulier) -> tuple[Inzending, bool]:
    """Stores one submission: a contact moment (kanaal webformulier), matched to a Nijmegenaar
    only when unambiguous, and a callback request when the person asked to be called.
    A second submission with the same key returns the first one (``nieuw`` False)."""
    bestaand = Inzending.objects.filter(sleutel=invoer.sleutel).first()
    if bestaand:
        return bestaand, False
    if invoer.wil_teruggebeld and not invoer.telefoonnummer:
        raise ValidationError(
            {"telefoonnummer": _("Fill in your phone number, so that we can call you.")}
        )
    kanaal = Kanaal.objects.get(code="webformulier")
    onderwerp = invoer.onderwerp or Onderwerp.objects.get(code=settings.KCC_WEBFORMULIER_ONDERWERP)
    anoniem = AnonymousUser()
    try:
        with transaction.atomic():
            partij = enige_partij(telefoonnummer=invoer.telefoonnummer, email=invoer.email)
            cm = contactmoment_registreren(
                partij=partij,
                kanaal=kanaal,
                onderwerp=onderwerp,
                vraag=invoer.vraag,
                antwoord="",
                door=anoniem,
                resultaat=(
                    Contactmoment.Resultaat.TERUGBELVERZOEK
                    if invoer.wil_teruggebeld
                    else Contactmoment.Resultaat.IN_BEHANDELING
                ),
            )
            tbv = None
            if invoer.wil_teruggebeld:
                tbv = terugbelverzoek_aanmaken(
                    partij=partij,
                    onderwerp=onderwerp,
                    vraag=invoer.vraag,
                    telefoonnummer=invoer.telefoonnummer,
                    alternatief=invoer.email,
                    door=anoniem,
                    contactmoment=cm,
                )
            inzending = Inzending.objects.create(
                sleutel=invoer.sleutel,
                naam=invoer.naam,
                telefoonnummer=invoer.telefoonnummer,
                email=invoer.email,
                wil_teruggebeld=invoer.wil_teruggebeld,
                taal=invoer.taal,
                contactmoment=cm,
                terugbelverzoek=tbv,
            )
            if invoer.email:
                transaction.on_commit(lambda: _wek_bevestiging(inzending.id))
    except IntegrityError:
        # the same form sent twice at the same moment: the other one was stored
        bestaand = Inzending.objects.filter(sleutel=invoer.sleutel).first()
        if bestaand is None:
            raise
        return bestaand, False
    return inzending, True


def antwoord_uiterlijk(inzending: Inzending):
    """When the Nijmegenaar may expect an answer: the callback's deadline, else the general
    term in working days from receipt."""
    if inzending.terugbelverzoek_id:
        return inzending.terugbelverzoek.deadline
    return termijnen.uiterste_datum(inzending.ontvangen, settings.KCC_TERUGBEL_TERMIJN_WERKDAGEN)


def _wek_bevestiging(inzending_id):
    wek("kcc_channels.tasks.bevestiging_mailen", inzending_id)


def bevestiging_mailen(inzending_id: int) -> bool:
    """Mails the confirmation once (row lock, marked in the same transaction)."""

    with transaction.atomic():
        inzending = (
            Inzending.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("terugbelverzoek")
            .filter(pk=inzending_id, bevestigd_op__isnull=True)
            .exclude(email="")
            .first()
        )
        if inzending is None:
            return False
        with override(inzending.taal):
            uiterlijk = date_format(localtime(antwoord_uiterlijk(inzending)), "l j F Y")
            body = _(
                "Dear %(naam)s,\n\nWe have received your question. Your reference number is "
                "%(ref)s.\n%(wanneer)s\n\nKind regards,\nMunicipality of Nijmegen\n"
                "Phone 14 024\n"
            ) % {
                "naam": inzending.naam,
                "ref": inzending.referentie,
                "wanneer": (
                    _("We will call you back by %(datum)s at the latest.")
                    if inzending.wil_teruggebeld
                    else _("You will have an answer by %(datum)s at the latest.")
                )
                % {"datum": uiterlijk},
            }
            onderwerp = _("We have received your question (%(ref)s)") % {
                "ref": inzending.referentie
            }
        EmailMessage(
            onderwerp,
            body,
            to=[inzending.email],
            headers={"Message-ID": f"<inzending-{inzending.id}@kcc.nijmegen.nl>"},
        ).send()
        inzending.bevestigd_op = timezone.now()
        inzending.save(update_fields=["bevestigd_op"])
    return True


# --- linking later ------------------------------------------------------------------------


@dataclass(frozen=True)
class TeKoppelen:
    """One waiting contact as the list shows it: what it is about and who it says it is
    from only at FULL (``None`` otherwise)."""

    id: int
    kanaal: str
    onderwerp: str
    tijdstip: object
    volledig: bool
    van: str | None
    vraag: str | None


def te_koppelen(user, limit=50) -> list[TeKoppelen]:
    """Contact moments without a Nijmegenaar the user may know of, newest first, with who
    they say they are from (letter, e-mail, web form)."""

    rows = []
    for cm in (
        Contactmoment.objects.visible_to(user)
        .filter(partij__isnull=True)
        .select_related("kanaal", "onderwerp", "inzending")
        .order_by("-tijdstip", "-id")[:limit]
    ):
        inzending = getattr(cm, "inzending", None)
        van = cm.afzender or (
            " · ".join(p for p in (inzending.naam, inzending.telefoonnummer, inzending.email) if p)
            if inzending
            else ""
        )
        rows.append(
            TeKoppelen(
                id=cm.id,
                kanaal=cm.kanaal.naam,
                onderwerp=cm.onderwerp.naam,
                tijdstip=cm.tijdstip,
                volledig=cm.niveau == Niveau.FULL,
                van=redacted(cm.niveau, van),
                vraag=redacted(cm.niveau, cm.vraag),
            )
        )
    return rows


def koppelen(
    *, contactmoment_id: int, partij: Partij, door, herkomst: Herkomst | None = None
) -> Contactmoment:
    """Moves a contact (and its callback request) into the Nijmegenaar's timeline. Only a
    contact the user sees in full and that is not linked yet. Written to the access log."""

    with transaction.atomic():
        cm = (
            Contactmoment.objects.visible_to(door)
            .select_for_update(of=("self",))
            .filter(pk=contactmoment_id, partij__isnull=True, niveau=Niveau.FULL)
            .first()
        )
        if cm is None:
            raise ValidationError(_("This contact is linked already, or you may not link it."))
        cm.partij = partij
        cm.save(update_fields=["partij"])
        Terugbelverzoek.objects.filter(contactmoment=cm, partij__isnull=True).update(partij=partij)
        toegang_loggen(
            door=door,
            herkomst=herkomst,
            handeling=Toegangslog.Handeling.GEKOPPELD,
            partij=partij,
            object_type="contactmoment",
            object_id=cm.id,
            doel=_("Linking a contact to the Nijmegenaar"),
        )
    return cm


# --- post and e-mail -----------------------------------------------------------------------


def _om_negen(datum):
    """A letter's time in the history: its date of receipt, at the start of the day."""

    return datetime.combine(datum, time(9, 0), AMSTERDAM)


def brief_registreren(
    *,
    door,
    ontvangen,
    onderwerp: Onderwerp,
    samenvatting: str,
    partij: Partij | None = None,
    afzender: str = "",
    scans=(),
    zaak=None,
    herkomst: Herkomst | None = None,
) -> Contactmoment:
    """A letter: a contact moment (kanaal post) on its date of receipt, with its scans.
    Without a Nijmegenaar it waits in "te koppelen" with the sender as given."""

    errors = []
    for naam, inhoud in scans:
        try:
            bestanden.controleren(naam, inhoud)
        except ValidationError as exc:
            errors += exc.messages
    if ontvangen > timezone.localdate():
        errors.append(_("The date of receipt cannot be in the future."))
    if partij is None and not afzender.strip():
        errors.append(_("Find the Nijmegenaar, or write down who the letter is from."))
    if zaak is not None and (partij is None or zaak.partij_id != partij.id):
        errors.append(_("That case is of someone else."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        cm = contactmoment_registreren(
            partij=partij,
            kanaal=Kanaal.objects.get(code="post"),
            onderwerp=onderwerp,
            vraag=samenvatting,
            antwoord="",
            resultaat=Contactmoment.Resultaat.IN_BEHANDELING,
            door=door,
            tijdstip=_om_negen(ontvangen),
            herkomst=herkomst,
            doel=_("Registering a letter"),
        )
        if afzender.strip():
            cm.afzender = afzender.strip()[:300]
            cm.save(update_fields=["afzender"])
        for naam, inhoud in scans:
            bestanden.opslaan(cm, naam, inhoud)
        if zaak is not None:
            zaak.contactmomenten.add(cm)
    return cm


MAX_EMAIL_TEKST = 20_000


def _tekst(bericht) -> str:

    deel = bericht.get_body(preferencelist=("plain", "html"))
    if deel is None:
        return ""
    try:
        inhoud = deel.get_content()
    except (LookupError, ValueError, AssertionError):
        inhoud = deel.get_payload(decode=True) or b""
        inhoud = inhoud.decode("utf-8", "replace") if isinstance(inhoud, bytes) else ""
    if deel.get_content_subtype() == "html":
        inhoud = strip_tags(inhoud)
    return inhoud.replace("\x00", "").strip()[:MAX_EMAIL_TEKST]


def email_ontvangen(
    raw: bytes, *, door=None, herkomst: Herkomst | None = None
) -> tuple[Contactmoment, bool, list[str]]:
    """An inbound e-mail (as a mail provider posts it, or an uploaded .eml), parsed with the
    standard library: a contact moment (kanaal e-mail), the sender matched as for the web
    form, attachments as for post. Once per Message-ID. Returns the contact, whether it is
    new, and the attachments that were refused (with the reason)."""

    try:
        bericht = BytesParser(policy=policy.default).parsebytes(raw)
        van_naam, van = parseaddr(str(bericht.get("From", "")))
        onderwerp_tekst = str(bericht.get("Subject", "")).strip()[:300]
        message_id = str(bericht.get("Message-ID", "")).strip()[:300]
    except Exception:  # a message the parser cannot read at all
        raise ValidationError(_("This is not an e-mail message that can be read.")) from None
    if not van or "@" not in van:
        raise ValidationError(_("The e-mail has no sender address."))
    if not message_id:
        message_id = "<sha256-" + hashlib.sha256(raw).hexdigest() + ">"
    bestaand = Email.objects.filter(message_id=message_id).select_related("contactmoment")
    if bestaand.exists():
        return bestaand.first().contactmoment, False, []
    tekst = _tekst(bericht)
    bijlagen, geweigerd = [], []
    for deel in bericht.iter_attachments():
        naam = deel.get_filename() or "bijlage"
        inhoud = deel.get_payload(decode=True) or b""
        try:
            bestanden.controleren(naam, inhoud)
        except ValidationError as exc:
            geweigerd.append(" ".join(exc.messages))
            continue
        bijlagen.append((naam, inhoud))
    vraag = "\n\n".join(p for p in (onderwerp_tekst, tekst) if p) or _("(empty e-mail)")
    onderwerp = Onderwerp.objects.get(code=settings.KCC_WEBFORMULIER_ONDERWERP)
    try:
        with transaction.atomic():
            partij = enige_partij(email=van)
            cm = contactmoment_registreren(
                partij=partij,
                kanaal=Kanaal.objects.get(code="e-mail"),
                onderwerp=onderwerp,
                vraag=vraag,
                antwoord="\n".join(geweigerd),
                resultaat=Contactmoment.Resultaat.IN_BEHANDELING,
                door=door or AnonymousUser(),
                herkomst=herkomst,
                doel=_("Registering an e-mail"),
            )
            cm.afzender = (f"{van_naam} <{van}>" if van_naam else van)[:300]
            cm.save(update_fields=["afzender"])
            Email.objects.create(
                message_id=message_id, van=van[:300], onderwerp=onderwerp_tekst, contactmoment=cm
            )
            for naam, inhoud in bijlagen:
                bestanden.opslaan(cm, naam, inhoud)
    except IntegrityError:
        bestaand = Email.objects.filter(message_id=message_id).first()
        if bestaand is None:
            raise
        return bestaand.contactmoment, False, []
    return cm, True, geweigerd


# --- appointments at the desk ------------------------------------------------------------

BALIES = ("balie-stadswinkel", "balie-dukenburg")


def afspraak_maken(
    *,
    partij: Partij,
    onderwerp: Onderwerp,
    locatie: Kanaal,
    tijdstip,
    door,
    herkomst: Herkomst | None = None,
):
    """An appointment at a desk, on a working day within office hours, in the future;
    written to the access log with it."""

    errors = {}
    if locatie.code not in BALIES or not locatie.actief:
        errors["locatie"] = _("Choose the Stadswinkel or Steunpunt Dukenburg.")
    lokaal = tijdstip.astimezone(AMSTERDAM)
    open_, dicht = conf.KCC_KANTOOR_OPEN, conf.KCC_KANTOOR_DICHT
    if tijdstip <= timezone.now():
        errors["tijdstip"] = _("Choose a time in the future.")
    elif not is_werkdag(lokaal.date()) or not (open_ <= lokaal.strftime("%H:%M") < dicht):
        errors["tijdstip"] = _("The desk is open on working days from %(open)s to %(dicht)s.") % {
            "open": open_,
            "dicht": dicht,
        }
    if not onderwerp.actief:
        errors["onderwerp"] = _("This subject is no longer in use. Choose another subject.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        afspraak = Afspraak.objects.create(
            partij=partij,
            onderwerp=onderwerp,
            locatie=locatie,
            tijdstip=tijdstip,
            gemaakt_door=roles.medewerker_van(door),
        )
        toegang_loggen(
            door=door,
            herkomst=herkomst,
            handeling=Toegangslog.Handeling.CONTACT_VASTGELEGD,
            partij=partij,
            object_type="afspraak",
            object_id=afspraak.id,
            doel=_("Appointment at the desk"),
        )
    return afspraak


def bezoek_registreren(
    *,
    afspraak_id: int,
    door,
    legitimatie_gezien: bool,
    notitie: str = "",
    herkomst: Herkomst | None = None,
) -> Contactmoment:
    """The person came for their appointment: a contact moment at that desk, linked to it."""

    with transaction.atomic():
        afspraak = (
            Afspraak.objects.visible_to(door)
            .select_for_update(of=("self",))
            .select_related("locatie", "onderwerp")
            .filter(pk=afspraak_id, status=Afspraak.Status.GEPLAND, niveau=Niveau.FULL)
            .first()
        )
        if afspraak is None:
            raise ValidationError(
                _("This appointment was picked up already, or you may not register it.")
            )
        cm = contactmoment_registreren(
            partij=afspraak.partij,
            kanaal=afspraak.locatie,
            onderwerp=afspraak.onderwerp,
            vraag=_("Visit for the appointment of %(tijd)s about %(onderwerp)s.")
            % {
                "tijd": timezone.localtime(afspraak.tijdstip).strftime("%d-%m-%Y %H:%M"),
                "onderwerp": afspraak.onderwerp.naam,
            },
            antwoord=notitie.strip(),
            resultaat=Contactmoment.Resultaat.BEANTWOORD,
            door=door,
            legitimatie_gezien=legitimatie_gezien,
            herkomst=herkomst,
            doel=_("Visit at the desk"),
        )
        afspraak.status, afspraak.bezoek = Afspraak.Status.GEKOMEN, cm
        afspraak.save(update_fields=["status", "bezoek"])
    return cm


@dataclass(frozen=True)
class AfspraakRegel:
    id: int
    locatie: str
    tijdstip: object
    volledig: bool
    onderwerp: str | None  # FULL only


def afspraken_voor(user, partij_id, limit=10) -> list[AfspraakRegel]:
    """Planned appointments of this Nijmegenaar the user may know of, first one first; the
    subject only for those who see it in full."""

    return [
        AfspraakRegel(
            id=a["id"],
            locatie=a["locatie__naam"],
            tijdstip=a["tijdstip"],
            volledig=a["niveau"] == Niveau.FULL,
            onderwerp=redacted(a["niveau"], a["onderwerp__naam"]),
        )
        for a in rijen(
            lambda user, partij_id: (
                Afspraak.objects.visible_to(user)
                .filter(partij_id=partij_id, status=Afspraak.Status.GEPLAND)
                .order_by("tijdstip")
                .values("id", "tijdstip", "niveau", "locatie__naam", "onderwerp__naam")[:limit]
            ),
            user=user,
            partij_id=partij_id,
        )
    ]


def gesprek_koppelen(*, call_id: str, door, contactmoment: Contactmoment) -> int:
    """Ties the phone call the caller-id pop-up opened (the user's own, not yet tied) to the
    contact recorded for it, in the caller's transaction. Returns 1 when tied."""
    return Gesprek.objects.filter(
        call_id=call_id, medewerker__user=door, contactmoment__isnull=True
    ).update(contactmoment=contactmoment)
