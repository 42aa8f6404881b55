"""Response headers every page gets, and a request body that is too large refused before
it is read."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

# no camera, microphone, location, payment, USB, … for any page of ours
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class Beveiligingskoppen:
    """``Permissions-Policy`` on every answer, and ``Cache-Control: no-store`` on every
    page the application makes (pages with resident data must not stay in a browser's or a
    proxy's cache); static files are answered before this, by WhiteNoise, and keep theirs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Cache-Control" not in response.headers or request.user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response


class VerzoekGrootte:
    """Refuses a request whose ``Content-Length`` is above ``KCC_VERZOEK_MAX_MB`` at once,
    with 413, before a byte of its body is read (Django would otherwise receive a 200 MB
    upload in full before the form says it is too large). A body without a length
    (chunked) is limited by the proxy (README: ``client_max_body_size``) and by Django's
    own limits while it streams to disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            lengte = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            lengte = 0
        if lengte > settings.KCC_VERZOEK_MAX_MB * 1024 * 1024:
            # the body is never read; the server closes the connection after the answer
            return HttpResponse(
                _("This is too large to send: at most %(mb)s MB. Nothing was stored.")
                % {"mb": settings.KCC_VERZOEK_MAX_MB},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
