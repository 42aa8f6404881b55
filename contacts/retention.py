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
        # the database removes only what is past its own legal minimum term, in a function
        # that runs as the retention role: the app's own role may not delete a log row
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT aantal, laatste_hash FROM kcc_toegangslog_opschonen(%s)", [log_cutoff]
            )
            log_rows, laatste_hash = cursor.fetchone()
        if log_rows:
            bewaartermijn_loggen(
                doel=f"Bewaartermijn toegangslog ({settings.KCC_BEWAARTERMIJN_TOEGANGSLOG_DAGEN} "
                f"dagen) verstreken: van voor {log_cutoff:%d-%m-%Y} verwijderd",
                object_type="toegangslog",
                aantal=log_rows,
                afgekapt_na_hash=laatste_hash,
            )
    # the keys of sent staff forms are needed only for a retry of the same submit
    eenmalig.opruimen(now)
    return {"contactmomenten": contactmomenten, "toegangslog": log_rows}
