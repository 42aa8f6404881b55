"""What the channel pages read: the contacts waiting to be linked, a person's appointments,
and the one Nijmegenaar a phone number or e-mail address belongs to."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Case, Value, When
from django.db.models.functions import Extract
from django.utils import timezone

from callbacks.models import Terugbelverzoek
from contacts import normalise
from contacts.models import Contactmoment, Emailadres, Partij, Telefoonnummer
from core.voorbereid import rijen
from permissions.models import Niveau
from permissions.visibility import redacted

from .models import Afspraak


def enige_partij(*, telefoonnummer: str = "", email: str = "") -> Partij | None:
    """The Nijmegenaar these contact details belong to, only when *every* detail given
    belongs to that one person and to nobody else: a guess would put someone's question in
    a stranger's history, and a stranger's number in her callback."""
    gegeven = []
    if email:
        gegeven.append(
            set(Emailadres.objects.filter(adres__iexact=email).values_list("partij_id", flat=True))
        )
    if telefoonnummer:
        gegeven.append(
            set(
                Telefoonnummer.objects.filter(nummer=telefoonnummer).values_list(
                    "partij_id", flat=True
                )
            )
        )
    if not gegeven or any(len(ids) != 1 for ids in gegeven):
        return None
    ids = set.union(*gegeven)
    return Partij.objects.get(pk=ids.pop()) if len(ids) == 1 else None


def nummer_bekend(partij_id: int | None, telefoonnummer: str) -> bool:
    """Whether the number to call is one of the person's own numbers (a callback to any
    other number is flagged to the colleague who calls)."""
    if not telefoonnummer or partij_id is None:
        return True
    return Telefoonnummer.objects.filter(partij_id=partij_id, nummer=telefoonnummer).exists()


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
    # an e-mail whose sender the provider did not vouch for
    afzender_niet_gecontroleerd: bool = False


def te_koppelen(user, limit=50) -> list[TeKoppelen]:
    """Contact moments without a Nijmegenaar the user may know of, newest first, with who
    they say they are from (letter, e-mail, web form)."""

    rows = []
    for cm in (
        Contactmoment.objects.visible_to(user)
        .filter(partij__isnull=True)
        .select_related("kanaal", "onderwerp", "inzending", "email")
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
                afzender_niet_gecontroleerd=(
                    hasattr(cm, "email") and not cm.email.afzender_gecontroleerd
                ),
            )
        )
    return rows


BALIES = ("balie-stadswinkel", "balie-dukenburg")


@dataclass(frozen=True)
class AfspraakRegel:
    id: int
    locatie: str
    tijdstip: object
    volledig: bool
    onderwerp: str | None  # FULL only
    status: str = Afspraak.Status.GEPLAND
    status_label: str = ""
    # the contact in which it was made and the visit, as (id, tijdstip, kanaal) / (id, tijdstip)
    gemaakt_bij: tuple | None = None
    bezoek: tuple | None = None
    partij_id: int | None = None
    naam: str = ""

    @property
    def gepland(self):
        return self.status == Afspraak.Status.GEPLAND


def _regel(a) -> AfspraakRegel:
    return AfspraakRegel(
        id=a["id"],
        locatie=a["locatie__naam"],
        tijdstip=a["tijdstip"],
        volledig=a["niveau"] == Niveau.FULL,
        onderwerp=redacted(a["niveau"], a["onderwerp__naam"]),
        status=a["status"],
        status_label=str(Afspraak.Status(a["status"]).label),
        gemaakt_bij=(
            (a["contactmoment_id"], a["contactmoment__tijdstip"], a["contactmoment__kanaal__naam"])
            if a["contactmoment_id"] and a["niveau"] == Niveau.FULL
            else None
        ),
        bezoek=(a["bezoek_id"], a["bezoek__tijdstip"]) if a["bezoek_id"] else None,
        partij_id=a["partij_id"],
        naam=Partij.naam_van(
            a["partij__soort"],
            a["partij__voornamen"],
            a["partij__voorvoegsel"],
            a["partij__geslachtsnaam"],
            a["partij__naam"],
        ),
    )


_AFSPRAAK_VELDEN = (
    "id",
    "tijdstip",
    "niveau",
    "status",
    "locatie__naam",
    "onderwerp__naam",
    "contactmoment_id",
    "contactmoment__tijdstip",
    "contactmoment__kanaal__naam",
    "bezoek_id",
    "bezoek__tijdstip",
    "partij_id",
    "partij__soort",
    "partij__voornamen",
    "partij__voorvoegsel",
    "partij__geslachtsnaam",
    "partij__naam",
)


def afspraken_voor(user, partij_id, limit=10) -> list[AfspraakRegel]:
    """This Nijmegenaar's appointments the user may know of: the planned ones first (first
    one first), then the earlier ones, which stay with whether the person came, the contact
    in which each was made and the visit. The subject only for those who see it in full."""

    return [
        _regel(a)
        for a in rijen(
            lambda user, partij_id: (
                Afspraak.objects.visible_to(user)
                .filter(partij_id=partij_id)
                .annotate(
                    later=Case(
                        When(status=Afspraak.Status.GEPLAND, then=Value(0)), default=Value(1)
                    ),
                    volgorde=Case(
                        When(status=Afspraak.Status.GEPLAND, then=Extract("tijdstip", "epoch")),
                        default=-Extract("tijdstip", "epoch"),
                    ),
                )
                .order_by("later", "volgorde", "id")
                .values(*_AFSPRAAK_VELDEN)[:limit]
            ),
            user=user,
            partij_id=partij_id,
        )
    ]


def afspraken_op_dag(user, locatie_id: int, dag) -> list[AfspraakRegel]:
    """The appointments at one desk on one day, first one first: the desk's list."""
    begin = datetime.datetime.combine(dag, datetime.time.min, timezone.get_current_timezone())
    return [
        _regel(a)
        for a in Afspraak.objects.visible_to(user)
        .filter(
            locatie_id=locatie_id,
            tijdstip__gte=begin,
            tijdstip__lt=begin + datetime.timedelta(days=1),
        )
        .order_by("tijdstip", "id")
        .values(*_AFSPRAAK_VELDEN)
    ]


def contact_bij_kenmerk(user, tekst: str) -> Contactmoment | None:
    """The contact behind a number we gave a resident, as a letter quotes it: the web form
    (WF-…), the letter (BR-…), or the call in which a callback request (TB-…) was made; only
    a contact of a Nijmegenaar that this user may know exists. None for anything else."""
    return _bij_kenmerk(
        tekst,
        Contactmoment.objects.visible_to(user).filter(partij__isnull=False),
        Terugbelverzoek.objects.visible_to(user),
    )


KENMERK_IN_TEKST = re.compile(r"\b(?:TB|WF|BR)\s*-\s*\d{4}\s*-\s*\d{1,12}\b", re.I)


def contact_in_onderwerp(partij, onderwerp: str) -> Contactmoment | None:
    """The earlier contact of this Nijmegenaar whose number the subject of a reply quotes
    ("Re: uw terugbelverzoek TB-2026-000123"); a number of someone else finds nothing."""
    gevonden = KENMERK_IN_TEKST.search(onderwerp or "")
    if partij is None or gevonden is None:
        return None
    return _bij_kenmerk(
        gevonden.group(0),
        Contactmoment.objects.filter(partij=partij),
        Terugbelverzoek.objects.filter(partij=partij),
    )


def _bij_kenmerk(tekst, contacten, verzoeken) -> Contactmoment | None:
    key = normalise.parse_query(tekst or "")
    if key.kind != normalise.KIND_REFERENTIE:
        return None
    soort, jaar, nummer = key.extra["soort"], key.extra["jaar"], key.extra["id"]
    if soort == "TB":
        verzoek = verzoeken.filter(id=nummer, aangemaakt__year=jaar).values("contactmoment_id")
        contacten = contacten.filter(id__in=verzoek)
    elif soort == "BR":
        contacten = contacten.filter(id=nummer, tijdstip__year=jaar, kanaal__code="post")
    else:
        contacten = contacten.filter(inzending__id=nummer, inzending__ontvangen__year=jaar)
    return contacten.select_related("partij").first()
