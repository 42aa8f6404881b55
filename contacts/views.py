from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from permissions.accesslog import Regel, log_toegang, log_toegangen
from permissions.models import Niveau, Toegangslog
from permissions.visibility import (
    has_explicit_permission,
    require_serves_public,
)

from . import selectors, services
from .forms import ContactmomentForm, TijdlijnFilterForm, catalogus, standaard_kanaal_code
from .models import Contactmoment, Partij


def _zaak_model():
    from cases.models import Zaak  # the klantbeeld shows zaken; cases depends on contacts

    return Zaak


def _partij_or_404(pk):
    try:
        return selectors.partij_voor_klantbeeld(pk)
    except Partij.DoesNotExist:
        raise Http404 from None


@require_GET
def zoeken(request):
    require_serves_public(request.user)
    query = request.GET.get("q", "")
    key, resultaten = selectors.zoek(request.user, query)
    template = "contacts/zoeken.html"
    if request.htmx:
        template += "#resultaten"
    return render(request, template, {"query": query, "key": key, "resultaten": resultaten})


def _filters(request, kanalen, onderwerpen):
    # ids filter_…: the contact form on the same page has a "kanaal" and "onderwerp" too
    form = TijdlijnFilterForm(
        request.GET or None, kanalen=kanalen, onderwerpen=onderwerpen, auto_id="filter_%s"
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            kanaal=data["kanaal"],
            onderwerp=data["onderwerp"],
            van=data["van"],
            tot=data["tot"],
        )
    else:
        filters = selectors.Filters()
    return form, filters


def _cursor(value):
    """ "2026-11-20T10:00:00+00:00_123" → (datetime, 123); anything else → None."""
    try:
        when, pk = value.rsplit("_", 1)
        return datetime.fromisoformat(when), int(pk)
    except (ValueError, AttributeError):
        return None


def _keuze(pk, tijdstip, onderwerp):
    """One entry of the "part of an earlier question" list."""
    return pk, f"{localtime(tijdstip):%d-%m-%Y} – {onderwerp}"


def _keuzes(rows):
    return [_keuze(r.id, r.tijdstip, r.onderwerp) for r in rows[:10]]


def _contactmoment_form(request, partij, kanalen, onderwerpen, zaken, data=None, keuzes=None):
    if keuzes is None:
        recent = (
            Contactmoment.objects.visible_to(request.user)
            .filter(partij=partij)
            .order_by("-tijdstip", "-id")
            .values_list("id", "tijdstip", "onderwerp__naam")[:10]
        )
        keuzes = [_keuze(*row) for row in recent]
    initial = {}
    if data is None:
        code = standaard_kanaal_code(request.user)
        initial = {"kanaal": next((k.id for k in kanalen if k.code == code), None)}
        if request.GET.get("gesprek"):
            from channels.models import Gesprek  # the call the caller-id pop-up opened

            gesprek = Gesprek.objects.filter(
                call_id=request.GET["gesprek"][:100], medewerker__user=request.user
            ).first()
            if gesprek:
                initial.update(
                    gesprek=gesprek.call_id,
                    tolkcontact=gesprek.tolkcontact,
                    kanaal=next((k.id for k in kanalen if k.code == "telefoon"), initial["kanaal"]),
                )
    return ContactmomentForm(
        data,
        initial=initial,
        kanalen=kanalen,
        onderwerpen=onderwerpen,
        vervolg_keuzes=keuzes,
        zaak_keuzes=[(z.id, f"{z.identificatie} – {z.zaaktype}") for z in zaken],
    )


@require_GET
def klantbeeld(request, pk):
    require_serves_public(request.user)
    partij = _partij_or_404(pk)
    kanalen, onderwerpen = catalogus()
    filter_form, filters = _filters(request, kanalen, onderwerpen)
    rows, cursor = selectors.tijdlijn(
        request.user, partij.id, filters, voor=_cursor(request.GET.get("voor"))
    )
    context = {
        "partij": partij,
        "filter_form": filter_form,
        "rows": rows,
        "cursor": cursor,
        "filter_query": _filter_query(request),
    }
    full_contacts = [
        Regel(Toegangslog.Handeling.CONTACTMOMENT_VOLLEDIG, "contactmoment", r.id, r.niveau)
        for r in rows
        if r.volledig
    ]
    if request.htmx and request.GET.get("deel") == "tijdlijn":
        if full_contacts:
            log_toegangen(
                request=request, partij=partij, doel=_doel(request, kanalen), regels=full_contacts
            )
        return render(request, "contacts/klantbeeld.html#tijdlijn-regels", context)
    zaken = selectors.lopende_zaken(request.user, partij.id)
    doel = _doel(request, kanalen)
    context["doel"] = doel
    log_toegangen(
        request=request,
        partij=partij,
        doel=doel,
        regels=[
            Regel(Toegangslog.Handeling.KLANTBEELD, "partij", partij.id),
            *[
                Regel(Toegangslog.Handeling.ZAAK_VOLLEDIG, "zaak", z.id, z.niveau)
                for z in zaken
                if z.volledig
            ],
            *full_contacts,
        ],
    )
    # The earlier questions to link to: the newest ten, which the unfiltered first page of
    # the history already holds (same visibility, same order).
    unfiltered = filters == selectors.Filters() and not request.GET.get("voor")
    form = _contactmoment_form(
        request, partij, kanalen, onderwerpen, zaken, keuzes=_keuzes(rows) if unfiltered else None
    )
    from callbacks import selectors as callback_selectors
    from channels.services import BALIES, afspraken_voor

    context.update(
        terugbelverzoeken=callback_selectors.open_voor_partij(request.user, partij.id),
        afspraken=afspraken_voor(request.user, partij.id),
        balies=[k for k in kanalen if k.code in BALIES],
        zaken=zaken,
        herhalingen=selectors.herhaalcontacten(request.user, partij.id),
        form=form,
        onderwerpen=onderwerpen,
        adres_zichtbaar=not partij.geheimhouding
        or has_explicit_permission(request.user, "contacts", "view_geheim_adres"),
    )
    return render(request, "contacts/klantbeeld.html", context)


def _doel(request, kanalen):
    """Why the data is looked at: the reason the user gave, else the contact in progress on
    the user's usual channel."""
    if request.GET.get("doel", "").strip():
        return request.GET["doel"].strip()
    code = standaard_kanaal_code(request.user)
    naam = next((k.naam for k in kanalen if k.code == code), code)
    return _("Contact in progress via %(kanaal)s") % {"kanaal": naam}


def _filter_query(request):
    params = request.GET.copy()
    for key in ("voor", "deel"):
        params.pop(key, None)
    return params.urlencode()


@require_POST
def contactmoment_registreren(request, pk):
    require_serves_public(request.user)
    partij = get_object_or_404(Partij, pk=pk)  # the header is not sent again
    kanalen, onderwerpen = catalogus()
    zaken = selectors.lopende_zaken(request.user, partij.id)
    # "Part of an earlier question": the chosen contact is valid when this user may see it
    # and it is this Nijmegenaar's; the list of ten is only read again to show the form.
    vervolg_op, keuzes = None, []
    if request.POST.get("vervolg_op", "").isdigit():
        vervolg_op = (
            Contactmoment.objects.visible_to(request.user)
            .filter(partij=partij, pk=int(request.POST["vervolg_op"]))
            .select_related("onderwerp")
            .first()
        )
        if vervolg_op:
            keuzes = [_keuze(vervolg_op.id, vervolg_op.tijdstip, vervolg_op.onderwerp.naam)]
    form = _contactmoment_form(
        request, partij, kanalen, onderwerpen, zaken, request.POST, keuzes=keuzes
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            # the contact, its phone call and its access-log line commit together
            with transaction.atomic():
                contactmoment = services.contactmoment_registreren(
                    partij=partij,
                    kanaal=data["kanaal"],
                    tolkcontact=data["tolkcontact"],
                    onderwerp=data["onderwerp"],
                    vraag=data["vraag"],
                    antwoord=data["antwoord"],
                    resultaat=data["resultaat"],
                    vervolg_op=vervolg_op if data["vervolg_op"] else None,
                    door=request.user,
                    legitimatie_gezien=data["legitimatie_gezien"],
                    zaak=(
                        _zaak_model()
                        .objects.visible_to(request.user)
                        .filter(partij=partij, pk=data["zaak"])
                        .first()
                        if data["zaak"]
                        else None
                    ),
                )
                if data.get("gesprek"):
                    from channels.models import Gesprek

                    Gesprek.objects.filter(
                        call_id=data["gesprek"],
                        medewerker__user=request.user,
                        contactmoment__isnull=True,
                    ).update(contactmoment=contactmoment)
                log_toegang(
                    request=request,
                    handeling=Toegangslog.Handeling.CONTACT_VASTGELEGD,
                    partij=partij,
                    object_type="contactmoment",
                    object_id=contactmoment.id,
                    doel=_doel(request, kanalen),
                )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            if not request.htmx:
                return redirect(reverse("contacts:klantbeeld", args=[partij.id]))
            # Only the new contact goes to the page: prepended to the history, no reload.
            # One read gives it and the ten newest for the earlier-question list.
            recent, _next = selectors.tijdlijn(
                request.user, partij.id, selectors.Filters(), limit=10
            )
            rows = [r for r in recent if r.id == contactmoment.id] or selectors.tijdlijn(
                request.user, partij.id, selectors.Filters(), alleen=contactmoment.id
            )[0]
            fresh_form = _contactmoment_form(
                request, partij, kanalen, onderwerpen, zaken, keuzes=_keuzes(recent)
            )
            return render(
                request,
                "contacts/klantbeeld.html#na-registratie",
                {
                    "partij": partij,
                    "rows": rows,
                    "cursor": None,
                    "filter_query": "",
                    "form": fresh_form,
                    "onderwerpen": onderwerpen,
                    "opgeslagen": True,
                },
            )
    if form.errors:
        # shown again: with the full list of earlier questions to choose from
        form.fields["vervolg_op"].choices = (
            _contactmoment_form(request, partij, kanalen, onderwerpen, zaken)
            .fields["vervolg_op"]
            .choices
        )
    response = render(
        request,
        "contacts/klantbeeld.html#contactmoment-form",
        {
            "partij": partij,
            "form": form,
            "onderwerpen": onderwerpen,
        },
        status=200 if request.htmx else 400,
    )
    return response


@require_POST
def bsn_tonen(request, pk):
    """Shows the whole BSN on request (the header shows it masked)."""
    require_serves_public(request.user)
    partij = _partij_or_404(pk)
    if not partij.bsn:
        raise Http404
    log_toegang(
        request=request,
        handeling=Toegangslog.Handeling.BSN,
        partij=partij,
        object_type="partij",
        object_id=partij.id,
        doel=request.POST.get("doel", "").strip() or _("Identity check during contact"),
    )
    if not request.htmx:
        return HttpResponse(partij.bsn, content_type="text/plain; charset=utf-8")
    return render(
        request, "contacts/klantbeeld.html#bsn", {"partij": partij, "bsn_zichtbaar": True}
    )


@require_POST
def gegevens_toevoegen(request, pk):
    """Adds a phone number or e-mail address; one the Nijmegenaar already has is not added
    again, and the agent is told so."""
    require_serves_public(request.user)
    partij = _partij_or_404(pk)
    soort = request.POST.get("soort")
    waarde = request.POST.get("waarde", "")
    fout = False
    try:
        if soort == "telefoon":
            uitkomst = services.telefoonnummer_toevoegen(partij=partij, nummer=waarde)
            melding = (
                _("Phone number added.")
                if uitkomst.nieuw
                else _("This Nijmegenaar already has this phone number. Nothing was added.")
            )
        elif soort == "email":
            uitkomst = services.emailadres_toevoegen(partij=partij, adres=waarde)
            melding = (
                _("E-mail address added.")
                if uitkomst.nieuw
                else _("This Nijmegenaar already has this e-mail address. Nothing was added.")
            )
        elif soort == "adres":
            try:
                huisnummer = int(request.POST.get("huisnummer", "").strip())
            except ValueError:
                raise ValidationError(_("The house number must be a number.")) from None
            uitkomst = services.adres_toevoegen(
                partij=partij,
                soort="correspondentieadres",
                straat=request.POST.get("straat", ""),
                huisnummer=huisnummer,
                toevoeging=request.POST.get("toevoeging", ""),
                postcode=request.POST.get("postcode", ""),
                woonplaats=request.POST.get("woonplaats", ""),
            )
            melding = (
                _("Postal address added.")
                if uitkomst.nieuw
                else _("This Nijmegenaar already has this postal address. Nothing was added.")
            )
        else:
            raise ValidationError(_("Choose a phone number or an e-mail address."))
    except ValidationError as exc:
        melding, fout = " ".join(exc.messages), True
    else:
        if uitkomst.nieuw:
            log_toegang(
                request=request,
                handeling=Toegangslog.Handeling.GEGEVENS_GEWIJZIGD,
                partij=partij,
                object_type=soort,
                object_id=uitkomst.object.id,
                doel=_("Contact details given by the Nijmegenaar"),
            )
    if not request.htmx:
        return redirect(reverse("contacts:klantbeeld", args=[partij.id]))
    partij = selectors.partij_voor_klantbeeld(partij.id)  # fresh lists
    return render(
        request,
        "contacts/klantbeeld.html#contactgegevens",
        {
            "partij": partij,
            "gegevens_melding": melding,
            "gegevens_fout": fout,
            "gegeven_soort": soort,
            "adres_zichtbaar": not partij.geheimhouding
            or has_explicit_permission(request.user, "contacts", "view_geheim_adres"),
        },
    )


@require_http_methods(["GET", "POST"])
def contactmoment_corrigeren(request, pk):
    """GET: the correction form (loaded on request). POST: corrects the question or answer;
    the earlier text stays in the history. Only for contacts the user sees in full."""
    require_serves_public(request.user)
    contactmoment = get_object_or_404(
        Contactmoment.objects.visible_to(request.user).filter(
            partij__isnull=False, niveau=Niveau.FULL
        ),
        pk=pk,
    )
    if request.method == "GET":
        return render(
            request, "contacts/klantbeeld.html#correctie-form", {"cm_id": contactmoment.id}
        )
    fout = ""
    try:
        services.contactmoment_corrigeren(
            contactmoment=contactmoment,
            veld=request.POST.get("veld", ""),
            tekst=request.POST.get("tekst", ""),
            reden=request.POST.get("reden", ""),
            door=request.user,
        )
    except ValidationError as exc:
        fout = " ".join(exc.messages)
    if not request.htmx:
        return redirect(reverse("contacts:klantbeeld", args=[contactmoment.partij_id]))
    rows, _next = selectors.tijdlijn(
        request.user, contactmoment.partij_id, selectors.Filters(), alleen=contactmoment.id
    )
    return render(
        request,
        "contacts/klantbeeld.html#tijdlijn-regels",
        {
            "rows": rows,
            "cursor": None,
            "correctie_fout": fout,
            "filter_query": "",
            "partij": contactmoment.partij,
        },
    )
