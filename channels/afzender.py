"""Whether an inbound e-mail's sender is who the From line says: only the receiving mail
provider can tell, in its ``Authentication-Results`` header (RFC 8601), parsed by authres.

A sender is trusted when the topmost header stamped by our own provider
(``KCC_EMAIL_AUTHSERV_ID``, e.g. ``mx.nijmegen.nl``; the provider removes such headers that
arrive from outside) says ``dmarc=pass`` for the From domain, or ``dkim=pass`` / ``spf=pass``
for a domain aligned with it. Anything else (no header, someone else's header, fail,
softfail, none, an unreadable header, no provider configured) is "not checked": the mail
is stored, but waits in "te koppelen" marked as such, and is never put in a resident's
history because of its From line.
"""

from email.message import Message

import authres
from django.conf import settings


def _uitgelijnd(domein: str, van_domein: str) -> bool:
    """Relaxed alignment (DMARC): the same domain, or the From domain under it."""
    domein, van_domein = domein.lower().rstrip("."), van_domein.lower().rstrip(".")
    return bool(domein) and (van_domein == domein or van_domein.endswith("." + domein))


def _eigenschap(resultaat, soort: str, naam: str) -> str:
    for prop in resultaat.properties:
        if prop.type == soort and prop.name == naam:
            return (prop.value or "").rsplit("@", 1)[-1]
    return ""


def _authserv_id(waarde: str) -> str:
    """The first token of the header (RFC 8601: authserv-id before any ';'), read without
    the parser, so an unreadable header of our own provider is still known as ours."""
    return waarde.split(";", 1)[0].strip().split(None, 1)[0].lower() if waarde.strip() else ""


def afzender_gecontroleerd(bericht: Message, van: str) -> bool:
    """True when our own mail provider vouches for the From address ``van``."""
    eigen = settings.KCC_EMAIL_AUTHSERV_ID.strip().lower()
    if not eigen or "@" not in van:
        return False
    van_domein = van.rsplit("@", 1)[1]
    for waarde in bericht.get_all("Authentication-Results") or []:
        if _authserv_id(str(waarde)) != eigen:
            continue  # another server's: not ours to believe
        try:
            kop = authres.AuthenticationResultsHeader.parse_value(str(waarde))
        except (authres.AuthResError, ValueError, IndexError):
            return False  # ours, but unreadable: it decides all the same (not checked)
        # the topmost header of our own provider decides; a lower one may be forged
        for resultaat in kop.results:
            if resultaat.result != "pass":
                continue
            if resultaat.method == "dmarc" and _uitgelijnd(
                _eigenschap(resultaat, "header", "from"), van_domein
            ):
                return True
            if resultaat.method == "dkim" and _uitgelijnd(
                _eigenschap(resultaat, "header", "d"), van_domein
            ):
                return True
            if resultaat.method == "spf" and _uitgelijnd(
                _eigenschap(resultaat, "smtp", "mailfrom"), van_domein
            ):
                return True
        return False
    return False
