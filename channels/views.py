import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts import selectors as contact_selectors
from contacts.catalogue import catalogus
from contacts.models import Partij
from permissions.accesslog import log_toegang
from permissions.models import Toegangslog
from permissions.visibility import serves_public

from . import services
from .forms import KoppelForm, WebformulierForm
from .models import Inzending


def _publiek(request, template, context, status=200):
    """Renders a public page with the links to the same page in the other language."""
    context = {**context, "url_nl": translate_url(request.path, "nl"),
               "url_en": translate_url(request.path, "en")}
    return render(request, template, context, status=status)


def _te_veel(request) -> bool:
    """At most KCC_WEBFORMULIER_PER_UUR forms per address per hour (counted in Redis; the
    address itself is not stored, only a hash)."""
    adres = request.META.get("REMOTE_ADDR", "")
    key = "webformulier:" + hashlib.sha256(
        (settings.SECRET_KEY + adres).encode()).hexdigest()[:24]
    try:
        if cache.add(key, 1, 3600):
            return False
        return cache.incr(key) > settings.KCC_WEBFORMULIER_PER_UUR
    except Exception:
        return False


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
            return _publiek(request, "channels/ontvangen.html", {"robot": True})
        if _te_veel(request):
            return _publiek(request, "channels/webformulier.html", {
                "form": form, "te_veel": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inzending, _nieuw = services.webformulier_ontvangen(services.Webformulier(
                    sleutel=data["sleutel"], naam=data["naam"],
                    telefoonnummer=data["telefoonnummer"], email=data["email"],
                    vraag=data["vraag"], onderwerp=data["onderwerp"],
                    wil_teruggebeld=data["contactwijze"] == "telefoon",
                    taal=(get_language() or "nl")[:2]))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect(reverse("publiek:ontvangen", args=[inzending.token]))
        status = 400
    return _publiek(request, "channels/webformulier.html", {"form": form}, status=status)


@login_not_required
@require_GET
def ontvangen(request, token):
    inzending = (Inzending.objects.select_related("terugbelverzoek")
                 .filter(token=token).first())
    if inzending is None:
        raise Http404
    return _publiek(request, "channels/ontvangen.html", {
        "inzending": inzending, "uiterlijk": services.antwoord_uiterlijk(inzending)})


def _require_public_role(user):
    if not serves_public(user):
        raise PermissionDenied


@require_GET
def te_koppelen(request):
    _require_public_role(request.user)
    return render(request, "channels/te_koppelen.html", {
        "contactmomenten": services.te_koppelen(request.user), "form": KoppelForm()})


@require_POST
def koppelen(request, pk):
    """Links a waiting contact to the Nijmegenaar found by what the agent typed; only when
    the search finds exactly one."""
    _require_public_role(request.user)
    form = KoppelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type a BSN, phone number or e-mail address."))
        return redirect("channels:te-koppelen")
    _key, gevonden = contact_selectors.zoek(request.user, form.cleaned_data["zoek"])
    if len(gevonden) != 1:
        messages.error(request, _("Found %(n)d Nijmegenaren with that. Type something that "
                                  "fits exactly one: a BSN, phone number or e-mail address.")
                       % {"n": len(gevonden)})
        return redirect("channels:te-koppelen")
    partij = Partij.objects.get(pk=gevonden[0].id)
    try:
        cm = services.koppelen(contactmoment_id=pk, partij=partij, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("channels:te-koppelen")
    log_toegang(request=request, handeling=Toegangslog.Handeling.GEKOPPELD, partij=partij,
                object_type="contactmoment", object_id=cm.id,
                doel=_("Linking a contact to the Nijmegenaar"))
    messages.success(request, _("Linked to %(naam)s. The contact is in their history now.")
                     % {"naam": partij.weergavenaam})
    return redirect("channels:te-koppelen")
