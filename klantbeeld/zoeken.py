"""The search box and the outside sources behind it: the one search list (register, BRP,
KVK), taking a person or organisation in, recording a Nijmegenaar the BRP does not know and
merging that record once the BRP finds them."""

from dataclasses import asdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from contacts import normalise
from contacts import selectors as contact_selectors
from contacts import services as contact_services
from contacts.models import Partij
from core import zoekopdracht
from permissions.accesslog import herkomst_van
from permissions.visibility import require_serves_public
from sources import brp as brp_bron
from sources import kvk as kvk_bron
from sources import personen as brp_personen
from sources.brp import BrpFout

from . import selectors
from .forms import PersoonForm
from .views import partij_of_404

LIJSTEN = ("zoekresultaten-lijst", "global-search-lijst")


@require_http_methods(["GET", "POST"])
def zoeken(request):
    """The search box posts its term (no BSN or name in any URL or log); the results page
    itself is reached by a token (``core.zoekopdracht``). Our register answers first; the
    BRP and the Handelsregister answer in the same list when the register finds nobody (on
    Enter, not while typing) or when the agent asks one of them with its button."""
    require_serves_public(request.user)
    if request.method == "POST":
        query = request.POST.get("q", "")[:200]
        pagina = request.POST.get("pagina", "1")
        lijst = request.POST.get("lijst", "")
        bronnen = {"brp": request.POST.get("brp") == "1", "kvk": request.POST.get("kvk") == "1"}
        if not request.htmx:
            token = zoekopdracht.bewaren(
                request, "personen", {"q": query, "pagina": pagina, **bronnen}
            )
            return redirect(reverse("klantbeeld:zoeken") + "?z=" + token)
    else:
        bewaard = zoekopdracht.ophalen(request, "personen", request.GET.get("z", "")) or {}
        query = bewaard.get("q", "")
        pagina, lijst = bewaard.get("pagina", "1"), ""
        bronnen = {"brp": bool(bewaard.get("brp")), "kvk": bool(bewaard.get("kvk"))}
    uitkomst = contact_selectors.zoeken(
        request.user,
        query,
        referenties=selectors.partijen_bij_referentie,
        pagina=int(pagina) if str(pagina).isdigit() else 1,
    )
    key, resultaten = uitkomst.key, uitkomst.resultaten
    context = {
        "query": query,
        "key": key,
        "uitkomst": uitkomst,
        "resultaten": resultaten,
        # the id of the result list: the search box that asked names it (aria-controls)
        "lijst_id": lijst if lijst in LIJSTEN else "zoekresultaten-lijst",
        # a reference or zaak number is ours alone: the BRP cannot search it
        "brp_aan": brp_bron.ingesteld()
        and key.kind not in (normalise.KIND_REFERENTIE, normalise.KIND_ZAAK),
        "kvk_aan": kvk_bron.ingesteld() and kvk_bron.zoekvraag_voor(key) is not None,
    }
    expliciet = bronnen["brp"] or bronnen["kvk"]
    gevraagd = (
        bool(query)
        and not key.error
        and (expliciet or not request.htmx or request.POST.get("zoek") == "1")
    )

    def vragen(bron):
        return gevraagd and (bronnen[bron] or (not expliciet and not uitkomst.totaal))

    if context["kvk_aan"] and vragen("kvk"):
        kvk_treffers, kvk_melding = kvk_bron.zoeken(
            key, user=request.user, herkomst=herkomst_van(request)
        )
        context.update(kvk_gezocht=True, kvk_treffers=kvk_treffers, kvk_melding=kvk_melding)
        if kvk_treffers:
            context["kvk_token"] = zoekopdracht.bewaren(
                request, "kvk", {"treffers": [asdict(t.treffer) for t in kvk_treffers]}
            )
    if context["brp_aan"] and vragen("brp"):
        treffers, melding = brp_personen.zoeken(
            user=request.user, herkomst=herkomst_van(request), key=key
        )
        context.update(brp_gezocht=True, brp_treffers=treffers, brp_melding=melding)
        if treffers:
            context["brp_token"] = zoekopdracht.bewaren(
                request, "brp", {"bsns": [t.persoon.bsn for t in treffers]}
            )
    template = "klantbeeld/zoeken.html"
    if request.htmx:
        template += "#resultaten"
    return render(request, template, context)


def _gekozen(request, soort: str, lijst: str):
    """The search hit the agent chose: item ``i`` of the hits kept behind token ``t``; None
    (with the message) when the token expired or the index is not one of the list."""
    bewaard = zoekopdracht.ophalen(request, soort, request.POST.get("t", ""))
    try:
        return bewaard[lijst][int(request.POST.get("i", ""))] if bewaard else _verlopen(request)
    except (ValueError, IndexError):
        return _verlopen(request)


def _verlopen(request):
    messages.error(request, _("This search result has expired. Search again."))


@require_POST
def uit_brp_overnemen(request):
    """Opening a BRP hit: the person is read from the BRP now and taken into the register
    (created or updated by BSN), then their klantbeeld opens. The BSN travels in the user's
    session behind a token, never in the page or a URL."""
    require_serves_public(request.user)
    bsn = _gekozen(request, "brp", "bsns")
    if bsn is None:
        return redirect("klantbeeld:zoeken")
    try:
        partij = brp_personen.overnemen(user=request.user, herkomst=herkomst_van(request), bsn=bsn)
    except BrpFout as e:
        messages.error(request, e.melding)
        return redirect("klantbeeld:zoeken")
    if getattr(partij, "brp_onbegrepen", ()):
        messages.warning(
            request,
            _(
                "Part of the BRP's answer could not be read (%(velden)s); that part was not "
                "taken over. Tell the functional administrator."
            )
            % {"velden": ", ".join(str(_ONBEGREPEN.get(v, v)) for v in partij.brp_onbegrepen)},
        )
    return redirect("klantbeeld:klantbeeld", partij.id)


@require_POST
def uit_kvk_overnemen(request):
    """Opening a Handelsregister hit: the organisation (or vestiging) is taken into the
    register, or its record updated, and its klantbeeld opens."""
    require_serves_public(request.user)
    gegevens = _gekozen(request, "kvk", "treffers")
    if gegevens is None:
        return redirect("klantbeeld:zoeken")
    try:
        partij = kvk_bron.overnemen(
            kvk_bron.KvkTreffer(**gegevens), user=request.user, herkomst=herkomst_van(request)
        )
    except kvk_bron.KvkFout as e:
        messages.error(request, e.melding)
        return redirect("klantbeeld:zoeken")
    return redirect("klantbeeld:klantbeeld", partij.id)


@require_http_methods(["GET", "POST"])
def persoon_nieuw(request):
    """A Nijmegenaar the BRP does not know (a non-resident, a caller who gives only a
    name), recorded by the agent and marked "not from the BRP"."""
    require_serves_public(request.user)
    form = PersoonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partij = contact_services.persoon_vastleggen(
                door=request.user, herkomst=herkomst_van(request), **form.cleaned_data
            )
        except ValidationError as e:
            veld = {"telefoon": "telefoon", "email": "email"}.get(e.code or "")
            for melding in e.messages:
                form.add_error(veld, melding)
        else:
            messages.success(request, _("Recorded. This Nijmegenaar is not from the BRP."))
            return redirect("klantbeeld:klantbeeld", partij.id)
    return render(request, "klantbeeld/persoon_nieuw.html", {"form": form})


@require_POST
def brp_koppelen(request, pk):
    """For a record made without the BRP: the BRP's candidates (same surname and date of
    birth, or same first name and surname), to merge with the one it turns out to be."""
    require_serves_public(request.user)
    partij = partij_of_404(pk)
    if partij.bsn or partij.soort != Partij.Soort.PERSOON or not brp_bron.ingesteld():
        raise Http404
    delen = [partij.voornamen.split()[0]] if partij.voornamen else []
    delen += [partij.voorvoegsel, partij.geslachtsnaam]
    tekst = " ".join(d for d in delen if d)
    if partij.geboortedatum:
        tekst += f" {partij.geboortedatum:%d-%m-%Y}"
    key = normalise.parse_query(tekst)
    treffers, melding = brp_personen.zoeken(
        user=request.user, herkomst=herkomst_van(request), key=key
    )
    token = (
        zoekopdracht.bewaren(request, "brp", {"bsns": [t.persoon.bsn for t in treffers]})
        if treffers
        else ""
    )
    return render(
        request,
        "klantbeeld/brp_koppelen.html",
        {"partij": partij, "treffers": treffers, "melding": melding, "token": token},
    )


@require_POST
def samenvoegen(request, pk):
    require_serves_public(request.user)
    bsn = _gekozen(request, "brp", "bsns")
    if bsn is None:
        return redirect("klantbeeld:klantbeeld", pk)
    try:
        doel = brp_personen.samenvoegen(
            user=request.user, herkomst=herkomst_van(request), partij_id=pk, bsn=bsn
        )
    except BrpFout as e:
        messages.error(request, e.melding)
        return redirect("klantbeeld:klantbeeld", pk)
    messages.success(request, _("Merged: this is now one Nijmegenaar, with the data from the BRP."))
    return redirect("klantbeeld:klantbeeld", doel.id)


_ONBEGREPEN = {
    "geboorte.datum": gettext_lazy("date of birth"),
    "verblijfplaats": gettext_lazy("address"),
}
