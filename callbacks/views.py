from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import csvveilig
from permissions import roles
from permissions.accesslog import herkomst_van, toegang_loggen
from permissions.models import Medewerker, Niveau, Team, Toegangslog
from permissions.visibility import serves_public

from . import selectors, services
from .forms import AfsluitenForm, OverzichtFilterForm, PogingForm
from .models import Terugbelverzoek


def _require_teamleider(user):
    if roles.TEAMLEIDER not in roles.role_names(user):
        raise PermissionDenied


def _medewerker_of_403(user) -> Medewerker:
    medewerker = roles.medewerker_van(user)
    if medewerker is None or not serves_public(user):
        raise PermissionDenied
    return medewerker


@require_GET
def wachtrij(request):
    """The department's queue: open requests by deadline, with age and status."""
    medewerker = _medewerker_of_403(request.user)
    team_id = request.GET.get("team") or None
    team_id = int(team_id) if team_id and team_id.isdigit() else None
    alleen_mijn = request.GET.get("mijn") == "1"
    rows = selectors.wachtrij(
        request.user, afdeling_id=medewerker.afdeling_id, team_id=team_id, alleen_mijn=alleen_mijn
    )
    context = {
        "rows": rows,
        "afdeling": medewerker.afdeling,
        "alleen_mijn": alleen_mijn,
        "meldingen": selectors.meldingen(medewerker.afdeling_id),
        "teams": list(Team.objects.filter(afdeling_id=medewerker.afdeling_id)),
        "team_id": team_id,
        "medewerker": medewerker,
    }
    template = "callbacks/wachtrij.html"
    if request.htmx and request.GET.get("deel") == "lijst":
        template += "#lijst"
    return render(request, template, context)


@require_POST
def oppakken(request):
    _medewerker_of_403(request.user)
    tbv_id = request.POST.get("terugbelverzoek")
    try:
        tbv = services.terugbelverzoek_oppakken(
            door=request.user, tbv_id=int(tbv_id) if tbv_id and tbv_id.isdigit() else None
        )
    except services.NietBeschikbaar as exc:
        messages.error(request, str(exc))
        return redirect("callbacks:wachtrij")
    messages.success(request, _("You have claimed %(ref)s.") % {"ref": tbv.referentie})
    return redirect("callbacks:detail", pk=tbv.id)


def _detail_of_404(user, pk):
    tbv = selectors.detail(user, pk)
    if tbv is None:
        raise Http404
    return tbv


@require_GET
def detail(request, pk):
    medewerker = _medewerker_of_403(request.user)
    tbv = _detail_of_404(request.user, pk)
    volledig = tbv.niveau == Niveau.FULL
    pogingen = list(tbv.belpogingen.select_related("medewerker__user")) if volledig else []
    if volledig:
        toegang_loggen(
            door=request.user,
            herkomst=herkomst_van(request),
            handeling=Toegangslog.Handeling.TERUGBELVERZOEK,
            partij=tbv.partij,
            object_type="terugbelverzoek",
            object_id=tbv.id,
            niveau=tbv.niveau,
            doel=_("Handling callback request %(ref)s") % {"ref": tbv.referentie},
        )
    mislukt = sum(1 for p in pogingen if p.mislukt)
    eigen = (
        tbv.afdeling_id == medewerker.afdeling_id
        and tbv.status != Terugbelverzoek.Status.AFGEHANDELD
        and tbv.opgepakt_door_id in (None, medewerker.id)
    )
    emailadressen = []
    if volledig and mislukt >= services.MISLUKTE_POGINGEN_VOOR_SCHRIFTELIJK and tbv.partij_id:
        emailadressen = [e.adres for e in tbv.partij.emailadressen.all()]
    return render(
        request,
        "callbacks/detail.html",
        {
            "tbv": tbv,
            "volledig": volledig,
            "pogingen": pogingen,
            "eigen": eigen,
            "mislukt": mislukt,
            "schrijven_voorstellen": mislukt >= services.MISLUKTE_POGINGEN_VOOR_SCHRIFTELIJK,
            "emailadressen": emailadressen,
            "poging_form": PogingForm(),
            "afsluiten_form": AfsluitenForm(),
        },
    )


def _actie(request, pk, form_class, action, bericht):
    _medewerker_of_403(request.user)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(
                door=request.user, tbv_id=pk, herkomst=herkomst_van(request), **form.cleaned_data
            )
        except (services.NietBeschikbaar, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, bericht)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("callbacks:detail", pk=pk)


@require_POST
def poging(request, pk):
    return _actie(
        request,
        pk,
        PogingForm,
        services.poging_vastleggen,
        _("Call attempt recorded. It is in the contact history."),
    )


@require_POST
def afsluiten(request, pk):
    return _actie(
        request,
        pk,
        AfsluitenForm,
        services.terugbelverzoek_afsluiten,
        _("Callback request closed. The outcome is in the contact history."),
    )


def _overzicht_filters(request):
    alle_afdelingen = selectors.actieve_afdelingen()
    teams = list(Team.objects.select_related("afdeling"))
    form = OverzichtFilterForm(request.GET or None, afdelingen=alle_afdelingen, teams=teams)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return (
        form,
        {"afdeling_id": data.get("afdeling"), "team_id": data.get("team")},
        data.get("status", ""),
    )


@require_GET
def overzicht(request):
    """The team lead's view: figures per department/team, the open list, reassigning."""
    _require_teamleider(request.user)
    form, filters, status = _overzicht_filters(request)
    context = {
        "filter_form": form,
        "cijfers": selectors.cijfers(request.user, **filters),
        "rows": selectors.lijst(request.user, status=status, **filters),
        # not "query": the header's search box shows that one
        "filter_query": request.GET.urlencode(),
    }
    if filters["afdeling_id"]:
        context["collegas"] = list(
            Medewerker.objects.select_related("user").filter(
                afdeling_id=filters["afdeling_id"], user__is_active=True
            )
        )
    template = "callbacks/overzicht.html"
    if request.htmx and request.GET.get("deel") == "ververs":
        template += "#ververs"
    return render(request, template, context)


@require_POST
def toewijzen(request):
    _require_teamleider(request.user)
    ids = [int(i) for i in request.POST.getlist("terugbelverzoek") if i.isdigit()]
    aan_id = request.POST.get("aan", "")
    aan = None
    if aan_id.isdigit():
        aan = Medewerker.objects.select_related("user").filter(pk=int(aan_id)).first()
        if aan is None:
            messages.error(request, _("Choose a colleague from the list."))
            return redirect(reverse("callbacks:overzicht") + "?" + request.POST.get("query", ""))
    if not ids:
        messages.error(request, _("Tick one or more requests first."))
    else:
        try:
            n = services.terugbelverzoeken_toewijzen(door=request.user, tbv_ids=ids, aan=aan)
        except (services.NietBeschikbaar, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request,
                (
                    _("%(n)d request(s) handed to %(naam)s.") % {"n": n, "naam": aan.naam}
                    if aan
                    else _("%(n)d request(s) put back in the queue.") % {"n": n}
                ),
            )
    return redirect(reverse("callbacks:overzicht") + "?" + request.POST.get("query", ""))


class _Echo:
    def write(self, value):
        return value


@require_GET
def export(request):
    """CSV of the filtered open list for the team lead. No names, numbers or questions: what
    a team lead needs to steer, and nothing more (AVG: data minimisation)."""
    _require_teamleider(request.user)
    _form, filters, status = _overzicht_filters(request)
    rows = selectors.lijst(request.user, status=status, limit=100_000, **filters)
    writer = csvveilig.schrijver(_Echo(), delimiter=";")
    header = [
        _("Reference"),
        _("Subject"),
        _("Department"),
        _("Team"),
        _("Status"),
        _("Created"),
        _("Call back before"),
        _("Claimed by"),
        _("Overdue"),
    ]

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for r in rows:
            yield writer.writerow(
                [
                    r.referentie,
                    r.onderwerp,
                    r.afdeling,
                    r.team,
                    r.status_label,
                    localtime(r.aangemaakt).strftime("%Y-%m-%d %H:%M"),
                    localtime(r.deadline).strftime("%Y-%m-%d %H:%M"),
                    r.opgepakt_door,
                    _("yes") if r.te_laat else _("no"),
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="terugbelverzoeken.csv"'
    return response
