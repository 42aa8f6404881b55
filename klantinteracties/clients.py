"""API clients: made and kept by the functioneel beheerder in /beheer/ (or with
``manage.py api_client``); recognised on every request by their token or ZGW JWT."""

import hashlib
import json
import secrets
from base64 import urlsafe_b64decode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

from permissions.backends import gebruiker_laden
from permissions.services import koppeling_medewerker_bijwerken

from .models import ApiClient

JWT_SPELING = 300  # seconds of clock difference allowed on iat/exp


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _gebruiker_bijwerken(client: ApiClient) -> None:
    """The client's own user: its role as its only group, its department as a Medewerker.
    It cannot log in (no password, not active); the access log names it by the client."""
    user = client.gebruiker
    user.first_name, user.last_name = client.naam[:150], "(API)"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.set([client.rol] if client.rol_id and not client.is_portaal else [])
    koppeling_medewerker_bijwerken(
        user=user,
        afdeling_id=None if client.is_portaal else client.afdeling_id,
        functie="API-koppeling",
    )


def client_opslaan(client: ApiClient) -> str | None:
    """Saves a new or changed client and keeps its user in step. A new client gets a token:
    returned here once, stored only as a hash."""
    with transaction.atomic():
        token = None
        if client.pk is None:
            token = secrets.token_urlsafe(32)
            client.token_hash, client.token_begin = _hash(token), token[:8]
            client.gebruiker = get_user_model().objects.create(
                username=f"api-{slugify(client.naam)[:40]}-{secrets.token_hex(3)}"
            )
        client.save()
        _gebruiker_bijwerken(client)
    return token


def nieuw_token(client: ApiClient) -> str:
    """A new token for the client; the old one stops working at once."""
    token = secrets.token_urlsafe(32)
    token_zetten(client, token)
    return token


def token_zetten(client: ApiClient, token: str) -> None:
    ApiClient.objects.filter(pk=client.pk).update(token_hash=_hash(token), token_begin=token[:8])


def client_aanmaken(*, naam: str, rol=None, afdeling=None, soort=ApiClient.Soort.SYSTEEM):
    client = ApiClient(naam=naam, rol=rol, afdeling=afdeling, soort=soort)
    token = client_opslaan(client)
    return client, token


def _gebruikt(client: ApiClient) -> ApiClient:
    # the client's user with its role, department, levels and grants in one kept query,
    # as the log-in backend reads a colleague for every page
    user = gebruiker_laden(client.gebruiker_id)
    if user is not None:
        client.gebruiker = user
    nu = timezone.now()
    if client.laatst_gebruikt is None or (nu - client.laatst_gebruikt).total_seconds() > 60:
        ApiClient.objects.filter(pk=client.pk).update(laatst_gebruikt=nu)
    return client


def _actief():
    return ApiClient.objects.filter(actief=True)


def client_van(autorisatie: str) -> ApiClient | None:
    """The client of an ``Authorization`` header: ``Token …`` (as Open Klant) or ``Bearer``
    with a ZGW JWT (HS256, claim ``client_id``, signed with the client's secret)."""
    soort, _, waarde = (autorisatie or "").strip().partition(" ")
    waarde = waarde.strip()
    if not waarde:
        return None
    if soort.lower() == "token":
        client = _actief().filter(token_hash=_hash(waarde)).first()
        return _gebruikt(client) if client else None
    if soort.lower() == "bearer":
        return _jwt_client(waarde)
    return None


def _onverifieerde_claims(token: str) -> dict:
    """The claims before the signature is checked: only to find whose secret checks it."""
    try:
        deel = token.split(".")[1]
        claims = json.loads(urlsafe_b64decode(deel + "=" * (-len(deel) % 4)))
    except (IndexError, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


def _jwt_client(token: str) -> ApiClient | None:
    claims = _onverifieerde_claims(token)
    client_id = claims.get("client_id") or claims.get("iss")
    if not isinstance(client_id, str) or not client_id:
        return None
    client = _actief().filter(jwt_client_id=client_id).exclude(jwt_secret="").first()
    if client is None:
        return None
    try:
        gelezen = jwt.decode(token, OctKey.import_key(client.jwt_secret), algorithms=["HS256"])
    except (JoseError, ValueError):
        return None
    return _gebruikt(client) if _tijden_kloppen(gelezen.claims) else None


def _tijden_kloppen(claims: dict) -> bool:
    """``exp`` not passed and ``nbf`` reached (each with JWT_SPELING of clock difference); a
    token without ``exp`` is valid only while its ``iat`` is younger than
    KCC_API_JWT_MAX_LEEFTIJD (ZGW clients mint a token per request; one without either is
    refused, since it would be valid forever)."""
    nu = timezone.now().timestamp()
    iat, exp, nbf = (claims.get(k) for k in ("iat", "exp", "nbf"))
    getal = (int, float)
    if not isinstance(exp, getal) and not isinstance(iat, getal):
        return False
    if isinstance(exp, getal) and exp + JWT_SPELING < nu:
        return False
    if isinstance(nbf, getal) and nbf - JWT_SPELING > nu:
        return False
    if isinstance(iat, getal) and iat - JWT_SPELING > nu:
        return False
    return isinstance(exp, getal) or iat + settings.KCC_API_JWT_MAX_LEEFTIJD >= nu
