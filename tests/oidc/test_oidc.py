"""Staff log in through the identity provider: a real OpenID Connect provider (the certified
``oidc-provider`` package under Node.js) as a process on loopback; the protocol is never
mocked. Roles and department follow the claims at every log-in; refusals say in Dutch what
to do; every outcome is in the access log."""

import base64
import json
import re
import socket
import time
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from demo.idp_proces import CLIENT_ID, CLIENT_SECRET, Provider
from permissions import oidc, roles
from permissions.models import Identiteit, Medewerker, Rolkoppeling, Toegangslog
from tests.catalogus import maak_wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def idp(tmp_path, settings):
    provider = Provider(
        tmp_path,
        redirect_uris=["http://testserver/oidc/terug/"],
        post_logout_uris=["http://testserver/inloggen/"],
    ).start()
    settings.KCC_OIDC_ISSUER = provider.issuer
    settings.KCC_OIDC_CLIENT_ID = CLIENT_ID
    settings.KCC_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.KCC_OIDC_SCOPES = "openid profile email roles"
    settings.KCC_OIDC_CLAIM_MEDEWERKER_ID = "employee_id"
    settings.KCC_BASIS_URL = "http://testserver"
    settings.KCC_LOKAAL_INLOGGEN = False
    yield provider
    provider.stop()


@pytest.fixture
def wereld(db):
    w = maak_wereld()
    groep = {g.name: g for g in Group.objects.all()}
    Rolkoppeling.objects.create(
        claimwaarde="KCC.Medewerker", rol=groep[roles.KCC_MEDEWERKER], afdeling=w.afdelingen["kcc"]
    )
    Rolkoppeling.objects.create(
        claimwaarde="KCC.Backoffice.Wmo",
        rol=groep[roles.BACKOFFICE_MEDEWERKER],
        afdeling=w.afdelingen["wmo"],
    )
    Rolkoppeling.objects.create(claimwaarde="KCC.Teamleider", rol=groep[roles.TEAMLEIDER])
    return w


def _naar_terug(client, login, password, *, next_url=""):
    """Starts the log-in at our app, logs in on the provider's own page (over HTTP, as a
    browser would) and returns the URL the provider sends the browser back to."""
    start = client.get(reverse("oidc-inloggen") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    url = start["Location"]
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"][0]
    assert query["nonce"][0]
    browser = requests.Session()
    for _ in range(10):
        antwoord = browser.get(url, allow_redirects=False, timeout=10)
        if antwoord.status_code == 200 and 'name="login"' in antwoord.text:
            actie = urljoin(url, antwoord.text.split('action="', 1)[1].split('"', 1)[0])
            antwoord = browser.post(
                actie, data={"login": login, "password": password}, allow_redirects=False
            )
        assert antwoord.status_code in (302, 303), antwoord.text[:500]
        url = urljoin(url, antwoord.headers["Location"])
        if url.startswith("http://testserver/"):
            return url
    raise AssertionError("the provider did not send the browser back")


def _terug(client, url):
    parts = urlsplit(url)
    return client.get(parts.path + "?" + parts.query)


def test_a_colleague_logs_in_and_gets_the_role_and_department_of_her_claims(idp, wereld, client):
    antwoord = _terug(client, _naar_terug(client, "kim", "kim-wachtwoord"))
    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/"
    identiteit = Identiteit.objects.select_related("user").get(subject="0d4f7c1e-kim")
    user = identiteit.user
    assert identiteit.issuer == idp.issuer
    assert identiteit.medewerker_id == "NIJ-00123"  # towards other systems
    assert (user.first_name, user.last_name, user.email) == (
        "Kim", "de Kok", "kim.dekok@nijmegen.example",
    )  # fmt: skip
    assert set(user.groups.values_list("name", flat=True)) == {roles.KCC_MEDEWERKER}
    assert Medewerker.objects.get(user=user).afdeling.code == "kcc"
    assert not user.has_usable_password()
    home = client.get("/").content.decode()
    assert "Kim de Kok" in home
    assert roles.KCC_MEDEWERKER in home
    regel = Toegangslog.objects.get(handeling="aangemeld")
    assert regel.gebruiker == user
    assert regel.herkomst == "127.0.0.1"


def test_roles_follow_the_provider_at_every_log_in(idp, wereld, client):
    _terug(client, _naar_terug(client, "wendy", "wendy-wachtwoord"))
    user = Identiteit.objects.get(subject="5a2b-wendy").user
    assert set(user.groups.values_list("name", flat=True)) == {
        roles.BACKOFFICE_MEDEWERKER,
        roles.TEAMLEIDER,
    }
    assert user.medewerker.afdeling.code == "wmo"
    # a role added by hand here, and a mapping the functioneel beheerder removed: at the next
    # log-in the groups are exactly what the claims map to
    user.groups.add(Group.objects.get(name=roles.PRIVACY_OFFICER))
    Rolkoppeling.objects.filter(claimwaarde="KCC.Teamleider").delete()
    client.post(reverse("logout"))
    _terug(client, _naar_terug(client, "wendy", "wendy-wachtwoord"))
    assert set(user.groups.values_list("name", flat=True)) == {roles.BACKOFFICE_MEDEWERKER}
    assert get_user_model().objects.filter(identiteit__subject="5a2b-wendy").count() == 1


def test_claims_that_map_to_no_role_are_refused_with_whom_to_ask(idp, wereld, client, settings):
    settings.KCC_OIDC_HULP = "het functioneel beheer KCC (toestel 1234)"
    antwoord = _terug(client, _naar_terug(client, "zonder-rol", "rol-wachtwoord"))
    assert antwoord.status_code == 403
    html = antwoord.content.decode()
    assert "geen rol" in html
    assert "het functioneel beheer KCC (toestel 1234)" in html
    assert "_auth_user_id" not in client.session
    assert not Identiteit.objects.exists()
    regel = Toegangslog.objects.get(handeling="aanmelding_geweigerd")
    assert regel.medewerker_naam == "Rik Rolloos"


def test_without_a_second_factor_the_log_in_is_refused_when_mfa_is_required(
    idp, wereld, client, settings
):
    settings.KCC_OIDC_MFA_VEREIST = True
    antwoord = _terug(client, _naar_terug(client, "zonder-mfa", "zonder-wachtwoord"))
    assert antwoord.status_code == 403
    assert "tweede factor" in antwoord.content.decode()
    assert "_auth_user_id" not in client.session
    # with one (amr "mfa" or "otp") it goes on
    other = Client()
    assert _terug(other, _naar_terug(other, "kim", "kim-wachtwoord")).status_code == 302


def test_a_wrong_state_is_refused(idp, wereld, client):
    url = _naar_terug(client, "kim", "kim-wachtwoord").replace("state=", "state=x")
    antwoord = _terug(client, url)
    assert antwoord.status_code == 400
    assert "niet gelukt" in antwoord.content.decode()
    assert "_auth_user_id" not in client.session
    assert Toegangslog.objects.filter(handeling="aanmelding_geweigerd").count() == 1


def test_a_replayed_code_is_refused(idp, wereld, client):
    url = _naar_terug(client, "kim", "kim-wachtwoord")
    # a second browser with the same session data (state, nonce, verifier): as if the code
    # and the cookie were stolen
    dief = Client()
    sessie = dief.session
    for sleutel, waarde in client.session.items():
        sessie[sleutel] = waarde
    sessie.save()
    dief.cookies["sessionid"] = sessie.session_key
    assert _terug(client, url).status_code == 302
    antwoord = _terug(dief, url)
    assert antwoord.status_code == 400
    assert "_auth_user_id" not in dief.session


def _id_token(idp, *, sleutel=None, **claims):
    nu = int(time.time())
    waarden = {
        "iss": idp.issuer,
        "aud": CLIENT_ID,
        "sub": "0d4f7c1e-kim",
        "iat": nu,
        "exp": nu + 300,
        "nonce": "n-123",
        **claims,
    }
    sleutel = sleutel or idp.sleutel
    return jwt.encode({"alg": "RS256", "kid": sleutel.kid}, waarden, sleutel)


@pytest.mark.parametrize(
    ("wijziging", "geldig"),
    [
        ({}, True),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, False),
        ({"aud": "een-andere-applicatie"}, False),
        ({"iss": "http://127.0.0.1:1"}, False),
        ({"nonce": "een-andere-nonce"}, False),
    ],
    ids=["valid", "expired", "wrong audience", "wrong issuer", "wrong nonce"],
)
def test_the_id_token_is_checked(idp, wereld, wijziging, geldig):
    token = _id_token(idp, **wijziging)
    if geldig:
        assert oidc.client().parse_id_token({"id_token": token}, nonce="n-123", leeway=30)
    else:
        with pytest.raises(Exception):  # noqa: B017, PT011 - authlib's own error classes
            oidc.client().parse_id_token({"id_token": token}, nonce="n-123", leeway=30)


def test_a_tampered_or_foreign_signature_is_refused(idp, wereld):
    token = _id_token(idp)
    kop, inhoud, handtekening = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(inhoud + "=="))
    claims["sub"] = "iemand-anders"
    vervalst = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(Exception):  # noqa: B017, PT011
        oidc.client().parse_id_token(
            {"id_token": f"{kop}.{vervalst}.{handtekening}"}, nonce="n-123"
        )
    vreemd = RSAKey.generate_key(2048, parameters={"kid": idp.sleutel.kid}, private=True)
    with pytest.raises(Exception):  # noqa: B017, PT011
        oidc.client().parse_id_token({"id_token": _id_token(idp, sleutel=vreemd)}, nonce="n-123")


def test_log_out_ends_the_session_here_and_at_the_provider(idp, wereld, client):
    _terug(client, _naar_terug(client, "kim", "kim-wachtwoord"))
    antwoord = client.post(reverse("logout"))
    assert antwoord.status_code == 302
    einde = urlsplit(antwoord["Location"])
    assert antwoord["Location"].startswith(idp.issuer)
    query = parse_qs(einde.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/inloggen/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert "_auth_user_id" not in client.session
    assert Toegangslog.objects.filter(handeling="afgemeld").count() == 1
    # the provider knows the end-session request (it answers with its own confirmation)
    assert requests.get(antwoord["Location"], timeout=10).status_code == 200


def test_local_passwords_are_off_except_for_a_break_glass_account_with_totp(
    idp, wereld, client, settings
):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = wereld.users["kcc"]
    user.set_password("een-lang-wachtwoord-2026")
    user.save()
    antwoord = client.post(
        reverse("login"), {"username": user.username, "password": "een-lang-wachtwoord-2026"}
    )
    assert "Log in met uw werkaccount" in antwoord.content.decode()
    assert "_auth_user_id" not in client.session
    settings.KCC_NOODACCOUNTS = [user.username]
    device = TOTPDevice.objects.create(user=user, name="nood")
    zonder = client.post(
        reverse("login"), {"username": user.username, "password": "een-lang-wachtwoord-2026"}
    )
    assert "code uit de authenticator-app" in zonder.content.decode()
    assert "_auth_user_id" not in client.session
    met = client.post(
        reverse("login"),
        {
            "username": user.username,
            "password": "een-lang-wachtwoord-2026",
            "otp": f"{totp(device.bin_key):06d}",
        },
    )
    assert met.status_code == 302, re.findall(r'role="alert"[^<]*<p>([^<]*)', met.content.decode())
    assert client.session["_auth_user_id"] == str(user.pk)
    regel = Toegangslog.objects.get(handeling="aangemeld")
    assert "NOODACCOUNT" in regel.doel


def test_a_discovery_document_that_lists_none_does_not_make_an_unsigned_token_valid(settings):
    """The accepted algorithms are ours (KCC_OIDC_ALGORITMEN), not the provider's: an
    unsigned id_token (alg none) is refused even when the discovery document offers none."""
    settings.KCC_OIDC_ISSUER = "https://idp.voorbeeld.test"
    settings.KCC_OIDC_CLIENT_ID = "kcc"
    settings.KCC_OIDC_CLIENT_SECRET = "geheim"
    idp = oidc.client()
    idp.server_metadata.update(
        {
            "_loaded_at": 1,
            "issuer": settings.KCC_OIDC_ISSUER,
            "id_token_signing_alg_values_supported": ["none", "RS256"],
            "jwks": {"keys": []},
        }
    )

    def deel(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    nu = int(time.time())
    claims = {"iss": settings.KCC_OIDC_ISSUER, "aud": "kcc", "sub": "x", "iat": nu,
              "exp": nu + 300, "nonce": "n"}  # fmt: skip
    ongetekend = f"{deel({'alg': 'none', 'typ': 'JWT'})}.{deel(claims)}."
    with pytest.raises((JoseError, ValueError)):
        idp.parse_id_token({"id_token": ongetekend, "access_token": "a"}, nonce="n")
    assert idp.load_server_metadata()["id_token_signing_alg_values_supported"] == [
        "RS256",
        "PS256",
        "ES256",
    ]


def test_the_last_role_taken_away_ends_the_open_session_too(idp, wereld, client):
    """Roles are replaced, not merged: when the provider maps a colleague to no role any more,
    her next log-in is refused and she keeps no role here, and a session she still has open
    elsewhere ends at its next request."""
    open_sessie = Client()
    _terug(open_sessie, _naar_terug(open_sessie, "kim", "kim-wachtwoord"))
    assert open_sessie.get("/").status_code == 200
    Rolkoppeling.objects.filter(claimwaarde="KCC.Medewerker").delete()
    geweigerd = _terug(client, _naar_terug(client, "kim", "kim-wachtwoord"))
    assert geweigerd.status_code == 403
    user = Identiteit.objects.get(subject="0d4f7c1e-kim").user
    assert not user.groups.exists()
    antwoord = open_sessie.get("/")
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in open_sessie.session


def test_the_providers_front_channel_log_out_ends_the_session(idp, wereld, client):
    """Entra ID and Keycloak call the front-channel log-out URL in a hidden frame, where the
    browser sends no cookie of ours (SameSite): the session is found by the provider's sid,
    kept beside it at log-in. With the cookie (a top-level call), the browser's own session
    ends too. (The test provider issues no sid: the log-in keeps it as it does for one.)"""
    _terug(client, _naar_terug(client, "kim", "kim-wachtwoord"))
    assert client.get("/").status_code == 200
    oidc.django_cache.set(oidc._sid_sleutel("sid-kim"), client.session.session_key, 600)
    frame = Client()  # no cookie of ours
    antwoord = frame.get(reverse("oidc-afmelden"), {"iss": idp.issuer, "sid": "sid-kim"})
    assert antwoord.status_code == 200
    assert "X-Frame-Options" not in antwoord
    assert client.get("/").status_code == 302  # the session is gone
    assert Toegangslog.objects.filter(handeling="afgemeld").count() == 1
    # another issuer is refused; with the browser's cookie its own session ends
    assert frame.get(reverse("oidc-afmelden"), {"iss": "https://elders"}).status_code == 400
    _terug(client, _naar_terug(client, "kim", "kim-wachtwoord"))
    assert client.get(reverse("oidc-afmelden")).status_code == 200
    assert client.get("/").status_code == 302


def test_a_provider_that_cannot_be_reached_gives_a_dutch_page(wereld, client, settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]  # closed once the block ends
    settings.KCC_OIDC_ISSUER = f"http://127.0.0.1:{poort}/niemand"
    settings.KCC_OIDC_CLIENT_ID, settings.KCC_OIDC_CLIENT_SECRET = "kcc", "geheim"
    antwoord = client.get(reverse("oidc-inloggen"))
    assert antwoord.status_code == 503
    html = antwoord.content.decode()
    assert "niet bereikbaar" in html or "cannot be reached" in html
    assert "Traceback" not in html


def test_a_first_log_in_never_fails_on_a_user_name_that_is_taken(wereld, settings):
    """A local account named oidc-<sub>, or two subjects longer than the user name column
    with the same start, used to give 'tijdelijk niet beschikbaar' (a unique key) forever."""
    from permissions.identiteit import Claims, medewerker_aanmelden

    get_user_model().objects.create(username="oidc-bezet")
    lang = "x" * 160
    users = [
        medewerker_aanmelden(
            Claims(issuer="https://idp.example", waarden={"sub": sub, "roles": ["KCC.Medewerker"]})
        )
        for sub in ("bezet", lang + "1", lang + "2")
    ]
    assert len({u.pk for u in users}) == 3
    assert all(u.username.startswith("oidc-") and len(u.username) <= 150 for u in users)
