"""The public survey page: no log-in, a token that means only this one question."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.selectors import lopende_zaken
from channels.models import Afspraak
from contacts.models import Partij
from contacts.services import vragenlijst_toestemming_vastleggen
from core import csvveilig
from core.publiek import publiek_tonen
from permissions import roles
from permissions.accesslog import herkomst_van
from permissions.visibility import serves_public

from . import klachten, services, signalen
from .forms import (
    AfhandelenForm,
    HorenForm,
    KlachtForm,
    SignaalForm,
    SignaalStatusForm,
    VragenlijstForm,
)
from .models import Klacht, Signaal

VRAGENLIJST = "leren/vragenlijst.html"


@login_not_required
@require_http_methods(["GET", "POST"])
def vragenlijst(request, token):
    try:
        services.uitnodiging_bij_token(token)
    except services.NietMogelijk as e:
        return publiek_tonen(
            request,
            VRAGENLIJST,
            {"niet": e.soort},
            status=404 if e.soort == "onbekend" else 410,
        )
    form = VragenlijstForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.antwoord_opslaan(token=token, data=form.cleaned_data)
        except services.NietMogelijk as e:
            return publiek_tonen(request, VRAGENLIJST, {"niet": e.soort}, status=410)
        except ValidationError as e:
            for veld, fouten in e.message_dict.items():
                form.add_error(veld if veld in form.fields else None, fouten)
        else:
            return publiek_tonen(request, VRAGENLIJST, {"bedankt": True})
    return publiek_tonen(request, VRAGENLIJST, {"form": form}, status=400 if form.errors else 200)


@require_POST
def toestemming(request, pk):
    """The klantbeeld: "mogen we u na afloop één vraag sturen?" answered during the contact."""
    if not serves_public(request.user) or not Partij.objects.filter(pk=pk).exists():
        raise Http404
    ja = request.POST.get("ja") == "1"
    vragenlijst_toestemming_vastleggen(
        partij_id=pk, ja=ja, door=request.user, herkomst=herkomst_van(request)
    )
    messages.success(
        request,
        _("Recorded: one question after the contact.")
        if ja
        else _("Recorded: no question after a contact."),
    )
    return redirect("klantbeeld:klantbeeld", pk)


@login_not_required
@require_GET
def kort(request, code):
    """The short link on the desk's note: on to the survey."""
    token = services.token_bij_code(code)
    if token is None:
        return publiek_tonen(request, VRAGENLIJST, {"niet": "onbekend"}, status=404)
    return redirect("leren-publiek:vragenlijst", token)


@require_GET
def briefje(request, pk):
    """The note for the visitor: the appointment, and after the visit one question (a short
    link and a QR code). Printed from the browser."""
    if not serves_public(request.user):
        raise Http404
    try:
        afspraak, uitnodiging = services.briefje(door=request.user, afspraak_id=pk)
    except Afspraak.DoesNotExist:
        raise Http404 from None
    link = qr = ""
    if uitnodiging is not None:
        link = settings.KCC_BASIS_URL + reverse("leren-publiek:kort", args=[uitnodiging.code])
        qr = segno.make(link, error="m").svg_inline(scale=4, title=_("QR code to the question"))
    return render(
        request,
        "leren/briefje.html",
        {"afspraak": afspraak, "uitnodiging": uitnodiging, "link": link, "qr": mark_safe(qr)},  # noqa: S308 (segno's own SVG)
    )


# --- complaints ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def klacht_vastleggen(request, pk):
    """A complaint taken during any contact, from the klantbeeld."""
    if not serves_public(request.user):
        raise Http404
    partij = get_object_or_404(Partij, pk=pk)
    zaken = lopende_zaken(request.user, partij.id)
    form = KlachtForm(request.POST or None, zaken=zaken)
    if request.method == "POST" and form.is_valid():
        try:
            klacht = klachten.klacht_registreren(
                door=request.user,
                partij=partij,
                herkomst=herkomst_van(request),
                **form.cleaned_data,
            )
        except ValidationError as e:
            form.add_error(None, e.messages)
        else:
            messages.success(
                request,
                _("The complaint is recorded (%(ref)s).") % {"ref": klacht}
                if klacht.status != Klacht.Status.INFORMEEL
                else _("The complaint is recorded as resolved on the spot."),
            )
            return redirect("klantbeeld:klantbeeld", pk)
    return render(request, "leren/klacht.html", {"form": form, "partij": partij})


@require_GET
def klachten_lijst(request):
    if not klachten.mag_klachten_behandelen(request.user):
        raise PermissionDenied
    return render(
        request,
        "leren/klachten.html",
        {
            "klachten": list(klachten.open_klachten(request.user)[:200]),
            "form": AfhandelenForm(),
            "vandaag": timezone.localdate(),
        },
    )


def _klacht_actie(request, form, fout: str, actie, gelukt: str):
    """A handler's action on a complaint: the form checked, the service called, the list
    again with what happened (the service's own reason when it refuses)."""
    if form is not None and not form.is_valid():
        messages.error(request, fout)
        return redirect("leren:klachten")
    try:
        actie(**(form.cleaned_data if form is not None else {}))
    except ValidationError as e:
        for melding in e.messages:
            messages.error(request, melding)
    else:
        messages.success(request, gelukt)
    return redirect("leren:klachten")


@require_POST
def klacht_afhandelen(request, pk):
    return _klacht_actie(
        request, AfhandelenForm(request.POST),
        _("Choose the conclusion and write down its reasons."),
        lambda **d: klachten.klacht_afhandelen(door=request.user, klacht_id=pk, **d),
        _("The complaint is handled."),
    )  # fmt: skip


@require_POST
def klacht_horen(request, pk):
    return _klacht_actie(
        request, HorenForm(request.POST), _("Fill in a valid date, for example 3-12-2026."),
        lambda **d: klachten.klacht_horen(door=request.user, klacht_id=pk, **d),
        _("The hearing is recorded."),
    )  # fmt: skip


@require_POST
def klacht_verdagen(request, pk):
    weken = request.POST.get("weken", "")
    return _klacht_actie(
        request, None, "",
        lambda: klachten.termijn_verdagen(
            door=request.user, klacht_id=pk, weken=int(weken) if weken.isdigit() else 0
        ),
        _("The term is extended. Tell the complainant, with the reason."),
    )  # fmt: skip


@require_GET
def klachtenregister(request):
    """The yearly register (Awb 9:12a) as CSV: counts per department, no persons."""
    ziet_cijfers = bool(roles.role_names(request.user) & {roles.TEAMLEIDER, roles.MANAGEMENT})
    if not (klachten.mag_klachten_behandelen(request.user) or ziet_cijfers):
        raise PermissionDenied
    jaar = request.GET.get("jaar", "")
    jaar = int(jaar) if jaar.isdigit() else timezone.localdate().year
    antwoord = HttpResponse(content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="klachtenregister-{jaar}.csv"'
    schrijver = csvveilig.schrijver(antwoord, delimiter=";")
    schrijver.writerow(
        [_("department"), _("received"), _("resolved on the spot"), _("handled"),
         _("handled within the term"), _("still open"), _("(partly) justified")]
    )  # fmt: skip
    for r in klachten.jaarregister(jaar):
        schrijver.writerow(
            [r["over_afdeling__naam"], r["ontvangen"], r["informeel"], r["afgehandeld"],
             r["binnen_termijn"], r["open"], r["gegrond"]]
        )  # fmt: skip
    schrijver.writerow([])
    schrijver.writerow([_("category"), _("received"), _("resolved on the spot"),
                        _("(partly) justified")])  # fmt: skip
    for r in klachten.jaarregister_per_categorie(jaar):
        schrijver.writerow([r["naam"], r["ontvangen"], r["informeel"], r["gegrond"]])
    return antwoord


# --- klantsignalen ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signaal_melden(request):
    if not serves_public(request.user):
        raise PermissionDenied
    form = SignaalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signalen.signaal_melden(door=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you: the signal goes to the department that owns it."))
        return redirect("home")
    return render(
        request,
        "leren/signaal.html",
        {"form": form, "eigen": list(signalen.eigen_signalen(request.user))},
    )


@require_GET
def signalen_lijst(request):
    qs = signalen.zichtbaar(request.user)
    if not (roles.role_names(request.user) & {roles.TEAMLEIDER, roles.MANAGEMENT}):
        raise PermissionDenied
    return render(
        request,
        "leren/signalen.html",
        {
            "signalen": list(
                qs.select_related("afdeling", "onderwerp", "actie_eigenaar__user")[:200]
            ),
            "statussen": Signaal.Status.choices,
            "medewerkers": list(
                SignaalStatusForm(afdeling_ids=signalen.afdelingen_van(request.user))
                .fields["actie_eigenaar"]
                .queryset.select_related("user")
                .order_by("user__last_name")
            ),
            "vandaag": timezone.localdate(),
        },
    )


@require_POST
def signaal_bijwerken(request, pk):
    form = SignaalStatusForm(request.POST, afdeling_ids=signalen.afdelingen_van(request.user))
    if form.is_valid():
        try:
            signalen.signaal_bijwerken(door=request.user, signaal_id=pk, **form.cleaned_data)
        except ValidationError as e:
            for melding in e.messages:
                messages.error(request, melding)
        except Signaal.DoesNotExist:
            raise Http404 from None
        else:
            messages.success(request, _("The signal is updated."))
    else:
        messages.error(request, _("Choose a colleague from the list and a valid date."))
    return redirect("leren:signalen")
