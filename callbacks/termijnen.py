"""Deadlines in working time: N working days of office hours, without weekends and Dutch public
holidays (the ``holidays`` package), in Europe/Amsterdam local time.

One working day is one full span of office hours (default 08:30–17:00). A request made during
office hours starts counting at once; one made outside them starts at the next opening. So
two working days from Monday 10:00 end on Wednesday 10:00, and from Friday 16:55 they end on
Tuesday 16:55. The Common Ground back office counts a fixed 48 weekday hours and ignores
holidays; a request on the Friday before Easter there would be due on Easter Monday.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _kantooruren() -> tuple[time, time]:
    return (
        time.fromisoformat(settings.KCC_KANTOOR_OPEN),
        time.fromisoformat(settings.KCC_KANTOOR_DICHT),
    )


@lru_cache(maxsize=64)
def _feestdagen(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=[year]).keys())


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
