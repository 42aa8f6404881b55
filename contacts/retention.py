"""Retention: contact moments and access-log entries are kept no longer than configured.

Applied daily by Celery beat (``contacts.tasks.bewaartermijnen_toepassen``); every removal is
itself written to the access log.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core import eenmalig
from permissions.accesslog import bewaartermijn_loggen
from permissions.models import Toegangslog

from .models import Contactmoment


def bewaartermijnen_toepassen(*, now=None) -> dict:
    """Removes contact moments and log entries past their retention period.

    Idempotent: a second run on the same day removes nothing more. Returns the counts."""
    now = now or timezone.now()
    cm_cutoff = now - datetime.timedelta(days=settings.KCC_BEWAARTERMIJN_CONTACTMOMENT_DAGEN)
    log_cutoff = now - datetime.timedelta(days=settings.KCC_BEWAARTERMIJN_TOEGANGSLOG_DAGEN)
    with transaction.atomic():
        contactmomenten = (
            Contactmoment.objects.filter(tijdstip__lt=cm_cutoff)
            .delete()[1]
            .get("contacts.Contactmoment", 0)
        )
        if contactmomenten:
            dagen = settings.KCC_BEWAARTERMIJN_CONTACTMOMENT_DAGEN
            bewaartermijn_loggen(
                doel=f"Bewaartermijn contactmomenten ({dagen} dagen) verstreken: "
                f"van voor {cm_cutoff:%d-%m-%Y} verwijderd",
                object_type="contactmoment",
                aantal=contactmomenten,
            )
    with transaction.atomic():
        oud = Toegangslog.objects.filter(tijdstip__lt=log_cutoff)
        laatste = oud.order_by("-id").values_list("id", "hash").first()
        log_rows = 0
        if laatste:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('kcc.retentie_tot', %s, true)", [log_cutoff.isoformat()]
                )
                cursor.execute(
                    "DELETE FROM permissions_toegangslog WHERE tijdstip < %s AND id <= %s",
                    [log_cutoff, laatste[0]],
                )
                log_rows = cursor.rowcount
                cursor.execute("SELECT set_config('kcc.retentie_tot', '', true)")
            bewaartermijn_loggen(
                doel=f"Bewaartermijn toegangslog ({settings.KCC_BEWAARTERMIJN_TOEGANGSLOG_DAGEN} "
                f"dagen) verstreken: van voor {log_cutoff:%d-%m-%Y} verwijderd",
                object_type="toegangslog",
                aantal=log_rows,
                afgekapt_na_hash=laatste[1],
            )
    # the keys of sent staff forms are needed only for a retry of the same submit
    eenmalig.opruimen(now)
    return {"contactmomenten": contactmomenten, "toegangslog": log_rows}
