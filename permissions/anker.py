"""The access log's chain head, anchored outside the database.

The hash chain shows a changed or removed row in the middle, but not the newest rows cut off
the end: the shortened chain is still whole. So every few minutes (beat,
``permissions.tasks.keten_verankeren``) the head — the newest row's id and hash — is written,
signed with a key the database does not hold, to an append-only file on a volume of its own
(``KCC_TOEGANGSLOG_ANKER``) and as a log line (``kcc.toegangslog.anker``) for the external log
store. ``controleren`` compares every anchor since the last retention cut with the database: a
signed head whose row is gone (and no retention cut covers it), or whose row now has another
hash, means rows were cut or rewritten.
"""

import hashlib
import hmac
import json
import logging
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .accesslog import check_chain
from .models import Toegangslog

logger = logging.getLogger("kcc.toegangslog.anker")


def _sleutel() -> bytes:
    eigen = settings.KCC_TOEGANGSLOG_ANKER_SLEUTEL
    if eigen:
        return eigen.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"kcc-toegangslog-anker", "sha256").digest()


def _handtekening(regel: dict) -> str:
    bericht = f"{regel['id']}:{regel['hash']}:{regel['tijdstip']}".encode()
    return hmac.new(_sleutel(), bericht, hashlib.sha256).hexdigest()


def _pad() -> Path | None:
    return Path(settings.KCC_TOEGANGSLOG_ANKER) if settings.KCC_TOEGANGSLOG_ANKER else None


def verankeren() -> dict | None:
    """Writes the current head (when there is a log at all). Returns the anchor."""
    kop = Toegangslog.objects.order_by("-id").values("id", "hash").first()
    if kop is None:
        return None
    regel = {"id": kop["id"], "hash": kop["hash"], "tijdstip": timezone.now().isoformat()}
    regel["handtekening"] = _handtekening(regel)
    tekst = json.dumps(regel, sort_keys=True)
    if pad := _pad():
        pad.parent.mkdir(parents=True, exist_ok=True)
        with pad.open("a", encoding="utf-8") as bestand:
            bestand.write(tekst + "\n")
            bestand.flush()
            os.fsync(bestand.fileno())
    logger.info("toegangslog-anker %s", tekst)
    return regel


def ankers():
    """Every anchor in the file, oldest first (streamed: one line at a time)."""
    pad = _pad()
    if pad is None or not pad.exists():
        return
    with pad.open(encoding="utf-8") as bestand:
        for regel in bestand:
            if regel.strip():
                yield json.loads(regel)


def laatste_anker() -> dict | None:
    laatste = None
    for laatste in ankers():  # noqa: B007 - the last one is what is asked
        pass
    return laatste


def controleren(batch: int = 5000) -> str | None:
    """None when the log agrees with every anchor since the last retention cut and its
    chain is whole; otherwise what is wrong, in plain words.

    Each anchor names a row and its hash. The row must still be there with that hash, unless
    it is older than the oldest row left and a retention cut (a row with ``afgekapt_na_hash``,
    written by the cut) removed it. So rows cut off the end are found even after the app wrote newer
    rows, and so is a row rewritten and re-hashed anywhere an anchor covers."""
    oudste = Toegangslog.objects.order_by("id").values_list("id", flat=True).first()
    afgekapt = Toegangslog.objects.exclude(afgekapt_na_hash="").exists()
    afgekapt_tot = oudste if oudste and afgekapt else 0
    groep: list[dict] = []
    for anker in ankers():
        if not hmac.compare_digest(_handtekening(anker), str(anker.get("handtekening", ""))):
            return f"Anker {anker.get('id')} van het toegangslog heeft een ongeldige handtekening."
        if anker["id"] >= afgekapt_tot:
            groep.append(anker)
        if len(groep) >= batch:
            if fout := _ankers_vergelijken(groep):
                return fout
            groep = []
    if fout := _ankers_vergelijken(groep):
        return fout
    kapot = check_chain()
    if kapot is not None:
        return f"De keten van het toegangslog klopt niet vanaf regel {kapot}."
    return None


def _ankers_vergelijken(groep: list[dict]) -> str | None:
    if not groep:
        return None
    in_db = dict(
        Toegangslog.objects.filter(id__in={a["id"] for a in groep}).values_list("id", "hash")
    )
    for anker in groep:
        rij = in_db.get(anker["id"])
        if rij is None:
            return (
                f"Regels van het toegangslog zijn verdwenen: het anker noemt regel {anker['id']}, "
                "die er niet meer is (en geen bewaartermijn haalde hem weg)."
            )
        if rij != anker["hash"]:
            return f"Regel {anker['id']} van het toegangslog is veranderd sinds het anker."
    return None
