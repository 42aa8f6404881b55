from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q
from django.shortcuts import render

from .forms import InzageForm, LogZoekForm
from .models import Toegangslog
from .roles import PRIVACY_OFFICER, role_names

LOG_PAGE = 50


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
