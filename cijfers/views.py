"""The team lead's and management's figures: wallboard, dashboard (with its exports) and the
month report. Thin: scope from ``bereik``, figures from ``overzicht`` / ``telefonie``."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import eigen, exporteren, overzicht, telefonie
from .bereik import bereik_van, mag_cijfers_zien
from .forms import CijferFilter, MaandFilter
from .models import Definitie


def _toegang(user):
    if not mag_cijfers_zien(user):
        raise PermissionDenied


def _dashboard(request):
    _toegang(request.user)
    bereik = bereik_van(request.user)
    form = CijferFilter(request.GET or None, teams=bereik.teams, wachtrijen=bereik.wachtrijen)
    w = form.waarden()
    if w["team"]:
        bereik = bereik_van(request.user, w["team"])
    p = overzicht.periode(w["periode"], w["datum"])
    return form, overzicht.dashboard(bereik, p, wachtrij=w["wachtrij"], kanaal=w["kanaal"])


@require_GET
def dashboard(request):
    form, db = _dashboard(request)
    return render(
        request,
        "cijfers/dashboard.html",
        {
            "form": form,
            "db": db,
            "grafieken": db.grafieken(),
            "kanaalmix": db.kanaalmix_tabel(),
            "digitaal": db.digitaal_per_maand(),
            # not "query": the header's search box shows that one
            "filter_query": request.GET.urlencode(),
        },
    )


@require_GET
def export(request, formaat):
    _form, db = _dashboard(request)
    naam = f"kcc-cijfers-{db.periode.soort}-{db.periode.begin:%Y-%m-%d}"
    if formaat == "xlsx":
        response = HttpResponse(
            exporteren.als_xlsx(db),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{naam}.xlsx"'
        return response
    response = HttpResponse(exporteren.als_csv(db), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{naam}.csv"'
    return response


@require_GET
def wallboard(request):
    _toegang(request.user)
    team = request.GET.get("team", "")
    # every refresh of every team lead's screen: the scope once, narrowed at once when asked
    bereik = bereik_van(request.user, int(team) if team.isdigit() else None)
    d = Definitie.actief()
    nu = timezone.now()
    context = {
        "bereik": bereik,
        "definitie": d,
        "live": telefonie.live(bereik, d, nu),
        "terugbellen": eigen.terugbellen_per_team(bereik, nu),
        "bijgewerkt": nu,
        "team": team if team.isdigit() else "",
    }
    template = "cijfers/wallboard.html"
    if request.htmx and request.GET.get("deel") == "cijfers":
        template += "#cijfers"
    return render(request, template, context)


@require_GET
def maandrapport(request):
    _toegang(request.user)
    bereik = bereik_van(request.user)
    form = MaandFilter(request.GET or None, teams=bereik.teams)
    vandaag = timezone.localdate()
    maand = (vandaag.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    if form.is_bound and form.is_valid():
        if form.cleaned_data["maand"]:
            jaar, nummer = form.cleaned_data["maand"].split("-")
            maand = datetime.date(int(jaar), int(nummer), 1)
        if form.cleaned_data["team"]:
            bereik = bereik_van(request.user, form.cleaned_data["team"])
    rapport = overzicht.maandrapport(bereik, maand)
    return render(
        request, "cijfers/maandrapport.html", {"form": form, "r": rapport, "bereik": bereik}
    )
