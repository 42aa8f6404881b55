"""The desk: appointments made on the phone or at the desk, today's appointments per
location, and the visit when the person comes (what was done, like any contact)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contacts.catalogue import catalogus
from contacts.forms import standaard_kanaal_code
from contacts.models import Contactmoment, Kanaal, Partij
from core.datums import datum
from permissions.accesslog import herkomst_van
from permissions.visibility import require_serves_public

from . import selectors, services
from .forms import AfspraakForm
from .selectors import BALIES
from .services.balie import BEZOEK_RESULTATEN


def _terug_pad(request) -> str:
    """Where the form came from, only when it is one of our own desk or klantbeeld pages."""
    terug = str(request.POST.get("terug", ""))
    eigen = terug.startswith(("/nijmegenaren/", "/balie/")) and url_has_allowed_host_and_scheme(
        terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return terug if eigen and "//" not in terug and "\\" not in terug else ""


def _terug(request, partij_id=None):
    if terug := _terug_pad(request):
        return redirect(terug)
    if partij_id:
        return redirect("klantbeeld:klantbeeld", partij_id)
    return redirect("home")


@require_POST
def afspraak_maken(request, pk):
    require_serves_public(request.user)
    partij = Partij.objects.filter(pk=pk).first()
    if partij is None:
        raise Http404
    form = AfspraakForm(
        request.POST,
        onderwerpen=catalogus().actieve_onderwerpen(),
        balies=Kanaal.objects.filter(code__in=BALIES),
    )
    fouten = []
    if form.is_valid():
        data = form.cleaned_data
        # the contact in which it was made: one of this person's the user sees
        gemaakt_bij = (
            Contactmoment.objects.visible_to(request.user)
            .filter(pk=data["contactmoment"], partij=partij)
            .first()
            if data.get("contactmoment")
            else None
        )
        try:
            services.afspraak_maken(
                partij=partij,
                onderwerp=data["onderwerp"],
                locatie=data["locatie"],
                tijdstip=data["tijdstip"],
                door=request.user,
                herkomst=herkomst_van(request),
                contactmoment=gemaakt_bij,
            )
        except ValidationError as exc:
            fouten += exc.messages
    else:
        fouten += form.non_field_errors()
    if fouten:
        messages.error(request, " ".join(fouten))
    else:
        messages.success(
            request,
            _("Appointment made: %(locatie)s, %(tijd)s.")
            % {"locatie": data["locatie"].naam, "tijd": datum(data["tijdstip"], "l j M Y, H:i")},
        )
    return redirect(reverse("klantbeeld:klantbeeld", args=[partij.id]) + "#kb-afspraken")


@require_POST
def bezoek_registreren(request, pk):
    """The visit: notes and result like any contact. On another day than the appointment's
    the desk employee is asked to confirm first (nothing is stored until then)."""
    require_serves_public(request.user)
    resultaat = request.POST.get("resultaat") or Contactmoment.Resultaat.BEANTWOORD
    velden = {
        "legitimatie_gezien": request.POST.get("legitimatie_gezien") == "on",
        "notitie": request.POST.get("notitie", "")[:4000],
        "resultaat": resultaat if resultaat in BEZOEK_RESULTATEN else "",
    }
    try:
        cm = services.bezoek_registreren(
            afspraak_id=pk,
            door=request.user,
            andere_dag=request.POST.get("andere_dag") == "1",
            herkomst=herkomst_van(request),
            **velden,
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) == "andere_dag":
            return render(
                request,
                "channels/bezoek_bevestigen.html",
                {
                    "melding": " ".join(exc.messages),
                    "afspraak_id": pk,
                    "velden": velden,
                    "terug": _terug_pad(request),
                },
                status=409,
            )
        messages.error(request, " ".join(exc.messages))
        return _terug(request)
    messages.success(request, _("Visit registered. It is at the top of the history."))
    return redirect(reverse("klantbeeld:klantbeeld", args=[cm.partij_id]))


@require_POST
def niet_gekomen(request, pk):
    require_serves_public(request.user)
    try:
        afspraak = services.niet_gekomen(
            afspraak_id=pk, door=request.user, herkomst=herkomst_van(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _terug(request)
    messages.success(request, _("Marked as not come. The appointment stays in the history."))
    return _terug(request, afspraak.partij_id)


@require_GET
def afspraken_vandaag(request):
    """Today's appointments at one desk (the workplace's own by default), first one first."""
    require_serves_public(request.user)
    balies = [k for k in catalogus().kanalen.values() if k.code in BALIES and k.actief]
    balies.sort(key=lambda k: BALIES.index(k.code))
    if not balies:
        raise Http404
    gekozen = request.GET.get("locatie", "")
    standaard = standaard_kanaal_code(request.user)
    locatie = next(
        (k for k in balies if str(k.id) == gekozen),
        next((k for k in balies if k.code == standaard), balies[0]),
    )
    dag = timezone.localdate()
    try:
        if request.GET.get("datum"):
            dag = datetime.date.fromisoformat(request.GET["datum"])
    except ValueError:
        messages.error(request, _("That is not a date. Type it like 2026-12-01."))
    return render(
        request,
        "channels/afspraken.html",
        {
            "balies": balies,
            "locatie": locatie,
            "dag": dag,
            "vandaag": dag == timezone.localdate(),
            "afspraken": selectors.afspraken_op_dag(request.user, locatie.id, dag),
        },
    )
