"""Post: a letter with its scans becomes a contact moment on its date of receipt."""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callbacks.termijnen import AMSTERDAM
from contacts.models import Contactmoment, Kanaal, Onderwerp, Partij
from contacts.services import contactmoment_registreren
from core import eenmalig
from permissions.accesslog import Herkomst

from .. import bestanden


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
    vervolg_op: Contactmoment | None = None,
    herkomst: Herkomst | None = None,
    sleutel=None,
) -> Contactmoment:
    """A letter: a contact moment (kanaal post) on its date of receipt, with its scans.
    Without a Nijmegenaar it waits in "te koppelen" with the sender as given. ``vervolg_op``:
    the earlier contact whose question (klantreis) the letter is about. The form's
    ``sleutel`` makes it once: the same letter sent twice is stored once."""

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
        if sleutel and (eerder := eenmalig.claimen(sleutel, door=door, soort="brief")):
            return Contactmoment.objects.get(pk=eerder)
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
            vervolg_op=vervolg_op,
        )
        if afzender.strip():
            cm.afzender = afzender.strip()[:300]
            cm.save(update_fields=["afzender"])
        for naam, inhoud in scans:
            bestanden.opslaan(cm, naam, inhoud)
        if zaak is not None:
            zaak.contactmomenten.add(cm)
        if sleutel:
            eenmalig.vastleggen(sleutel, soort="brief", object_id=cm.id)
    return cm
