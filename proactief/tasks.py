"""Celery tasks of proactive campaigns; each is a thin call of a service and safe to run
twice (the services re-read under locks and skip what is done)."""

from celery import shared_task
from django.db.models import Exists, OuterRef

from core.broker import wek
from sources import brp

from . import services
from .models import Campagne, Kandidaat


@shared_task(name="proactief.tasks.brp_controleren", acks_late=True)
def brp_controleren(campagne_id: int) -> int:
    """A run of the BRP check; sends itself again while candidates are left."""
    try:
        over = services.brp_controleren(campagne_id)
    except brp.BrpFout:
        return -1  # the beat tries again in a minute
    if over:
        wek("proactief.tasks.brp_controleren", campagne_id)
    return over


@shared_task(name="proactief.tasks.nalopen")
def nalopen() -> int:
    """Every minute: the steps that are due, and BRP checks that stopped halfway."""
    onderbroken = Campagne.objects.filter(
        Exists(
            Kandidaat.objects.filter(
                campagne=OuterRef("pk"), status=Kandidaat.Status.TE_CONTROLEREN
            )
        )
    ).values_list("id", flat=True)
    for campagne_id in onderbroken:
        wek("proactief.tasks.brp_controleren", campagne_id)
    return services.benaderingen_uitvoeren()


@shared_task(name="proactief.tasks.opschonen")
def opschonen() -> int:
    return services.opschonen()
