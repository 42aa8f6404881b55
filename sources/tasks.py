from celery import shared_task
from django.contrib.auth import get_user_model

from . import personen
from .brp import BrpFout


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
