"""Linking a waiting contact (web form, letter, e-mail) to the Nijmegenaar later."""

from django.db import transaction
from django.utils.translation import gettext as _

from callbacks.services import terugbelverzoeken_koppelen
from contacts.models import Contactmoment, Partij
from contacts.services import partij_aan_contact_koppelen, vragenlijst_toestemming_vastleggen
from permissions.accesslog import Herkomst, toegang_loggen
from permissions.models import Niveau, Toegangslog

from ..models import Inzending


def contactmoment_koppelen(
    *,
    contactmoment_id: int,
    partij: Partij,
    door,
    herkomst: Herkomst | None = None,
    minimaal: int = Niveau.FULL,
) -> Contactmoment:
    """Moves a contact (and its callback request) into the Nijmegenaar's timeline. Only a
    contact the user sees in full and that is not linked yet. Written to the access log.
    ``minimaal``: EXISTENCE for a contact the caller registered itself a moment ago (the
    Klantinteracties API builds a contact in steps)."""

    with transaction.atomic():
        cm = partij_aan_contact_koppelen(
            contactmoment_id=contactmoment_id, partij=partij, door=door, minimaal=minimaal
        )
        terugbelverzoeken_koppelen(contactmoment=cm, partij=partij)
        if Inzending.objects.filter(contactmoment=cm, vragenlijst_ja=True).exists():
            # the yes on the web form's confirmation page, now that we know whose it is
            vragenlijst_toestemming_vastleggen(
                partij_id=partij.id, ja=True, door=door, herkomst=herkomst
            )
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
