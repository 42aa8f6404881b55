import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from . import personen, zgw
from .brp import BrpFout
from .models import Notificatie
from .zgw import ZgwFout


@shared_task(
    name="sources.tasks.brp_verversen",
    acks_late=True,
    autoretry_for=(BrpFout,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=4,
)
def brp_verversen(partij_id: int, user_id: int):
    """A klantbeeld older than the configured age asks the BRP again for its person (for the
    medewerker who opened it: the access log names them). Idempotent; retried when the BRP
    cannot be reached, and the klantbeeld says so meanwhile."""
    user = get_user_model().objects.get(id=user_id)
    return personen.verversen(partij_id=partij_id, user=user)


@shared_task(
    name="sources.tasks.notificatie_verwerken",
    acks_late=True,
    autoretry_for=(ZgwFout,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=8,
)
def notificatie_verwerken(notificatie_id: int):
    """A notification from the zaaksysteem: the zaak is read again and stored (or removed).
    Idempotent; retried while the zaaksysteem cannot answer; the nightly reconciliation
    picks up whatever still went missing."""
    return zgw.notificatie_verwerken(notificatie_id)


@shared_task(name="sources.tasks.zaken_nalopen", acks_late=True)
def zaken_nalopen():
    """Beat, nightly: the full reconciliation with the zaaksysteem, and every notification
    that is still unprocessed after ten minutes offered to the worker again."""
    if not zgw.ingesteld():
        return "geen zaaksysteem ingesteld"
    grens = timezone.now() - datetime.timedelta(minutes=10)
    for pk in Notificatie.objects.filter(verwerkt_op__isnull=True, ontvangen__lt=grens).values_list(
        "id", flat=True
    ):
        notificatie_verwerken.delay(pk)
    sync = zgw.zaken_laden(opnieuw=True)
    return f"{sync.verwerkt} zaken nagelopen"
