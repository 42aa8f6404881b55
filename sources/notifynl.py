"""NotifyNL (the Dutch fork of GOV.UK Notify): letters, e-mail and text messages.

``POST /v2/notifications/{email,sms,letter}`` with ``template_id``, ``personalisation`` and our
``reference``; authentication by a JWT (HS256, ``iss`` = the service id, ``iat`` = now) signed
with the API key's secret. NotifyNL posts a delivery receipt to our callback URL with the
bearer token we registered; ``ontvangstbewijs_lezen`` checks its shape before anything trusts
it. The texts are ours (checked in ``proactief``); one generic template per kind carries them
in the placeholders ``onderwerp`` and ``inhoud``.
"""

import hmac
import json
import logging
import re
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.jwk import OctKey

from . import verbinding

logger = logging.getLogger(__name__)

PADEN = {"email": "email", "sms": "sms", "brief": "letter"}
# NotifyNL's statuses (Worth-NL/NotifyNL-OMC DeliveryStatuses, GOV.UK Notify callbacks)
AFGELEVERD = {"delivered", "received", "accepted"}
MISLUKT = {"permanent-failure", "temporary-failure", "technical-failure", "cancelled",
           "validation-failed", "virus-scan-failed"}  # fmt: skip
ONDERWEG = {"created", "sending", "pending", "sent", "pending-virus-check"}
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_SLEUTEL = re.compile(rf"^.+-({_UUID})-({_UUID})$")


class NotifyFout(Exception):
    """``melding``: for the screen; ``reden``: for the log (no personal data)."""

    def __init__(self, melding: str, reden: str, *, opnieuw: bool = True):
        super().__init__(reden)
        self.melding, self.reden, self.opnieuw = melding, reden, opnieuw


@dataclass(frozen=True)
class Ontvangstbewijs:
    id: str
    referentie: str
    status: str
    soort: str

    @property
    def afgeleverd(self) -> bool:
        return self.status in AFGELEVERD

    @property
    def mislukt(self) -> bool:
        return self.status in MISLUKT


def ingesteld() -> bool:
    return bool(settings.KCC_NOTIFYNL_URL and settings.KCC_NOTIFYNL_API_KEY)


def _sleuteldelen() -> tuple[str, str]:
    match = _SLEUTEL.match(settings.KCC_NOTIFYNL_API_KEY.strip())
    if not match:
        raise NotifyFout(
            _("The NotifyNL key is set up wrongly. Tell the functional administrator."),
            "API-sleutel heeft niet de vorm naam-serviceid-geheim",
            opnieuw=False,
        )
    return match.group(1), match.group(2)


def _token() -> str:
    service_id, geheim = _sleuteldelen()
    return jwt.encode(
        {"alg": "HS256", "typ": "JWT"},
        {"iss": service_id, "iat": int(time.time())},
        OctKey.import_key(geheim),
    )


def versturen(soort: str, *, ontvanger: dict, onderwerp: str, inhoud: str, referentie: str) -> str:
    """Sends one message; returns NotifyNL's notification id. ``ontvanger``:
    ``{"email_address": …}``, ``{"phone_number": …}`` or the letter's ``address_line_1…7``."""
    sjabloon = settings.KCC_NOTIFYNL_SJABLONEN.get(soort, "")
    if soort not in PADEN or not sjabloon:
        raise NotifyFout(
            _("No NotifyNL template is set for this kind of message."),
            f"geen sjabloon voor {soort}",
            opnieuw=False,
        )
    personalisatie = {"onderwerp": onderwerp, "inhoud": inhoud}
    body: dict = {"template_id": sjabloon, "reference": referentie}
    if soort == "brief":
        personalisatie |= ontvanger
    else:
        body |= ontvanger
    body["personalisation"] = personalisatie
    antwoord = _vragen("POST", f"/v2/notifications/{PADEN[soort]}", body)
    if antwoord.status_code != 201:
        raise _fout(antwoord)
    return _id_uit(antwoord.inhoud)


def _vragen(methode: str, pad: str, body: dict) -> verbinding.Antwoord:
    try:
        return verbinding.vragen(
            "notifynl",
            requests.Session(),
            methode,
            settings.KCC_NOTIFYNL_URL + pad,
            deadline=settings.KCC_NOTIFYNL_TIMEOUT,
            max_bytes=256 * 1024,
            toegestaan=[settings.KCC_NOTIFYNL_URL],
            data=json.dumps(body),
            headers={
                "Authorization": f"Bearer {_token()}",
                "Content-Type": "application/json",
            },
        )
    except verbinding.BronFout as e:
        raise NotifyFout(
            _("NotifyNL cannot be reached. The message is sent again later."), e.reden
        ) from None


def _fout(antwoord: verbinding.Antwoord) -> NotifyFout:
    status = antwoord.status_code
    if status in (400, 403):
        # a message NotifyNL refuses (bad address, template, key) does not get better by
        # sending it again; a 429 or 5xx may
        return NotifyFout(
            _("NotifyNL refused the message. Tell the functional administrator."),
            f"HTTP {status} {_foutcodes(antwoord.inhoud)}",
            opnieuw=False,
        )
    return NotifyFout(_("NotifyNL has a fault. The message is sent again later."), f"HTTP {status}")


def _foutcodes(inhoud: bytes) -> list[str]:
    try:
        return [str(e.get("error", ""))[:60] for e in json.loads(inhoud).get("errors", [])][:3]
    except (ValueError, AttributeError, TypeError):
        return []


def _id_uit(inhoud: bytes) -> str:
    try:
        waarde = json.loads(inhoud).get("id", "")
    except (ValueError, AttributeError):
        waarde = ""
    if not isinstance(waarde, str) or not re.fullmatch(_UUID, waarde):
        raise NotifyFout(
            _("NotifyNL gave an answer we cannot read."), "geen notification id", opnieuw=False
        )
    return waarde


# --- delivery receipts -----------------------------------------------------------------


def token_klopt(authorization: str) -> bool:
    """The receipt carries the bearer token we registered with NotifyNL; compared in
    constant time. No token configured: no receipt is accepted."""
    verwacht = settings.KCC_NOTIFYNL_CALLBACK_TOKEN
    if not verwacht:
        return False
    schema, _spatie, token = (authorization or "").partition(" ")
    return schema.lower() == "bearer" and hmac.compare_digest(token.encode(), verwacht.encode())


def ontvangstbewijs_lezen(body) -> Ontvangstbewijs:
    """A receipt's fields, checked: a receipt we cannot read is refused (ValueError), never
    guessed at."""
    if not isinstance(body, dict):
        raise ValueError("geen object")
    waarden = [body.get(k) for k in ("id", "reference", "status", "notification_type")]
    velden = [w for w in waarden if isinstance(w, str)]
    if len(velden) != len(waarden):
        raise ValueError("velden ontbreken")
    bewijs_id, referentie, status, soort = velden
    if not re.fullmatch(_UUID, bewijs_id):
        raise ValueError("id is geen uuid")
    if status not in AFGELEVERD | MISLUKT | ONDERWEG:
        raise ValueError("onbekende status")
    if soort not in ("email", "sms", "letter"):
        raise ValueError("onbekende soort")
    return Ontvangstbewijs(id=bewijs_id, referentie=referentie[:100], status=status, soort=soort)


# --- whom a message goes to -----------------------------------------------------------------


def ontvanger(partij, soort: str) -> dict | None:
    """The recipient fields of one kind of message for a Nijmegenaar from the register: an
    e-mail address, a mobile number, or the letter's address lines (a postal address before
    the home address; never the visiting address). None when the register has none."""
    if soort == "email":
        email = partij.emailadressen.order_by("id").first()
        return {"email_address": email.adres} if email else None
    if soort == "sms":
        mobiel = partij.telefoonnummers.filter(soort="mobiel").order_by("id").first()
        return {"phone_number": mobiel.nummer} if mobiel else None
    adres = partij.adressen.exclude(soort="bezoekadres").order_by("-soort").first()
    if adres is None:
        return None
    nummer = f"{adres.straat} {adres.huisnummer}{adres.huisletter}"
    if adres.toevoeging:
        nummer += f"-{adres.toevoeging}"
    return {
        "address_line_1": partij.weergavenaam[:80],
        "address_line_2": nummer,
        "address_line_3": f"{adres.postcode[:4]} {adres.postcode[4:]} {adres.woonplaats.upper()}",
    }


def eerste_ontvanger(partij, soorten: tuple[str, ...]) -> tuple[str, dict] | None:
    """The first kind in ``soorten`` the register has an address for, with its fields."""
    for soort in soorten:
        if (velden := ontvanger(partij, soort)) is not None:
            return soort, velden
    return None


def adressen(partij) -> list[tuple[str, str, dict]]:
    """Every e-mail address and mobile number the register has of a Nijmegenaar, as
    (kind, shown as, recipient fields): the choice when an agent sends something."""
    uit = [
        ("email", e, {"email_address": e})
        for e in partij.emailadressen.order_by("id").values_list("adres", flat=True)
    ]
    uit += [
        ("sms", n, {"phone_number": n})
        for n in partij.telefoonnummers.filter(soort="mobiel")
        .order_by("id")
        .values_list("nummer", flat=True)
    ]
    return uit
