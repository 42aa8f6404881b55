"""The checks between the list and the first attempt: the BRP (a background step) and a
person's check of each candidate. Nothing is sent or queued before a person approved."""

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.broker import wek
from permissions.accesslog import Herkomst, Regel, bsns_loggen
from permissions.models import Toegangslog
from sources import brp

from ..models import Benadering, Campagne, Kandidaat
from .afmelden import afgemeld, bsn_slot

STUK = 100  # candidates per task run; the task sends itself again for the rest


def _filter_uit_brp(persoon: brp.BrpPersoon | None) -> str:
    if persoon is None:
        return Kandidaat.Filter.NIET_IN_BRP
    if persoon.overleden:
        return Kandidaat.Filter.OVERLEDEN
    if persoon.geheimhouding:
        return Kandidaat.Filter.GEHEIM
    if persoon.adres is None:
        return Kandidaat.Filter.VERTROKKEN
    return ""


def brp_controleren(campagne_id: int, *, aantal: int = STUK) -> int:
    """Asks the BRP about the next ``aantal`` unchecked candidates (only the fields the
    filters need), at most ``KCC_PROACTIEF_BRP_PER_SECONDE`` a second. Each answer commits
    on its own, so a stop halfway loses nothing and a new run goes on where it was. Returns
    how many are left. A BRP fault ends the run; the beat tries again."""
    campagne = Campagne.objects.get(pk=campagne_id)
    client = brp.BrpClient()
    tussenpoos = 1.0 / max(settings.KCC_PROACTIEF_BRP_PER_SECONDE, 0.1)
    ids = list(
        Kandidaat.objects.filter(campagne=campagne, status=Kandidaat.Status.TE_CONTROLEREN)
        .order_by("id")
        .values_list("id", flat=True)[:aantal]
    )
    for kandidaat_id in ids:
        begin = time.monotonic()
        _een_controleren(campagne, client, kandidaat_id)
        time.sleep(max(0.0, tussenpoos - (time.monotonic() - begin)))
    return Kandidaat.objects.filter(
        campagne=campagne, status=Kandidaat.Status.TE_CONTROLEREN
    ).count()


def _een_controleren(campagne: Campagne, client: brp.BrpClient, kandidaat_id: int) -> None:
    kandidaat = Kandidaat.objects.get(pk=kandidaat_id)
    persoon = client.raadplegen(
        kandidaat.bsn, gebruiker="kcc-proactief", velden=brp.VELDEN_CONTROLE
    )  # a BrpFout ends the run: nothing of this candidate changed
    reden = _filter_uit_brp(persoon)
    with transaction.atomic():
        kandidaat = Kandidaat.objects.select_for_update().get(pk=kandidaat_id)
        if kandidaat.status != Kandidaat.Status.TE_CONTROLEREN:
            return
        kandidaat.brp_gecontroleerd_op = timezone.now()
        kandidaat.filter = reden
        kandidaat.status = Kandidaat.Status.GEFILTERD if reden else Kandidaat.Status.TE_BEOORDELEN
        kandidaat.save(update_fields=["brp_gecontroleerd_op", "filter", "status"])
        bsns_loggen(
            door=None,
            herkomst=None,
            bsns=[kandidaat.bsn],
            doel=_("Campaign %(titel)s: check against the BRP") % {"titel": campagne.titel},
            regel=Regel(Toegangslog.Handeling.BRP_BEVRAAGD, "kandidaat", kandidaat.id),
        )


def kandidaten_beoordelen(
    *,
    door,
    campagne_id: int,
    kandidaat_ids: list[int],
    goedkeuren: bool,
    reden: str = "",
    herkomst: Herkomst | None = None,
) -> int:
    """A person's check, of one candidate or a batch: approved ones get their first attempt
    planned; skipped ones keep the reason. The opt-out register is checked again here.
    Logged per person with the user. Returns how many were checked."""
    if not goedkeuren and not reden.strip():
        raise ValidationError({"reden": _("Say why you skip these candidates.")})
    with transaction.atomic():
        campagne = Campagne.objects.select_for_update().get(pk=campagne_id)
        if campagne.status != Campagne.Status.ACTIEF:
            raise ValidationError(_("Candidates are checked once the campaign is active."))
        kandidaten = list(
            Kandidaat.objects.select_for_update()
            .filter(campagne=campagne, pk__in=kandidaat_ids, status=Kandidaat.Status.TE_BEOORDELEN)
            .order_by("id")
        )
        nu = timezone.now()
        for kandidaat in kandidaten:
            _beoordelen(campagne, kandidaat, door, goedkeuren, reden.strip()[:200], nu)
        bsns_loggen(
            door=door,
            herkomst=herkomst,
            bsns=[k.bsn for k in kandidaten],
            doel=_("Campaign %(titel)s: human check") % {"titel": campagne.titel},
            regel=Regel(Toegangslog.Handeling.KANDIDAAT_BEOORDEELD, "campagne", campagne.id),
        )
    if goedkeuren:
        transaction.on_commit(lambda: wek("proactief.tasks.nalopen"))
    return len(kandidaten)


def _beoordelen(campagne, kandidaat, door, goedkeuren, reden, nu) -> None:
    kandidaat.beoordeeld_door, kandidaat.beoordeeld_op, kandidaat.reden = door, nu, reden
    if not goedkeuren:
        kandidaat.status = Kandidaat.Status.OVERGESLAGEN
    else:
        bsn_slot(kandidaat.bsn)
        if afgemeld(kandidaat.bsn, campagne.regeling):
            kandidaat.status, kandidaat.filter = (
                Kandidaat.Status.UITGESLOTEN,
                Kandidaat.Filter.OPT_OUT,
            )
        else:
            kandidaat.status = Kandidaat.Status.GOEDGEKEURD
            kandidaat.stap = 1
            Benadering.objects.create(
                kandidaat=kandidaat, stap=1, soort=campagne.ladder[0], uiterlijk=nu
            )
    kandidaat.save(
        update_fields=["beoordeeld_door", "beoordeeld_op", "reden", "status", "filter", "stap"]
    )
