"""The telephony figures, counted in the database over ``sources.Oproep`` (one row per call,
kept up to date from the raw events), as ``../shared/reference/kcc-figures.md`` defines them:

- service level Y: answered within Y seconds of entering the municipal queue ÷ (answered +
  abandoned after the short-abandon threshold [+ transferred before an answer, if the
  definition says so]); callbacks the caller asked for instead of waiting count in neither;
- ASA: mean(answered − entered) over answered calls;
- abandonment: abandoned after the short threshold ÷ calls that entered (callbacks excluded);
- AHT: mean(talk + hold + after-call work) over handled calls (answered and ended);
- transfers: answered calls transferred at least once ÷ answered calls;
- occupancy: (busy + after-call work) ÷ (busy + after-call work + available), from the agent
  states; away counts in neither.

A call belongs to the interval, day, week and month of its queue entry, in Dutch local time;
15-minute intervals are instants (on the night the clocks go back there are two 02:15
intervals, one in summer and one in winter time). A figure over fewer calls than the
definition's smallest group is not shown (``None``).
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Min,
    Q,
    Value,
    When,
)
from django.db.models.functions import (
    Coalesce,
    ExtractIsoWeekDay,
    TruncDate,
    TruncMonth,
    TruncWeek,
)
from django.utils import timezone

from sources.models import Oproep, Telefoniegebeurtenis, Wachtrij

from .bereik import Bereik
from .models import Definitie

TZ = timezone.get_default_timezone()
LIVE_VENSTER = datetime.timedelta(hours=4)  # a call queued longer ago is a lost event, not live
STAAT_VENSTER = datetime.timedelta(hours=12)  # an agent state older than this is no state


@dataclass
class Telefonie:
    """The call figures of one group (a period, interval, day, queue…)."""

    definitie: Definitie
    binnen: int = 0
    aangenomen: int = 0
    opgehangen: int = 0
    kort_opgehangen: int = 0
    weg_voor_aannemen: int = 0
    terugbelverzoek: int = 0
    doorverbonden: int = 0
    afgehandeld: int = 0
    binnen_drempel: dict[int, int] = field(default_factory=dict)
    asa_s: float | None = None
    aht_s: float | None = None
    wacht_s: float | None = None

    @property
    def noemer(self) -> int:
        n = self.aangenomen + self.opgehangen
        if self.definitie.doorverbonden_meetellen:
            n += self.weg_voor_aannemen
        return n

    @property
    def te_klein(self) -> bool:
        return self.noemer < self.definitie.kleinste_groep

    def servicelevel(self, drempel: int) -> float | None:
        if self.te_klein or not self.noemer:
            return None
        return 100 * self.binnen_drempel.get(drempel, 0) / self.noemer

    @property
    def servicelevels(self) -> list[tuple[int, float | None]]:
        return [(y, self.servicelevel(y)) for y in self.definitie.drempels_op_volgorde]

    @property
    def verlaten_procent(self) -> float | None:
        n = self.binnen - self.terugbelverzoek
        if n < self.definitie.kleinste_groep or not n:
            return None
        return 100 * self.opgehangen / n

    @property
    def doorverbonden_procent(self) -> float | None:
        if self.aangenomen < self.definitie.kleinste_groep or not self.aangenomen:
            return None
        return 100 * self.doorverbonden / self.aangenomen

    @property
    def asa(self) -> float | None:
        return None if self.aangenomen < self.definitie.kleinste_groep else self.asa_s

    @property
    def aht(self) -> float | None:
        return None if self.afgehandeld < self.definitie.kleinste_groep else self.aht_s

    def haalt_doel(self, drempel: int) -> bool | None:
        waarde = self.servicelevel(drempel)
        return None if waarde is None else waarde >= self.definitie.doel_procent


def oproepen(bereik: Bereik, van: datetime.datetime, tot: datetime.datetime, wachtrij=""):
    """The calls that entered a queue in [van, tot) within the user's scope."""
    qs = Oproep.objects.filter(binnen__gte=van, binnen__lt=tot)
    if bereik.wachtrijen is not None:
        qs = qs.filter(wachtrij__in=bereik.wachtrijen)
    if wachtrij:
        qs = qs.filter(wachtrij=wachtrij)
    return qs


def _seconden(expressie):
    return ExpressionWrapper(expressie, output_field=DurationField())


def _annotaties(d: Definitie) -> dict:
    kort = datetime.timedelta(seconds=d.kort_opgehangen_seconden)
    aangenomen = Q(aangenomen__isnull=False)
    klaar = aangenomen & Q(einde__isnull=False)
    ann = {
        "n_binnen": Count("id"),
        "n_aangenomen": Count("id", filter=aangenomen),
        "n_opgehangen": Count(
            "id",
            filter=Q(opgehangen__isnull=False, terugbelverzoek=False)
            & Q(opgehangen__gt=F("binnen") + kort),
        ),
        "n_kort_opgehangen": Count(
            "id",
            filter=Q(opgehangen__isnull=False, terugbelverzoek=False)
            & Q(opgehangen__lte=F("binnen") + kort),
        ),
        "n_weg_voor_aannemen": Count(
            "id", filter=Q(doorverbonden_voor_aannemen=True, aangenomen__isnull=True)
        ),
        "n_terugbelverzoek": Count("id", filter=Q(terugbelverzoek=True, aangenomen__isnull=True)),
        "n_doorverbonden": Count("id", filter=aangenomen & Q(doorverbonden__gt=0)),
        "n_afgehandeld": Count("id", filter=klaar),
        "n_asa": Avg(_seconden(F("aangenomen") - F("binnen")), filter=aangenomen),
        "n_aht": Avg(_seconden(Coalesce("nawerk_einde", "einde") - F("aangenomen")), filter=klaar),
        "n_wacht": Avg("wacht_seconden", filter=klaar),
    }
    for y in d.drempels_op_volgorde:
        ann[f"n_sl_{y}"] = Count(
            "id",
            filter=aangenomen & Q(aangenomen__lte=F("binnen") + datetime.timedelta(seconds=y)),
        )
    return ann


def _uit_rij(rij: dict, d: Definitie) -> Telefonie:
    def s(waarde):
        return waarde.total_seconds() if waarde is not None else None

    return Telefonie(
        definitie=d,
        binnen=rij["n_binnen"],
        aangenomen=rij["n_aangenomen"],
        opgehangen=rij["n_opgehangen"],
        kort_opgehangen=rij["n_kort_opgehangen"],
        weg_voor_aannemen=rij["n_weg_voor_aannemen"],
        terugbelverzoek=rij["n_terugbelverzoek"],
        doorverbonden=rij["n_doorverbonden"],
        afgehandeld=rij["n_afgehandeld"],
        binnen_drempel={y: rij[f"n_sl_{y}"] for y in d.drempels_op_volgorde},
        asa_s=s(rij["n_asa"]),
        aht_s=s(rij["n_aht"]),
        wacht_s=rij["n_wacht"],
    )


def totaal(qs, d: Definitie) -> Telefonie:
    return _uit_rij(qs.aggregate(**_annotaties(d)), d)


_LOKAAL = f"(%(expressions)s AT TIME ZONE '{settings.TIME_ZONE}')"
GROEPEN = {
    # an instant, in 15 minutes: two intervals when the clock goes back
    "kwartier": lambda: Func(
        F("binnen"),
        template="to_timestamp(floor(extract(epoch FROM %(expressions)s) / 900) * 900)",
        output_field=DateTimeField(),
    ),
    # the time of day across days (minutes since midnight, local)
    "tijdvak": lambda: Func(
        F("binnen"),
        template=f"(extract(hour FROM {_LOKAAL})::int * 60"
        f" + (extract(minute FROM {_LOKAAL})::int / 15) * 15)",
        output_field=IntegerField(),
    ),
    "dag": lambda: TruncDate("binnen", tzinfo=TZ),
    "weekdag": lambda: ExtractIsoWeekDay("binnen", tzinfo=TZ),
    "week": lambda: TruncWeek("binnen", tzinfo=TZ),
    "maand": lambda: TruncMonth("binnen", tzinfo=TZ),
    "wachtrij": lambda: F("wachtrij"),
    "team": lambda: _team_per_wachtrij(),
}


def _team_per_wachtrij():
    """The queue's team as a CASE over the (few) queues, read once: a correlated subquery
    per call cost a third of the month dashboard on a year of calls."""
    teams = dict(Wachtrij.objects.filter(team__isnull=False).values_list("naam", "team__naam"))
    if not teams:
        return Value(None, output_field=CharField())
    return Case(
        *[When(wachtrij=naam, then=Value(team)) for naam, team in sorted(teams.items())],
        default=Value(None),
        output_field=CharField(),
    )


_GROUP_BY = re.compile(r" GROUP BY [0-9, ]+$")


def per_groepen(qs, d: Definitie, groepen: list[str]) -> dict[str, list[tuple[object, Telefonie]]]:
    """The figures per each of ``groepen`` and in total ("" as the key), in one scan of the
    calls (``GROUPING SETS``) instead of a query per group: the same aggregates, each group
    in its own order. A key that can be empty (queue, team) is "" rather than NULL, so a row
    of the total is the one with every key NULL."""
    sleutels = {f"g_{g}": Coalesce(GROEPEN[g](), Value("")) if g in _LEEG_MOGELIJK
                else GROEPEN[g]() for g in groepen}  # fmt: skip
    query = qs.annotate(**sleutels).values(*sleutels).annotate(**_annotaties(d)).order_by()
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # a scope without queues: no calls, nothing to ask
        return {g: [] for g in [*groepen, ""]}
    sets = ", ".join(f"({i})" for i in range(1, len(groepen) + 1))
    sql = _GROUP_BY.sub(f" GROUP BY GROUPING SETS ({sets}, ())", sql)
    with transaction.atomic(), connection.cursor() as cursor:
        _werkgeheugen(cursor)
        cursor.execute(sql, params)
        namen = [c.name for c in cursor.description]
        rijen = [dict(zip(namen, r, strict=True)) for r in cursor.fetchall()]
    uit: dict[str, list] = {g: [] for g in groepen}
    uit[""] = []
    for r in rijen:
        for k, v in r.items():  # what the ORM would have converted: numbers as int/float
            if isinstance(v, Decimal):
                r[k] = int(v) if k.startswith("g_") else float(v)
        gezet = [g for g in groepen if r[f"g_{g}"] is not None]
        uit[gezet[0] if gezet else ""].append((r[f"g_{gezet[0]}"] if gezet else None, r))
    return {
        g: [(w, _uit_rij(r, d)) for w, r in sorted(rijen_g, key=lambda x: _volgorde(x[0]))]
        for g, rijen_g in uit.items()
    }


_LEEG_MOGELIJK = {"wachtrij", "team"}


def _werkgeheugen(cursor) -> None:
    """A month of calls grouped six ways, or a month of agent states sorted, fits in memory
    with 32 MB instead of the default 4 MB (hashing instead of sorting on disk): for this
    transaction only (``SET LOCAL``, safe behind PgBouncer's transaction pooling)."""
    cursor.execute("SET LOCAL work_mem = '32MB'")


def _volgorde(waarde):
    """The group's own order; no queue or team ("") last, as NULLS LAST did."""
    return (waarde in (None, ""), waarde)


def per(qs, d: Definitie, groep: str) -> list[tuple[object, Telefonie]]:
    """The figures per group, in the group's order (one query)."""
    rijen = (
        qs.annotate(groep=GROEPEN[groep]())
        .values("groep")
        .annotate(**_annotaties(d))
        .order_by("groep")
    )
    return [(r["groep"], _uit_rij(r, d)) for r in rijen]


@dataclass
class Bezetting:
    bezet_s: float
    nawerk_s: float
    beschikbaar_s: float
    afwezig_s: float
    agents: int
    kleinste_groep: int

    @property
    def procent(self) -> float | None:
        noemer = self.bezet_s + self.nawerk_s + self.beschikbaar_s
        if self.agents < min(self.kleinste_groep, 3) or not noemer:
            return None
        return 100 * (self.bezet_s + self.nawerk_s) / noemer


_BEZETTING_SQL = """
WITH s AS (
    SELECT agent, waarde, tijdstip,
           lead(tijdstip) OVER (PARTITION BY agent ORDER BY tijdstip) AS volgende
    FROM sources_telefoniegebeurtenis
    WHERE soort = 'agent_state' AND tijdstip >= %(vroeg)s AND tijdstip < %(tot)s {filter}
)
SELECT waarde, count(DISTINCT agent),
       coalesce(sum(extract(epoch FROM
           least(coalesce(volgende, %(tot)s), tijdstip + %(venster)s, %(tot)s, %(nu)s)
           - greatest(tijdstip, %(van)s))), 0)
FROM s
WHERE least(coalesce(volgende, %(tot)s), tijdstip + %(venster)s, %(tot)s, %(nu)s) > %(van)s
GROUP BY waarde
"""


def bezetting(bereik: Bereik, van, tot, d: Definitie, nu=None) -> Bezetting:
    """Occupancy over [van, tot): each agent state lasts until the agent's next state, the end
    of the period or 12 hours (a state without a successor is a missing log-off, not a
    12-hour shift)."""
    nu = nu or timezone.now()
    params = {
        "vroeg": van - STAAT_VENSTER,
        "van": van,
        "tot": tot,
        "nu": nu,
        "venster": STAAT_VENSTER,
    }
    filter_ = ""
    if bereik.agents is not None:
        filter_ = "AND agent = ANY(%(agents)s)"
        params["agents"] = bereik.agents
    with transaction.atomic(), connection.cursor() as cursor:
        _werkgeheugen(cursor)
        cursor.execute(_BEZETTING_SQL.format(filter=filter_), params)
        rijen = cursor.fetchall()
    per_staat = {waarde: (n, s) for waarde, n, s in rijen}
    agents = max((n for n, _s in per_staat.values()), default=0)
    return Bezetting(
        bezet_s=float(per_staat.get("busy", (0, 0))[1]),
        nawerk_s=float(per_staat.get("acw", (0, 0))[1]),
        beschikbaar_s=float(per_staat.get("available", (0, 0))[1]),
        afwezig_s=float(per_staat.get("away", (0, 0))[1]),
        agents=agents,
        kleinste_groep=d.kleinste_groep,
    )


@dataclass
class Live:
    in_wachtrij: int
    langst_wachtend_s: float | None
    agents_per_staat: dict[str, int]
    vandaag: Telefonie


def live(bereik: Bereik, d: Definitie, nu=None) -> Live:
    """The wallboard: calls waiting now, the longest wait, agents per state, and today."""
    nu = nu or timezone.now()
    begin_dag = timezone.localtime(nu).replace(hour=0, minute=0, second=0, microsecond=0)
    wachtend = oproepen(bereik, nu - LIVE_VENSTER, nu).filter(
        aangenomen=None, opgehangen=None, einde=None, doorverbonden_voor_aannemen=False
    )
    w = wachtend.aggregate(n=Count("id"), oudste=Min("binnen"))
    staten = (
        Telefoniegebeurtenis.objects.filter(
            soort=Telefoniegebeurtenis.Soort.AGENT_STATE, tijdstip__gte=nu - STAAT_VENSTER
        )
        .order_by("agent", "-tijdstip")
        .distinct("agent")
    )
    if bereik.agents is not None:
        staten = staten.filter(agent__in=bereik.agents)
    per_staat = {"available": 0, "busy": 0, "acw": 0, "away": 0}
    for waarde in staten.values_list("waarde", flat=True):
        per_staat[waarde] = per_staat.get(waarde, 0) + 1
    return Live(
        in_wachtrij=w["n"],
        langst_wachtend_s=(nu - w["oudste"]).total_seconds() if w["oudste"] else None,
        agents_per_staat=per_staat,
        vandaag=totaal(oproepen(bereik, begin_dag, nu + datetime.timedelta(seconds=1)), d),
    )
