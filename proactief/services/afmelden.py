"""The opt-out register: who does not want to be approached unasked.

Checked at import, at the human check and again just before each call or send. A person's
opt-out and a send to that person take the same lock (``bsn_slot``), so an opt-out committed
while a send is being prepared stops it, and a send under way finishes before the opt-out is
recorded: never both.
"""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from callbacks.services import belopdracht_intrekken
from contacts.validators import validate_bsn
from permissions.accesslog import Herkomst, Regel, bsns_loggen
from permissions.models import Toegangslog

from ..models import Afmelding, Benadering, Kandidaat

_SLOT = 7_024_033  # advisory lock class: one person's opt-out against their sends


def bsn_slot(bsn: str) -> None:
    """Takes the person's lock until the end of the transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_SLOT, int(bsn)])


def afgemeld(bsn: str, regeling: str = "") -> bool:
    """Whether the person opted out of all proactive contact or of this regeling (an
    index lookup: made before every single call and send)."""
    return Afmelding.objects.filter(
        Q(reikwijdte=Afmelding.Reikwijdte.ALLES)
        | Q(reikwijdte=Afmelding.Reikwijdte.REGELING, regeling=regeling),
        bsn=bsn,
    ).exists()


def afmelden(
    *,
    bsn: str,
    bron: str,
    door=None,
    kanaal: str = "",
    regeling: str = "",
    herkomst: Herkomst | None = None,
) -> Afmelding:
    """Records an opt-out (of everything, or of one ``regeling``) and cancels what is queued
    for the person in every campaign it covers. Idempotent: the same opt-out twice is one."""
    validate_bsn(bsn)
    reikwijdte = Afmelding.Reikwijdte.REGELING if regeling else Afmelding.Reikwijdte.ALLES
    with transaction.atomic():
        bsn_slot(bsn)
        afmelding = Afmelding.objects.filter(
            bsn=bsn, reikwijdte=reikwijdte, regeling=regeling
        ).first() or Afmelding.objects.create(
            bsn=bsn,
            reikwijdte=reikwijdte,
            regeling=regeling,
            datum=timezone.now(),
            kanaal=kanaal[:40],
            bron=bron,
            door=door if getattr(door, "is_authenticated", False) else None,
        )
        _uitsluiten(bsn, regeling)
        bsns_loggen(
            door=door if getattr(door, "is_authenticated", False) else None,
            herkomst=herkomst,
            bsns=[bsn],
            doel=_("Opt-out from proactive contact"),
            regel=Regel(Toegangslog.Handeling.AFMELDING, "afmelding", afmelding.id),
        )
    return afmelding


def _uitsluiten(bsn: str, regeling: str) -> int:
    """Every open candidate of the person in the campaigns the opt-out covers: excluded,
    with what was queued cancelled."""
    kandidaten = Kandidaat.objects.select_for_update().filter(
        bsn=bsn,
        status__in=[
            Kandidaat.Status.TE_CONTROLEREN,
            Kandidaat.Status.TE_BEOORDELEN,
            Kandidaat.Status.GOEDGEKEURD,
        ],
    )
    if regeling:
        kandidaten = kandidaten.filter(campagne__regeling=regeling)
    aantal = 0
    for kandidaat in kandidaten:
        uitsluiten(kandidaat)
        aantal += 1
    return aantal


def uitsluiten(kandidaat: Kandidaat) -> None:
    """One candidate out: "uitgesloten: opt-out", and whatever was planned or waiting in
    the queue cancelled (the caller holds the person's lock)."""
    open_ = Benadering.objects.select_for_update().filter(
        kandidaat=kandidaat, status__in=[Benadering.Status.GEPLAND, Benadering.Status.KLAAR]
    )
    for benadering in open_:
        if benadering.terugbelverzoek_id:
            belopdracht_intrekken(
                tbv_id=benadering.terugbelverzoek_id, toelichting=_("excluded: opt-out")
            )
        benadering.status, benadering.reden = Benadering.Status.GEANNULEERD, _("excluded: opt-out")
        benadering.save(update_fields=["status", "reden", "bijgewerkt"])
    kandidaat.status = Kandidaat.Status.UITGESLOTEN
    kandidaat.filter = Kandidaat.Filter.OPT_OUT
    kandidaat.save(update_fields=["status", "filter"])


# --- the link in every letter and message: it means only "this person opts out" ----------


def kandidaat_van_code(code: str) -> Kandidaat | None:
    """The candidate an opt-out link was made for. The code is random (no BSN in a URL,
    where proxies and browsers keep it) and opens nothing but the opt-out."""
    if not code or len(code) > 64:
        return None
    return Kandidaat.objects.filter(afmeldcode=code).select_related("campagne").first()


# --- the register in a neutral format (CSV): to and from another register ---------------

KOLOMMEN = ("bsn", "reikwijdte", "regeling", "datum", "kanaal", "bron")


def afmeldingen_importeren(regels, *, bron: str = "import") -> tuple[int, list[dict]]:
    """Takes in opt-outs of another register (a national one, a neighbouring municipality's
    KCC): rows with ``bsn`` and optionally ``regeling`` (empty: everything), ``datum``,
    ``kanaal``. What is already in the register is skipped; every opt-out also excludes the
    person from what is queued, as one recorded here does. Returns (taken in, refused rows)."""
    opgenomen, geweigerd = 0, []
    for nummer, regel in enumerate(regels, start=2):
        bsn = "".join((regel.get("bsn") or "").split())
        try:
            validate_bsn(bsn)
            if not bsn:
                raise ValidationError(_("no BSN"))
        except ValidationError as e:
            geweigerd.append({"rij": nummer, "reden": e.messages[0]})
            continue
        regeling = (regel.get("regeling") or "").strip()[:200]
        reikwijdte = Afmelding.Reikwijdte.REGELING if regeling else Afmelding.Reikwijdte.ALLES
        if Afmelding.objects.filter(bsn=bsn, reikwijdte=reikwijdte, regeling=regeling).exists():
            continue
        afmelden(bsn=bsn, bron=bron, kanaal=(regel.get("kanaal") or "")[:40], regeling=regeling)
        opgenomen += 1
    return opgenomen, geweigerd


def afmeldingen_rijen():
    """The whole register, oldest first, as rows of ``KOLOMMEN`` (a stream)."""
    for a in Afmelding.objects.order_by("datum", "id").iterator(chunk_size=5000):
        yield [a.bsn, a.reikwijdte, a.regeling, a.datum.isoformat(), a.kanaal, a.bron]
