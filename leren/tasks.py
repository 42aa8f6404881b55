from celery import shared_task

from . import klachten, services, signalen


@shared_task(name="leren.tasks.stijgende_vragen")
def stijgende_vragen() -> int:
    """Every night: subjects with rising questions become signals (once a week each)."""
    return signalen.stijgende_vragen()


@shared_task(name="leren.tasks.klachttermijnen")
def klachttermijnen() -> int:
    """Every day: acknowledgements still to send, warnings before a complaint's term, and
    open survey answers past their year emptied."""
    services.vrije_tekst_opschonen()
    return klachten.termijnen_bewaken()


@shared_task(name="leren.tasks.uitnodigen")
def uitnodigen() -> int:
    """Every minute: the questions closed since, planned and sent (safe to run twice)."""
    services.uitnodigingen_plannen()
    return services.uitnodigingen_versturen()
