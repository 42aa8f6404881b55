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


@shared_task(name="callbacks.tasks.routeren", **RETRY)
def routeren(tbv_id):
    """Routes the request (and any other waiting ones) and notifies the departments: the
    in-app notification commits with the routing; the e-mails follow in this task. A mail
    that fails goes to a task of its own, which retries with backoff."""
    ids = services.terugbelverzoeken_routeren(tbv_id)
    if not ids:
        return
    try:
        meldingen.meldingen_mailen(ids)
    except Exception:
        logger.warning(
            "Mailing %s notifications failed; each is retried in its own task",
            len(ids),
            exc_info=True,
        )
        for melding_id in ids:
            mailen.apply_async((melding_id,))


@shared_task(name="callbacks.tasks.mailen", **RETRY)
def mailen(melding_id):
    meldingen.melding_mailen(melding_id)


@shared_task(name="callbacks.tasks.nalopen", **RETRY)
def nalopen():
    """The sweep: nothing committed stays unrouted or unmailed because a wake-up got lost."""
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
    for melding_id in ongemaild:
        mailen.apply_async((melding_id,))
    nieuw = services.terugbelverzoeken_escaleren()
    for melding_id in nieuw:
        mailen.apply_async((melding_id,))
    if blijven or ongemaild:
        logger.warning("Sweep re-sent %s routing and %s mail tasks", len(blijven), len(ongemaild))
    return {"herzonden": len(blijven), "gemaild": len(ongemaild), "geescaleerd": len(nieuw)}
