from celery import shared_task

from . import anker


@shared_task(name="permissions.tasks.keten_verankeren", ignore_result=True)
def keten_verankeren():
    """Beat: checks the log against its newest anchor, then anchors the current head."""
    if fout := anker.controleren():
        anker.logger.error("toegangslog-controle mislukt: %s", fout)
    anker.verankeren()
