"""Writing and checking the access log (verwerkingenlogging). See ``models.Toegangslog``."""

import functools
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from core.clientadres import adres_van
from core.metrics import TOEGANGSLOG_FOUTEN

from . import roles
from .models import Toegangslog

# Processing activities (register of processing activities, AVG art. 30) per action.
VERWERKINGSACTIVITEIT = {
    Toegangslog.Handeling.KLANTBEELD: "kcc-klantbeeld-raadplegen",
    Toegangslog.Handeling.BSN: "kcc-bsn-raadplegen",
    Toegangslog.Handeling.GEGEVENS_GEWIJZIGD: "kcc-contactgegevens-bijhouden",
    Toegangslog.Handeling.CONTACT_VASTGELEGD: "kcc-klantcontact-registreren",
    Toegangslog.Handeling.ZAAK_VOLLEDIG: "kcc-zaak-raadplegen",
    Toegangslog.Handeling.CONTACTMOMENT_VOLLEDIG: "kcc-klantcontact-raadplegen",
    Toegangslog.Handeling.TERUGBELVERZOEK: "kcc-terugbelverzoek-afhandelen",
    Toegangslog.Handeling.GEKOPPELD: "kcc-klantcontact-koppelen",
    Toegangslog.Handeling.BEWAARTERMIJN: "kcc-bewaartermijn-toepassen",
    Toegangslog.Handeling.LOG_DOORZOCHT: "kcc-toegangslog-controleren",
    Toegangslog.Handeling.AANGEMELD: "kcc-medewerker-aanmelden",
    Toegangslog.Handeling.AFGEMELD: "kcc-medewerker-aanmelden",
    Toegangslog.Handeling.GEWEIGERD: "kcc-medewerker-aanmelden",
    Toegangslog.Handeling.GEBLOKKEERD: "kcc-medewerker-aanmelden",
    Toegangslog.Handeling.BRP_BEVRAAGD: "kcc-brp-raadplegen",
    Toegangslog.Handeling.BRP_OVERGENOMEN: "kcc-brp-raadplegen",
    Toegangslog.Handeling.SAMENGEVOEGD: "kcc-klantgegevens-samenvoegen",
    Toegangslog.Handeling.API_GERAADPLEEGD: "kcc-klantinteracties-api",
    Toegangslog.Handeling.KLANTREIS: "kcc-klantcontact-registreren",
    Toegangslog.Handeling.KVK_BEVRAAGD: "kcc-handelsregister-raadplegen",
    Toegangslog.Handeling.KVK_OVERGENOMEN: "kcc-handelsregister-raadplegen",
    Toegangslog.Handeling.KANDIDAAT_BEKEKEN: "kcc-proactief-benaderen",
    Toegangslog.Handeling.KANDIDAAT_BEOORDEELD: "kcc-proactief-benaderen",
    Toegangslog.Handeling.KANDIDAAT_BENADERD: "kcc-proactief-benaderen",
    Toegangslog.Handeling.AFMELDING: "kcc-proactief-afmelden",
}
_CHAIN_LOCK = 7_024_014  # advisory lock key: one writer extends the chain at a time
_HASHED = [
    "tijdstip",
    "gebruiker_id",
    "medewerker_naam",
    "rollen",
    "afdeling",
    "handeling",
    "partij_id",
    "betrokkene_type",
    "betrokkene_id",
    "object_type",
    "object_id",
    "niveau",
    "doel",
    "herkomst",
    "trace_id",
    "verwerkingsactiviteit_id",
    "vorige_hash",
    "afgekapt_na_hash",
]


SLEUTELVERSIE = 1  # what new rows are written with


def _sleutel() -> bytes:
    eigen = settings.KCC_TOEGANGSLOG_SLEUTEL
    if eigen:
        return eigen.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"kcc-toegangslog-rij", "sha256").digest()


def _digest(entry: Toegangslog | SimpleNamespace) -> str:
    """The row's hash over its fields and the previous row's hash: keyed (HMAC) from
    ``sleutelversie`` 1 on, so the database's owner cannot compute one; plain before."""
    data = {name: getattr(entry, name) for name in _HASHED}
    data["tijdstip"] = entry.tijdstip.isoformat()
    versie = getattr(entry, "sleutelversie", 0) or 0
    if versie:
        data["sleutelversie"] = versie
    payload = json.dumps(data, sort_keys=True, default=str, separators=(",", ":")).encode()
    if versie:
        return hmac.new(_sleutel(), payload, hashlib.sha256).hexdigest()
    return hashlib.sha256(payload).hexdigest()


@dataclass(frozen=True)
class Regel:
    """One thing looked at or changed, for ``toegangen_loggen``."""

    handeling: str
    object_type: str = ""
    object_id: int | None = None
    niveau: int | None = None


@dataclass(frozen=True)
class Herkomst:
    """Where a request came from, for the log: the client's address and the trace id. Made
    by ``herkomst_van(request)`` in a view; an API, command or task makes its own (or passes
    ``None``: no address, a new trace id)."""

    adres: str | None = None
    trace_id: str = ""


def herkomst_van(request) -> Herkomst:
    trace = request.headers.get("traceparent", "")
    return Herkomst(
        adres=adres_van(request) or None,
        trace_id=trace.split("-")[1] if trace.count("-") == 3 else "",
    )


def toegang_loggen(
    *,
    door,
    herkomst: Herkomst | None,
    handeling,
    partij=None,
    object_type="",
    object_id=None,
    niveau=None,
    doel="",
    betrokkene: tuple[str, str] | None = None,
) -> None:
    """Appends one entry, chained to the previous one: ``door`` (the user) did ``handeling``
    on the data of ``partij`` (or of ``betrokkene``, a ``("BSN", "…")`` pair, when there is no
    record of the person, as in a search of the log itself)."""
    toegangen_loggen(
        door=door,
        herkomst=herkomst,
        partij=partij,
        doel=doel,
        regels=[Regel(handeling, object_type, object_id, niveau)],
        betrokkene=betrokkene,
    )


def toegangen_loggen(
    *, door, herkomst: Herkomst | None, partij, doel, regels, betrokkene=None
) -> None:
    """Appends several entries about one Nijmegenaar in one go: one lock, one read of the
    chain head and one insert, however many. Runs in the caller's transaction (or its own),
    so the entries commit or roll back with the work they log. Write services call this
    inside their own transaction; views call it only for what they show."""
    _append(_gemeenschappelijk(door, herkomst, partij, doel, betrokkene), regels)


def _betrokkene_van(partij) -> tuple[str, str]:
    if partij.bsn:
        return "BSN", partij.bsn
    if partij.kvk_nummer:
        return "KVK", partij.kvk_nummer
    return "", ""


def _gemeenschappelijk(door, herkomst, partij, doel, betrokkene=None) -> dict:
    herkomst = herkomst or Herkomst()
    medewerker = roles.medewerker_van(door)
    betrokkene_type, betrokkene_id = "", ""
    if partij is not None:
        betrokkene_type, betrokkene_id = _betrokkene_van(partij)
    elif betrokkene:
        betrokkene_type, betrokkene_id = betrokkene
    return {
        "gebruiker": door,
        "medewerker_naam": door.get_full_name() or door.get_username(),
        "rollen": ", ".join(sorted(roles.role_names(door))),
        "afdeling": medewerker.afdeling.naam if medewerker else "",
        "partij_id": partij.id if partij else None,
        "betrokkene_type": betrokkene_type,
        "betrokkene_id": betrokkene_id,
        "doel": doel[:200],
        "herkomst": herkomst.adres,
        "trace_id": (herkomst.trace_id or uuid.uuid4().hex)[:32],
    }


def partijen_loggen(*, door, herkomst: Herkomst | None, partijen, doel, regel: Regel) -> None:
    """One entry per Nijmegenaar in one go, for an answer that shows many (an API list):
    one lock, one read of the chain head and one insert, however many."""
    partijen = list(partijen)
    if not partijen:
        return
    per_rij = [
        dict(zip(("betrokkene_type", "betrokkene_id"), _betrokkene_van(p), strict=True))
        | {"partij_id": p.id}
        for p in partijen
    ]
    _append(
        _gemeenschappelijk(door, herkomst, None, doel), [regel] * len(partijen), per_rij=per_rij
    )


def bsns_loggen(*, door, herkomst: Herkomst | None, bsns, doel, regel: Regel) -> None:
    """One entry per person known only by BSN (a campaign's candidates, most of whom are not
    in the register), in one go. ``door`` None: the system did it (a background step)."""
    bsns = list(bsns)
    if not bsns:
        return
    common = (
        _namens_systeem(doel=doel, herkomst=herkomst)
        if door is None
        else _gemeenschappelijk(door, herkomst, None, doel)
    )
    per_rij = [{"betrokkene_type": "BSN", "betrokkene_id": bsn} for bsn in bsns]
    _append(common, [regel] * len(bsns), per_rij=per_rij)


def _append(common: dict, regels, per_rij=None, **extra) -> None:
    """Locks the chain, reads its head and inserts the new entries in one statement (a
    klantbeeld logs a few dozen; the ORM's bulk_create took longer than the database)."""
    velden = dict(common, **extra)
    velden["gebruiker_id"] = velden.pop("gebruiker").id
    velden.setdefault("afgekapt_na_hash", "")
    # no savepoint of its own: the entries stand or fall with the work they log
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        cursor.execute(_HEAD_SQL)
        head = cursor.fetchone()
        previous = head[0] if head else "0" * 64
        now = timezone.now()
        rows = []
        for n, regel in enumerate(regels):
            entry = SimpleNamespace(
                **(velden | per_rij[n] if per_rij else velden),
                tijdstip=now,
                handeling=regel.handeling,
                object_type=regel.object_type,
                object_id=regel.object_id,
                niveau=regel.niveau,
                verwerkingsactiviteit_id=VERWERKINGSACTIVITEIT[regel.handeling],
                vorige_hash=previous,
                sleutelversie=SLEUTELVERSIE,
            )
            entry.hash = previous = _digest(entry)
            rows.append(entry)
        try:
            cursor.execute(
                _insert_sql(),
                [[getattr(row, kolom.attname) for row in rows] for kolom in _kolommen()],
            )
        except Exception:
            # the work fails with it (same transaction); monitoring must hear of it
            TOEGANGSLOG_FOUTEN.inc()
            raise


# table and column names come from the model, never from input
_HEAD_SQL = f"SELECT hash FROM {Toegangslog._meta.db_table} ORDER BY id DESC LIMIT 1"  # noqa: S608


@functools.cache
def _kolommen():
    return [f for f in Toegangslog._meta.concrete_fields if not f.primary_key]


@functools.cache
def _insert_sql() -> str:
    """INSERT … SELECT * FROM unnest(one typed array per column)."""
    kolommen = _kolommen()
    namen = ", ".join(connection.ops.quote_name(f.column) for f in kolommen)
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in kolommen)
    tabel = connection.ops.quote_name(Toegangslog._meta.db_table)
    return f"INSERT INTO {tabel} ({namen}) SELECT * FROM unnest({arrays})"  # noqa: S608


def systeemgebruiker():
    """The user the system's own actions (retention) are logged under; cannot log in."""

    user, _ = get_user_model().objects.get_or_create(
        username="kcc-systeem",
        defaults={"first_name": "KCC", "last_name": "systeem", "is_active": False, "password": "!"},
    )
    return user


def _namens_systeem(*, doel: str, herkomst, medewerker_naam="KCC systeem", rollen="") -> dict:
    """An entry's common fields when no colleague of ours did it (retention, a refused
    log-in): under the system user, with the name that is known."""
    herkomst = herkomst or Herkomst()
    return {
        "gebruiker": systeemgebruiker(),
        "medewerker_naam": medewerker_naam[:200],
        "rollen": rollen[:300],
        "afdeling": "",
        "partij_id": None,
        "betrokkene_type": "",
        "betrokkene_id": "",
        "doel": doel[:200],
        "herkomst": herkomst.adres,
        "trace_id": (herkomst.trace_id or uuid.uuid4().hex)[:32],
    }


def bewaartermijn_loggen(
    *, doel: str, object_type: str, aantal: int, afgekapt_na_hash: str = ""
) -> None:
    _append(
        _namens_systeem(doel=doel, herkomst=None),
        [Regel(Toegangslog.Handeling.BEWAARTERMIJN, object_type, aantal)],
        afgekapt_na_hash=afgekapt_na_hash,
    )


def weigering_loggen(*, naam: str, rollen: str, doel: str, herkomst) -> None:
    """A refused log-in: there is no user of ours yet, so under the system user with the
    name the identity provider gave."""
    _append(
        _namens_systeem(doel=doel, herkomst=herkomst, medewerker_naam=naam or "?", rollen=rollen),
        [Regel(Toegangslog.Handeling.GEWEIGERD, "aanmelding", None, None)],
    )


def check_chain(batch: int = 5000):
    """Walks the whole log in id order. Returns the id of the first entry whose hash or link
    does not match (tampering), or None when the chain is whole."""
    starts = {"0" * 64} | set(
        Toegangslog.objects.exclude(afgekapt_na_hash="").values_list("afgekapt_na_hash", flat=True)
    )
    previous = None
    last_id = 0
    gesleuteld = False  # once a keyed row came, every later row must be keyed too
    while True:
        entries = list(Toegangslog.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not entries:
            return None
        for entry in entries:
            expected_link = (
                entry.vorige_hash in starts if previous is None else (entry.vorige_hash == previous)
            )
            terug = gesleuteld and not entry.sleutelversie
            if not expected_link or terug or _digest(entry) != entry.hash:
                return entry.id
            gesleuteld = gesleuteld or bool(entry.sleutelversie)
            previous = entry.hash
            last_id = entry.id
