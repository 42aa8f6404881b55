from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from permissions.roles import ROLE_DESCRIPTIONS

from .health import run_checks


def home(request):
    rollen = [
        {"naam": group.name, "omschrijving": ROLE_DESCRIPTIONS.get(group.name, "")}
        for group in request.user.groups.all().order_by("name")
    ]
    return render(request, "nijmegen_kcc/home.html", {"rollen": rollen})


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
        "nijmegen_kcc/health.html",
        {"checks": checks, "healthy": healthy},
        status=200 if healthy else 503,
    )


@login_not_required
@never_cache
def health_live(request):
    """Liveness for the container: the process serves requests. No dependencies checked."""
    return HttpResponse("ok", content_type="text/plain")
