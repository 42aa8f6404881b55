from celery import shared_task

from . import retention


@shared_task(name="contacts.tasks.bewaartermijnen_toepassen", acks_late=True)
def bewaartermijnen_toepassen():
    """Beat, daily: retention of contact moments and access-log entries. Idempotent."""
    return retention.bewaartermijnen_toepassen()
