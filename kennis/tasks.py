from celery import shared_task

from . import sync
from .models import Bron


@shared_task(ignore_result=True)
def synchroniseren(bron_code: str = ""):
    """Every hour (the beat), or one source on demand from its page."""
    if bron_code:
        bron = Bron.objects.filter(code=bron_code, actief=True).first()
        return [sync.bron_synchroniseren(bron).__dict__] if bron else []
    return [u.__dict__ for u in sync.alles_synchroniseren()]


@shared_task(ignore_result=True)
def opschonen():
    from .services import zoekvragen_opschonen

    return zoekvragen_opschonen()
