"""A staff form stores once, however often it is sent.

Every staff form that creates something carries a random key (a hidden field made when the
form is drawn). The service claims the key *first*, inside its own transaction, with
``INSERT … ON CONFLICT DO NOTHING``:

* a new key: the service does its work and records what it made (``vastleggen``);
* a key already used: the service does nothing and returns what the first submit made. A
  second submit that arrives while the first is still busy waits for it on the key's row
  (PostgreSQL's unique index), then finds the first one's record.

When the first submit's transaction rolls back, its claim goes with it and a retry does the
work. Keys older than ``BEWAARD`` are removed by the retention task.
"""

import uuid
from datetime import timedelta

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Verzending

BEWAARD = timedelta(days=2)


def als_sleutel(waarde) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(waarde))
    except (ValueError, TypeError, AttributeError):
        return None


def claimen(sleutel, *, door, soort: str) -> int | None:
    """Claims ``sleutel`` for ``door`` in the caller's transaction. Returns None when the key
    is new (go on), or the id of what the earlier submit made (stop and show that)."""
    sleutel = als_sleutel(sleutel)
    if sleutel is None:
        return None
    tabel = connection.ops.quote_name(Verzending._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tabel} (sleutel, gebruiker_id, soort, tijdstip) "  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (sleutel) DO NOTHING",
            [sleutel, door.pk, soort, timezone.now()],
        )
        if cursor.rowcount == 1:
            return None
    eerder = Verzending.objects.filter(sleutel=sleutel, gebruiker=door, soort=soort).first()
    if eerder is None or eerder.object_id is None:
        # another user's or another form's key: never show someone else's record
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "This form was sent before and cannot be sent again. Reload the page."
                )
            }
        )
    return eerder.object_id


def vastleggen(sleutel, *, soort: str, object_id: int) -> None:
    sleutel = als_sleutel(sleutel)
    if sleutel is not None:
        Verzending.objects.filter(sleutel=sleutel, soort=soort).update(object_id=object_id)


def opruimen(nu=None) -> int:
    return Verzending.objects.filter(tijdstip__lt=(nu or timezone.now()) - BEWAARD).delete()[0]
