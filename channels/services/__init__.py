"""Intake per channel. All channels end in the same two things: a contact moment against a
Nijmegenaar (or waiting in the "te koppelen" list), and possibly a callback request on the
normal route. One module per channel; the names below are the package's interface. Reads
are in ``channels.selectors``."""

from .balie import BEZOEK_RESULTATEN, afspraak_maken, bezoek_registreren, niet_gekomen
from .koppelen import contactmoment_koppelen
from .mail import MAX_EMAIL_TEKST, email_ontvangen
from .post import brief_registreren
from .telefoon import gesprek_koppelen
from .webformulier import (
    Webformulier,
    antwoord_uiterlijk,
    bevestiging_mailen,
    eerdere_inzending,
    vragenlijst_antwoord_vastleggen,
    webformulier_ontvangen,
)

__all__ = [
    "BEZOEK_RESULTATEN",
    "MAX_EMAIL_TEKST",
    "Webformulier",
    "afspraak_maken",
    "antwoord_uiterlijk",
    "bevestiging_mailen",
    "bezoek_registreren",
    "brief_registreren",
    "contactmoment_koppelen",
    "eerdere_inzending",
    "email_ontvangen",
    "gesprek_koppelen",
    "niet_gekomen",
    "vragenlijst_antwoord_vastleggen",
    "webformulier_ontvangen",
]
