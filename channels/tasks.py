from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, InterfaceError
from django.utils import timezone

from . import services
from .models import Inzending


@shared_task(
    name="kcc_channels.tasks.bevestiging_mailen",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(DatabaseError, InterfaceError, ConnectionError, OSError),
    retry_backoff=1,
    retry_backoff_max=60,
    max_retries=10,
)
def bevestiging_mailen(inzending_id):
    """The confirmation e-mail of a web form; idempotent."""
    services.bevestiging_mailen(inzending_id)


@shared_task(name="kcc_channels.tasks.nalopen", ignore_result=True)
def nalopen():
    """Beat: confirmations not mailed a minute after the form came in are sent again (a lost
    wake-up, a mail server that was away)."""

    grens = timezone.now() - timedelta(seconds=settings.KCC_TERUGBEL_HERZEND_NA_SECONDEN)
    for inzending_id in (
        Inzending.objects.filter(
            bevestigd_op__isnull=True, bevestiging_sturen=True, ontvangen__lt=grens
        )
        .exclude(email="")
        .values_list("id", flat=True)[:1000]
    ):
        bevestiging_mailen.apply_async((inzending_id,))
