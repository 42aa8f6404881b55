"""The klantreis across channels: a contact put into another question of the same
Nijmegenaar after it was recorded, or taken out as a question of its own."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts import services as contact_services
from contacts.models import Contactmoment
from permissions.accesslog import Regel, herkomst_van, toegangen_loggen
from permissions.models import Niveau, Toegangslog
from permissions.visibility import require_serves_public

from . import selectors


@require_http_methods(["GET", "POST"])
def klantreis_wijzigen(request, pk):
    """GET: the form (loaded on request): the person's other questions, or "a question of
    its own". POST: the change; the history comes back with the contact open, and the
    questions panel with it."""
    require_serves_public(request.user)
    cm = get_object_or_404(
        Contactmoment.objects.visible_to(request.user).filter(
            partij__isnull=False, niveau=Niveau.FULL
        ),
        pk=pk,
    )
    keuzes = selectors.andere_vragen(request.user, cm)
    context = {"cm_id": cm.id, "keuzes": keuzes, "fout": ""}
    if request.method == "GET":
        return render(request, "klantbeeld/klantreis.html#klantreis-form", context)
    naar = request.POST.get("naar", "")
    try:
        contact_services.klantreis_wijzigen(
            contactmoment_id=cm.id,
            naar_id=int(naar) if naar.isdigit() else None,
            door=request.user,
            herkomst=herkomst_van(request),
        )
    except ValidationError as exc:
        context["fout"] = " ".join(exc.messages)
        if not request.htmx:
            return redirect(reverse("klantbeeld:klantbeeld", args=[cm.partij_id]))
        # the form comes back where it was, with the message (not in place of the history)
        response = render(request, "klantbeeld/klantreis.html#klantreis-form", context)
        response["HX-Retarget"] = f"#klantreis-{cm.id}"
        response["HX-Reswap"] = "innerHTML"
        return response
    if not request.htmx:
        return redirect(reverse("klantbeeld:klantbeeld", args=[cm.partij_id]))
    rows, cursor = selectors.tijdlijn(request.user, cm.partij_id, selectors.Filters())
    toegangen_loggen(
        door=request.user,
        herkomst=herkomst_van(request),
        partij=cm.partij,
        doel=_("Changing the question a contact belongs to"),
        regels=[
            Regel(Toegangslog.Handeling.CONTACTMOMENT_VOLLEDIG, "contactmoment", r.id, r.niveau)
            for r in rows
            if r.volledig
        ],
    )
    return render(
        request,
        "klantbeeld/klantreis.html#na-wijziging",
        {
            "rows": rows,
            "cursor": cursor,
            "filter_query": "",
            "partij": cm.partij,
            "tijdlijn_open_id": cm.id,
            "klantreizen": selectors.klantreizen(request.user, cm.partij_id),
        },
    )
