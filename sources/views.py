"""The webhook the Notificaties API posts to. Authenticated by the secret our abonnement
gave it; the notification is stored first and processed by Celery after the commit."""

import hashlib
import hmac
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import telefonie
from .models import Notificatie
from .tasks import notificatie_verwerken

VERPLICHT = ("kanaal", "hoofdObject", "resource", "resourceUrl", "actie", "aanmaakdatum")


def _probleem(status: int, titel: str, detail: str, **extra) -> JsonResponse:
    return JsonResponse(
        {"type": "about:blank", "title": titel, "status": status, "detail": detail, **extra},
        status=status,
        content_type="application/problem+json",
    )


def _geldig(gegeven: str) -> bool:
    token = settings.KCC_NOTIFICATIES_TOKEN
    if not token:
        return False
    return any(
        hmac.compare_digest(gegeven.encode(), f"{schema} {token}".encode())
        for schema in ("Token", "Bearer")
    )


@csrf_exempt
@login_not_required
@require_POST
def notificatie_ontvangen(request):
    if not _geldig(request.headers.get("Authorization", "")):
        return _probleem(403, "Geen toegang", "Deze afzender is niet bekend bij het KCC.")
    try:
        data = json.loads(request.body or b"")
        if not isinstance(data, dict):
            raise ValueError
    except ValueError:
        return _probleem(400, "Ongeldige notificatie", "De inhoud is geen JSON-object.")
    ontbreekt = [v for v in VERPLICHT if not isinstance(data.get(v), str) or not data.get(v)]
    aanmaakdatum = parse_datetime(data.get("aanmaakdatum") or "") if not ontbreekt else None
    if ontbreekt or aanmaakdatum is None:
        velden = ontbreekt or ["aanmaakdatum"]
        return _probleem(
            400,
            "Ongeldige notificatie",
            "Deze velden ontbreken of kloppen niet: " + ", ".join(velden) + ".",
            invalidParams=[{"name": v, "code": "invalid"} for v in velden],
        )
    sleutel = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    with transaction.atomic():
        notificatie, nieuw = Notificatie.objects.get_or_create(
            sleutel=sleutel,
            defaults={
                "kanaal": data["kanaal"][:50],
                "hoofd_object": data["hoofdObject"][:1000],
                "resource": data["resource"][:100],
                "resource_url": data["resourceUrl"][:1000],
                "actie": data["actie"][:100],
                "aanmaakdatum": aanmaakdatum,
                "kenmerken": data.get("kenmerken")
                if isinstance(data.get("kenmerken"), dict)
                else {},
            },
        )
        if nieuw:
            transaction.on_commit(lambda: notificatie_verwerken.delay(notificatie.id))
    return HttpResponse(status=204)


@csrf_exempt
@login_not_required
@require_POST
def telefonie_gebeurtenissen(request):
    """The telephony platform's events (``sources.telefonie``): one object or a list, JSON, or
    Zammad's form-encoded CTI call. ``Authorization: Bearer <KCC_TELEFONIE_TOKEN>`` or an
    HMAC of the body in ``X-KCC-Signature``."""
    token = settings.KCC_TELEFONIE_TOKEN
    if not token and not settings.KCC_TELEFONIE_HMAC_SLEUTEL:
        return _probleem(503, "Uit", "De koppeling met de telefooncentrale staat uit.")
    schema, _spatie, gegeven = request.headers.get("Authorization", "").partition(" ")
    met_token = (
        bool(token)
        and schema == "Bearer"
        and hmac.compare_digest(gegeven.strip().encode(), token.encode())
    )
    if not met_token and not telefonie.handtekening_klopt(
        request.body, request.headers.get("X-KCC-Signature", "")
    ):
        return _probleem(401, "Niet aangemeld", "Ongeldig token of ongeldige handtekening.")
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        data = {k: v if len(v) > 1 else v[0] for k, v in request.POST.lists()}
    else:
        try:
            data = json.loads(request.body or b"null")
        except ValueError:
            return _probleem(400, "Ongeldige invoer", "De inhoud is geen JSON.")
    lijst = data if isinstance(data, list) else [data]
    try:
        gebeurtenissen = [telefonie.lezen(g, nr) for nr, g in enumerate(lijst, start=1)]
        uitkomst = telefonie.opslaan(gebeurtenissen)
    except ValidationError as exc:
        return _probleem(400, "Ongeldige invoer", " ".join(exc.messages))
    return JsonResponse(
        {"ontvangen": uitkomst.ontvangen, "nieuw": uitkomst.nieuw},
        status=201 if uitkomst.nieuw else 200,
    )


@csrf_exempt
@login_not_required
@require_POST
def telefonie_gebeurtenis(request):
    """The older caller-id events (``call_started`` / ``call_ended``), part of the same
    adapter (``sources.telefonie.caller_id_melding``): ``Authorization: Bearer
    <KCC_TELEFONIE_TOKEN>``; answers as it always did."""
    token = settings.KCC_TELEFONIE_TOKEN
    if not token:
        return JsonResponse({"fout": "De koppeling met de telefooncentrale staat uit."}, status=503)
    schema, _spatie, gegeven = request.headers.get("Authorization", "").partition(" ")
    # only "Bearer <token>" (RFC 6750); the bare token is refused like a wrong one
    if schema != "Bearer" or not hmac.compare_digest(gegeven.strip().encode(), token.encode()):
        return JsonResponse({"fout": "Ongeldig token."}, status=401)
    try:
        data = json.loads(request.body or b"{}")
        if not isinstance(data, dict):
            raise ValueError
    except ValueError:
        return JsonResponse({"fout": "De inhoud is geen JSON-object."}, status=400)
    try:
        antwoord, nieuw = telefonie.caller_id_melding(data)
    except ValidationError as exc:
        return JsonResponse({"fout": " ".join(exc.messages)}, status=400)
    return JsonResponse(antwoord, status=201 if nieuw else 200)
