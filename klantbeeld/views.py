"""The agent's workspace: the klantbeeld with its panels and the actions taken on it (recording
a contact, correcting one, contact details, the BSN shown on request). Search is in zoeken.py,
the callback form in terugbellen.py, the questions (klantreizen) in klantreizen.py."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from callbacks import selectors as callback_selectors
from cases import selectors as case_selectors
from cases.models import Zaak
from channels import telefonie
from channels.models import Gesprek
from channels.selectors import BALIES, afspraken_voor
from channels.services import BEZOEK_RESULTATEN
from contacts import selectors as contact_selectors
from contacts import services as contact_services
from contacts.forms import ContactmomentForm, TijdlijnFilterForm, catalogus, standaard_kanaal_code
from contacts.models import Contactmoment, Partij
from core.datums import datum
from permissions import roles
from permissions.accesslog import Regel, herkomst_van, toegang_loggen, toegangen_loggen
from permissions.models import Niveau, Toegangslog
from permissions.roles import ROLE_DESCRIPTIONS
from permissions.visibility import has_explicit_permission, require_serves_public
from proactief import selectors as proactief_selectors
from sources import brp as brp_bron
from sources import personen as brp_personen

from . import selectors, services, terugbellen
from .forms import ContactgegevenForm, CorrectieForm


def home(request):
    rollen = [
        {"naam": group.name, "omschrijving": ROLE_DESCRIPTIONS.get(group.name, "")}
        for group in request.user.groups.all().order_by("name")
    ]
    return render(request, "klantbeeld/home.html", {"rollen": rollen})


def partij_of_404(pk):
    try:
        return contact_selectors.partij_voor_klantbeeld(pk)
    except Partij.DoesNotExist:
        raise Http404 from None


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


def _keuze(pk, tijdstip, onderwerp, kanaal):
    """One entry of the "part of an earlier question" list: 2 dec. 10:05 · channel · subject."""
    return pk, f"{datum(tijdstip, 'j M, H:i')} · {kanaal} · {onderwerp}"


def _keuzes(rows):
    return [_keuze(r.id, r.tijdstip, r.onderwerp, r.kanaal) for r in rows[:10]]


def lege_contactform(request, partij):
    """The empty contact form for the next question, as the klantbeeld shows it."""
    kanalen, onderwerpen = catalogus()
    zaken = case_selectors.lopende_zaken(request.user, partij.id)
    return _contactmoment_form(request, partij, kanalen, onderwerpen, zaken)


def _contactmoment_form(request, partij, kanalen, onderwerpen, zaken, data=None, keuzes=None):
    if keuzes is None:
        recent = (
            Contactmoment.objects.visible_to(request.user)
            .filter(partij=partij)
            .order_by("-tijdstip", "-id")
            .values_list("id", "tijdstip", "onderwerp__naam", "kanaal__naam")[:10]
        )
        keuzes = [_keuze(*row) for row in recent]
    initial = {}
    if data is None:
        code = standaard_kanaal_code(request.user)
        initial = {"kanaal": next((k.id for k in kanalen if k.code == code), None)}
        if request.GET.get("gesprek"):
            gesprek = Gesprek.objects.filter(
                call_id=request.GET["gesprek"][:100], medewerker__user=request.user
            ).first()
            if gesprek:
                initial.update(
                    gesprek=gesprek.call_id,
                    tolkcontact=gesprek.tolkcontact,
                    kanaal=next((k.id for k in kanalen if k.code == "telefoon"), initial["kanaal"]),
                )
        if request.GET.get("kennis"):  # chosen in the knowledge base without JavaScript
            initial["kennis"] = request.GET["kennis"][:80]
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
    partij = partij_of_404(pk)
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
            toegangen_loggen(
                door=request.user,
                herkomst=herkomst_van(request),
                partij=partij,
                doel=_doel(request, kanalen),
                regels=full_contacts,
            )
        return render(request, "klantbeeld/klantbeeld.html#tijdlijn-regels", context)
    zaken = case_selectors.lopende_zaken(request.user, partij.id)
    doel = _doel(request, kanalen)
    context["doel"] = doel
    toegangen_loggen(
        door=request.user,
        herkomst=herkomst_van(request),
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
    context.update(
        terugbelverzoeken=callback_selectors.open_voor_partij(request.user, partij.id),
        afspraken=afspraken_voor(request.user, partij.id),
        bezoek_resultaten=[
            (r.value, r.label) for r in Contactmoment.Resultaat if r in BEZOEK_RESULTATEN
        ],
        klantreizen=selectors.klantreizen(request.user, partij.id),
        # an appointment is made during a contact: by default the user's own newest of today
        afspraak_contacten=form.fields["vervolg_op"].choices[1:],
        afspraak_contact_nu=_eigen_contact_van_vandaag(request.user, rows),
        balies=[k for k in kanalen if k.code in BALIES],
        zaken=zaken,
        herhalingen=contact_selectors.herhaalcontacten(request.user, partij.id),
        form=form,
        onderwerpen=onderwerpen,
        adres_zichtbaar=not partij.geheimhouding
        or has_explicit_permission(request.user, "contacts", "view_geheim_adres"),
        brp_status=brp_personen.brp_status(partij),
        brp_aan=brp_bron.ingesteld(),
        samengevoegd=[
            {**s, "op": parse_datetime(s["op"])} for s in partij.samengevoegd if s.get("op")
        ],
        open_partij_id=partij.id,
        ander_gesprek=_ander_gesprek(request.user, partij),
        proactief=proactief_selectors.voor_klantbeeld(request.user, partij),
    )
    brp_personen.verversen_als_verouderd(partij, request.user)
    return render(request, "klantbeeld/klantbeeld.html", context)


def _eigen_contact_van_vandaag(user, rows) -> int | None:
    medewerker = roles.medewerker_van(user)
    return next(
        (
            r.id
            for r in rows[:10]
            if medewerker
            and r.medewerker_id == medewerker.id
            and localtime(r.tijdstip).date() == localdate()
        ),
        None,
    )


def _ander_gesprek(user, partij):
    """The call the agent is on now when its number is not one of this Nijmegenaar's: they
    may be about to record on someone else than the caller. One Redis read when no call
    runs; nothing for a withheld number (the agent asked who is calling)."""
    gesprek = telefonie.lopend_gesprek(user)
    if gesprek is None or not gesprek.nummer:
        return None
    if any(t.nummer == gesprek.nummer for t in partij.telefoonnummers.all()):
        return None
    return gesprek


def _doel(request, kanalen):
    """Why the data is looked at: the reason the user gave, else the contact in progress on
    the user's usual channel."""
    if request.GET.get("doel", "").strip():
        return request.GET["doel"].strip()
    code = standaard_kanaal_code(request.user)
    naam = next((k.naam for k in kanalen if k.code == code), code)
    return _("Contact in progress via %(kanaal)s") % {"kanaal": naam}


def _filter_query(request):
    """The history's own filters (channel, subject, period): not the call the klantbeeld was
    opened from (``gesprek``) nor the reason for opening it (``doel``), which used to open
    "Geschiedenis filteren" during every call and push the history off the first screen."""
    params = request.GET.copy()
    for key in ("voor", "deel", "gesprek", "doel"):
        params.pop(key, None)
    return params.urlencode()


@require_POST
def contactmoment_registreren(request, pk):
    require_serves_public(request.user)
    partij = get_object_or_404(Partij, pk=pk)  # the header is not sent again
    kanalen, onderwerpen = catalogus()
    zaken = case_selectors.lopende_zaken(request.user, partij.id)
    # "Part of an earlier question": the chosen contact is valid when this user may see it
    # and it is this Nijmegenaar's; the list of ten is only read again to show the form.
    vervolg_op, keuzes = None, []
    if request.POST.get("vervolg_op", "").isdigit():
        vervolg_op = (
            Contactmoment.objects.visible_to(request.user)
            .filter(partij=partij, pk=int(request.POST["vervolg_op"]))
            .select_related("onderwerp", "kanaal")
            .first()
        )
        if vervolg_op:
            keuzes = [
                _keuze(
                    vervolg_op.id,
                    vervolg_op.tijdstip,
                    vervolg_op.onderwerp.naam,
                    vervolg_op.kanaal.naam,
                )
            ]
    form = _contactmoment_form(
        request, partij, kanalen, onderwerpen, zaken, request.POST, keuzes=keuzes
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            # the contact, its phone call and its access-log line commit together
            contactmoment = services.contact_vastleggen(
                sleutel=data.get("sleutel"),
                gesprek=data.get("gesprek") or "",
                kennis=data.get("kennis") or "",
                geopend=request.session.get("kennis_geopend", {}),
                herkomst=herkomst_van(request),
                doel=_doel(request, kanalen),
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
                    Zaak.objects.visible_to(request.user)
                    .filter(partij=partij, pk=data["zaak"])
                    .first()
                    if data["zaak"]
                    else None
                ),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            if not request.htmx:
                return redirect(reverse("klantbeeld:klantbeeld", args=[partij.id]))
            return _na_registratie(request, partij, contactmoment, kanalen, onderwerpen, zaken)
    if form.errors:
        # shown again: with the full list of earlier questions to choose from
        form.fields["vervolg_op"].choices = (
            _contactmoment_form(request, partij, kanalen, onderwerpen, zaken)
            .fields["vervolg_op"]
            .choices
        )
    response = render(
        request,
        "klantbeeld/klantbeeld.html#contactmoment-form",
        {
            "partij": partij,
            "form": form,
            "onderwerpen": onderwerpen,
        },
        status=200 if request.htmx else 400,
    )
    return response


def _na_registratie(request, partij, contactmoment, kanalen, onderwerpen, zaken):
    """The answer to a saved contact: only the new contact goes to the page (prepended to the
    history, no reload), an empty form for the next question, and the panels that depend on
    it (the callback form and the appointment's contact) brought along."""
    # One read gives it and the ten newest for the earlier-question list.
    recent, _next = selectors.tijdlijn(request.user, partij.id, selectors.Filters(), limit=10)
    rows = [r for r in recent if r.id == contactmoment.id] or selectors.tijdlijn(
        request.user, partij.id, selectors.Filters(), alleen=contactmoment.id
    )[0]
    fresh_form = _contactmoment_form(
        request, partij, kanalen, onderwerpen, zaken, keuzes=_keuzes(recent)
    )
    return render(
        request,
        "klantbeeld/klantbeeld.html#na-registratie",
        {
            "partij": partij,
            "rows": rows,
            "cursor": None,
            "filter_query": "",
            "tijdlijn_open": True,  # the contact just saved, open in the history
            "form": fresh_form,
            "onderwerpen": onderwerpen,
            "opgeslagen": True,
            # the callback form takes over this contact: its subject and question,
            # and the callback joins it (one question, nothing typed twice)
            "tbv_form": terugbellen.terugbel_formulier(
                partij, onderwerpen, na_contact=contactmoment
            ),
            "na_contact": contactmoment,
            # an appointment made next is made during this contact (one klantreis)
            "afspraak_contacten": fresh_form.fields["vervolg_op"].choices[1:],
            "afspraak_contact_nu": contactmoment.id,
        },
    )


@require_POST
def bsn_tonen(request, pk):
    """Shows the whole BSN on request (the header shows it masked)."""
    require_serves_public(request.user)
    partij = partij_of_404(pk)
    if not partij.bsn:
        raise Http404
    toegang_loggen(
        door=request.user,
        herkomst=herkomst_van(request),
        handeling=Toegangslog.Handeling.BSN,
        partij=partij,
        object_type="partij",
        object_id=partij.id,
        doel=request.POST.get("doel", "").strip() or _("Identity check during contact"),
    )
    if not request.htmx:
        return HttpResponse(partij.bsn, content_type="text/plain; charset=utf-8")
    return render(
        request, "klantbeeld/klantbeeld.html#bsn", {"partij": partij, "bsn_zichtbaar": True}
    )


@require_POST
def gegevens_toevoegen(request, pk):
    """Adds a phone number or e-mail address; one the Nijmegenaar already has is not added
    again, and the agent is told so."""
    require_serves_public(request.user)
    partij = partij_of_404(pk)
    form = ContactgegevenForm(request.POST)
    soort = request.POST.get("soort")
    fout = False
    try:
        if not form.is_valid():
            raise ValidationError([m for fouten in form.errors.values() for m in fouten])
        data = form.cleaned_data
        soort = data["soort"]
        gegeven_door = {"door": request.user, "herkomst": herkomst_van(request)}
        if soort == "telefoon":
            uitkomst = contact_services.telefoonnummer_toevoegen(
                partij=partij, nummer=data["waarde"], **gegeven_door
            )
            melding = (
                _("Phone number added.")
                if uitkomst.nieuw
                else _("This Nijmegenaar already has this phone number. Nothing was added.")
            )
        elif soort == "email":
            uitkomst = contact_services.emailadres_toevoegen(
                partij=partij, adres=data["waarde"], **gegeven_door
            )
            melding = (
                _("E-mail address added.")
                if uitkomst.nieuw
                else _("This Nijmegenaar already has this e-mail address. Nothing was added.")
            )
        else:
            uitkomst = contact_services.adres_toevoegen(
                partij=partij,
                soort="correspondentieadres",
                straat=data["straat"],
                huisnummer=data["huisnummer"],
                toevoeging=data["toevoeging"],
                postcode=data["postcode"],
                woonplaats=data["woonplaats"],
                **gegeven_door,
            )
            melding = (
                _("Postal address added.")
                if uitkomst.nieuw
                else _("This Nijmegenaar already has this postal address. Nothing was added.")
            )
    except ValidationError as exc:
        melding, fout = " ".join(exc.messages), True
    if not request.htmx:
        return redirect(reverse("klantbeeld:klantbeeld", args=[partij.id]))
    partij = contact_selectors.partij_voor_klantbeeld(partij.id)  # fresh lists
    return render(
        request,
        "klantbeeld/klantbeeld.html#contactgegevens",
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
            request, "klantbeeld/klantbeeld.html#correctie-form", {"cm_id": contactmoment.id}
        )
    fout = ""
    form = CorrectieForm(request.POST)
    form.is_valid()  # every field is optional text: the service says what is wrong
    try:
        contact_services.contactmoment_corrigeren(
            contactmoment=contactmoment,
            veld=form.cleaned_data["veld"],
            tekst=form.cleaned_data["tekst"],
            reden=form.cleaned_data["reden"],
            door=request.user,
        )
    except ValidationError as exc:
        fout = " ".join(exc.messages)
    if not request.htmx:
        return redirect(reverse("klantbeeld:klantbeeld", args=[contactmoment.partij_id]))
    rows, _next = selectors.tijdlijn(
        request.user, contactmoment.partij_id, selectors.Filters(), alleen=contactmoment.id
    )
    return render(
        request,
        "klantbeeld/klantbeeld.html#tijdlijn-regels",
        {
            "rows": rows,
            "cursor": None,
            "correctie_fout": fout,
            "tijdlijn_open": True,
            "filter_query": "",
            "partij": contactmoment.partij,
        },
    )
