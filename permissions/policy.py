"""The default visibility matrix, following the seeds' example (startnotitie, footnote 16).

A KCC agent sees *that* a WMO application runs, not its contents; the WMO consultant sees a
BRIKS application exists (and who handles it), and does not see at all that the same person
reported a broken street light. The functioneel beheerder edits the rules afterwards; this
module only fills them where none exist yet. README.md shows the same matrix.
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
]

_FRONT_OFFICE = {
    PUBLIEKSZAKEN: F,
    ALGEMEEN: F,
    OPENBARE_RUIMTE: F,
    BELASTINGEN: F,
    PARKEREN: F,
    AFVAL: F,
    WMO: E,
    WERK_EN_INKOMEN: E,
    BRIKS: E,
    KLACHTEN: E,
}

# (role, afdeling code or None) → {domein code: level}. Missing domein: NONE.
DEFAULT_MATRIX = {
    (roles.KCC_MEDEWERKER, None): _FRONT_OFFICE,
    (roles.BALIEMEDEWERKER, None): _FRONT_OFFICE,
    (roles.TEAMLEIDER, None): _FRONT_OFFICE,
    # Back office: every department sees general questions and the desk's own products exist;
    # its own domein in full; neighbouring domeinen as existence only.
    (roles.BACKOFFICE_MEDEWERKER, None): {PUBLIEKSZAKEN: E, ALGEMEEN: E},
    (roles.BACKOFFICE_MEDEWERKER, "wmo"): {WMO: F, WERK_EN_INKOMEN: E, BRIKS: E},
    (roles.BACKOFFICE_MEDEWERKER, "werk-en-inkomen"): {WERK_EN_INKOMEN: F, WMO: E, BELASTINGEN: E},
    (roles.BACKOFFICE_MEDEWERKER, "vergunningen"): {BRIKS: F, OPENBARE_RUIMTE: E, PARKEREN: E},
    (roles.BACKOFFICE_MEDEWERKER, "openbare-ruimte"): {OPENBARE_RUIMTE: F, AFVAL: F, BRIKS: E},
    (roles.BACKOFFICE_MEDEWERKER, "publiekszaken"): {PUBLIEKSZAKEN: F},
    (roles.BACKOFFICE_MEDEWERKER, "belastingen"): {BELASTINGEN: F, PARKEREN: E},
    (roles.BACKOFFICE_MEDEWERKER, "parkeren"): {PARKEREN: F, BELASTINGEN: E},
    (roles.BACKOFFICE_MEDEWERKER, "juridische-zaken"): {KLACHTEN: F},
    # Functioneel beheerder and privacy officer do not serve the public: no resident content.
}


@transaction.atomic
def apply_default_policy() -> int:
    """Creates the default rules that do not exist yet; never changes an edited rule.

    Idempotent: a second call creates nothing. Returns the number of rules created.
    """
    groups = roles.ensure_groups()
    domeinen = {d.code: d for d in Domein.objects.all()}
    afdelingen = {a.code: a for a in Afdeling.objects.all()}
    created = 0
    for (rol, afdeling_code), levels in DEFAULT_MATRIX.items():
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
