import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nijmegen_kcc.settings")

app = Celery("nijmegen_kcc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def wek(task, *args) -> bool:
    """Sends a wake-up through the broker after a commit, briefly retried. When the broker is
    away the work is still in the database and a beat sweep sends it later: the caller never
    fails on it. Returns whether it was sent."""
    import logging

    try:
        task.apply_async(
            args,
            retry=True,
            retry_policy={
                "max_retries": 2,
                "interval_start": 0,
                "interval_step": 0.2,
                "interval_max": 0.5,
            },
        )
    except Exception:
        logging.getLogger(__name__).warning("%s%r not sent; the sweep sends it", task.name, args)
        return False
    return True
