"""Deadlines in working time: N working days of office hours, without weekends and Dutch public
holidays (the ``holidays`` package), in Europe/Amsterdam local time.

One working day is one full span of office hours (default 08:30–17:00). A request made during
office hours starts counting at once; one made outside them starts at the next opening. So
two working days from Monday 10:00 end on Wednesday 10:00, and from Friday 16:55 they end on
Tuesday 16:55. The Common Ground back office counts a fixed 48 weekday hours and ignores
holidays; a request on the Friday before Easter there would be due on Easter Monday.

Closing days besides the public holidays (Bevrijdingsdag every year under the Cao, Goede
Vrijdag, a local closing day) are kept by the functioneel beheerder in ``/beheer/``
(``Sluitingsdag``).
"""

import logging
import uuid
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from time import monotonic
from zoneinfo import ZoneInfo

import holidays
from dateutil.easter import easter
from django.conf import settings
from django.core.cache import cache

from .models import Sluitingsdag

logger = logging.getLogger(__name__)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _kantooruren() -> tuple[time, time]:
    return (
        time.fromisoformat(settings.KCC_KANTOOR_OPEN),
        time.fromisoformat(settings.KCC_KANTOOR_DICHT),
    )


VERSIE_KEY = "kcc-sluitingsdagen-versie"


def _goede_vrijdag(year: int) -> date:
    return easter(year) - timedelta(days=2)


@lru_cache(maxsize=8)
def _sluitingsdagen(versie: str) -> tuple:
    """The closing days the functioneel beheerder keeps, read once per version."""
    return tuple(Sluitingsdag.objects.all())


@lru_cache(maxsize=128)
def _dicht(year: int, versie: str) -> frozenset[date]:
    """Public holidays (the ``holidays`` package) and the closing days the functioneel
    beheerder keeps (``Sluitingsdag``). Goede Vrijdag is in the package but not a day off
    under the Cao Gemeenten: it counts only as a closing day of its own (loaded by default,
    so the municipality decides)."""
    dagen = set(holidays.country_holidays("NL", years=[year]).keys())
    dagen.discard(_goede_vrijdag(year))
    for sluitingsdag in _sluitingsdagen(versie):
        if (dag := sluitingsdag.op(year)) is not None:
            dagen.add(dag)
    return frozenset(dagen)


# A bulk load pins the version it read first (``voorbereiden``): no Redis call per working-day
# check (thousands a second while the demo's callbacks stream), and no database query while
# its connection is in a COPY, also when Redis is away.
_vaste_versie: ContextVar[str | None] = ContextVar("kcc_sluitingsdagen_versie", default=None)
# Otherwise the version is asked of Redis at most once per VERSIE_GELDIG seconds per process:
# a change by one replica's beheerder reaches every process within that time.
VERSIE_GELDIG = 1.0
_gelezen: list = [0.0, ""]  # when, what


def _versie() -> str:
    if (vast := _vaste_versie.get()) is not None:
        return vast
    nu = monotonic()
    if nu - _gelezen[0] < VERSIE_GELDIG and _gelezen[1]:
        return _gelezen[1]
    _gelezen[:] = [nu, _versie_uit_redis()]
    return _gelezen[1]


def _versie_uit_redis() -> str:
    try:
        versie = cache.get(VERSIE_KEY)
        if versie is None:
            cache.add(VERSIE_KEY, uuid.uuid4().hex, None)
            versie = cache.get(VERSIE_KEY) or ""
    except Exception:  # the cache is away: read the database every time
        logger.warning("Cache unavailable; closing days read from the database")
        versie = uuid.uuid4().hex
    return versie


def voorbereiden() -> str:
    """Reads the closing days now and returns the version to pass to ``is_werkdag`` and
    friends: for a bulk load that computes deadlines while its connection streams a COPY
    (no other query may run on it then)."""
    versie = _versie()
    _sluitingsdagen(versie)
    _vaste_versie.set(versie)
    return versie


def _feestdagen(year: int) -> frozenset[date]:
    """Per process, per version: a change by one replica's beheerder bumps the version in
    Redis, and every process reads the closing days again."""
    return _dicht(year, _versie())


def sluitingsdagen_gewijzigd(**_kwargs):
    """Signal receiver: the closing days changed; every process reads them again."""
    _gelezen[:] = [0.0, ""]  # this process at once
    try:
        cache.set(VERSIE_KEY, uuid.uuid4().hex, None)
    except Exception:
        logger.warning("Could not mark the closing days as changed", exc_info=True)


def is_werkdag(day: date) -> bool:
    return day.weekday() < 5 and day not in _feestdagen(day.year)


def volgende_opening(moment: datetime) -> datetime:
    """The moment itself when the office is open then, else the next opening time."""
    open_, dicht = _kantooruren()
    local = moment.astimezone(AMSTERDAM)
    day = local.date()
    if is_werkdag(day) and local.time() < dicht:
        if local.time() >= open_:
            return local
        return datetime.combine(day, open_, AMSTERDAM)
    day += timedelta(days=1)
    while not is_werkdag(day):
        day += timedelta(days=1)
    return datetime.combine(day, open_, AMSTERDAM)


def plus_kantoortijd(start: datetime, duur: timedelta) -> datetime:
    """``start`` plus ``duur`` of office time. The answer is always within office hours; a
    deadline that falls exactly on closing time stays on that day."""
    _open, dicht = _kantooruren()
    moment = volgende_opening(start)
    rest = duur
    while True:
        sluiting = datetime.combine(moment.date(), dicht, AMSTERDAM)
        vandaag = sluiting - moment
        if rest <= vandaag:
            return moment + rest
        rest -= vandaag
        moment = volgende_opening(sluiting)


def werkdag_duur() -> timedelta:
    open_, dicht = _kantooruren()
    return datetime.combine(date.min, dicht) - datetime.combine(date.min, open_)


def uiterste_datum(start: datetime, werkdagen: int = 2, *, spoed: bool = False) -> datetime:
    """The deadline for a request made at ``start``: ``werkdagen`` working days of office
    hours, or four office hours when it is urgent (never later than the normal deadline)."""
    normaal = plus_kantoortijd(start, werkdag_duur() * max(werkdagen, 1))
    if spoed:
        return min(normaal, plus_kantoortijd(start, timedelta(hours=4)))
    return normaal
