"""Writes the klantbeeld makes that span apps: a contact recorded during a phone call."""

from django.db import transaction

from channels.services import gesprek_koppelen
from contacts.services import contactmoment_registreren


def contact_vastleggen(*, gesprek: str = "", **gegevens):
    """Records the contact (``contacts.services.contactmoment_registreren``, which writes its
    access-log line) and ties the phone call it was recorded for, in one transaction."""
    with transaction.atomic():
        contactmoment = contactmoment_registreren(**gegevens)
        if gesprek:
            gesprek_koppelen(call_id=gesprek, door=gegevens["door"], contactmoment=contactmoment)
    return contactmoment
