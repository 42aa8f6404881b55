"""OpenID Connect with the municipality's identity provider (Entra ID, Keycloak, …), by
Authlib: the endpoints and keys from the provider's discovery document, the authorization-code
flow with PKCE (S256), ``state`` and ``nonce``, the ``id_token`` checked (signature against the
provider's JWKS, issuer, audience, expiry, nonce), and RP-initiated log-out.

Authlib was chosen over mozilla-django-oidc: it reads the discovery document itself (the
other needs every endpoint configured by hand), does PKCE and RP-initiated log-out, refetches
the JWKS when the provider rotates its keys, and has no opinion on users, so mapping claims
to our staff stays in ``permissions.identiteit``. Tested on Django 6.1 against a real
provider (``tests/oidc``; the provider in ``demo/idp``); mozilla-django-oidc 5.0 declares
support up to Django 5.2.
"""

import hashlib
import time
from functools import cache

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, login
from django.core.cache import cache as django_cache
from django.urls import reverse


def aan() -> bool:
    return bool(settings.KCC_OIDC_ISSUER)


@cache
def _client(issuer, client_id, client_secret, scopes):
    oauth = OAuth()
    oauth.register(
        "idp",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": scopes,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_post",
            "timeout": 10,
        },
    )
    idp = oauth.create_client("idp")
    idp.load_server_metadata = _vaste_algoritmen(idp.load_server_metadata)
    return idp


def _vaste_algoritmen(laden):
    """The id_token's signature algorithms come from our configuration, never from the
    provider's discovery document: a document that lists ``none`` (or HS256, where the
    provider's public key would do as the secret) must not make a forged token valid."""

    def metadata():
        gegevens = laden()
        gegevens["id_token_signing_alg_values_supported"] = list(settings.KCC_OIDC_ALGORITMEN)
        return gegevens

    return metadata


def client():
    return _client(
        settings.KCC_OIDC_ISSUER,
        settings.KCC_OIDC_CLIENT_ID,
        settings.KCC_OIDC_CLIENT_SECRET,
        settings.KCC_OIDC_SCOPES,
    )


def terug_url() -> str:
    """The redirect URI to register at the provider: <KCC_BASIS_URL>/oidc/terug/."""
    return settings.KCC_BASIS_URL + reverse("oidc-terug")


def afmeld_terug_url() -> str:
    return settings.KCC_BASIS_URL + reverse("login")


BACKEND = "permissions.backends.KccBackend"


def inloggen(request, user, id_token: str, sid: str = "") -> None:
    """Django's log-in for a user who came through the provider; the session remembers the
    id_token (for the log-out at the provider) and when it began (absolute age). The
    provider's session id (``sid``) is kept beside the session key, so the provider's
    front-channel log-out can end this session without the browser's cookie."""
    login(request, user, backend=BACKEND)
    request.session["kcc_oidc_id_token"] = id_token
    request.session["kcc_aangemeld_op"] = time.time()
    request.session[BACKEND_SESSION_KEY] = BACKEND
    if sid:
        request.session.save()
        django_cache.set(
            _sid_sleutel(sid), request.session.session_key, settings.KCC_SESSIE_MAX_UUR * 3600
        )


def _sid_sleutel(sid: str) -> str:
    return "kcc-oidc-sid:" + hashlib.sha256(sid.encode()).hexdigest()[:32]


def sessie_van_sid(sid: str) -> str | None:
    """The session key of the provider's session ``sid`` (once: the key is forgotten)."""
    if not sid:
        return None
    sleutel = _sid_sleutel(sid)
    sessie = django_cache.get(sleutel)
    django_cache.delete(sleutel)
    return sessie
