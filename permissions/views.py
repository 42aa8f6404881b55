from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .demo import DEMO_USERS
from .forms import InzageForm, LogZoekForm
from .models import Toegangslog
from .roles import PRIVACY_OFFICER, ROLE_DESCRIPTIONS, role_names

LOG_PAGE = 50


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
    return render(request, "permissions/demo_login.html", {"demo_users": demo_users})


def _require_privacy_officer(user):
    if PRIVACY_OFFICER not in role_names(user):
        raise PermissionDenied


def toegangslog(request):
    """The privacy officer searches the access log by staff member, Nijmegenaar and period."""
    _require_privacy_officer(request.user)
    form = LogZoekForm(request.GET or None)
    entries, more = [], False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        qs = Toegangslog.objects.all()
        if data["medewerker"]:
            qs = qs.filter(
                Q(medewerker_naam__icontains=data["medewerker"])
                | Q(gebruiker__username=data["medewerker"])
            )
        if data["bsn"]:
            qs = qs.filter(betrokkene_type="BSN", betrokkene_id=data["bsn"])
        if data["van"]:
            qs = qs.filter(tijdstip__date__gte=data["van"])
        if data["tot"]:
            qs = qs.filter(tijdstip__date__lte=data["tot"])
        try:
            voor = int(request.GET.get("voor", ""))
        except ValueError:
            voor = None
        if voor:
            qs = qs.filter(id__lt=voor)
        entries = list(qs.order_by("-id")[: LOG_PAGE + 1])
        more = len(entries) > LOG_PAGE
        entries = entries[:LOG_PAGE]
    params = request.GET.copy()
    params.pop("voor", None)
    return render(
        request,
        "permissions/toegangslog.html",
        {
            "form": form,
            "entries": entries,
            "query": params.urlencode(),
            "volgende": entries[-1].id if more else None,
        },
    )


def inzage(request):
    """AVG art. 15: which departments looked at this Nijmegenaar's data, when and why."""
    _require_privacy_officer(request.user)
    form = InzageForm(request.GET or None)
    afdelingen, regels = [], []
    if form.is_bound and form.is_valid():
        qs = Toegangslog.objects.filter(
            betrokkene_type="BSN", betrokkene_id=form.cleaned_data["bsn"]
        )
        afdelingen = list(
            qs.values("afdeling")
            .annotate(
                aantal=Count("id"),
                eerste=Min("tijdstip"),
                laatste=Max("tijdstip"),
            )
            .order_by("afdeling")
        )
        regels = list(
            qs.order_by("-tijdstip").values("tijdstip", "afdeling", "handeling", "doel")[:500]
        )
        labels = dict(Toegangslog.Handeling.choices)
        for regel in regels:
            regel["handeling"] = labels.get(regel["handeling"], regel["handeling"])
    return render(
        request,
        "permissions/inzage.html",
        {
            "form": form,
            "afdelingen": afdelingen,
            "regels": regels,
        },
    )
