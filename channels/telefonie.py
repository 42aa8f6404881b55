"""Phone (14 024): caller-id events from the telephony platform pop the caller's klantbeeld on
the agent's screen.

The platform posts ``call_started`` {call_id, caller, agent} and ``call_ended`` {call_id} to
``/telefonie/gebeurtenis/`` (served by the telephony adapter, ``sources.telefonie``, which
also stores them as events of the same call id) with ``Authorization: Bearer
<KCC_TELEFONIE_TOKEN>``. The agent is the user name or the internal phone number of a
medewerker. The event is stored (``Gesprek``) and the call id is put under the agent's own
key in Redis; the agent's browser asks for it every 0.7 s (one Redis read), so the pop-up
shows within a second, and only there.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import normalise
from permissions.models import Medewerker

from .models import Gesprek

AFGESCHERMD = {"", "anonymous", "anoniem", "withheld", "private", "unknown", "restricted"}


def oproep_key(user_id) -> str:
    return f"telefonie:oproep:{user_id}"


def gesprek_begonnen(
    *, call_id: str, agent: str, nummer: str, tolkcontact: bool = False, tijdstip=None
) -> tuple[Gesprek, bool]:
    """Stores the call (once per call id: the platform may send an event twice) and signals
    the agent's browser. A withheld number is stored empty."""
    call_id = (call_id or "").strip()[:100]
    if not call_id:
        raise ValidationError(_("call_id is missing."))
    agent = (agent or "").strip()
    medewerker = (
        Medewerker.objects.select_related("user")
        .filter(Q(user__username=agent) | Q(telefoon=agent), user__is_active=True)
        .first()
        if agent
        else None
    )
    if medewerker is None:
        raise ValidationError(
            _("Unknown agent: no active staff member with that user name or internal number.")
        )
    nummer = (nummer or "").strip()
    e164 = "" if nummer.lower() in AFGESCHERMD else normalise.parse_phone(nummer)
    if e164 is None:
        e164 = ""  # not a number we can use: shown as unknown, the agent searches
    with transaction.atomic():
        gesprek, nieuw = Gesprek.objects.get_or_create(
            call_id=call_id,
            defaults={
                "medewerker": medewerker,
                "nummer": e164,
                "tolkcontact": bool(tolkcontact),
                "begin": tijdstip or timezone.now(),
            },
        )
        if nieuw:
            # at once: should the transaction roll back, the poll finds no such call
            cache.set(oproep_key(medewerker.user_id), gesprek.id, _hoogstens().total_seconds())
    return gesprek, nieuw


def gesprek_beeindigd(*, call_id: str, tijdstip=None) -> Gesprek:
    """Records the end (and so the duration) once."""
    with transaction.atomic():
        gesprek = (
            Gesprek.objects.select_for_update().filter(call_id=(call_id or "").strip()).first()
        )
        if gesprek is None:
            raise ValidationError(_("Unknown call_id."))
        if gesprek.einde is None:
            gesprek.einde = max(tijdstip or timezone.now(), gesprek.begin)
            gesprek.save(update_fields=["einde"])
    return gesprek


def _hoogstens() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.KCC_OPROEP_HOOGSTENS_MINUTEN)


def nieuwe_oproep(user, na: int) -> Gesprek | None:
    """The agent's running call newer than ``na``, or None: one Redis read when there is
    nothing new (the usual case). A call whose end never came stops popping up after
    ``KCC_OPROEP_HOOGSTENS_MINUTEN``."""
    gesprek_id = cache.get(oproep_key(user.id))
    if not gesprek_id or gesprek_id <= na:
        return None
    return lopend_gesprek(user, gesprek_id)


def lopend_gesprek(user, gesprek_id=None) -> Gesprek | None:
    """The call the agent is on now (the one their phone last popped up), if it runs still:
    no query when none popped up."""
    gesprek_id = gesprek_id or cache.get(oproep_key(user.id))
    if not gesprek_id:
        return None
    return Gesprek.objects.filter(
        pk=gesprek_id,
        medewerker__user=user,
        einde__isnull=True,
        begin__gte=timezone.now() - _hoogstens(),
    ).first()
