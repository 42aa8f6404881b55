"""Reads for terugbelverzoeken. Visibility is decided here, in the queryset
(``Terugbelverzoek.objects.visible_to``): rows the user may not know exist are not fetched,
not counted and not exported; content (question, numbers) only at FULL."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Telefoonnummer
from contacts.normalise import weergave_telefoon
from core.voorbereid import rijen
from permissions.models import Afdeling, Niveau
from permissions.roles import medewerker_van
from permissions.visibility import domein_levels

from .models import Belpoging, Melding, Terugbelverzoek, referentie

Status = Terugbelverzoek.Status
OPEN = [Status.NIEUW, Status.OPGEPAKT, Status.IN_BEHANDELING]


class Mediaan(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


@dataclass
class Rij:
    """One request as a page shows it: content only when ``volledig``."""

    id: int
    referentie: str
    niveau: int
    status: str
    status_label: str
    onderwerp: str
    afdeling: str
    team: str
    deadline: datetime
    aangemaakt: datetime
    opgepakt_door: str
    partij_id: int | None
    partij_naam: str
    urgent: bool
    vraag: str | None
    telefoon: str | None
    pogingen: int = 0
    # the number to call is not one of the person's own (said to the colleague who calls)
    nummer_onbekend: bool = False

    @property
    def volledig(self):
        return self.niveau == Niveau.FULL

    @property
    def te_laat(self):
        return self.deadline < timezone.now()


FIELDS = [
    "id",
    "niveau",
    "status",
    "onderwerp__naam",
    "afdeling__naam",
    "team__naam",
    "deadline",
    "aangemaakt",
    "opgepakt_door__user__first_name",
    "opgepakt_door__user__last_name",
    "partij_id",
    "partij__voornamen",
    "partij__voorvoegsel",
    "partij__geslachtsnaam",
    "partij__naam",
    "urgentie",
    "vraag",
    "telefoonnummer",
]


def _naam(v, prefix):
    if v[f"{prefix}naam"]:
        return v[f"{prefix}naam"]
    achternaam = " ".join(p for p in (v[f"{prefix}voorvoegsel"], v[f"{prefix}geslachtsnaam"]) if p)
    return " ".join(p for p in (v[f"{prefix}voornamen"], achternaam) if p)


def _rijen(values) -> list[Rij]:
    """Rows from ``values(*FIELDS, …)`` dicts."""

    labels = dict(Status.choices)
    rows = []
    for v in values:
        full = v["niveau"] == Niveau.FULL
        rows.append(
            Rij(
                id=v["id"],
                referentie=referentie(v["id"], v["aangemaakt"]),
                niveau=v["niveau"],
                status=v["status"],
                status_label=str(labels[v["status"]]),
                onderwerp=v["onderwerp__naam"],
                afdeling=v["afdeling__naam"] or "",
                team=v["team__naam"] or "",
                deadline=v["deadline"],
                aangemaakt=v["aangemaakt"],
                opgepakt_door=" ".join(
                    p
                    for p in (
                        v["opgepakt_door__user__first_name"],
                        v["opgepakt_door__user__last_name"],
                    )
                    if p
                ),
                partij_id=v["partij_id"],
                partij_naam=_naam(v, "partij__") if v["partij_id"] else "",
                urgent=v["urgentie"] == Terugbelverzoek.Urgentie.SPOED,
                vraag=v["vraag"] if full else None,
                telefoon=weergave_telefoon(v["telefoonnummer"]) if full else None,
                pogingen=v.get("aantal_pogingen", 0),
                nummer_onbekend=bool(
                    full and v["partij_id"] and v.get("nummer_bij_persoon") is False
                ),
            )
        )
    return rows


INHOUD = ["vraag", "telefoonnummer", "alternatief", "beste_tijd", "toelichting"]


def _nummer_bij_persoon():
    """True when the number to call is one of the person's own numbers."""
    return Exists(
        Telefoonnummer.objects.filter(partij=OuterRef("partij"), nummer=OuterRef("telefoonnummer"))
    )


def detail(user, pk) -> Terugbelverzoek | None:
    """One request as its page shows it, or None when the user may not know it exists. Below
    FULL its content (question, numbers, best time, explanation) is taken off here, so no page
    can show it by mistake."""
    tbv = (
        Terugbelverzoek.objects.visible_to(user)
        .select_related(
            "partij",
            "onderwerp__domein",
            "afdeling",
            "team",
            "opgepakt_door__user",
            "aangemaakt_door__user",
            "afgehandeld_door__user",
        )
        .annotate(nummer_bij_persoon=_nummer_bij_persoon())
        .filter(pk=pk)
        .first()
    )
    if tbv is not None:
        # the number to call is not one of the person's own (said to the colleague who calls)
        tbv.nummer_onbekend = bool(
            tbv.niveau == Niveau.FULL and tbv.partij_id and not tbv.nummer_bij_persoon
        )
        if tbv.niveau < Niveau.FULL:
            for veld in INHOUD:
                setattr(tbv, veld, "")
    return tbv


def open_voor_partij(user, partij_id) -> list[Rij]:
    """The klantbeeld's panel: this Nijmegenaar's open requests, earliest deadline first."""

    values = rijen(
        lambda user, partij_id: (
            Terugbelverzoek.objects.visible_to(user)
            .open()
            .filter(partij_id=partij_id)
            .order_by("deadline", "id")
            .values(*FIELDS)[:20]
        ),
        user=user,
        partij_id=partij_id,
    )
    return _rijen(values)


def wachtrij(user, *, afdeling_id, team_id=None, alleen_mijn=False, limit=200):
    """The department's open requests by deadline (the user's own department, so in full)."""

    # A correlated count, computed only for the rows shown (a GROUP BY would first count the
    # attempts of every open request of the department).
    pogingen = (
        Belpoging.objects.filter(terugbelverzoek=OuterRef("pk"))
        .order_by()
        .values("terugbelverzoek")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = (
        Terugbelverzoek.objects.visible_to(user)
        .filter(afdeling_id=afdeling_id, status__in=OPEN)
        .annotate(
            aantal_pogingen=Coalesce(Subquery(pogingen, output_field=IntegerField()), 0),
            nummer_bij_persoon=_nummer_bij_persoon(),
        )
    )
    if team_id:
        qs = qs.filter(team_id=team_id)
    if alleen_mijn:
        qs = qs.filter(opgepakt_door=medewerker_van(user))
    return _rijen(
        qs.order_by("deadline", "id").values(*FIELDS, "aantal_pogingen", "nummer_bij_persoon")[
            :limit
        ]
    )


def meldingen(afdeling_id, limit=10):
    """The department's latest in-app notifications (its own requests: seen in full)."""

    rows = (
        Melding.objects.filter(afdeling_id=afdeling_id)
        .select_related("terugbelverzoek")
        .only("soort", "aangemaakt", "terugbelverzoek__aangemaakt")
        .order_by("-aangemaakt")[:limit]
    )
    return [
        {
            "id": m.terugbelverzoek_id,
            "referentie": m.terugbelverzoek.referentie,
            "label": m.get_soort_display(),
            "aangemaakt": m.aangemaakt,
        }
        for m in rows
    ]


def _dashboard_qs(user, *, afdeling_id=None, team_id=None):
    qs = Terugbelverzoek.objects.visible_to(user)
    if afdeling_id:
        qs = qs.filter(afdeling_id=afdeling_id)
    if team_id:
        qs = qs.filter(team_id=team_id)
    return qs


def lijst(user, *, afdeling_id=None, team_id=None, status="", limit=100):
    qs = _dashboard_qs(user, afdeling_id=afdeling_id, team_id=team_id).filter(status__in=OPEN)
    if status == "te_laat":
        qs = qs.filter(deadline__lt=timezone.now())
    elif status:
        qs = qs.filter(status=status)
    return _rijen(qs.order_by("deadline", "id").values(*FIELDS)[:limit])


@dataclass
class Cijfers:
    nieuw: int
    opgepakt: int
    in_behandeling: int
    te_laat: int
    ontvangen: int
    leeftijd: list  # (label, count)
    per_medewerker: list  # (naam, opgepakt, in behandeling)
    per_week: list  # (week start, handled, within deadline %, median duration)


def cijfers(user, *, afdeling_id=None, team_id=None, weken=8, nu=None) -> Cijfers:
    """The team lead's figures, in three queries. Counts only what the user may know exists."""
    nu = nu or timezone.now()
    qs = _dashboard_qs(user, afdeling_id=afdeling_id, team_id=team_id)
    open_qs = qs.filter(status__in=[*OPEN, Status.ONTVANGEN])
    uur = timedelta(hours=1)
    c = open_qs.aggregate(
        nieuw=Count("id", filter=Q(status=Status.NIEUW)),
        opgepakt=Count("id", filter=Q(status=Status.OPGEPAKT)),
        in_behandeling=Count("id", filter=Q(status=Status.IN_BEHANDELING)),
        ontvangen=Count("id", filter=Q(status=Status.ONTVANGEN)),
        te_laat=Count("id", filter=Q(deadline__lt=nu)),
        l1=Count("id", filter=Q(aangemaakt__gte=nu - 4 * uur)),
        l2=Count("id", filter=Q(aangemaakt__lt=nu - 4 * uur, aangemaakt__gte=nu - 24 * uur)),
        l3=Count("id", filter=Q(aangemaakt__lt=nu - 24 * uur, aangemaakt__gte=nu - 72 * uur)),
        l4=Count("id", filter=Q(aangemaakt__lt=nu - 72 * uur, aangemaakt__gte=nu - 168 * uur)),
        l5=Count("id", filter=Q(aangemaakt__lt=nu - 168 * uur)),
    )

    leeftijd = [
        (_("under 4 hours"), c["l1"]),
        (_("4 to 24 hours"), c["l2"]),
        (_("1 to 3 days"), c["l3"]),
        (_("3 to 7 days"), c["l4"]),
        (_("over a week"), c["l5"]),
    ]
    per_medewerker = [
        (
            " ".join(
                p
                for p in (r["opgepakt_door__user__first_name"], r["opgepakt_door__user__last_name"])
                if p
            ),
            r["opgepakt"],
            r["bezig"],
            r["te_laat"],
        )
        for r in open_qs.filter(opgepakt_door__isnull=False)
        .values(
            "opgepakt_door_id", "opgepakt_door__user__first_name", "opgepakt_door__user__last_name"
        )
        .annotate(
            opgepakt=Count("id", filter=Q(status=Status.OPGEPAKT)),
            bezig=Count("id", filter=Q(status=Status.IN_BEHANDELING)),
            te_laat=Count("id", filter=Q(deadline__lt=nu)),
        )
        .order_by("-bezig", "-opgepakt", "opgepakt_door__user__last_name")[:50]
    ]
    per_week = _per_week(user, qs, weken=weken, nu=nu, key=(afdeling_id, team_id, weken))
    return Cijfers(
        nieuw=c["nieuw"],
        opgepakt=c["opgepakt"],
        in_behandeling=c["in_behandeling"],
        te_laat=c["te_laat"],
        ontvangen=c["ontvangen"],
        leeftijd=leeftijd,
        per_medewerker=per_medewerker,
        per_week=per_week,
    )


PER_WEEK_SECONDEN = 300


def _per_week(user, qs, *, weken, nu, key):
    """Handled per week: count, share within the deadline, median handling time. Weeks gone
    by do not change, so the figures are kept five minutes in the cache, under a key made of
    everything that decides what the user may count (their levels per domein and their
    department) and the filters: two users with the same view share it, no one sees more."""

    medewerker = medewerker_van(user)
    sleutel = repr(
        (sorted(domein_levels(user).items()), medewerker.afdeling_id if medewerker else None, key)
    )
    cache_key = "tbv-per-week:" + hashlib.sha256(sleutel.encode()).hexdigest()[:32]
    cached = cache.get(cache_key)
    if cached is not None:
        return cached
    per_week = [
        (
            r["week"],
            r["afgehandeld"],
            round(100 * r["op_tijd"] / r["afgehandeld"]) if r["afgehandeld"] else None,
            r["mediaan"],
        )
        for r in qs.filter(
            status=Status.AFGEHANDELD, afgehandeld_op__gte=nu - timedelta(weeks=weken)
        )
        .annotate(week=TruncWeek("afgehandeld_op"))
        .values("week")
        .annotate(
            afgehandeld=Count("id"),
            op_tijd=Count("id", filter=Q(afgehandeld_op__lte=F("deadline"))),
            mediaan=Mediaan(F("afgehandeld_op") - F("aangemaakt")),
        )
        .order_by("-week")
    ]
    cache.set(cache_key, per_week, PER_WEEK_SECONDEN)
    return per_week


def actieve_afdelingen():
    """The departments a callback can be sent to, for the forms' choice lists."""
    return list(Afdeling.objects.filter(actief=True).only("id", "naam", "actief"))
