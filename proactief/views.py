"""Pages of proactive campaigns. Thin: a form, a service or a selector, a template."""

import io
import json

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import csvveilig
from core.publiek import publiek_tonen
from permissions.accesslog import Regel, bsns_loggen, herkomst_van
from permissions.models import Toegangslog
from sources import notifynl

from . import selectors, services
from .forms import BeoordelenForm, BesprokenForm, CampagneForm, ImportForm, UitkomstForm
from .models import Campagne, Kandidaat


def _campagne_of_404(user, pk) -> Campagne:
    campagne = selectors.campagnes(user).filter(pk=pk).first()
    if campagne is None:
        raise Http404
    return campagne


def _fouten(request, exc: ValidationError) -> None:
    for melding in exc.messages:
        messages.error(request, melding)


@require_GET
def lijst(request):
    rijen = list(selectors.campagnes(request.user))
    return render(
        request,
        "proactief/lijst.html",
        {
            "campagnes": rijen,
            "mag_voorbereiden": request.user.has_perm("proactief.voorbereiden_campagne"),
        },
    )


@require_http_methods(["GET", "POST"])
def bewerken(request, pk=None):
    if not request.user.has_perm("proactief.voorbereiden_campagne"):
        raise PermissionDenied
    campagne = _campagne_of_404(request.user, pk) if pk else None
    initial = _initial(campagne) if campagne else {}
    form = CampagneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campagne = services.campagne_opslaan(
                door=request.user, velden=form.cleaned_data, campagne_id=pk
            )
        except ValidationError as exc:
            _velden_fouten(form, exc)
        else:
            messages.success(
                request, _("The campaign is saved as a draft. A second person must approve it.")
            )
            return redirect("proactief:campagne", pk=campagne.pk)
    return render(request, "proactief/bewerken.html", {"form": form, "campagne": campagne})


def _initial(campagne: Campagne) -> dict:
    velden = {v: getattr(campagne, v) for v in services.campagnes.BEWERKBAAR}
    velden["gegevenscategorieen"] = "\n".join(campagne.gegevenscategorieen)
    velden["ladder"] = ", ".join(campagne.ladder)
    velden["team"] = campagne.team_id
    return velden


def _velden_fouten(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for veld, fouten in exc.message_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, exc.messages)


@require_GET
def campagne(request, pk):
    c = _campagne_of_404(request.user, pk)
    mag_zien = selectors.mag_kandidaten_zien(request.user, c)
    te_beoordelen = list(
        selectors.kandidaten(request.user, c, status=Kandidaat.Status.TE_BEOORDELEN)
    )
    if te_beoordelen:
        bsns_loggen(
            door=request.user,
            herkomst=herkomst_van(request),
            bsns=[k.bsn for k in te_beoordelen],
            doel=_("Campaign %(titel)s: human check") % {"titel": c.titel},
            regel=Regel(Toegangslog.Handeling.KANDIDAAT_BEKEKEN, "campagne", c.id),
        )
    context = {
        "campagne": c,
        "mag_zien": mag_zien,
        "te_beoordelen": te_beoordelen,
        "rapport": selectors.rapport(c),
        "import_form": ImportForm(),
        "imports": list(c.imports.all()[:5]),
        "mag_goedkeuren": request.user.has_perm("proactief.goedkeuren_campagne")
        and c.eigenaar_id != request.user.id,
        "mag_voorbereiden": request.user.has_perm("proactief.voorbereiden_campagne"),
    }
    template = "proactief/campagne.html"
    if request.htmx and request.GET.get("deel") == "voortgang":
        template += "#voortgang"
    return render(request, template, context)


def _status(request, pk, dienst, permissie: str, gelukt: str):
    c = _campagne_of_404(request.user, pk)
    if not request.user.has_perm(permissie):
        raise PermissionDenied
    try:
        dienst(door=request.user, campagne_id=c.pk)
    except ValidationError as exc:
        _fouten(request, exc)
    else:
        messages.success(request, gelukt)
    return redirect("proactief:campagne", pk=c.pk)


@require_POST
def goedkeuren(request, pk):
    return _status(
        request,
        pk,
        services.campagne_goedkeuren,
        "proactief.goedkeuren_campagne",
        _("The campaign is approved."),
    )


@require_POST
def activeren(request, pk):
    return _status(
        request,
        pk,
        services.campagne_activeren,
        "proactief.voorbereiden_campagne",
        _("The campaign is active."),
    )


@require_POST
def afronden(request, pk):
    return _status(
        request,
        pk,
        services.campagne_afronden,
        "proactief.voorbereiden_campagne",
        _("The campaign is finished; nothing more is sent or called."),
    )


@require_POST
def importeren(request, pk):
    c = _campagne_of_404(request.user, pk)
    if not request.user.has_perm(
        "proactief.voorbereiden_campagne"
    ) or not selectors.mag_kandidaten_zien(request.user, c):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV file with the list of candidates."))
        return redirect("proactief:campagne", pk=c.pk)
    bestand = form.cleaned_data["bestand"]
    try:
        verslag = services.kandidaten_importeren(
            door=request.user,
            campagne_id=c.pk,
            regels=services.csv_regels(bestand),
            bestandsnaam=bestand.name,
        )
    except (ValidationError, UnicodeDecodeError) as exc:
        _fouten(
            request,
            exc
            if isinstance(exc, ValidationError)
            else ValidationError(_("The file is not UTF-8 text.")),
        )
    else:
        messages.success(
            request,
            _("%(opgenomen)s of %(rijen)s rows taken in; %(geweigerd)s refused (listed below).")
            % {
                "opgenomen": verslag.aantal_opgenomen,
                "rijen": verslag.aantal_rijen,
                "geweigerd": verslag.aantal_rijen - verslag.aantal_opgenomen,
            },
        )
    return redirect("proactief:campagne", pk=c.pk)


@require_POST
def beoordelen(request, pk):
    c = _campagne_of_404(request.user, pk)
    if not selectors.mag_kandidaten_zien(request.user, c):
        raise PermissionDenied
    form = BeoordelenForm(request.POST, keuzes=request.POST.getlist("kandidaten"))
    if not form.is_valid():
        messages.error(request, _("Choose at least one candidate, and approve or skip."))
        return redirect("proactief:campagne", pk=c.pk)
    try:
        aantal = services.kandidaten_beoordelen(
            door=request.user,
            campagne_id=c.pk,
            kandidaat_ids=form.cleaned_data["kandidaten"],
            goedkeuren=form.cleaned_data["besluit"] == "goedkeuren",
            reden=form.cleaned_data["reden"],
            herkomst=herkomst_van(request),
        )
    except ValidationError as exc:
        _fouten(request, exc)
    else:
        messages.success(request, _("%(n)s candidates checked.") % {"n": aantal})
    return redirect("proactief:campagne", pk=c.pk)


@require_GET
def terugkoppeling(request, pk):
    """The feedback per signal partner (Wgs) as CSV: for the campaign's team only."""
    c = _campagne_of_404(request.user, pk)
    if not selectors.mag_kandidaten_zien(request.user, c):
        raise PermissionDenied
    bron = request.GET.get("bron", "")[:100]
    rijen = list(selectors.terugkoppeling(c, bron))
    bsns_loggen(
        door=request.user,
        herkomst=herkomst_van(request),
        bsns=[r[0] for r in rijen],
        doel=_("Campaign %(titel)s: feedback to %(bron)s") % {"titel": c.titel, "bron": bron},
        regel=Regel(Toegangslog.Handeling.KANDIDAAT_BEKEKEN, "campagne", c.id),
    )
    antwoord = HttpResponse(content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="terugkoppeling-{c.pk}.csv"'
    schrijver = csvveilig.schrijver(antwoord, delimiter=";")
    schrijver.writerow(["bsn", "signaal", "datum", "status", "filter", "uitkomst"])
    schrijver.writerows([[b, s, d.isoformat(), st, f, u] for b, s, d, st, f, u in rijen])
    return antwoord


def _rapportregels(r) -> list[list]:
    gefilterd = [
        [_("filtered: %(reden)s") % {"reden": Kandidaat.Filter(f).label}, n]
        for f, n in sorted(r.gefilterd.items())
    ]
    return [
        [_("rows in the lists"), r.rijen],
        [_("refused"), r.geweigerd],
        [_("taken in"), r.opgenomen],
        *gefilterd,
        [_("approved"), r.goedgekeurd],
        [_("skipped"), r.overgeslagen],
        [_("approached"), r.benaderd],
        [_("reached"), r.bereikt],
        [_("help accepted"), r.hulp_geaccepteerd],
        [_("opt-outs"), r.afmeldingen],
    ]


def _weekregels(r) -> list[list]:
    return [
        [w["week"], *(selectors.klein(w[k]) for k in selectors.WEEKKOLOMMEN)] for w in r.per_week
    ]


def _weekkop() -> list[str]:
    return [_("week of"), _("taken in"), _("approved"), _("attempts"), _("reached")]


@require_GET
def rapport_csv(request, pk):
    c = _campagne_of_404(request.user, pk)
    r = selectors.rapport(c)

    def stroom():
        yield "\ufeff"
        for label, n in _rapportregels(r):
            yield f"{csvveilig.cel(str(label))};{selectors.klein(n)}\r\n"
        yield "\r\n" + ";".join(_weekkop()) + "\r\n"
        for regel in _weekregels(r):
            yield ";".join(str(w) for w in regel) + "\r\n"

    antwoord = StreamingHttpResponse(stroom(), content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="campagne-{c.pk}.csv"'
    return antwoord


@require_GET
def rapport_xlsx(request, pk):
    c = _campagne_of_404(request.user, pk)
    r = selectors.rapport(c)
    uit = io.BytesIO()
    boek = xlsxwriter.Workbook(uit, {"in_memory": True, "strings_to_formulas": False})
    blad = boek.add_worksheet(_("Campaign")[:31])
    blad.write_row(0, 0, [c.titel])
    for i, (label, n) in enumerate(_rapportregels(r), start=2):
        blad.write_row(i, 0, [str(label), selectors.klein(n)])
    weken = boek.add_worksheet(_("Per week")[:31])
    weken.write_row(0, 0, _weekkop())
    for i, regel in enumerate(_weekregels(r), start=1):
        weken.write_row(i, 0, regel)
    boek.close()
    antwoord = HttpResponse(
        uit.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    antwoord["Content-Disposition"] = f'attachment; filename="campagne-{c.pk}.xlsx"'
    return antwoord


@require_POST
def api_sleutel(request, pk):
    c = _campagne_of_404(request.user, pk)
    try:
        sleutel = services.api_sleutel_maken(door=request.user, campagne_id=c.pk)
    except ValidationError as exc:
        _fouten(request, exc)
    else:
        messages.success(
            request,
            _(
                "The key for the scheme's own system (shown only now; an earlier key no longer "
                "works): %(sleutel)s"
            )
            % {"sleutel": sleutel},
        )
    return redirect("proactief:campagne", pk=c.pk)


# --- the agent's call -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def bellen(request, pk):
    tbv_id = pk
    b = selectors.benadering_bij_opdracht(request.user, tbv_id)
    if b is None:
        raise Http404
    form = UitkomstForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.belpoging_vastleggen(
                door=request.user,
                tbv_id=tbv_id,
                uitkomst=form.cleaned_data["uitkomst"],
                verslag=form.cleaned_data["verslag"],
                herkomst=herkomst_van(request),
            )
        except ValidationError as exc:
            _fouten(request, exc)
        else:
            messages.success(request, _("The call is recorded."))
            return redirect("callbacks:wachtrij")
        b.refresh_from_db()
    bsns_loggen(
        door=request.user,
        herkomst=herkomst_van(request),
        bsns=[b.kandidaat.bsn],
        doel=_("Campaign %(titel)s: call") % {"titel": b.kandidaat.campagne.titel},
        regel=Regel(Toegangslog.Handeling.KANDIDAAT_BEKEKEN, "kandidaat", b.kandidaat_id),
    )
    return render(request, "proactief/bellen.html", {"b": b, "k": b.kandidaat, "form": form})


# --- the klantbeeld: "does not want to be approached" -------------------------------------


@require_POST
def afmelden_bij_contact(request, pk):
    """From any klantbeeld, in one press: recorded as source KCC, with the agent."""
    partij = selectors.partij_voor_afmelding(request.user, pk)
    if partij is None:
        raise Http404
    services.afmelden(
        bsn=partij.bsn,
        bron="kcc",
        door=request.user,
        kanaal=request.POST.get("kanaal", "")[:40],
        herkomst=herkomst_van(request),
    )
    messages.success(request, _("Recorded: this Nijmegenaar is not approached unasked any more."))
    return redirect("klantbeeld:klantbeeld", pk)


@require_POST
def besproken(request, pk):
    """The klantbeeld's campaign line: this contact was the campaign's contact."""
    partij = selectors.partij_voor_afmelding(request.user, pk)
    form = BesprokenForm(request.POST)
    if partij is None or not form.is_valid():
        raise Http404
    try:
        services.besproken_tijdens_contact(
            door=request.user,
            partij=partij,
            campagne_id=form.cleaned_data["campagne"],
            uitkomst=form.cleaned_data["uitkomst"],
            verslag=form.cleaned_data["verslag"],
            herkomst=herkomst_van(request),
        )
    except ValidationError as exc:
        _fouten(request, exc)
    else:
        messages.success(request, _("Recorded as the campaign's contact."))
    return redirect("klantbeeld:klantbeeld", pk)


# --- public: the opt-out link in every letter and message ---------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def afmelden(request, token):
    kandidaat = services.kandidaat_van_code(token)
    if kandidaat is None:
        return publiek_tonen(request, "proactief/afmelden.html", {"onbekend": True}, status=404)
    if request.method == "POST":
        services.afmelden(bsn=kandidaat.bsn, bron="brief", kanaal="afmeldlink")
        return publiek_tonen(request, "proactief/afmelden.html", {"gedaan": True})
    return publiek_tonen(request, "proactief/afmelden.html", {"titel": kandidaat.campagne.titel})


# --- NotifyNL's delivery receipts ---------------------------------------------------------


@csrf_exempt
@login_not_required
@require_POST
def notifynl_status(request):
    if not notifynl.token_klopt(request.headers.get("Authorization", "")):
        return JsonResponse({"fout": "niet geautoriseerd"}, status=401)
    try:
        bewijs = notifynl.ontvangstbewijs_lezen(json.loads(request.body))
    except ValueError:
        return JsonResponse({"fout": "ontvangstbewijs niet leesbaar"}, status=400)
    ons = services.ontvangstbewijs_verwerken(bewijs)
    # an unknown receipt is answered 200 too: NotifyNL need not retry what is not ours
    return JsonResponse({"verwerkt": ons})
