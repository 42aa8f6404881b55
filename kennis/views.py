"""The knowledge base in the workbench: search (a page of its own, and suggestions in the
klantbeeld from 3 characters), the article by section, and what the agent does with it
(choose it for the contact, send its link, give feedback). Thin: the work is in
``selectors`` and ``services``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contacts.models import Partij
from permissions import roles
from permissions.accesslog import herkomst_van
from permissions.visibility import serves_public
from sources import notifynl

from . import selectors, services
from .models import Item

GEOPEND = "kennis_geopend"  # the session's openings: uuid → Raadpleging id


def _mag_zoeken(user) -> bool:
    return serves_public(user) or roles.FUNCTIONEEL_BEHEERDER in roles.role_names(user)


def _filters(request) -> dict:
    return {
        "bronnen": [b for b in request.GET.getlist("bron") if b][:10],
        "doelgroep": request.GET.get("doelgroep", ""),
    }


@require_GET
def zoeken(request):
    """The search page (Alt+K from anywhere): results with headings, source and date."""
    if not _mag_zoeken(request.user):
        raise PermissionDenied
    tekst = request.GET.get("q", "").strip()[:200]
    filters = _filters(request)
    treffers, totaal = selectors.zoeken(tekst, **filters) if tekst else ([], 0)
    if tekst:
        services.zoekvraag_vastleggen(tekst, totaal)
    context = {
        "q": tekst,
        "treffers": treffers,
        "totaal": totaal,
        "bronnen": selectors.bronnen(),
        "gekozen_bronnen": filters["bronnen"],
        "doelgroep": filters["doelgroep"],
        "voor": _partij_id(request),
    }
    if request.htmx:
        return render(request, "kennis/_resultaten.html", context)
    return render(request, "kennis/zoeken.html", context)


def _partij_id(request) -> int | None:
    voor = request.GET.get("voor") or request.POST.get("voor") or ""
    return int(voor) if voor.isdigit() else None


@require_GET
def suggesties(request):
    """While typing in the klantbeeld: from 3 characters, the last word as a prefix."""
    if not _mag_zoeken(request.user):
        raise PermissionDenied
    tekst = request.GET.get("q", "").strip()[:200]
    treffers, totaal = ([], 0)
    if len(tekst) >= 3:
        treffers, totaal = selectors.zoeken(tekst, limiet=8, prefix=True)
    return render(
        request,
        "kennis/_resultaten.html",
        {"q": tekst, "treffers": treffers, "totaal": totaal, "voor": _partij_id(request),
         "kort": True},
    )  # fmt: skip


@require_GET
def artikel(request, uuid):
    """One answer by section; the staff-only text in a block of its own. In the klantbeeld
    (``voor``) with "use for this contact" and "send this link"."""
    if not _mag_zoeken(request.user):
        raise PermissionDenied
    item = selectors.item(uuid, request.user)
    if item is None:
        raise Http404
    raadpleging = services.geopend(door=request.user, item=item)
    geopend = request.session.get(GEOPEND, {})
    geopend[str(item.uuid)] = raadpleging.id
    request.session[GEOPEND] = dict(list(geopend.items())[-20:])
    voor = _partij_id(request)
    partij = (
        Partij.objects.filter(pk=voor).first() if voor and serves_public(request.user) else None
    )
    context = {
        "item": item,
        "versheid": selectors.versheid(item),
        "intern_tonen": bool(item.intern),  # empty for who may not read it (the selector)
        "partij": partij,
        "adressen": notifynl.adressen(partij) if partij else [],
        "feedback": services.FEEDBACK,
    }
    if request.htmx:
        return render(request, "kennis/_artikel.html", context)
    return render(request, "kennis/artikel.html", context)


@require_POST
def kiezen(request, uuid):
    """ "Use for this contact": the choice goes into the contact form (saved with it)."""
    if not serves_public(request.user):
        raise PermissionDenied
    item = get_object_or_404(Item, uuid=uuid)
    sectie = request.POST.get("sectie", "")
    sectie = sectie if item.sectie(sectie) else ""
    waarde = f"{item.uuid}:{sectie}" if sectie else str(item.uuid)
    if request.htmx:
        return render(
            request,
            "kennis/_keuze.html",
            {"item": item, "sectie": (item.sectie(sectie) or {}).get("titel", ""),
             "waarde": waarde, "oob": True},
        )  # fmt: skip
    voor = _partij_id(request)
    if voor is None:
        raise Http404
    return redirect(reverse("klantbeeld:klantbeeld", args=[voor]) + f"?kennis={waarde}")


@require_POST
def versturen(request, uuid):
    """ "Stuur deze link": the public address to the resident, an outgoing contact."""
    if not serves_public(request.user):
        raise PermissionDenied
    item = get_object_or_404(Item, uuid=uuid)
    partij = get_object_or_404(Partij, pk=_partij_id(request) or 0)
    soort, _streep, adres = request.POST.get("adres", "").partition("|")
    try:
        services.link_versturen(
            door=request.user, item=item, partij=partij, soort=soort, adres=adres,
            sectie=request.POST.get("sectie", ""), herkomst=herkomst_van(request),
        )  # fmt: skip
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The link is sent. It is in the contact history."))
    return redirect("klantbeeld:klantbeeld", partij.id)


@require_POST
def feedback(request, uuid):
    """ "Klopt niet / onduidelijk / ontbreekt" on a section: a signal for the owner."""
    if not _mag_zoeken(request.user):
        raise PermissionDenied
    item = get_object_or_404(Item, uuid=uuid)
    try:
        services.feedback_geven(
            door=request.user, item=item, sectie=request.POST.get("sectie", ""),
            soort=request.POST.get("soort", ""), toelichting=request.POST.get("toelichting", ""),
        )  # fmt: skip
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            _("Thank you. Your feedback went to the department that owns this answer. "
              "You can follow it under Report a signal."),
        )  # fmt: skip
    voor = _partij_id(request)
    if voor:
        return redirect("klantbeeld:klantbeeld", voor)
    return redirect("kennis:artikel", item.uuid)
