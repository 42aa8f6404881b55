"""A year of 14 024 at Nijmegen's volume (about 174,500 calls in 2024), so the wallboard and
every dashboard show realistic figures: Monday-morning peaks, a lunch dip, summer lows, some
callers who hang up while waiting, transfers, hold, callbacks asked for instead of waiting,
and the agents' states. Deterministic by seed; written with COPY, then the calls are
recomputed from their events in one statement (``sources.telefonie.oproepen_bijwerken``)
exactly as live events are.

The wait grows with the load of the half hour (busier → longer), tuned so that the year
answers about 55–60 % within a minute, as Nijmegen reported for 2024."""

import datetime
import heapq
import math
import random

from django.db import connection
from django.utils import timezone

from callbacks import termijnen
from permissions.models import Medewerker, Team
from sources import telefonie
from sources.models import Oproep, Telefoniegebeurtenis, Wachtrij

GESPREKKEN_PER_JAAR = 174_500
# queue name, description, share of the calls, (afdeling code, team name)
WACHTRIJEN = [
    ("14024-algemeen", "14 024 algemeen", 0.62, ("kcc", "Team 14 024")),
    ("14024-belastingen-parkeren", "14 024 belastingen en parkeren", 0.16, ("kcc", "Team 14 024")),
    ("14024-zorg-inkomen", "14 024 zorg en inkomen", 0.14, ("kcc", "Team 14 024")),
    ("wmo-toegang", "Toegang WMO (doorgeschakeld)", 0.08, ("wmo", "Toegang WMO")),
]
WEEKDAG = [1.35, 1.1, 1.0, 0.95, 0.8]  # Monday … Friday
MAAND = [1.15, 1.05, 1.05, 1.0, 0.95, 0.95, 0.75, 0.75, 1.05, 1.05, 1.05, 0.9]
# half hours from 08:30 to 17:00: the morning peak, the lunch dip, a quieter afternoon
HALF_UUR = [1.2, 1.6, 1.7, 1.6, 1.5, 1.3, 0.8, 0.7, 0.9, 1.0, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
OPEN = datetime.time(8, 30)
TZ = timezone.get_default_timezone()


def _tijd(d: datetime.date, seconden: float) -> datetime.datetime:
    begin = timezone.make_aware(datetime.datetime.combine(d, OPEN), TZ)
    return begin + datetime.timedelta(seconds=seconden)


def wachtrijen_inrichten() -> int:
    """The demo's queues, each linked to the team that answers it."""
    n = 0
    for naam, omschrijving, _aandeel, (afdeling, team) in WACHTRIJEN:
        t = Team.objects.filter(afdeling__code=afdeling, naam=team).first()
        if t is not None:
            Wachtrij.objects.update_or_create(
                naam=naam, defaults={"omschrijving": omschrijving, "team": t}
            )
            n += 1
    return n


def agents_van_kcc() -> list[str]:
    return sorted(
        Medewerker.objects.filter(afdeling__code="kcc", user__groups__name="KCC-medewerker")
        .values_list("user__username", flat=True)
        .distinct()
    )


def jaar_laden(*, rng: random.Random, gesprekken: int = GESPREKKEN_PER_JAAR, tot=None) -> int:
    """The year of calls up to (not including) ``tot`` (today), once: a database that
    already has calls keeps them (the raw events are append-only)."""
    if Oproep.objects.exists() or gesprekken <= 0:
        return 0
    wachtrijen_inrichten()
    agents = agents_van_kcc() or ["kcc"]
    tot = tot or timezone.localdate()
    dagen = [
        tot - datetime.timedelta(days=i)
        for i in range(365, 0, -1)
        if termijnen.is_werkdag(tot - datetime.timedelta(days=i))
    ]
    gewicht = [WEEKDAG[d.weekday()] * MAAND[d.month - 1] for d in dagen]
    totaal_gewicht = sum(gewicht)
    gemiddeld_slot = gesprekken / len(dagen) / len(HALF_UUR)
    bellers = [f"+3162{rng.randrange(10**7):07d}" for _ in range(max(gesprekken // 3, 10))]
    hashes = [telefonie.beller_hash(b) for b in bellers]
    rij_namen = [w[0] for w in WACHTRIJEN]
    rij_aandeel = [w[2] for w in WACHTRIJEN]
    rijen: list[tuple] = []
    nu = timezone.now()
    bron = Telefoniegebeurtenis.Bron.IMPORT
    nummer = 0

    def event(call_id, soort, ts, wachtrij="", agent="", beller="", waarde=""):
        rijen.append((call_id, soort, ts, wachtrij, agent, beller, waarde, bron, nu))

    for dag, w in zip(dagen, gewicht, strict=True):
        n_dag = round(gesprekken * w / totaal_gewicht)
        op_dienst = agents[: max(3, min(len(agents), math.ceil(n_dag / 70)))]
        vrij = [(0.0, a) for a in op_dienst]  # (free from, seconds after opening)
        heapq.heapify(vrij)
        gezien: set = set()

        def staat(agent, ts, waarde, gezien=gezien):
            # never two states of one agent at the same instant (the unique key)
            while (agent, ts) in gezien:
                ts += datetime.timedelta(microseconds=1)
            gezien.add((agent, ts))
            event(f"agent:{agent}", "agent_state", ts, agent=agent, waarde=waarde)

        for a in op_dienst:
            staat(a, _tijd(dag, -300), "available")
        slots = rng.choices(range(len(HALF_UUR)), weights=HALF_UUR, k=n_dag)
        momenten = sorted(s * 1800 + rng.random() * 1800 for s in slots)
        drukte = {s: slots.count(s) / gemiddeld_slot for s in set(slots)}
        for t0 in momenten:
            nummer += 1
            call_id = f"demo-{dag:%Y%m%d}-{nummer}"
            wachtrij = rng.choices(rij_namen, weights=rij_aandeel)[0]
            beller = rng.choice(hashes) if rng.random() < 0.93 else ""
            last = drukte[int(t0 // 1800)]
            wacht = rng.expovariate(1 / (46 * last**1.6))
            geduld = 2 + rng.random() * 3 if rng.random() < 0.03 else rng.expovariate(1 / 420)
            binnen = _tijd(dag, t0)
            event(call_id, "queued", binnen, wachtrij=wachtrij, beller=beller)
            if rng.random() < 0.02 and wacht > 60:
                # asked to be called back instead of waiting (virtual hold)
                ts = binnen + datetime.timedelta(seconds=min(wacht, 45))
                event(call_id, "callback_requested", ts, wachtrij=wachtrij)
                event(call_id, "ended", ts + datetime.timedelta(seconds=5), waarde="callback")
                continue
            if geduld < wacht:
                event(call_id, "abandoned", binnen + datetime.timedelta(seconds=geduld))
                continue
            _vrij_vanaf, agent = heapq.heappop(vrij)  # the agent free the longest
            aangenomen = binnen + datetime.timedelta(seconds=wacht)
            gesprek = rng.lognormvariate(5.3, 0.55)  # about 4 minutes, a long tail
            einde = aangenomen + datetime.timedelta(seconds=gesprek)
            nawerk = einde + datetime.timedelta(seconds=20 + rng.random() * 70)
            event(call_id, "answered", aangenomen, agent=agent)
            staat(agent, aangenomen, "busy")
            if rng.random() < 0.1:
                hold = aangenomen + datetime.timedelta(seconds=gesprek * rng.random() * 0.5)
                event(call_id, "hold", hold)
                event(call_id, "unhold", hold + datetime.timedelta(seconds=20 + rng.random() * 90))
            if rng.random() < 0.08:
                event(
                    call_id,
                    "transferred",
                    einde - datetime.timedelta(seconds=1),
                    waarde=rng.choice(["wmo-toegang", "belastingen-backoffice", "0243299999"]),
                )
            event(call_id, "ended", einde, waarde="normalClearing")
            event(call_id, "wrapup_end", nawerk)
            staat(agent, einde, "acw")
            staat(agent, nawerk, "available")
            heapq.heappush(vrij, ((nawerk - _tijd(dag, 0)).total_seconds(), agent))
        for a in op_dienst:
            staat(a, _tijd(dag, 3.5 * 3600), "away")  # lunch
            staat(a, _tijd(dag, 4 * 3600), "available")
            staat(a, _tijd(dag, 8.6 * 3600), "away")
    _copy(rijen)
    telefonie.oproepen_bijwerken(None)
    with connection.cursor() as cursor:
        # the planner's statistics for the bulk-loaded tables (else: sequential scans until
        # autovacuum comes by)
        cursor.execute("ANALYZE sources_telefoniegebeurtenis, sources_oproep")
    return len(rijen)


def _copy(rijen):
    kolommen = "call_id, soort, tijdstip, wachtrij, agent, beller_hash, waarde, bron, ontvangen"
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(
            f"COPY sources_telefoniegebeurtenis ({kolommen}) FROM STDIN"
        ) as copy,
    ):
        for rij in rijen:
            copy.write_row(rij)
