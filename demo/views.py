"""Demo mode only: the one-click log-in page for the demo roles."""

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from permissions.roles import ROLE_DESCRIPTIONS

from .gebruikers import DEMO_USERS


@login_not_required
@require_http_methods(["GET", "POST"])
def demo_login(request):
    """Demo mode only: log in as any demo role with one click."""
    if not settings.DEMO_MODE:
        raise Http404
    usernames = [username for username, *_ in DEMO_USERS]
    if request.method == "POST":
        username = request.POST.get("username", "")
        if username not in usernames:
            raise Http404
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise Http404
        login(request, user, backend="permissions.backends.KccBackend")
        return redirect("home")
    users = {
        u.username: u
        for u in get_user_model()
        .objects.filter(username__in=usernames)
        .select_related("medewerker__afdeling")
    }
    demo_users = [
        {
            "username": username,
            "naam": f"{first} {last}",
            "rol": rol,
            "omschrijving": ROLE_DESCRIPTIONS[rol],
            "afdeling": users[username].medewerker.afdeling.naam,
        }
        for username, first, last, rol, *_ in DEMO_USERS
        if username in users
    ]
    return render(request, "demo/demo_login.html", {"demo_users": demo_users})
