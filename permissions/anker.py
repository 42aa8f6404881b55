"""The access log's chain head, anchored outside the database.

The hash chain shows a changed or removed row in the middle, but not the newest rows cut off
the end: the shortened chain is still whole. So every few minutes (beat,
``permissions.tasks.keten_verankeren``) the head — the newest row's id and hash — is written,
signed with a key the database does not hold, to an append-only file on a volume of its own
(``KCC_TOEGANGSLOG_ANKER``) and as a log line (``kcc.toegangslog.anker``) for the external log
store. ``controleren`` compares the newest anchor with the database: a signed head whose row
is gone while no later row exists, or whose row now has another hash, means rows were cut.
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


def laatste_anker() -> dict | None:
    pad = _pad()
    if pad is None or not pad.exists():
        return None
    laatste = None
    with pad.open(encoding="utf-8") as bestand:
        for regel in bestand:
            if regel.strip():
                laatste = regel
    return json.loads(laatste) if laatste else None


def controleren() -> str | None:
    """None when the log agrees with its newest anchor and its chain is whole; otherwise
    what is wrong, in plain words."""
    anker = laatste_anker()
    if anker is not None:
        verwacht = _handtekening(anker)
        if not hmac.compare_digest(verwacht, str(anker.get("handtekening", ""))):
            return "Het laatste anker van het toegangslog heeft een ongeldige handtekening."
        rij = Toegangslog.objects.filter(id=anker["id"]).values_list("hash", flat=True).first()
        if rij is None and not Toegangslog.objects.filter(id__gt=anker["id"]).exists():
            return (
                f"Regels van het toegangslog zijn verdwenen: het anker noemt regel {anker['id']}, "
                "die er niet meer is, en er is geen nieuwere."
            )
        if rij is not None and rij != anker["hash"]:
            return f"Regel {anker['id']} van het toegangslog is veranderd sinds het anker."
    kapot = check_chain()
    if kapot is not None:
        return f"De keten van het toegangslog klopt niet vanaf regel {kapot}."
    return None
