"""Operator checks: database, Redis, Celery worker and beat."""

import time
from dataclasses import dataclass
from datetime import datetime

from celery import current_app
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


def _worker():
    replies = current_app.control.ping(timeout=1.0)
    if not replies:
        return False, _("No Celery worker answered within a second")
    names = sorted(name for reply in replies for name in reply)
    return True, _("%(count)s worker(s) alive: %(names)s") % {
        "count": len(names),
        "names": ", ".join(names),
    }


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
    for name, fn in [
        (_("Database"), _database),
        (_("Redis"), _redis),
        (_("Celery worker"), _worker),
        (_("Celery beat"), _beat),
    ]:
        ok, detail, millis = _timed(fn)
        checks.append(Check(str(name), ok, detail, millis))
    return checks
