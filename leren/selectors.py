"""The satisfaction figures for the team lead's and management's dashboard: per channel,
for the invitations sent in a period. Counts only: no answer is shown with its person, and a
group smaller than the dashboard's smallest group shows "–"."""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q

from .models import Antwoord, Klacht, Signaal, Uitnodiging


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


def tevredenheid_per_kanaal(
    *, afdeling_ids, team_id, van, tot, kleinste_groep: int
) -> list[Tevredenheid]:
    """One query: invitations sent in [van, tot) of the scope (department or team; None:
    all), with their answers, per channel; the total last."""
    qs = Uitnodiging.objects.filter(
        verstuurd_op__gte=van,
        verstuurd_op__lt=tot,
        status__in=[Uitnodiging.Status.VERSTUURD, Uitnodiging.Status.INGEVULD],
    )
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    elif afdeling_ids is not None:
        qs = qs.filter(afdeling_id__in=afdeling_ids)
    rijen = list(
        qs.values("kanaal__naam")
        .annotate(
            verstuurd=Count("id"),
            antwoorden=Count("antwoord"),
            tevredenheid=Avg("antwoord__tevredenheid"),
            moeite=Avg("antwoord__moeite"),
            ja=Count("antwoord", filter=Q(antwoord__opgelost=Antwoord.Opgelost.JA)),
            laag=Count("antwoord", filter=Q(antwoord__tevredenheid__lte=2)),
        )
        .order_by("kanaal__naam")
    )
    uit = [_rij(r["kanaal__naam"], r, kleinste_groep) for r in rijen]
    if rijen:
        totaal = {k: sum(r[k] for r in rijen) for k in ("verstuurd", "antwoorden", "ja", "laag")}
        n = totaal["antwoorden"] or 1
        totaal["tevredenheid"] = sum((r["tevredenheid"] or 0) * r["antwoorden"] for r in rijen) / n
        totaal["moeite"] = sum((r["moeite"] or 0) * r["antwoorden"] for r in rijen) / n
        uit.append(_rij("", totaal, kleinste_groep))
    return uit


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
