import datetime

import pytest
from django.utils import timezone

from cijfers.models import Definitie
from sources import telefonie
from sources.models import Wachtrij
from tests.catalogus import maak_wereld
from tests.factories import TeamFactory

TZ = timezone.get_default_timezone()


def lokaal(*args) -> datetime.datetime:
    """A Dutch wall-clock time (2026, 11, 30, 9, 0) as an aware datetime."""
    return timezone.make_aware(datetime.datetime(*args), TZ)


def utc(tekst: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(tekst.replace("Z", "+00:00"))


def stuur(*events: dict) -> None:
    """Events through the adapter's own reading and storing, as the webhook does."""
    telefonie.opslaan(
        [telefonie.lezen(e, nr) for nr, e in enumerate(events, start=1)], pop_up=False
    )


def ts(moment: datetime.datetime, plus: float = 0) -> str:
    return (moment + datetime.timedelta(seconds=plus)).isoformat()


def gesprek(
    call_id,
    binnen,
    *,
    wacht=None,
    gesprek=200,
    nawerk=40,
    queue="14024-algemeen",
    opgehangen=None,
    agent="t-kcc",
    caller="0612345678",
):
    """A call's events: queued; then answered after ``wacht`` s, ended after ``gesprek`` s and
    wrap-up after ``nawerk`` s; or abandoned after ``opgehangen`` s."""
    events = [
        {"call_id": call_id, "event": "queued", "ts": ts(binnen), "queue": queue, "caller": caller}
    ]
    if opgehangen is not None:
        events.append({"call_id": call_id, "event": "abandoned", "ts": ts(binnen, opgehangen)})
        return events
    if wacht is not None:
        events += [
            {"call_id": call_id, "event": "answered", "ts": ts(binnen, wacht), "agent": agent},
            {"call_id": call_id, "event": "ended", "ts": ts(binnen, wacht + gesprek)},
            {"call_id": call_id, "event": "wrapup_end", "ts": ts(binnen, wacht + gesprek + nawerk)},
        ]
    return events  # fmt: skip


@pytest.fixture
def wereld(db):
    w = maak_wereld()
    w.team_kcc = TeamFactory(afdeling=w.afdelingen["kcc"], naam="Team 14 024")
    w.team_wmo = TeamFactory(afdeling=w.afdelingen["wmo"], naam="Toegang WMO")
    Wachtrij.objects.create(naam="14024-algemeen", team=w.team_kcc)
    Wachtrij.objects.create(naam="wmo-toegang", team=w.team_wmo)
    return w


@pytest.fixture
def definitie(db):
    """The default definition, but every group shown (the hand-made sets are small)."""
    d = Definitie.actief()
    d.kleinste_groep = 1
    d.save()
    return d
