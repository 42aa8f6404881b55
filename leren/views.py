"""The public survey page: no log-in, a token that means only this one question."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contacts.models import Partij
from contacts.services import vragenlijst_toestemming_vastleggen
from permissions.accesslog import herkomst_van
from permissions.visibility import serves_public

from . import services
from .forms import VragenlijstForm


def _publiek(request, context, status=200):
    context = {
        **context,
        "url_nl": translate_url(request.path, "nl"),
        "url_en": translate_url(request.path, "en"),
    }
    return render(request, "leren/vragenlijst.html", context, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def vragenlijst(request, token):
    try:
        services.uitnodiging_bij_token(token)
    except services.NietMogelijk as e:
        return _publiek(request, {"niet": e.soort}, status=404 if e.soort == "onbekend" else 410)
    form = VragenlijstForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.antwoord_opslaan(token=token, data=form.cleaned_data)
        except services.NietMogelijk as e:
            return _publiek(request, {"niet": e.soort}, status=410)
        except ValidationError as e:
            for veld, fouten in e.message_dict.items():
                form.add_error(veld if veld in form.fields else None, fouten)
        else:
            return _publiek(request, {"bedankt": True})
    return _publiek(request, {"form": form}, status=400 if form.errors else 200)


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
