"""The phone: the call the caller-id pop-up opened, tied to the contact recorded for it."""

from contacts.models import Contactmoment

from ..models import Gesprek


def gesprek_koppelen(*, call_id: str, door, contactmoment: Contactmoment) -> int:
    """Ties the phone call the caller-id pop-up opened (the user's own, not yet tied) to the
    contact recorded for it, in the caller's transaction. Returns 1 when tied."""
    return Gesprek.objects.filter(
        call_id=call_id, medewerker__user=door, contactmoment__isnull=True
    ).update(contactmoment=contactmoment)
