from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import zoekopdracht

from .accesslog import herkomst_van, toegang_loggen
from .forms import InzageForm, LogZoekForm
from .models import Toegangslog
from .roles import PRIVACY_OFFICER, role_names

LOG_PAGE = 50


def _require_privacy_officer(user):
    if PRIVACY_OFFICER not in role_names(user):
        raise PermissionDenied


def _zoekdoel(data) -> str:
    """What was searched for, without the BSN itself (that is the entry's data subject)."""
    delen = [str(_("Access log searched"))]
    if data["medewerker"]:
        delen.append(str(_("staff member %(m)s")) % {"m": data["medewerker"]})
    if data["van"] or data["tot"]:
        delen.append(
            str(_("period %(van)s – %(tot)s"))
            % {"van": data["van"] or "…", "tot": data["tot"] or "…"}
        )
    return ", ".join(delen)


def _gebonden(request, form_class, soort):
    """The search form, bound to what was just posted (then answered with a redirect to a
    token: no BSN in a URL) or to the search behind the token in the URL."""
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            token = zoekopdracht.bewaren(request, soort, request.POST.dict())
            return form, redirect(request.path + "?z=" + token)
        return form, None
    bewaard = zoekopdracht.ophalen(request, soort, request.GET.get("z", ""))
    return form_class(bewaard), None


@require_http_methods(["GET", "POST"])
def toegangslog(request):
    """The privacy officer searches the access log by staff member, Nijmegenaar and period."""
    _require_privacy_officer(request.user)
    form, verder = _gebonden(request, LogZoekForm, "toegangslog")
    if verder:
        return verder
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
        # who watches the watchers: the privacy officer's own searches are in the log too
        toegang_loggen(
            door=request.user,
            herkomst=herkomst_van(request),
            handeling=Toegangslog.Handeling.LOG_DOORZOCHT,
            object_type="toegangslog",
            doel=_zoekdoel(data),
            betrokkene=("BSN", data["bsn"]) if data["bsn"] else None,
        )
        try:
            voor = int(request.GET.get("voor", ""))
        except ValueError:
            voor = None
        if voor:
            qs = qs.filter(id__lt=voor)
        entries = list(qs.order_by("-id")[: LOG_PAGE + 1])
        more = len(entries) > LOG_PAGE
        entries = entries[:LOG_PAGE]
    return render(
        request,
        "permissions/toegangslog.html",
        {
            "form": form,
            "entries": entries,
            "token": request.GET.get("z", ""),
            "volgende": entries[-1].id if more else None,
        },
    )


@require_http_methods(["GET", "POST"])
def inzage(request):
    """AVG art. 15: which departments looked at this Nijmegenaar's data, when and why."""
    _require_privacy_officer(request.user)
    form, verder = _gebonden(request, InzageForm, "inzage")
    if verder:
        return verder
    afdelingen, regels = [], []
    if form.is_bound and form.is_valid():
        qs = Toegangslog.objects.filter(
            betrokkene_type="BSN", betrokkene_id=form.cleaned_data["bsn"]
        )
        toegang_loggen(
            door=request.user,
            herkomst=herkomst_van(request),
            handeling=Toegangslog.Handeling.LOG_DOORZOCHT,
            object_type="inzageverzoek",
            doel=_("Access report (GDPR art. 15)"),
            betrokkene=("BSN", form.cleaned_data["bsn"]),
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
