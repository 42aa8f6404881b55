"""Writes the klantbeeld makes that span apps: a contact recorded during a phone call."""

from django.db import transaction

from channels.services import gesprek_koppelen
from contacts.models import Contactmoment
from contacts.services import contactmoment_registreren
from core import eenmalig
from kennis import services as kennis_services


def contact_vastleggen(
    *, gesprek: str = "", sleutel=None, kennis: str = "", geopend=None, **gegevens
):
    """Records the contact (``contacts.services.contactmoment_registreren``, which writes its
    access-log line) and ties the phone call it was recorded for, and the knowledge-base
    answer chosen during it (``kennis``: "<uuid>:<section>"; ``geopend``: the session's
    openings, uuid → id), in one transaction. The form's ``sleutel`` makes it once: sent
    again, it returns the first one's contact."""
    with transaction.atomic():
        if sleutel and (
            eerder := eenmalig.claimen(sleutel, door=gegevens["door"], soort="contactmoment")
        ):
            return Contactmoment.objects.get(pk=eerder)
        contactmoment = contactmoment_registreren(**gegevens)
        if gesprek:
            gesprek_koppelen(call_id=gesprek, door=gegevens["door"], contactmoment=contactmoment)
        if kennis and (keuze := kennis_services.keuze_lezen(kennis)):
            item, sectie = keuze
            kennis_services.gekozen(
                contactmoment=contactmoment,
                item=item,
                sectie=sectie,
                raadpleging_id=(geopend or {}).get(str(item.uuid)),
            )
        if sleutel:
            eenmalig.vastleggen(sleutel, soort="contactmoment", object_id=contactmoment.id)
    return contactmoment
