"""The session ends after ``KCC_INACTIEF_MINUTEN`` without activity and after
``KCC_SESSIE_MAX_UUR`` whatever happens (a role removed at the identity provider is then gone
within a working day at the latest, at the next log-in).

Activity is a request of the user's own; the pages' own refreshes (the caller-id poll, the
queue and the overview that refresh themselves) send ``X-KCC-Peiling: 1`` and do not count.
The last activity is written to the session at most once a minute (not a write per request).
A page sees the time left in ``request.kcc_resterend`` (the warning in kcc.js).
"""

import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import roles

SCHRIJF_NA = 60  # seconds


class SessieBewaking:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            nu = time.time()
            sessie = request.session
            begonnen = sessie.setdefault("kcc_aangemeld_op", nu)
            actief = sessie.setdefault("kcc_laatst_actief", nu)
            reden = None
            if nu - begonnen > settings.KCC_SESSIE_MAX_UUR * 3600:
                reden = _("You were logged out after a working day. Log in again.")
            elif sessie.get("kcc_oidc_id_token") and not roles.role_names(request.user):
                # the identity provider took her last role away (at a later log-in elsewhere)
                reden = _("You no longer have a role in this application.")
            elif nu - actief > settings.KCC_INACTIEF_MINUTEN * 60:
                reden = _(
                    "You were logged out because you did nothing for %(n)s minutes. "
                    "Log in again; you go on where you were."
                ) % {"n": f"{settings.KCC_INACTIEF_MINUTEN:g}"}
            if reden:
                logout(request)
                messages.info(request, reden)
                if request.headers.get("HX-Request"):
                    # htmx goes to the log-in page, which brings her back to the page she had
                    # open (the page's script keeps what she typed)
                    pagina = urlsplit(request.headers.get("HX-Current-URL", ""))
                    terug = pagina.path + (f"?{pagina.query}" if pagina.query else "")
                    response = HttpResponse(status=204)
                    response.headers["HX-Redirect"] = settings.LOGIN_URL_PATH + (
                        "?" + urlencode({"next": terug}) if terug.startswith("/") else ""
                    )
                    return response
                if request.path == settings.LOGIN_URL_PATH:
                    return redirect(request.get_full_path())  # already on its way back
                return redirect_to_login(request.get_full_path())
            if request.headers.get("X-KCC-Peiling") != "1" and nu - actief > SCHRIJF_NA:
                sessie["kcc_laatst_actief"] = actief = nu
            request.kcc_resterend = int(settings.KCC_INACTIEF_MINUTEN * 60 - (nu - actief))
        return self.get_response(request)
