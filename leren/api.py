"""Klantsignalen from partners (a Stip, the Informatiepunt Digitale Overheid):
``POST /signalen/api/`` with ``Authorization: Token <key>`` (made with ``manage.py
signaalpartner``) and JSON ``{"signalen": [{"kenmerk": "stip-oost-118", "tekst": …,
"categorie": "brief", "afdeling": "wmo"}]}`` or CSV with those columns. Each row is checked;
a kenmerk sent before is not stored twice. No personal details: a text with a BSN is
refused."""

import csv
import io
import json

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import signalen

MAX_RIJEN = 1_000


def _sleutel(request) -> str:
    schema, _spatie, sleutel = request.headers.get("Authorization", "").partition(" ")
    return sleutel.strip() if schema.lower() == "token" else ""


def _regels(request) -> list[dict]:
    if request.content_type == "text/csv":
        tekst = request.body.decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(tekst[:2000], delimiters=";,")
        return list(csv.DictReader(io.StringIO(tekst), dialect=dialect))
    data = json.loads(request.body)
    regels = data.get("signalen") if isinstance(data, dict) else None
    if not isinstance(regels, list) or not all(isinstance(r, dict) for r in regels):
        raise ValueError("signalen ontbreekt")
    return regels


@csrf_exempt
@login_not_required
@require_POST
def signalen_ontvangen(request):
    partner = signalen.partner_bij_sleutel(_sleutel(request))
    if partner is None:
        return JsonResponse({"fout": "geen geldige sleutel"}, status=401)
    try:
        regels = _regels(request)
    except (ValueError, UnicodeDecodeError, csv.Error):
        return JsonResponse({"fout": "stuur JSON met 'signalen' of text/csv"}, status=400)
    if len(regels) > MAX_RIJEN:
        return JsonResponse({"fout": f"stuur hoogstens {MAX_RIJEN} signalen per keer"}, status=413)
    return JsonResponse(
        signalen.partner_signalen_opnemen(partner=partner, regels=regels), status=201
    )
