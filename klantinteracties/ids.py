"""Stable UUIDs for our records without a column of their own.

The API names every object by a UUID. Ours are version 8 UUIDs (RFC 9562, "custom"): the
first group says which kind of record it is, the last 48 bits are the record's id. So a UUID
is stable for the life of the record (a merge or a move keeps the id), costs no column on
tables of millions of rows, and is looked up by primary key. It tells no more than a record
number; whether the caller may see the record is decided on every lookup, and an unknown and
an invisible record answer the same 404.

Objects that are a view of one record (the betrokkene of a klantcontact, the BSN of a partij)
get their own kind with the id of that record.
"""

import uuid

_BASIS = 0x14024000  # 14 024, the KCC's number

SOORTEN = {
    "partij": 0x01,
    "klantcontact": 0x02,
    "betrokkene": 0x03,  # the betrokkene of one klantcontact (its id)
    "actorklantcontact": 0x04,  # the medewerker of one klantcontact (its id)
    "internetaak": 0x05,
    "actor-medewerker": 0x06,
    "actor-afdeling": 0x07,
    "actor-team": 0x08,
    "digitaaladres-telefoon": 0x09,
    "digitaaladres-email": 0x0A,
    "digitaaladres-verstrekt": 0x0B,
    "onderwerpobject-zaak": 0x0C,  # a row of the zaak ↔ contact link
    "onderwerpobject-vervolg": 0x0D,  # a follow-up: the klantcontact (its id) and the earlier one
    "identificator-bsn": 0x0E,  # of one partij (its id)
    "identificator-kvk": 0x0F,
    "identificator-vestiging": 0x10,
    "zaak": 0x11,  # a zaak of the read model that has no UUID of its source
    "identificator-los": 0x12,  # a KVK number posted before its partij (LosseIdentificator)
    "onderwerpobject-kennis": 0x13,  # a knowledge-base answer of a contact (its Kennislink)
}
_NAAR_SOORT = {v: k for k, v in SOORTEN.items()}
_MAX_ID = 2**48 - 1


def maak(soort: str, pk: int) -> str:
    if not 0 < pk <= _MAX_ID:
        raise ValueError(pk)
    return f"{_BASIS + SOORTEN[soort]:08x}-0000-8000-8000-{pk:012x}"


def lees(waarde, *soorten: str) -> tuple[str, int] | None:
    """(kind, id) of one of ``soorten``, or None for anything else (not ours, malformed)."""
    try:
        u = uuid.UUID(str(waarde))
    except (ValueError, AttributeError, TypeError):
        return None
    tekst = str(u)
    if tekst[8:24] != "-0000-8000-8000-":
        return None
    soort = _NAAR_SOORT.get(int(tekst[:8], 16) - _BASIS)
    pk = int(tekst[24:], 16)
    if soort is None or (soorten and soort not in soorten) or pk == 0:
        return None
    return soort, pk


def pk(waarde, soort: str) -> int | None:
    gelezen = lees(waarde, soort)
    return gelezen[1] if gelezen else None
