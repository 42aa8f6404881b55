"""Celery tasks for terugbelverzoeken. The database is the truth; a task is a wake-up.

Every task is idempotent (see ``services``), acknowledged late (a killed worker's task is
delivered again) and retried with backoff on database or broker trouble. The sweep
``nalopen`` runs every 20 s from beat: it re-sends what was committed but not routed after a
minute, mails what was not mailed, and escalates requests close to or past their deadline.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, InterfaceError
from django.utils import timezone

from core import broker

from . import meldingen, services
from .models import Melding, Terugbelverzoek

logger = logging.getLogger(__name__)
RETRY = {
    "autoretry_for": (DatabaseError, InterfaceError, ConnectionError, OSError),
    "retry_backoff": 1,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 10,
    "acks_late": True,
    "ignore_result": True,
}


MAILEN = services.MAILEN


@shared_task(name="callbacks.tasks.routeren", **RETRY)
def routeren(tbv_id):
    """Routes the request (and any other waiting ones); the in-app notifications commit with
    the routing. Their e-mails go to the mail queue, so a slow or absent mail server never
    holds up routing."""
    ids = services.terugbelverzoeken_routeren(tbv_id)
    if ids:
        broker.in_wachtrij_zetten(MAILEN, ids)


@shared_task(name=MAILEN, **RETRY)
def mailen(melding_ids):
    """Mails notifications (each once) over one connection; on the mail queue."""
    ids = melding_ids if isinstance(melding_ids, list) else [melding_ids]
    broker.nog_bezig(MAILEN, ids)
    meldingen.meldingen_mailen(ids)
    broker.klaar(MAILEN, ids)


@shared_task(name="callbacks.tasks.nalopen", **RETRY)
def nalopen():
    """The sweep: nothing committed stays unrouted or unmailed because a wake-up got lost.
    A notification whose mail task is still queued (or retrying) is not queued again."""
    grens = timezone.now() - timedelta(seconds=settings.KCC_TERUGBEL_HERZEND_NA_SECONDEN)
    blijven = list(
        Terugbelverzoek.objects.filter(
            status=Terugbelverzoek.Status.ONTVANGEN, aangemaakt__lt=grens
        )
        .order_by("aangemaakt")
        .values_list("id", flat=True)[:5000]
    )
    # One task routes up to 200 in a batch; a wake-up per batch is enough.
    for tbv_id in blijven[:: settings.KCC_TERUGBEL_ROUTEER_PARTIJ]:
        routeren.apply_async((tbv_id,))
    ongemaild = list(
        Melding.objects.filter(gemaild_op__isnull=True, aangemaakt__lt=grens).values_list(
            "id", flat=True
        )[:5000]
    )
    opnieuw = broker.in_wachtrij_zetten(MAILEN, ongemaild)
    nieuw = services.terugbelverzoeken_escaleren()
    broker.in_wachtrij_zetten(MAILEN, nieuw)
    if blijven or opnieuw:
        logger.warning(
            "Sweep re-sent %s routing tasks and queued mail for %s notifications",
            len(blijven),
            len(opnieuw),
        )
    return {"herzonden": len(blijven), "gemaild": len(opnieuw), "geescaleerd": len(nieuw)}
