"""The default visibility rules, following the seeds' example (startnotitie, footnote 16).

A KCC agent sees *that* a WMO application runs, not its contents; the WMO consultant sees a
BRIKS application exists (and who handles it), and does not see at all that the same person
reported a broken street light. The matrix itself is data: the ``[[zichtbaarheid]]`` tables of
the catalogue file (``sources/data/catalogus-nijmegen.toml``). The functioneel beheerder edits
the rules afterwards; ``regels_aanmaken`` only fills them where none exist yet.
docs/functies.md shows the same matrix.
"""

from django.db import transaction

from . import roles
from .models import Afdeling, Domein, Niveau, Zichtbaarheidsregel

F, E, N = Niveau.FULL, Niveau.EXISTENCE, Niveau.NONE

# Domein codes (the demo catalogue uses these).
PUBLIEKSZAKEN = "publiekszaken"
ALGEMEEN = "algemeen"
WMO = "wmo"
WERK_EN_INKOMEN = "werk-en-inkomen"
BRIKS = "briks"
OPENBARE_RUIMTE = "openbare-ruimte"
BELASTINGEN = "belastingen"
KLACHTEN = "klachten-bezwaren"
PARKEREN = "parkeren"
AFVAL = "afval"
NIET_INGEDEELD = "niet-ingedeeld"  # a subject of another system we could not place
PROACTIEF = "proactief"  # the contacts of proactive campaigns
DOMEINEN = [
    PUBLIEKSZAKEN,
    ALGEMEEN,
    WMO,
    WERK_EN_INKOMEN,
    BRIKS,
    OPENBARE_RUIMTE,
    BELASTINGEN,
    KLACHTEN,
    PARKEREN,
    AFVAL,
    NIET_INGEDEELD,
    PROACTIEF,
]


@transaction.atomic
def regels_aanmaken(matrix: dict) -> int:
    """Creates the rules of ``matrix`` ((role, afdeling code or None) → {domein code: level};
    the catalogue file's default visibility) that do not exist yet; never changes an edited
    rule. Idempotent: a second call creates nothing. Returns the number of rules created."""
    groups = roles.ensure_groups()
    domeinen = {d.code: d for d in Domein.objects.all()}
    afdelingen = {a.code: a for a in Afdeling.objects.all()}
    created = 0
    for (rol, afdeling_code), levels in matrix.items():
        if afdeling_code is not None and afdeling_code not in afdelingen:
            continue
        for domein_code, niveau in levels.items():
            if domein_code not in domeinen or niveau == N:
                continue
            _, was_created = Zichtbaarheidsregel.objects.get_or_create(
                rol=groups[rol],
                domein=domeinen[domein_code],
                afdeling=afdelingen.get(afdeling_code) if afdeling_code else None,
                defaults={"niveau": niveau},
            )
            created += was_created
    return created
