import contextlib
import hashlib
import hmac
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.models import Zaak
from contacts import selectors as contact_selectors
from contacts.catalogue import catalogus
from contacts.models import Contactmoment, Partij, brief_referentie
from core.clientadres import adres_van
from core.datums import datum
from core.publiek import publiek_tonen
from permissions.accesslog import herkomst_van, toegang_loggen
from permissions.models import Toegangslog
from permissions.visibility import require_serves_public, serves_public

from . import bestanden, selectors, services, telefonie
from .forms import BriefForm, EmlForm, KoppelForm, WebformulierForm
from .models import Bijlage, Inzending

logger = logging.getLogger(__name__)


def _limiet_sleutel(request) -> str:
    adres = adres_van(request)
    return "webformulier:" + hashlib.sha256((settings.SECRET_KEY + adres).encode()).hexdigest()[:24]


def _te_veel(request) -> bool:
    """At most KCC_WEBFORMULIER_PER_UUR *stored* questions per address per hour (counted in
    Redis; the address itself is not stored, only a hash). A form sent back with an error
    counts for nothing: a resident who mistypes her e-mail address three times is not
    refused."""
    try:
        return int(cache.get(_limiet_sleutel(request)) or 0) >= settings.KCC_WEBFORMULIER_PER_UUR
    except Exception:
        return False


def _opgeslagen_tellen(request) -> None:
    sleutel = _limiet_sleutel(request)
    # the cache away: the question is stored all the same, only not counted
    with contextlib.suppress(Exception):
        if not cache.add(sleutel, 1, 3600):
            cache.incr(sleutel)


@login_not_required
@require_http_methods(["GET", "POST"])
def webformulier(request):
    """nijmegen.nl/contact — public, no login, works without JavaScript."""
    onderwerpen = sorted(catalogus().actieve_onderwerpen(), key=lambda o: o.naam)
    form = WebformulierForm(request.POST or None, onderwerpen=onderwerpen)
    status = 200
    if request.method == "POST":
        if request.POST.get("website"):
            # a robot filled in the hidden field: thank it, store nothing
            return publiek_tonen(request, "channels/ontvangen.html", {"robot": True})
        if eerder := services.eerdere_inzending(request.POST.get("sleutel", "")):
            # the same form sent again (a double click, a retry): the first one's confirmation,
            # also when this address has reached its limit meanwhile
            return redirect(reverse("publiek:ontvangen", args=[eerder.token]))
        if _te_veel(request):
            # only the limit, never together with field errors: the form keeps what was
            # typed, unchecked
            form = WebformulierForm(initial=request.POST.dict(), onderwerpen=onderwerpen)
            return publiek_tonen(
                request, "channels/webformulier.html", {"form": form, "te_veel": True}, status=429
            )
        # public answers that may already answer the question: shown once, nothing sent
        if (
            form.is_valid()
            and not request.POST.get("antwoorden_gezien")
            and (antwoorden := _publieke_antwoorden(form.cleaned_data["vraag"]))
        ):
            return publiek_tonen(
                request, "channels/webformulier.html", {"form": form, "antwoorden": antwoorden}
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                inzending, nieuw = services.webformulier_ontvangen(
                    services.Webformulier(
                        sleutel=data["sleutel"],
                        naam=data["naam"],
                        telefoonnummer=data["telefoonnummer"],
                        email=data["email"],
                        vraag=data["vraag"],
                        onderwerp=data["onderwerp"],
                        wil_teruggebeld=data["contactwijze"] == "telefoon",
                        taal=(get_language() or "nl")[:2],
                    )
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                if nieuw:
                    _opgeslagen_tellen(request)
                return redirect(reverse("publiek:ontvangen", args=[inzending.token]))
        status = 400
    return publiek_tonen(request, "channels/webformulier.html", {"form": form}, status=status)


def _publieke_antwoorden(vraag: str) -> list:
    """Matching public answers from the knowledge base (a layer above: named in the
    settings, ``KCC_WEBFORMULIER_ANTWOORDEN``; empty when none is set). Title, summary and
    public address only."""
    if not settings.KCC_WEBFORMULIER_ANTWOORDEN:
        return []
    try:
        return import_string(settings.KCC_WEBFORMULIER_ANTWOORDEN)(vraag)
    except Exception:  # the form must work whatever the knowledge base does
        logger.exception("webformulier.antwoorden_mislukt")
        return []


@login_not_required
@require_GET
def ontvangen(request, token):
    inzending = Inzending.objects.select_related("terugbelverzoek").filter(token=token).first()
    if inzending is None:
        raise Http404
    return publiek_tonen(
        request,
        "channels/ontvangen.html",
        {"inzending": inzending, "uiterlijk": services.antwoord_uiterlijk(inzending)},
    )


@login_not_required
@require_POST
def vragenlijst_antwoord(request, token):
    """The confirmation page's "may we send you one question afterwards?"."""
    services.vragenlijst_antwoord_vastleggen(token=token, ja=request.POST.get("ja") == "1")
    return redirect(reverse("publiek:ontvangen", args=[token]))


@require_GET
def te_koppelen(request):
    require_serves_public(request.user)
    return render(
        request,
        "channels/te_koppelen.html",
        {"contactmomenten": selectors.te_koppelen(request.user), "form": KoppelForm()},
    )


@require_POST
def koppelen(request, pk):
    """Links a waiting contact to the Nijmegenaar found by what the agent typed; only when
    the search finds exactly one."""
    require_serves_public(request.user)
    form = KoppelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type a BSN, phone number or e-mail address."))
        return redirect("channels:te-koppelen")
    _key, gevonden = contact_selectors.zoek(request.user, form.cleaned_data["zoek"])
    if len(gevonden) != 1:
        messages.error(
            request,
            _(
                "Found %(n)d Nijmegenaren with that. Type something that "
                "fits exactly one: a BSN, phone number or e-mail address."
            )
            % {"n": len(gevonden)},
        )
        return redirect("channels:te-koppelen")
    partij = Partij.objects.get(pk=gevonden[0].id)
    try:
        services.contactmoment_koppelen(
            contactmoment_id=pk, partij=partij, door=request.user, herkomst=herkomst_van(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("channels:te-koppelen")
    messages.success(
        request,
        _("Linked to %(naam)s. The contact is in their history now.")
        % {"naam": partij.weergavenaam},
    )
    return redirect("channels:te-koppelen")


# --- phone ------------------------------------------------------------------------------


def _token_fout(request, token: str, uit: str):
    """None when the request carries the platform's bearer token; else the JSON answer:
    503 when the link is off (no token configured), 401 for a wrong token."""
    if not token:
        return JsonResponse({"fout": uit}, status=503)
    schema, _spatie, gegeven = request.headers.get("Authorization", "").partition(" ")
    # only "Bearer <token>" (RFC 6750); the bare token is refused like a wrong one
    if schema != "Bearer" or not hmac.compare_digest(gegeven.strip().encode(), token.encode()):
        return JsonResponse({"fout": "Ongeldig token."}, status=401)
    return None


@require_GET
def oproep(request):
    """Polled by the agent's browser: 204 when there is no new call for this agent."""
    try:
        na = int(request.GET.get("na", "0"))
    except ValueError:
        na = 0
    # the usual answer costs one Redis read after the session: no new call
    gesprek = telefonie.nieuwe_oproep(request.user, na)
    if gesprek is None or not serves_public(request.user):
        return HttpResponse(status=204)
    treffers = []
    if gesprek.nummer:
        _key, treffers = contact_selectors.zoek(request.user, gesprek.nummer)
    # the klantbeeld open on the agent's screen: does it belong to this caller?
    open_id = request.GET.get("partij", "")
    open_partij = (
        Partij.objects.filter(pk=int(open_id))
        .only("soort", "voornamen", "voorvoegsel", "geslachtsnaam", "naam")
        .first()
        if open_id.isdigit()
        else None
    )
    return render(
        request,
        "channels/oproep.html",
        {
            "gesprek": gesprek,
            "treffers": treffers,
            "open_partij": open_partij,
            "open_hoort_bij": open_partij is not None
            and any(t.id == open_partij.id for t in treffers),
        },
    )


# --- post and e-mail -----------------------------------------------------------------------


def _lees(upload) -> bytes:
    """The uploaded file's content, at most one byte over the limit (then refused)."""
    return upload.read(settings.KCC_BIJLAGE_MAX_MB * 1024 * 1024 + 1)


@require_http_methods(["GET", "POST"])
def brief_registreren(request):
    """Register a letter: date of receipt, sender, subject, summary and the scan."""
    require_serves_public(request.user)
    onderwerpen = sorted(catalogus().actieve_onderwerpen(), key=lambda o: o.naam)
    form = BriefForm(request.POST or None, request.FILES or None, onderwerpen=onderwerpen)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partij = None
        if data["zoek"].strip():
            _key, gevonden = contact_selectors.zoek(request.user, data["zoek"])
            if len(gevonden) == 1:
                partij = Partij.objects.get(pk=gevonden[0].id)
            else:
                form.add_error(
                    "zoek",
                    _(
                        "Found %(n)d Nijmegenaren with that. Type something "
                        "that fits exactly one, or leave it empty."
                    )
                    % {"n": len(gevonden)},
                )
        eerder = None
        if data["kenmerk"].strip():
            eerder = selectors.contact_bij_kenmerk(request.user, data["kenmerk"])
            if eerder is None:
                form.add_error(
                    "kenmerk", _("We know no earlier contact with this reference that you may see.")
                )
            elif partij is None and not form.has_error("zoek"):
                partij = eerder.partij  # the sender is the one we gave the number
            elif partij is not None and partij.id != eerder.partij_id:
                form.add_error(
                    "kenmerk", _("This reference belongs to someone else than the sender.")
                )
        zaak = None
        if data["zaaknummer"].strip():
            zaak = (
                Zaak.objects.visible_to(request.user)
                .filter(identificatie__iexact=data["zaaknummer"].strip())
                .first()
            )
            if zaak is None:
                form.add_error(
                    "zaaknummer", _("There is no case with this number that you may see.")
                )
        if not form.errors:
            try:
                cm = services.brief_registreren(
                    zaak=zaak,
                    vervolg_op=eerder,
                    door=request.user,
                    ontvangen=data["ontvangen"],
                    onderwerp=data["onderwerp"],
                    samenvatting=data["samenvatting"],
                    partij=partij,
                    afzender=data["afzender"],
                    scans=[(data["scan"].name, _lees(data["scan"]))],
                    herkomst=herkomst_van(request),
                    sleutel=data.get("sleutel"),
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                if partij and eerder:
                    messages.success(
                        request,
                        _(
                            "Letter %(ref)s registered in the history of %(naam)s, with the "
                            "question of %(datum)s."
                        )
                        % {
                            "naam": partij.weergavenaam,
                            "ref": brief_referentie(cm.id, cm.tijdstip),
                            "datum": datum(eerder.tijdstip),
                        },
                    )
                elif partij:
                    messages.success(
                        request,
                        _("Letter %(ref)s registered in the history of %(naam)s.")
                        % {
                            "naam": partij.weergavenaam,
                            "ref": brief_referentie(cm.id, cm.tijdstip),
                        },
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Letter %(ref)s registered. It waits in 'te koppelen' until someone "
                            "links it."
                        )
                        % {"ref": brief_referentie(cm.id, cm.tijdstip)},
                    )
                return redirect("channels:brief")
    return render(
        request,
        "channels/brief.html",
        {"form": form, "onderwerpen": onderwerpen},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def eml_uploaden(request):
    """An e-mail that came in elsewhere (a department's mailbox), as an .eml file."""
    require_serves_public(request.user)
    form = EmlForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            cm, nieuw, geweigerd = services.email_ontvangen(
                _lees(form.cleaned_data["bestand"]),
                door=request.user,
                herkomst=herkomst_van(request),
            )
        except ValidationError as exc:
            form.add_error("bestand", exc.messages)
        else:
            for reden in geweigerd:
                messages.warning(request, reden)
            if not nieuw:
                messages.info(request, _("This e-mail was registered before. Nothing added."))
            elif cm.partij_id:
                messages.success(
                    request,
                    _("E-mail registered in the history of %(naam)s.")
                    % {"naam": cm.partij.weergavenaam},
                )
            else:
                messages.success(request, _("E-mail registered. It waits in 'te koppelen'."))
            return redirect("channels:eml")
    return render(request, "channels/eml.html", {"form": form}, status=400 if form.errors else 200)


@csrf_exempt
@login_not_required
@require_POST
def email_inkomend(request):
    """Inbound e-mail as mail providers post it: the raw message as the body
    (``message/rfc822``) or as the multipart field ``message``; bearer token."""
    if fout := _token_fout(request, settings.KCC_EMAIL_TOKEN, "Inkomende e-mail staat uit."):
        return fout
    if request.FILES.get("message"):
        raw = _lees(request.FILES["message"])
    elif request.content_type == "multipart/form-data":
        raw = request.POST.get("message", "").encode()
    else:
        raw = request.body
    try:
        cm, nieuw, geweigerd = services.email_ontvangen(raw)
    except ValidationError as exc:
        return JsonResponse({"fout": " ".join(exc.messages)}, status=400)
    return JsonResponse(
        {"contactmoment": cm.id, "nieuw": nieuw, "geweigerd": geweigerd},
        status=201 if nieuw else 200,
    )


@require_GET
def bijlage(request, pk):
    """A scan or attachment, only for users who see its contact moment in full."""

    require_serves_public(request.user)
    item = (
        Bijlage.objects.filter(
            pk=pk,
            contactmoment__in=Contactmoment.objects.visible_to(request.user)
            .filter(niveau=2)
            .values("id"),
        )
        .select_related("contactmoment__partij")
        .first()
    )
    if item is None:
        raise Http404
    toegang_loggen(
        door=request.user,
        herkomst=herkomst_van(request),
        handeling=Toegangslog.Handeling.CONTACTMOMENT_VOLLEDIG,
        partij=item.contactmoment.partij,
        object_type="bijlage",
        object_id=item.id,
        doel=_("Reading a letter or attachment"),
    )
    return FileResponse(
        bestanden.openen(item),
        content_type=item.soort,
        as_attachment=True,
        filename=item.naam,
    )
