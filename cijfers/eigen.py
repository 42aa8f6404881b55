"""The figures from our own data: callbacks within their term, first-contact resolution
and repeat contacts, and the channel mix. Counts over the scope's department (or team), never
a record: these counts include contacts the user could not open, which is why a figure over
a group smaller than the definition's smallest group is not shown."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from callbacks.models import Terugbelverzoek
from contacts.models import Contactmoment

from .bereik import Bereik
from .models import Definitie

TZ = timezone.get_default_timezone()
# analogue: a person at the desk, on the phone or a letter; the rest is digital
ANALOOG = {"telefoon", "balie-stadswinkel", "balie-dukenburg", "post"}


def _verzoeken(bereik: Bereik):
    qs = Terugbelverzoek.objects.all()
    if bereik.team is not None:
        qs = qs.filter(team=bereik.team)
    elif bereik.afdeling_ids is not None:
        qs = qs.filter(afdeling_id__in=bereik.afdeling_ids)
    return qs


def _contacten(bereik: Bereik):
    qs = Contactmoment.objects.all()
    if bereik.team is not None:
        qs = qs.filter(medewerker__team=bereik.team)
    elif bereik.afdeling_ids is not None:
        qs = qs.filter(afdeling_id__in=bereik.afdeling_ids)
    return qs


@dataclass
class Terugbellen:
    afgehandeld: int
    binnen_termijn: int
    kleinste_groep: int

    @property
    def procent(self) -> float | None:
        if self.afgehandeld < self.kleinste_groep or not self.afgehandeld:
            return None
        return 100 * self.binnen_termijn / self.afgehandeld


def terugbellen(bereik: Bereik, van, tot, d: Definitie) -> Terugbellen:
    """Callbacks closed in [van, tot), and of those the ones closed before their deadline."""
    c = (
        _verzoeken(bereik)
        .filter(afgehandeld_op__gte=van, afgehandeld_op__lt=tot)
        .aggregate(n=Count("id"), binnen=Count("id", filter=Q(afgehandeld_op__lte=F("deadline"))))
    )
    return Terugbellen(c["n"], c["binnen"], d.kleinste_groep)


def terugbellen_per_team_in(bereik: Bereik, van, tot, d: Definitie) -> list:
    """Callbacks closed in [van, tot) per team: (team, Terugbellen)."""
    rijen = (
        _verzoeken(bereik)
        .filter(afgehandeld_op__gte=van, afgehandeld_op__lt=tot)
        .values("afdeling__naam", "team__naam")
        .annotate(n=Count("id"), binnen=Count("id", filter=Q(afgehandeld_op__lte=F("deadline"))))
        .order_by("afdeling__naam", "team__naam")
    )
    return [
        (
            " – ".join(x for x in (r["afdeling__naam"], r["team__naam"]) if x) or "–",
            Terugbellen(r["n"], r["binnen"], d.kleinste_groep),
        )
        for r in rijen
    ]


def terugbellen_per_team(bereik: Bereik, nu=None) -> list[dict]:
    """The wallboard's callbacks: open, due today and overdue per team (team names only)."""
    nu = nu or timezone.now()
    eind_vandaag = timezone.localtime(nu).replace(hour=0, minute=0, second=0, microsecond=0)
    eind_vandaag += datetime.timedelta(days=1)
    return list(
        _verzoeken(bereik)
        .exclude(status=Terugbelverzoek.Status.AFGEHANDELD)
        .exclude(team=None)
        .values("team__naam", "afdeling__naam")
        .annotate(
            open=Count("id"),
            vandaag=Count("id", filter=Q(deadline__gte=nu, deadline__lt=eind_vandaag)),
            te_laat=Count("id", filter=Q(deadline__lt=nu)),
        )
        .order_by("afdeling__naam", "team__naam")
    )


@dataclass
class Herhaling:
    contacten: int
    eerste_keer_goed: int
    herhaald: int
    kleinste_groep: int
    dagen: int

    @property
    def fcr_procent(self) -> float | None:
        if self.contacten < self.kleinste_groep or not self.contacten:
            return None
        return 100 * self.eerste_keer_goed / self.contacten

    @property
    def herhaald_procent(self) -> float | None:
        if self.contacten < self.kleinste_groep or not self.contacten:
            return None
        return 100 * self.herhaald / self.contacten


def _zelfde_vraag():
    """Another contact of the same Nijmegenaar about the same subject or in the same
    klantreis."""
    return Contactmoment.objects.filter(partij=OuterRef("partij")).filter(
        Q(onderwerp=OuterRef("onderwerp")) | Q(klantreis=OuterRef("klantreis"))
    )


def _herhaling_qs(bereik: Bereik, van, tot, d: Definitie, kanaal: str = ""):
    n = datetime.timedelta(days=d.herhaal_dagen)
    qs = _contacten(bereik).filter(
        tijdstip__gte=van,
        tijdstip__lt=tot,
        richting=Contactmoment.Richting.IN,
        partij__isnull=False,
    )
    if kanaal:
        qs = qs.filter(kanaal__code=kanaal)
    later = _zelfde_vraag().filter(
        tijdstip__gt=OuterRef("tijdstip"), tijdstip__lte=OuterRef("tijdstip") + n
    )
    eerder = _zelfde_vraag().filter(
        tijdstip__lt=OuterRef("tijdstip"), tijdstip__gte=OuterRef("tijdstip") - n
    )
    terugbel = Terugbelverzoek.objects.filter(contactmoment=OuterRef("pk"))
    tellingen = {
        "n": Count("id"),
        "fcr": Count(
            "id",
            filter=Q(resultaat=Contactmoment.Resultaat.BEANTWOORD)
            & ~Exists(later)
            & ~Exists(terugbel),
        ),
        "herhaald": Count("id", filter=Exists(eerder)),
    }
    return qs, tellingen


def herhaling(bereik: Bereik, van, tot, d: Definitie, kanaal: str = "") -> Herhaling:
    """Incoming contacts with a known Nijmegenaar in [van, tot). First-contact resolution: the
    contact was answered at once (result "answered", no callback) and no contact about the
    same question followed within N days. A repeat contact: one about the same question
    came in the N days before."""
    qs, tellingen = _herhaling_qs(bereik, van, tot, d, kanaal)
    c = qs.aggregate(**tellingen)
    return Herhaling(c["n"], c["fcr"], c["herhaald"], d.kleinste_groep, d.herhaal_dagen)


def herhaling_per_onderwerp(
    bereik: Bereik, van, tot, d: Definitie, *, hoeveel: int = 10
) -> list[tuple[str, Herhaling]]:
    """The subjects with the most incoming contacts, each with its first-contact resolution
    and repeat rate (one query)."""
    qs, tellingen = _herhaling_qs(bereik, van, tot, d)
    rijen = qs.values("onderwerp__naam").annotate(**tellingen).order_by("-n", "onderwerp__naam")
    return [
        (
            r["onderwerp__naam"],
            Herhaling(r["n"], r["fcr"], r["herhaald"], d.kleinste_groep, d.herhaal_dagen),
        )
        for r in rijen[:hoeveel]
    ]


def kanaalmix(bereik: Bereik, van, tot) -> list[dict]:
    """Incoming contacts per channel per month: [{maand, kanaal, code, n}]."""
    return list(
        _contacten(bereik)
        .filter(tijdstip__gte=van, tijdstip__lt=tot, richting=Contactmoment.Richting.IN)
        .annotate(maand=TruncMonth("tijdstip", tzinfo=TZ))
        .values("maand", "kanaal__code", "kanaal__naam")
        .annotate(n=Count("id"))
        .order_by("maand", "kanaal__naam")
    )


def per_kanaal(bereik: Bereik, van, tot) -> list[dict]:
    return list(
        _contacten(bereik)
        .filter(tijdstip__gte=van, tijdstip__lt=tot, richting=Contactmoment.Richting.IN)
        .values("kanaal__code", "kanaal__naam")
        .annotate(n=Count("id"))
        .order_by("-n", "kanaal__naam")
    )
