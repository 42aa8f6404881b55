"""The texts of a campaign's letters, e-mails and text messages.

Placeholders are written ``((naam))`` as in NotifyNL. Only the placeholders of ``TOEGESTAAN``
may be used (no signal, no amount: special categories never go into a message), and every
text must carry the opt-out link and the phone number, so nobody gets a message without a
way to say "no" or to call.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TOEGESTAAN = {"naam", "titel", "telefoon", "afmeldlink"}
VERPLICHT = {"afmeldlink", "telefoon"}
_PLAATS = re.compile(r"\(\(\s*([a-zA-Z_]+)\s*\)\)")


def controleren(tekst: str, veld: str) -> None:
    """Raises ValidationError (for ``veld``) when the text uses an unknown placeholder or
    lacks a required one."""
    gebruikt = {p.lower() for p in _PLAATS.findall(tekst)}
    onbekend = sorted(gebruikt - TOEGESTAAN)
    if onbekend:
        raise ValidationError(
            {
                veld: _(
                    "This text uses a placeholder that is not allowed: %(namen)s. "
                    "Allowed: %(toegestaan)s."
                )
                % {
                    "namen": ", ".join(f"(({n}))" for n in onbekend),
                    "toegestaan": ", ".join(f"(({n}))" for n in sorted(TOEGESTAAN)),
                }
            }
        )
    ontbreekt = sorted(VERPLICHT - gebruikt)
    if ontbreekt:
        raise ValidationError(
            {
                veld: _(
                    "Every message must give the opt-out link and the phone number. Add %(namen)s."
                )
                % {"namen": ", ".join(f"(({n}))" for n in ontbreekt)}
            }
        )


def invullen(tekst: str, waarden: dict[str, str]) -> str:
    """The text with its placeholders filled in (only allowed ones exist: checked on save)."""
    return _PLAATS.sub(lambda m: waarden.get(m.group(1).lower(), ""), tekst)


def waarden(*, naam: str, titel: str, afmeldlink: str) -> dict[str, str]:
    return {
        "naam": naam,
        "titel": titel,
        "telefoon": settings.KCC_PROACTIEF_TELEFOON,
        "afmeldlink": afmeldlink,
    }
