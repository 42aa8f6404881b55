"""The satisfaction figures for the team lead's and management's dashboard: per channel,
for the invitations sent in a period. Counts only: no answer is shown with its person, and a
group smaller than the dashboard's smallest group shows "–"."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dateformat import format as django_format
from django.utils.translation import gettext as _

from .models import Antwoord, Klacht, Signaal, Uitnodiging

TZ = timezone.get_default_timezone()


@dataclass(frozen=True)
class Tevredenheid:
    naam: str
    verstuurd: int
    antwoorden: int
    tevredenheid: float | None  # average 1–5
    moeite: float | None  # average 1–5 (5: very easy)
    opgelost: float | None  # percentage "ja"
    laag: int  # answers of 1 or 2

    @property
    def respons(self) -> float | None:
        return 100 * self.antwoorden / self.verstuurd if self.verstuurd else None


def _rij(naam: str, r, kleinste_groep: int) -> Tevredenheid:
    genoeg = r["antwoorden"] >= kleinste_groep
    return Tevredenheid(
        naam=naam,
        verstuurd=r["verstuurd"],
        antwoorden=r["antwoorden"],
        tevredenheid=r["tevredenheid"] if genoeg else None,
        moeite=r["moeite"] if genoeg else None,
        opgelost=100 * r["ja"] / r["antwoorden"] if genoeg else None,
        laag=r["laag"] if genoeg else 0,
    )


GROEPEN = {
    "kanaal": "kanaal__naam",
    "team": "team__naam",
    "onderwerp": "onderwerp__naam",
    "maand": "maand",
}
_TELLINGEN = ("verstuurd", "antwoorden", "ja", "laag", "som_tevredenheid", "som_moeite")


def tevredenheid_alle(
    *, afdeling_ids, team_id, van, tot, kleinste_groep: int
) -> dict[str, list[Tevredenheid]]:
    """One query for every view: invitations sent in [van, tot) of the scope (department or
    team; None: all) with their answers, counted per channel × team × subject × month, then
    added up per channel, team, subject and month (the total last in each). A team lead
    sees an agent's answers only in these groups, never one by one."""
    qs = Uitnodiging.objects.filter(
        verstuurd_op__gte=van,
        verstuurd_op__lt=tot,
        status__in=[Uitnodiging.Status.VERSTUURD, Uitnodiging.Status.INGEVULD],
    )
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    elif afdeling_ids is not None:
        qs = qs.filter(afdeling_id__in=afdeling_ids)
    fijn = list(
        qs.annotate(maand=TruncMonth("verstuurd_op", tzinfo=TZ))
        .values(*GROEPEN.values())
        .annotate(
            verstuurd=Count("id"),
            antwoorden=Count("antwoord"),
            som_tevredenheid=Sum("antwoord__tevredenheid"),
            som_moeite=Sum("antwoord__moeite"),
            ja=Count("antwoord", filter=Q(antwoord__opgelost=Antwoord.Opgelost.JA)),
            laag=Count("antwoord", filter=Q(antwoord__tevredenheid__lte=2)),
        )
        .order_by()
    )
    return {
        groep: _optellen(fijn, groep, sleutel, kleinste_groep) for groep, sleutel in GROEPEN.items()
    }


def _optellen(fijn: list[dict], groep: str, sleutel: str, kleinste_groep: int):
    per: dict = {}
    for r in fijn:
        doel = per.setdefault(r[sleutel], dict.fromkeys(_TELLINGEN, 0))
        for k in _TELLINGEN:
            doel[k] += r[k] or 0
    if not per:
        return []
    totaal = dict.fromkeys(_TELLINGEN, 0)
    for waarden in per.values():
        for k in _TELLINGEN:
            totaal[k] += waarden[k]
    volgorde = sorted(per, key=lambda w: (w is None, w if groep == "maand" else str(w or "")))
    uit = [_rij(_label(groep, w), _gemiddeld(per[w]), kleinste_groep) for w in volgorde]
    return [*uit, _rij("", _gemiddeld(totaal), kleinste_groep)]


def _gemiddeld(t: dict) -> dict:
    n = t["antwoorden"]
    return {
        **t,
        "tevredenheid": t["som_tevredenheid"] / n if n else None,
        "moeite": t["som_moeite"] / n if n else None,
    }


def _label(groep: str, waarde) -> str:
    if groep == "maand":
        return django_format(waarde, "F Y").lower() if waarde else "–"
    return waarde or _("(no team)")


@dataclass(frozen=True)
class Klachten:
    ontvangen: int
    informeel: int
    open: int
    over_termijn: int
    afgehandeld: int
    binnen_termijn: int

    @property
    def informeel_procent(self) -> float | None:
        return 100 * self.informeel / self.ontvangen if self.ontvangen else None

    @property
    def binnen_termijn_procent(self) -> float | None:
        return 100 * self.binnen_termijn / self.afgehandeld if self.afgehandeld else None


def klachten(*, afdeling_ids, van, tot, vandaag) -> Klachten:
    """Complaints received in [van, tot) about the scope's departments (None: all), in one
    query: how many were resolved on the spot, are open (and past the term), were handled
    within the term."""
    qs = Klacht.objects.filter(ontvangen_op__gte=van.date(), ontvangen_op__lt=tot.date())
    if afdeling_ids is not None:
        qs = qs.filter(over_afdeling_id__in=afdeling_ids)
    r = qs.aggregate(
        ontvangen=Count("id"),
        informeel=Count("id", filter=Q(status=Klacht.Status.INFORMEEL)),
        open=Count("id", filter=Q(status=Klacht.Status.IN_BEHANDELING)),
        over_termijn=Count(
            "id", filter=Q(status=Klacht.Status.IN_BEHANDELING, termijn_tot__lt=vandaag)
        ),
        afgehandeld=Count("id", filter=Q(status=Klacht.Status.AFGEHANDELD)),
        binnen_termijn=Count(
            "id",
            filter=Q(status=Klacht.Status.AFGEHANDELD, afgehandeld_op__lte=F("termijn_tot")),
        ),
    )
    return Klachten(**r)


def klachten_per_categorie(*, afdeling_ids, van, tot) -> list[dict]:
    """Complaints received in [van, tot) per category: received, informal, (partly) justified."""
    qs = Klacht.objects.filter(ontvangen_op__gte=van.date(), ontvangen_op__lt=tot.date())
    if afdeling_ids is not None:
        qs = qs.filter(over_afdeling_id__in=afdeling_ids)
    namen = dict(Klacht.Categorie.choices)
    return [
        {**r, "naam": str(namen.get(r["categorie"], r["categorie"]))}
        for r in qs.values("categorie")
        .annotate(
            ontvangen=Count("id"),
            informeel=Count("id", filter=Q(status=Klacht.Status.INFORMEEL)),
            gegrond=Count("id", filter=Q(conclusie__in=["gegrond", "deels"])),
        )
        .order_by("-ontvangen", "categorie")
    ]


@dataclass(frozen=True)
class Termijnen:
    """The complaints being handled now, by how long they have left."""

    over_termijn: int
    binnen_week: int
    binnen_drie_weken: int
    later: int


def open_klachten_per_termijn(*, afdeling_ids, vandaag) -> Termijnen:
    qs = Klacht.objects.filter(status=Klacht.Status.IN_BEHANDELING)
    if afdeling_ids is not None:
        qs = qs.filter(over_afdeling_id__in=afdeling_ids)
    week, drie = vandaag + timedelta(days=7), vandaag + timedelta(days=21)
    r = qs.aggregate(
        over_termijn=Count("id", filter=Q(termijn_tot__lt=vandaag)),
        binnen_week=Count("id", filter=Q(termijn_tot__gte=vandaag, termijn_tot__lte=week)),
        binnen_drie_weken=Count("id", filter=Q(termijn_tot__gt=week, termijn_tot__lte=drie)),
        later=Count("id", filter=Q(termijn_tot__gt=drie)),
    )
    return Termijnen(**r)


@dataclass(frozen=True)
class Signalen:
    nieuw: int
    in_behandeling: int
    verbeterd: int
    niet_overgenomen: int
    dagen_tot_gesloten: float | None  # average, of those closed in the period


def signalen(*, afdeling_ids, van, tot) -> Signalen:
    """Signals filed in [van, tot) for the scope's departments (None: all), per status, in
    one query, with the average days from filing to closing."""
    qs = Signaal.objects.filter(aangemaakt__gte=van, aangemaakt__lt=tot)
    if afdeling_ids is not None:
        qs = qs.filter(afdeling_id__in=afdeling_ids)
    r = qs.aggregate(
        nieuw=Count("id", filter=Q(status=Signaal.Status.NIEUW)),
        in_behandeling=Count("id", filter=Q(status=Signaal.Status.IN_BEHANDELING)),
        verbeterd=Count("id", filter=Q(status=Signaal.Status.VERBETERD)),
        niet_overgenomen=Count("id", filter=Q(status=Signaal.Status.NIET_OVERGENOMEN)),
        duur=Avg(F("gesloten_op") - F("aangemaakt"), filter=Q(gesloten_op__isnull=False)),
    )
    duur = r.pop("duur")
    return Signalen(**r, dagen_tot_gesloten=duur.total_seconds() / 86400 if duur else None)


def signalen_per_eigenaar(*, afdeling_ids, van, tot) -> list[dict]:
    """Signals filed in [van, tot) per owning department: open, closed, average days to close."""
    qs = Signaal.objects.filter(aangemaakt__gte=van, aangemaakt__lt=tot)
    if afdeling_ids is not None:
        qs = qs.filter(afdeling_id__in=afdeling_ids)
    open_ = [Signaal.Status.NIEUW, Signaal.Status.IN_BEHANDELING]
    rijen = (
        qs.values("afdeling__naam")
        .annotate(
            open=Count("id", filter=Q(status__in=open_)),
            gesloten=Count("id", filter=~Q(status__in=open_)),
            duur=Avg(F("gesloten_op") - F("aangemaakt"), filter=Q(gesloten_op__isnull=False)),
        )
        .order_by("afdeling__naam")
    )
    return [{**r, "dagen": r["duur"].total_seconds() / 86400 if r["duur"] else None} for r in rijen]
