"""Operator checks: database, Redis, Celery worker and beat."""

import time
from dataclasses import dataclass
from datetime import datetime

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .broker import mail_wachtrij
from .tasks import HEARTBEAT_KEY

BEAT_INTERVAL_SECONDS = 10  # CELERY_BEAT_SCHEDULE['heartbeat']


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    millis: float


def _timed(fn):
    start = time.perf_counter()
    try:
        ok, detail = fn()
    except Exception as exc:
        ok, detail = False, f"{type(exc).__name__}: {exc}"
    return ok, str(detail), round((time.perf_counter() - start) * 1000, 1)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version')")
        version = cursor.fetchone()[0]
    return True, _("PostgreSQL %(version)s answers") % {"version": version}


def _redis():
    cache.set("health:probe", "1", timeout=10)
    if cache.get("health:probe") != "1":
        return False, _("Redis does not return what was stored")
    return True, _("Redis answers")


def _gelezen_wachtrijen() -> dict[str, list[str]]:
    """Worker name → the queues it consumes (one broadcast, 1.5 seconds at most)."""
    antwoord = current_app.control.inspect(timeout=1.5).active_queues() or {}
    return {naam: [q["name"] for q in queues] for naam, queues in antwoord.items()}


def _worker(gelezen):
    if not gelezen:
        return False, _("No Celery worker answered within a second")
    names = sorted(gelezen)
    return True, _("%(count)s worker(s) alive: %(names)s") % {
        "count": len(names),
        "names": ", ".join(names),
    }


def wachtrijen() -> list[str]:
    """The queues the application sends to: routing and mail."""
    return [current_app.conf.task_default_queue, mail_wachtrij()]


def wachtende_taken(naam: str) -> int:
    with current_app.connection_for_read() as conn:
        return int(conn.default_channel.client.llen(naam))


def wachtrijstand(gelezen) -> list[tuple[str, int, int]]:
    """Per queue the application sends to: (name, waiting tasks, workers that read it)."""
    return [
        (naam, wachtende_taken(naam), sum(1 for qs in gelezen.values() if naam in qs))
        for naam in wachtrijen()
    ]


def _wachtrijen(gelezen):
    """A queue with waiting tasks that no worker reads is work that stands still (a worker
    that exited, or one started without its ``-Q``)."""
    stand = wachtrijstand(gelezen)
    delen = "; ".join(f"{naam}: {taken}" for naam, taken, _lezers in stand)
    stil = [naam for naam, taken, lezers in stand if taken and not lezers]
    if stil:
        return False, _("Tasks wait in %(queues)s and no worker reads it") % {
            "queues": ", ".join(stil)
        } + f" ({delen})"
    return True, _("Waiting tasks: %(queues)s") % {"queues": delen}


def _beat():
    last = cache.get(HEARTBEAT_KEY)
    if not last:
        return False, _("No heartbeat from the scheduler yet")
    age = (timezone.now() - datetime.fromisoformat(last)).total_seconds()
    ok = age < 3 * BEAT_INTERVAL_SECONDS
    return ok, _("Last heartbeat %(seconds)s seconds ago") % {"seconds": int(age)}


def gereed() -> bool:
    """Database and Redis answer: what one web replica needs to serve a page."""
    return all(_timed(fn)[0] for fn in (_database, _redis))


def run_checks():
    checks = []
    try:
        gelezen = _gelezen_wachtrijen()
    except Exception:
        gelezen = {}
    for name, fn in [
        (_("Database"), _database),
        (_("Redis"), _redis),
        (_("Celery worker"), lambda: _worker(gelezen)),
        (_("Queues"), lambda: _wachtrijen(gelezen)),
        (_("Celery beat"), _beat),
    ]:
        ok, detail, millis = _timed(fn)
        checks.append(Check(str(name), ok, detail, millis))
    return checks + _extra()


def _extra() -> list[Check]:
    """Checks of the layers above (named in ``KCC_GEZONDHEID_EXTRA``, so this bottom layer
    imports none of them): each gives (name, ok, detail) rows, e.g. the knowledge sources."""
    uit = []
    for pad in settings.KCC_GEZONDHEID_EXTRA:
        start = time.perf_counter()
        try:
            rijen = import_string(pad)()
        except Exception as exc:
            rijen = [(pad, False, f"{type(exc).__name__}: {exc}")]
        millis = round((time.perf_counter() - start) * 1000, 1)
        uit += [Check(str(naam), ok, str(detail), millis) for naam, ok, detail in rijen]
    return uit
