"""From the identity provider's claims to a staff member of ours, at every log-in.

The claims decide: the stable subject (``KCC_OIDC_CLAIM_SUBJECT``: ``sub``, or Entra's
``oid``) is the key, name and e-mail are copied, the values of the role claim
(``KCC_OIDC_CLAIM_ROLLEN``) become our roles and the department/team through the
functioneel beheerder's ``Rolkoppeling`` rows. A role removed at the provider is gone at the
next log-in. A log-in whose claims map to no role is refused, and so is one without a second
factor when ``KCC_OIDC_MFA_VEREIST`` is on. Every outcome is written to the access log and
counted (``permissions.metrics``).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import metrics
from .accesslog import Herkomst, toegang_loggen, weigering_loggen
from .models import Afdeling, Identiteit, Medewerker, Rolkoppeling, Toegangslog
from .services import vooraf_vastgelegde


class Geweigerd(Exception):
    """The log-in is refused; ``reden`` is said to the person, ``soort`` is counted."""

    def __init__(self, reden: str, soort: str):
        super().__init__(reden)
        self.reden, self.soort = reden, soort


@dataclass(frozen=True)
class Claims:
    issuer: str
    waarden: dict

    def tekst(self, naam: str) -> str:
        waarde = self.waarden.get(naam)
        return str(waarde) if waarde not in (None, "") else ""

    def lijst(self, naam: str) -> list[str]:
        waarde = self.waarden.get(naam)
        if waarde is None:
            return []
        if isinstance(waarde, str):
            return [waarde]
        return [str(v) for v in waarde]


def tweede_factor(claims: Claims) -> bool:
    """Whether ``amr`` or ``acr`` shows a second factor (RFC 8176 values; the acr values the
    municipality's provider uses for MFA in ``KCC_OIDC_MFA_ACR``)."""
    amr = {v.lower() for v in claims.lijst("amr")}
    if amr & {v.lower() for v in settings.KCC_OIDC_MFA_AMR}:
        return True
    acr = claims.tekst("acr")
    return bool(acr) and acr in settings.KCC_OIDC_MFA_ACR


def weigering_vastleggen(claims: Claims, reden: str, soort: str, herkomst: Herkomst | None):
    """A refused log-in in the access log and in the counters."""
    with transaction.atomic():
        weigering_loggen(
            naam=claims.tekst("name") or claims.tekst("email"),
            rollen=", ".join(claims.lijst(settings.KCC_OIDC_CLAIM_ROLLEN)),
            doel=reden,
            herkomst=herkomst,
        )
    metrics.aanmelding(soort)


def weigeren(claims: Claims, reden: str, soort: str, herkomst: Herkomst | None):
    weigering_vastleggen(claims, reden, soort, herkomst)
    raise Geweigerd(reden, soort)


def medewerker_aanmelden(claims: Claims, *, herkomst: Herkomst | None = None):
    """The user for these claims, created or brought up to date, with exactly the roles the
    claims map to. Raises ``Geweigerd`` (and logs it) when the log-in may not go on."""
    subject = claims.tekst(settings.KCC_OIDC_CLAIM_SUBJECT)
    if not subject:
        weigeren(claims, _("The identity provider did not say who you are."), "geen_id", herkomst)
    if settings.KCC_OIDC_MFA_VEREIST and not tweede_factor(claims):
        weigeren(
            claims,
            _("Log in with a second factor (for example the Authenticator app)."),
            "geen_mfa",
            herkomst,
        )
    koppelingen = list(
        Rolkoppeling.objects.filter(claimwaarde__in=claims.lijst(settings.KCC_OIDC_CLAIM_ROLLEN))
        .select_related("rol", "afdeling", "team")
        .order_by("claimwaarde")
    )
    if not koppelingen:
        _rollen_intrekken(claims.issuer, subject)
        weigeren(claims, _("Your account has no role in this application."), "geen_rol", herkomst)
    afdeling = next((k.afdeling for k in koppelingen if k.afdeling_id), None)
    team = next((k.team for k in koppelingen if k.team_id), None)
    with transaction.atomic():
        identiteit = (
            Identiteit.objects.select_for_update()
            .select_related("user")
            .filter(issuer=claims.issuer, subject=subject)
            .first()
        )
        user_model = get_user_model()
        if identiteit is None:
            # a colleague another system recorded by e-mail before this first log-in (KISS's
            # agent) becomes this account, so the contacts she had keep her name
            user = vooraf_vastgelegde(claims.tekst("email")) or user_model.objects.create(
                username=_gebruikersnaam(user_model, claims.issuer, subject),
                password="!",  # noqa: S106 - unusable
            )
            identiteit = Identiteit(user=user, issuer=claims.issuer, subject=subject)
        user = identiteit.user
        user.first_name = claims.tekst("given_name")[:150] or claims.tekst("name")[:150]
        user.last_name = claims.tekst("family_name")[:150]
        user.email = claims.tekst("email")[:254]
        user.is_active = True
        user.last_login = timezone.now()
        user.save()
        identiteit.medewerker_id = (claims.tekst(settings.KCC_OIDC_CLAIM_MEDEWERKER_ID) or subject)[
            :200
        ]
        identiteit.laatst_aangemeld = timezone.now()
        identiteit.save()
        user.groups.set(sorted({k.rol for k in koppelingen}, key=lambda g: g.name))
        medewerker = Medewerker.objects.filter(user=user).first()
        if afdeling is None:
            afdeling = medewerker.afdeling if medewerker else _standaard_afdeling()
        if medewerker is None:
            Medewerker.objects.create(user=user, afdeling=afdeling, team=team)
        else:
            medewerker.afdeling, medewerker.team = afdeling, team
            medewerker.save(update_fields=["afdeling", "team"])
        for attr in ("_kcc_role_names", "_kcc_medewerker"):
            user.__dict__.pop(attr, None)
        toegang_loggen(
            door=user,
            herkomst=herkomst,
            handeling=Toegangslog.Handeling.AANGEMELD,
            object_type="aanmelding",
            doel=_("Logged in through the identity provider"),
        )
    metrics.aanmelding("gelukt")
    return user


def _gebruikersnaam(user_model, issuer: str, subject: str) -> str:
    """``oidc-<sub>``; when that is taken (a local account of that name, or another long
    subject with the same first 145 characters) a name derived from issuer and subject, so
    a first log-in never fails on a name that is someone else's."""
    naam = f"oidc-{subject}"
    if len(naam) <= 150 and not user_model.objects.filter(username=naam).exists():
        return naam
    return "oidc-" + hashlib.sha256(f"{issuer} {subject}".encode()).hexdigest()[:40]


def _rollen_intrekken(issuer: str, subject: str) -> None:
    """The provider says this colleague has no role here any more: roles are replaced, not
    merged, so she keeps none, and a session still open ends at its next request
    (``permissions.middleware``)."""
    identiteit = Identiteit.objects.filter(issuer=issuer, subject=subject).first()
    if identiteit is not None:
        identiteit.user.groups.clear()


def _standaard_afdeling() -> Afdeling:
    """A staff member whose mapping names no department lands in the KCC's."""
    return (
        Afdeling.objects.filter(code=settings.KCC_TERUGBEL_STANDAARD_AFDELING).first()
        or Afdeling.objects.order_by("id").first()
        or Afdeling.objects.create(code="kcc", naam="KCC")
    )
