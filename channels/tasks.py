from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, InterfaceError
from django.utils import timezone

from core import broker

from . import services
from .models import Inzending

BEVESTIGEN = "kcc_channels.tasks.bevestiging_mailen"


@shared_task(
    name=BEVESTIGEN,
    acks_late=True,
    ignore_result=True,
    autoretry_for=(DatabaseError, InterfaceError, ConnectionError, OSError),
    retry_backoff=1,
    retry_backoff_max=60,
    max_retries=10,
)
def bevestiging_mailen(inzending_ids):
    """Confirmation e-mails of web forms, each once; on the mail queue."""
    ids = inzending_ids if isinstance(inzending_ids, list) else [inzending_ids]
    broker.nog_bezig(BEVESTIGEN, ids)
    for inzending_id in ids:
        services.bevestiging_mailen(inzending_id)
    broker.klaar(BEVESTIGEN, ids)


@shared_task(name="kcc_channels.tasks.nalopen", ignore_result=True)
def nalopen():
    """Beat: confirmations not mailed a minute after the form came in are sent again (a lost
    wake-up, a mail server that was away)."""

    grens = timezone.now() - timedelta(seconds=settings.KCC_TERUGBEL_HERZEND_NA_SECONDEN)
    broker.in_wachtrij_zetten(
        BEVESTIGEN,
        list(
            Inzending.objects.filter(
                bevestigd_op__isnull=True, bevestiging_sturen=True, ontvangen__lt=grens
            )
            .exclude(email="")
            .values_list("id", flat=True)[:1000]
        ),
        per=50,
    )
