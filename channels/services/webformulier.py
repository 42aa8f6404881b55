"""The public web form: a question becomes a contact moment (and a callback request when
the resident asks to be called), with a confirmation e-mail sent once."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import override

from callbacks import termijnen
from callbacks.services import terugbelverzoek_aanmaken
from contacts.models import Contactmoment, Kanaal, Onderwerp
from contacts.services import contactmoment_registreren, vragenlijst_toestemming_vastleggen
from core.broker import in_wachtrij_zetten
from permissions.accesslog import systeemgebruiker

from ..models import Inzending
from ..selectors import enige_partij


@dataclass(frozen=True)
class Webformulier:
    """Checked input of the public form (see ``channels.forms.WebformulierForm``)."""

    sleutel: uuid.UUID | str  # uuid from the form, against double submission
    naam: str
    telefoonnummer: str  # E.164 or ""
    email: str
    vraag: str
    onderwerp: Onderwerp | None
    wil_teruggebeld: bool
    taal: str = "nl"


def eerdere_inzending(sleutel) -> Inzending | None:
    """The submission already stored under this form key, if any (a key that is no uuid
    has none)."""
    try:
        sleutel = uuid.UUID(str(sleutel))
    except ValueError:
        return None
    return Inzending.objects.filter(sleutel=sleutel).first()


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
                # linked only when every detail is the person's own: so is the address
                bevestiging_sturen=bool(invoer.email and partij is not None),
            )
            if inzending.bevestiging_sturen:
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
    if inzending.terugbelverzoek is not None:
        return inzending.terugbelverzoek.deadline
    return termijnen.uiterste_datum(inzending.ontvangen, settings.KCC_TERUGBEL_TERMIJN_WERKDAGEN)


def _wek_bevestiging(inzending_id):
    in_wachtrij_zetten("kcc_channels.tasks.bevestiging_mailen", [inzending_id])


def bevestiging_mailen(inzending_id: int) -> bool:
    """Mails the confirmation once (row lock, marked in the same transaction)."""

    with transaction.atomic():
        inzending = (
            Inzending.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("terugbelverzoek")
            .filter(pk=inzending_id, bevestigd_op__isnull=True, bevestiging_sturen=True)
            .exclude(email="")
            .first()
        )
        if inzending is None:
            return False
        with override(inzending.taal):
            uiterlijk = date_format(localtime(antwoord_uiterlijk(inzending)), "l j F Y")
            # nothing the visitor typed: no name, no question (the mail cannot carry
            # someone else's text under the municipality's name)
            body = _(
                "Dear resident,\n\nWe have received your question. Your reference number is "
                "%(ref)s.\n%(wanneer)s\n\nKind regards,\nMunicipality of Nijmegen\n"
                "Phone 14 024\n"
            ) % {
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


def vragenlijst_antwoord_vastleggen(*, token, ja: bool) -> Inzending | None:
    """The answer on the confirmation page to "may we send you one question when your
    question is answered?". Once per submission. A yes counts for the Nijmegenaar only when
    the form was matched by all details given (the address is the person's own); a
    submission linked later by a colleague takes it along then."""
    with transaction.atomic():
        inzending = (
            Inzending.objects.select_for_update(of=("self",))
            .select_related("contactmoment")
            .filter(token=token, vragenlijst_ja__isnull=True)
            .first()
        )
        if inzending is None:
            return None
        inzending.vragenlijst_ja = ja
        inzending.save(update_fields=["vragenlijst_ja"])
        partij_id = inzending.contactmoment.partij_id
        if ja and partij_id and inzending.bevestiging_sturen:
            # recorded as the system's doing: the resident said it on the public page
            vragenlijst_toestemming_vastleggen(
                partij_id=partij_id, ja=True, door=systeemgebruiker()
            )
    return inzending
