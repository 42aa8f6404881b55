"""The callback request made from the klantbeeld: the form (prefilled with the person's mobile
number) and the sentence the agent reads out once it is saved."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from callbacks import selectors as callback_selectors
from callbacks import services as callback_services
from callbacks.forms import TerugbelverzoekForm
from contacts import selectors as contact_selectors
from contacts.forms import catalogus
from contacts.models import Contactmoment, Partij
from permissions.accesslog import herkomst_van
from permissions.models import Niveau
from permissions.visibility import require_serves_public

from . import selectors


def terugbel_formulier(partij, onderwerpen, data=None, afdelingen_lijst=None, na_contact=None):
    """The callback form on the klantbeeld, prefilled with the person's mobile number; after
    a saved contact (``na_contact``) also with that contact's subject and question, so the
    agent types nothing twice."""
    nummers = list(partij.telefoonnummers.all())
    eerste = next((t for t in nummers if t.soort == "mobiel"), nummers[0] if nummers else None)
    initial = {"telefoonnummer": eerste.weergave if eerste else ""}
    if na_contact is not None:
        initial.update(onderwerp=na_contact.onderwerp.naam, vraag=na_contact.vraag)
    return TerugbelverzoekForm(
        data,
        onderwerpen=onderwerpen,
        afdelingen=(
            afdelingen_lijst
            if afdelingen_lijst is not None
            else callback_selectors.actieve_afdelingen()
        ),
        initial=initial,
    )


def na_contact_van(request, partij):
    """The contact this callback follows (just saved on this klantbeeld): one the user sees
    in full, of this Nijmegenaar, registered today by this user."""
    waarde = request.POST.get("na_contact") or request.GET.get("na_contact") or ""
    if not waarde.isdigit():
        return None
    return (
        Contactmoment.objects.visible_to(request.user)
        .filter(
            pk=int(waarde),
            partij=partij,
            niveau=Niveau.FULL,
            medewerker__user=request.user,
            tijdstip__date=localdate(),
        )
        .select_related("onderwerp")
        .first()
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
                "tbv_form": terugbel_formulier(partij, onderwerpen),
                "onderwerpen": onderwerpen,
                "pagina": not request.htmx,
            },
        )
    form = terugbel_formulier(partij, onderwerpen, request.POST)
    na_contact = na_contact_van(request, partij)
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
                contactmoment=na_contact,  # the call just saved: no second contact
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
                "tbv_form": terugbel_formulier(partij, onderwerpen),
                "voorlees_zin": zin,
                "terugbelverzoeken": callback_selectors.open_voor_partij(request.user, partij.id),
                "rows": rows if na_contact is None else [],
                "cursor": None,
                "filter_query": "",
                # the contact form is cleared: the callback recorded the contact already
                "contact_met_terugbelverzoek": na_contact is None,
                "form": nieuw_contactformulier(request, partij) if na_contact is None else None,
                "onderwerpen": onderwerpen,
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
            "na_contact": na_contact,
        },
        status=200 if request.htmx else 400,
    )


def nieuw_contactformulier(request, partij):
    """An empty contact form for the next question (the one the klantbeeld shows)."""
    from .views import lege_contactform  # the klantbeeld's own form builder (views imports us)

    return lege_contactform(request, partij)
