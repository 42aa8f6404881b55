from celery import shared_task

from . import services


@shared_task(name="cases.tasks.verlopen_toegang_opruimen", acks_late=True)
def verlopen_toegang_opruimen():
    """Beat: time-limited zaak grants end by themselves. Idempotent."""
    return services.verlopen_toegang_opruimen()
