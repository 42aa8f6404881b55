"""The demo staff: one user per role, created by ``manage.py demodata``.

Only used when ``KCC_DEMO`` is on: the one-click log-in page lists exactly these users.
"""

from permissions import roles

DEMO_PASSWORD = "demo-kcc-2026"  # noqa: S105 - printed by the run command, demo mode only

# (username, first name, last name, role, afdeling code, team name or "")
DEMO_USERS = [
    ("kcc", "Kim", "de Kok", roles.KCC_MEDEWERKER, "kcc", "Team 14 024"),
    ("balie", "Bas", "van Aalst", roles.BALIEMEDEWERKER, "publiekszaken", "Stadswinkel"),
    ("wmo", "Wendy", "Mol", roles.BACKOFFICE_MEDEWERKER, "wmo", "Toegang WMO"),
    (
        "werkeninkomen",
        "Willem",
        "Ibrahim",
        roles.BACKOFFICE_MEDEWERKER,
        "werk-en-inkomen",
        "Bijstand",
    ),
    ("briks", "Bram", "Rietveld", roles.BACKOFFICE_MEDEWERKER, "vergunningen", "BRIKS"),
    (
        "meldherstel",
        "Mila",
        "Hendriks",
        roles.BACKOFFICE_MEDEWERKER,
        "openbare-ruimte",
        "Meld & Herstel",
    ),
    ("teamleider", "Tamara", "Lindeboom", roles.TEAMLEIDER, "kcc", "Team 14 024"),
    ("beheer", "Fleur", "Bakker", roles.FUNCTIONEEL_BEHEERDER, "informatievoorziening", ""),
    ("privacy", "Priya", "Ozturk", roles.PRIVACY_OFFICER, "informatievoorziening", ""),
    ("management", "Marco", "Verhoeven", roles.MANAGEMENT, "kcc", ""),
]
