"""The callback request made from the klantbeeld: the form (prefilled with the person's mobile
number) and the sentence the agent reads out once it is saved."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from callbacks import selectors as callback_selectors
from callbacks import services as callback_services
from callbacks.forms import TerugbelverzoekForm
from contacts import selectors as contact_selectors
from contacts.forms import catalogus
from contacts.models import Partij
from permissions.accesslog import herkomst_van
from permissions.visibility import require_serves_public

from . import selectors


def _terugbel_formulier(partij, onderwerpen, data=None, afdelingen_lijst=None):
    """The callback form on the klantbeeld, prefilled with the person's mobile number."""
    nummers = list(partij.telefoonnummers.all())
    eerste = next((t for t in nummers if t.soort == "mobiel"), nummers[0] if nummers else None)
    return TerugbelverzoekForm(
        data,
        onderwerpen=onderwerpen,
        afdelingen=(
            afdelingen_lijst
            if afdelingen_lijst is not None
            else callback_selectors.actieve_afdelingen()
        ),
        initial={"telefoonnummer": eerste.weergave if eerste else ""},
    )


def _voorlees_zin(tbv) -> str:
    """What the agent reads out: the reference and the deadline in words; for an urgent
    request the time too (it falls within hours, not days)."""
    deadline = localtime(tbv.deadline)
    if tbv.urgentie == tbv.Urgentie.SPOED:
        return _(
            "Your callback request has number %(ref)s. We will call you back by "
            "%(datum)s at %(tijd)s at the latest."
        ) % {
            "ref": tbv.referentie,
            "datum": date_format(deadline, "l j F"),
            "tijd": date_format(deadline, "H:i"),
        }
    return _(
        "Your callback request has number %(ref)s. We will call you back by "
        "%(datum)s at the latest."
    ) % {"ref": tbv.referentie, "datum": date_format(deadline, "l j F")}


@require_http_methods(["GET", "POST"])
def terugbelverzoek_maken(request, pk):
    """GET: the form (loaded into the klantbeeld when the agent opens "Terugbelverzoek
    maken"; a page of its own without JavaScript). POST: saves the request."""
    require_serves_public(request.user)
    try:
        partij = contact_selectors.partij_voor_klantbeeld(pk)
    except Partij.DoesNotExist:
        raise Http404 from None
    _kanalen, onderwerpen = catalogus()
    if request.method == "GET":
        template = "klantbeeld/terugbelverzoek.html" + ("#formulier" if request.htmx else "")
        return render(
            request,
            template,
            {
                "partij": partij,
                "tbv_form": _terugbel_formulier(partij, onderwerpen),
                "onderwerpen": onderwerpen,
                "pagina": not request.htmx,
            },
        )
    form = _terugbel_formulier(partij, onderwerpen, request.POST)
    tbv = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            tbv = callback_services.terugbelverzoek_aanmaken(
                partij=partij,
                onderwerp=data["onderwerp"],
                vraag=data["vraag"],
                telefoonnummer=data["telefoonnummer"],
                alternatief=data["alternatief"],
                beste_tijd=data["beste_tijd"],
                urgentie=data["urgentie"],
                afdeling=data["afdeling"],
                door=request.user,
                herkomst=herkomst_van(request),
                sleutel=data.get("sleutel"),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    if tbv is not None:
        zin = _voorlees_zin(tbv)
        if not request.htmx:
            messages.success(request, zin)
            return redirect(reverse("klantbeeld:klantbeeld", args=[partij.id]))
        rows, _next = selectors.tijdlijn(request.user, partij.id, selectors.Filters(), limit=1)
        return render(
            request,
            "klantbeeld/terugbelverzoek.html#na-aanmaken",
            {
                "partij": partij,
                "tbv_form": _terugbel_formulier(partij, onderwerpen),
                "voorlees_zin": zin,
                "terugbelverzoeken": callback_selectors.open_voor_partij(request.user, partij.id),
                "rows": rows,
                "cursor": None,
                "filter_query": "",
            },
        )
    return render(
        request,
        "klantbeeld/terugbelverzoek.html" + ("#formulier" if request.htmx else ""),
        {
            "partij": partij,
            "tbv_form": form,
            "onderwerpen": onderwerpen,
            "pagina": not request.htmx,
        },
        status=200 if request.htmx else 400,
    )
