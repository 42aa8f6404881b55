"""Staff log-in: Django's log-in page with two brakes.

* django-axes locks one user name *from one address* after ``AXES_FAILURE_LIMIT`` wrong
  passwords (``AXES_LOCKOUT_PARAMETERS``), so a stranger elsewhere cannot lock a colleague out;
* an address that tries many wrong passwords, whatever the user names, is throttled:
  after ``KCC_LOGIN_PER_ADRES_PER_UUR`` failures in an hour it gets "too many attempts"
  (429) until the hour is over. The address is the client's, also behind the TLS proxy
  (``core.clientadres``); only a keyed hash of it is kept, in Redis.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.shortcuts import render
from django.utils.decorators import method_decorator

from core.clientadres import adres_van

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
    sleutel = _sleutel(request)
    try:
        if not cache.add(sleutel, 1, VENSTER_SECONDEN):
            cache.incr(sleutel)
    except Exception:  # Redis away: axes still locks per user name + address
        return


def afgeremd(request) -> bool:
    try:
        return int(cache.get(_sleutel(request)) or 0) >= settings.KCC_LOGIN_PER_ADRES_PER_UUR
    except Exception:
        return False


@method_decorator(login_not_required, name="dispatch")
class Inloggen(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if afgeremd(request):
            return render(request, "registration/afgeremd.html", status=429)
        return super().post(request, *args, **kwargs)
