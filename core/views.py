import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST
from redis.exceptions import RedisError

from .clientadres import adres_van, in_netwerken
from .health import gereed, run_checks
from .metrics import tekst as metrics_tekst


def _intern(request) -> bool:
    return in_netwerken(adres_van(request), settings.KCC_INTERNE_NETWERKEN)


def _details_toegestaan(request) -> bool:
    """Versions and driver messages only for the internal network (the orchestrator, the
    monitoring) and for whom ``KCC_STATUS_DETAILS_VOOR`` allows (the functioneel beheerder)."""
    if _intern(request):
        return True
    return bool(import_string(settings.KCC_STATUS_DETAILS_VOOR)(request.user))


@login_not_required
@never_cache
def health(request):
    checks = run_checks()
    healthy = all(check.ok for check in checks)
    details = _details_toegestaan(request)
    wants_json = request.GET.get("format") == "json" or (
        request.accepts("application/json") and not request.accepts("text/html")
    )
    if wants_json:
        return JsonResponse(
            {
                "healthy": healthy,
                "checks": [
                    check.__dict__ if details else {"name": check.name, "ok": check.ok}
                    for check in checks
                ],
            },
            status=200 if healthy else 503,
        )
    return render(
        request,
        "core/health.html",
        {"checks": checks, "healthy": healthy, "details": details},
        status=200 if healthy else 503,
    )


@login_not_required
@never_cache
def health_live(request):
    """Liveness for the container: the process serves requests. No dependencies checked."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@never_cache
def health_ready(request):
    """Readiness for the orchestrator: this replica can serve (database and Redis answer).
    No details: ``/health/`` has them for the internal network."""
    if gereed():
        return HttpResponse("ok", content_type="text/plain")
    return HttpResponse("niet gereed", status=503, content_type="text/plain")


NOODPAGINA = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Tijdelijk niet '
    "beschikbaar – Gemeente Nijmegen</title></head><body><main><h1>Tijdelijk niet "
    "beschikbaar</h1><p>Probeer het over een paar minuten opnieuw. Uw gegevens zijn niet "
    "verstuurd. Liever bellen? 14 024.</p></main></body></html>"
)


def _publiek_formulier(request) -> bool:
    pad = request.path_info
    return pad.startswith(("/contact/", "/en/contact/"))


def serverfout(request):
    """``handler500``: a Dutch page instead of Django's bare "Server Error (500)". When the
    database (or another part) is away, 503 with "try again shortly" and ``Retry-After``;
    on the public form it says plainly that the question was not sent. Rendered without
    the request's context: nothing on it may need the database."""
    fout = sys.exc_info()[1]
    tijdelijk = isinstance(fout, (DatabaseError, InterfaceError, OperationalError, RedisError))
    html: str
    try:
        html = loader.render_to_string(
            "fout.html",
            {"tijdelijk": tijdelijk, "publiek": _publiek_formulier(request)},
        )
    except Exception:  # the error page itself must not fail (a missing static file, …)
        html = NOODPAGINA
    response = HttpResponse(html, status=503 if tijdelijk else 500)
    if tijdelijk:
        response.headers["Retry-After"] = "30"
    response.headers["Cache-Control"] = "no-store"
    return response


@login_not_required
@never_cache
def metrics(request):
    """Prometheus scrape endpoint, for the internal network only (404 for anyone else)."""
    if not _intern(request):
        raise Http404
    return HttpResponse(metrics_tekst(), content_type=CONTENT_TYPE_LATEST)


def _commit() -> str:
    """The commit: set at build time (``KCC_COMMIT``), else read from the checkout."""
    if settings.KCC_COMMIT:
        return settings.KCC_COMMIT
    git = Path(settings.BASE_DIR) / ".git"
    try:
        kop = (git / "HEAD").read_text().strip()
        if kop.startswith("ref: "):
            return (git / kop[5:]).read_text().strip()[:40]
        return kop[:40]
    except OSError:
        return ""


@login_not_required
@never_cache
def versie(request):
    """Which release runs, for the hosting party's upgrade checks: version and commit."""
    return JsonResponse({"versie": settings.KCC_VERSIE, "commit": _commit()})
