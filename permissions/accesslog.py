"""Writing and checking the access log (verwerkingenlogging). See ``models.Toegangslog``."""

import hashlib
import json
import uuid

from django.db import connection, transaction

from . import roles
from .models import Toegangslog

# Processing activities (register of processing activities, AVG art. 30) per action.
VERWERKINGSACTIVITEIT = {
    Toegangslog.Handeling.KLANTBEELD: "kcc-klantbeeld-raadplegen",
    Toegangslog.Handeling.BSN: "kcc-bsn-raadplegen",
    Toegangslog.Handeling.GEGEVENS_GEWIJZIGD: "kcc-contactgegevens-bijhouden",
    Toegangslog.Handeling.CONTACT_VASTGELEGD: "kcc-klantcontact-registreren",
}
_CHAIN_LOCK = 7_024_014  # advisory lock key: one writer extends the chain at a time
_HASHED = ["tijdstip", "gebruiker_id", "medewerker_naam", "rollen", "afdeling", "handeling",
           "partij_id", "betrokkene_type", "betrokkene_id", "object_type", "object_id",
           "niveau", "doel", "herkomst", "trace_id", "verwerkingsactiviteit_id", "vorige_hash"]


def _digest(entry: Toegangslog) -> str:
    data = {name: getattr(entry, name) for name in _HASHED}
    data["tijdstip"] = entry.tijdstip.isoformat()
    payload = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def log_toegang(*, request, handeling, partij=None, object_type="", object_id=None,
                niveau=None, doel="") -> Toegangslog:
    """Appends one entry, chained to the previous one. Runs in its own savepoint so that it
    commits or rolls back with the work it logs."""
    user = request.user
    medewerker = roles.medewerker_van(user)
    betrokkene_type, betrokkene_id = "", ""
    if partij is not None:
        if partij.bsn:
            betrokkene_type, betrokkene_id = "BSN", partij.bsn
        elif partij.kvk_nummer:
            betrokkene_type, betrokkene_id = "KVK", partij.kvk_nummer
    trace = request.headers.get("traceparent", "")
    trace_id = trace.split("-")[1] if trace.count("-") == 3 else uuid.uuid4().hex
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        previous = Toegangslog.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = Toegangslog(
            gebruiker=user,
            medewerker_naam=user.get_full_name() or user.get_username(),
            rollen=", ".join(sorted(roles.role_names(user))),
            afdeling=medewerker.afdeling.naam if medewerker else "",
            handeling=handeling,
            partij_id=partij.id if partij else None,
            betrokkene_type=betrokkene_type,
            betrokkene_id=betrokkene_id,
            object_type=object_type,
            object_id=object_id,
            niveau=niveau,
            doel=doel[:200],
            herkomst=request.META.get("REMOTE_ADDR") or None,
            trace_id=trace_id[:32],
            verwerkingsactiviteit_id=VERWERKINGSACTIVITEIT[handeling],
            vorige_hash=previous or "0" * 64,
        )
        entry.hash = _digest(entry)
        entry.save(force_insert=True)
    return entry


def check_chain(batch: int = 5000):
    """Walks the whole log in id order. Returns the id of the first entry whose hash or link
    does not match (tampering), or None when the chain is whole."""
    previous = "0" * 64
    last_id = 0
    while True:
        entries = list(Toegangslog.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not entries:
            return None
        for entry in entries:
            if entry.vorige_hash != previous or _digest(entry) != entry.hash:
                return entry.id
            previous = entry.hash
            last_id = entry.id
