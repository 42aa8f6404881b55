"""Staff log-in: with the identity provider (``permissions.oidc``), or Django's log-in page
where local passwords stay (demo, break-glass), with two brakes:

* django-axes locks one user name *from one address* after ``AXES_FAILURE_LIMIT`` wrong
  passwords (``AXES_LOCKOUT_PARAMETERS``), so a stranger elsewhere cannot lock a colleague out;
* an address that tries many wrong passwords, whatever the user names, is throttled:
  after ``KCC_LOGIN_PER_ADRES_PER_UUR`` failures in an hour it gets "too many attempts"
  (429) until the hour is over. The address is the client's, also behind the TLS proxy
  (``core.clientadres``); only a keyed hash of it is kept, in Redis.
"""

import hashlib
import logging
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST
from django_otp import match_token

from core.clientadres import adres_van

from . import identiteit, metrics, oidc
from .accesslog import herkomst_van, systeemgebruiker, toegang_loggen
from .models import Toegangslog

logger = logging.getLogger("kcc.aanmelden")

VENSTER_SECONDEN = 3600


def _sleutel(request) -> str:
    adres = adres_van(request)
    return (
        "login-mislukt:" + hashlib.sha256((settings.SECRET_KEY + adres).encode()).hexdigest()[:24]
    )


def mislukking_tellen(sender, credentials=None, request=None, **kwargs) -> None:
    """Receiver of ``user_login_failed``: one more failure for this address."""
    if request is None:
        return
    _fout_wachtwoord_loggen(request, (credentials or {}).get("username") or "")
    sleutel = _sleutel(request)
    try:
        if not cache.add(sleutel, 1, VENSTER_SECONDEN):
            cache.incr(sleutel)
    except Exception:  # Redis away: axes still locks per user name + address
        return


def _fout_wachtwoord_loggen(request, naam: str) -> None:
    """A wrong local password is in the access log like a lock-out: under the colleague whose
    user name was typed when there is one (else the name is not kept: people type their
    password into the wrong field)."""
    user = get_user_model().objects.filter(username=naam).first() if naam else None
    with transaction.atomic():
        toegang_loggen(
            door=user or systeemgebruiker(),
            herkomst=herkomst_van(request),
            handeling=Toegangslog.Handeling.GEWEIGERD,
            object_type="aanmelding",
            doel=_("Wrong password"),
        )


def afgeremd(request) -> bool:
    try:
        return int(cache.get(_sleutel(request)) or 0) >= settings.KCC_LOGIN_PER_ADRES_PER_UUR
    except Exception:
        return False


class AanmeldForm(AuthenticationForm):
    """Django's log-in form, plus: with an identity provider, a local password only for the
    named break-glass accounts (``KCC_NOODACCOUNTS``), and those need a TOTP code."""

    otp = forms.CharField(
        label=_("Code from the authenticator app"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        username = (self.data.get("username") or "").strip()
        nood = username in settings.KCC_NOODACCOUNTS
        if not settings.KCC_LOKAAL_INLOGGEN and not nood:
            raise forms.ValidationError(
                _("Log in with your work account of the municipality (the button above)."),
                code="alleen_idp",
            )
        cleaned = super().clean()
        if nood and not settings.KCC_LOKAAL_INLOGGEN:
            user = self.get_user()
            code = (self.cleaned_data.get("otp") or "").strip()
            # no code is no attempt (django-otp slows down a device after each wrong code)
            if user is None or not code or match_token(user, code) is None:
                metrics.aanmelding("noodaccount_code_fout")
                raise forms.ValidationError(
                    _("A break-glass account needs the code from its authenticator app."),
                    code="otp",
                )
        return cleaned


@method_decorator(login_not_required, name="dispatch")
class Inloggen(auth_views.LoginView):
    redirect_authenticated_user = True
    form_class = AanmeldForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "oidc_aan": oidc.aan(),
            "lokaal": settings.KCC_LOKAAL_INLOGGEN,
        }

    def post(self, request, *args, **kwargs):
        if afgeremd(request):
            return render(request, "registration/afgeremd.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        nood = user.get_username() in settings.KCC_NOODACCOUNTS and not settings.KCC_LOKAAL_INLOGGEN
        self.request.session["kcc_aangemeld_op"] = time.time()
        self.request.session["kcc_laatst_actief"] = time.time()
        with transaction.atomic():
            toegang_loggen(
                door=user,
                herkomst=herkomst_van(self.request),
                handeling=Toegangslog.Handeling.AANGEMELD,
                object_type="aanmelding",
                doel=(
                    _("BREAK-GLASS ACCOUNT logged in with a password and TOTP")
                    if nood
                    else _("Logged in with a password")
                ),
            )
        if nood:
            logger.critical("Break-glass account %s logged in", user.get_username())
        metrics.aanmelding("noodaccount" if nood else "wachtwoord")
        return response


def _weigering(request, reden, status=403):
    return render(
        request,
        "registration/geweigerd.html",
        {"reden": reden, "hulp": settings.KCC_OIDC_HULP},
        status=status,
    )


@login_not_required
@require_GET
def oidc_inloggen(request):
    """To the identity provider (state, nonce and the PKCE verifier kept in the session)."""
    if not oidc.aan():
        raise Http404
    volgende = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(volgende, {request.get_host()}, request.is_secure()):
        request.session["kcc_oidc_volgende"] = volgende
    try:
        return oidc.client().authorize_redirect(request, oidc.terug_url())
    except Exception as exc:  # the provider (its discovery document) cannot be reached
        logger.warning("OIDC provider unreachable: %s", type(exc).__name__)
        return _weigering(
            request,
            _(
                "The identity provider cannot be reached at the moment. Try again in a few "
                "minutes. If it stays like this, the break-glass account still works."
            ),
            status=503,
        )


@login_not_required
@require_GET
def oidc_terug(request):
    """The provider sends the browser back with a code: exchanged, the id_token checked, the
    claims mapped to our staff member (``permissions.identiteit``), logged in."""
    if not oidc.aan():
        raise Http404
    herkomst = herkomst_van(request)
    try:
        token = oidc.client().authorize_access_token(request, leeway=settings.KCC_OIDC_LEEWAY)
        userinfo = token.get("userinfo")
        if not userinfo:
            raise ValueError("no verified id_token")
    except Exception as exc:  # wrong state, replayed code, bad signature, expired, audience…
        logger.warning("OIDC log-in refused: %s", type(exc).__name__)
        claims = identiteit.Claims(issuer=settings.KCC_OIDC_ISSUER, waarden={})
        identiteit.weigering_vastleggen(
            claims,
            _("Logging in did not succeed (%(fout)s).") % {"fout": type(exc).__name__},
            "protocolfout",
            herkomst,
        )
        return _weigering(
            request,
            _("Logging in through the identity provider did not succeed. Please try again."),
            status=400,
        )
    claims = identiteit.Claims(issuer=settings.KCC_OIDC_ISSUER, waarden=dict(userinfo))
    try:
        user = identiteit.medewerker_aanmelden(claims, herkomst=herkomst)
    except identiteit.Geweigerd as exc:
        return _weigering(request, exc.reden)
    volgende = request.session.pop("kcc_oidc_volgende", "")
    oidc.inloggen(request, user, token["id_token"], sid=str(userinfo.get("sid") or ""))
    return redirect(volgende or settings.LOGIN_REDIRECT_URL)


@login_not_required
@require_GET
@xframe_options_exempt  # the provider loads it in a hidden frame
def oidc_afmelden(request):
    """The provider's front-channel log-out (Entra ID's "Front-channel logout URL", Keycloak's
    frontchannel logout): it ends the session of the provider's ``sid`` — in a frame the
    browser sends no cookie of ours (SameSite), so the session is found by that id — and the
    browser's own session when its cookie came along. Logged as a log-out."""
    if not oidc.aan():
        raise Http404
    iss = request.GET.get("iss", "")
    if iss and iss.rstrip("/") != settings.KCC_OIDC_ISSUER:
        return HttpResponse(status=400)
    sessie = oidc.sessie_van_sid(request.GET.get("sid", ""))
    if sessie:
        gebruiker = SessionStore(session_key=sessie).get(SESSION_KEY)
        SessionStore(session_key=sessie).delete()
        _afmelding_loggen(request, gebruiker)
    if request.user.is_authenticated and request.session.get("kcc_oidc_id_token"):
        _afmelding_loggen(request, request.user.pk)
        logout(request)
    return HttpResponse(_("You are logged out."), content_type="text/plain; charset=utf-8")


def _afmelding_loggen(request, user_id) -> None:
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return
    with transaction.atomic():
        toegang_loggen(
            door=user,
            herkomst=herkomst_van(request),
            handeling=Toegangslog.Handeling.AFGEMELD,
            object_type="aanmelding",
            doel=_("Logged out at the identity provider"),
        )


@require_POST
def uitloggen(request):
    """Log out here, and at the identity provider when the session came from there."""
    id_token = request.session.get("kcc_oidc_id_token")
    if request.user.is_authenticated:
        with transaction.atomic():
            toegang_loggen(
                door=request.user,
                herkomst=herkomst_van(request),
                handeling=Toegangslog.Handeling.AFGEMELD,
                object_type="aanmelding",
                doel=_("Logged out"),
            )
        metrics.AFMELDINGEN.inc()
    logout(request)
    if id_token and oidc.aan():
        return oidc.client().logout_redirect(
            request, post_logout_redirect_uri=oidc.afmeld_terug_url(), id_token_hint=id_token
        )
    return redirect("login")


def geblokkeerd_loggen(sender, request=None, username=None, ip_address=None, **kwargs):
    """Receiver of django-axes' ``user_locked_out``: the lock-out in the access log."""
    user = get_user_model().objects.filter(username=username).first() if username else None
    with transaction.atomic():
        toegang_loggen(
            door=user or systeemgebruiker(),
            herkomst=herkomst_van(request) if request is not None else None,
            handeling=Toegangslog.Handeling.GEBLOKKEERD,
            object_type="aanmelding",
            doel=_("Locked out after too many wrong passwords"),
        )
    metrics.aanmelding("geblokkeerd")


class WachtwoordWijzigen(auth_views.PasswordChangeView):
    """Local accounts (break-glass, demo) change their password here, with Django's
    validators (12 characters at least, not common, not like the user name)."""

    template_name = "registration/wachtwoord.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "via_idp": hasattr(self.request.user, "identiteit"),
        }

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@require_POST
def sessie_verlengen(request):
    """The warning's "stay logged in" button: counts as activity (``SessieBewaking``)."""
    request.session["kcc_laatst_actief"] = time.time()
    return JsonResponse({"resterend": int(settings.KCC_INACTIEF_MINUTEN * 60)})
