"""State changes of proactive campaigns; each in one transaction (see the modules)."""

from .afmelden import KOLOMMEN as AFMELDING_KOLOMMEN
from .afmelden import (
    afgemeld,
    afmelden,
    afmeldingen_importeren,
    afmeldingen_rijen,
    bsn_slot,
    kandidaat_van_code,
    uitsluiten,
)
from .benaderen import (
    belpoging_vastleggen,
    benadering_uitvoeren,
    benaderingen_uitvoeren,
    besproken_tijdens_contact,
    campagne_afronden,
    ontvangstbewijs_verwerken,
)
from .campagnes import (
    api_sleutel_maken,
    campagne_activeren,
    campagne_bij_sleutel,
    campagne_goedkeuren,
    campagne_opslaan,
)
from .controleren import brp_controleren, kandidaten_beoordelen
from .importeren import csv_regels, kandidaten_importeren
from .opschonen import opschonen

__all__ = [
    "AFMELDING_KOLOMMEN",
    "afgemeld",
    "afmelden",
    "afmeldingen_importeren",
    "afmeldingen_rijen",
    "api_sleutel_maken",
    "belpoging_vastleggen",
    "benadering_uitvoeren",
    "benaderingen_uitvoeren",
    "besproken_tijdens_contact",
    "brp_controleren",
    "bsn_slot",
    "campagne_activeren",
    "campagne_afronden",
    "campagne_bij_sleutel",
    "campagne_goedkeuren",
    "campagne_opslaan",
    "csv_regels",
    "kandidaat_van_code",
    "kandidaten_beoordelen",
    "kandidaten_importeren",
    "ontvangstbewijs_verwerken",
    "opschonen",
    "uitsluiten",
]
