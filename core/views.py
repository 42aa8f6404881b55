from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .health import run_checks


@login_not_required
@never_cache
def health(request):
    checks = run_checks()
    healthy = all(check.ok for check in checks)
    wants_json = request.GET.get("format") == "json" or (
        request.accepts("application/json") and not request.accepts("text/html")
    )
    if wants_json:
        return JsonResponse(
            {"healthy": healthy, "checks": [check.__dict__ for check in checks]},
            status=200 if healthy else 503,
        )
    return render(
        request,
        "core/health.html",
        {"checks": checks, "healthy": healthy},
        status=200 if healthy else 503,
    )


@login_not_required
@never_cache
def health_live(request):
    """Liveness for the container: the process serves requests. No dependencies checked."""
    return HttpResponse("ok", content_type="text/plain")
