from celery import shared_task

from . import services


@shared_task(name="leren.tasks.uitnodigen")
def uitnodigen() -> int:
    """Every minute: the questions closed since, planned and sent (safe to run twice)."""
    services.uitnodigingen_plannen()
    return services.uitnodigingen_versturen()
