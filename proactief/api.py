"""The list of candidates sent by the regeling's own system instead of uploaded on the page:
``POST /proactief/campagnes/<id>/api/kandidaten/`` with ``Authorization: Token <key>`` (made
by the campaign's owner on its page) and a body of JSON (``{"kandidaten": [{"bsn": …,
"signaal": …, "waarde": …, "datum": "2026-11-01", "bron": …}]}``) or CSV (``text/csv``, the
page's format). The same import as the page: each row checked, refused rows answered with
their reason, a row already on the list a duplicate — so a list sent in parts, or again
after a break, ends up complete and single. Recorded as taken in by the campaign's owner."""

import io
import json

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import services

MAX_RIJEN = 10_000  # per request: send a longer list in parts


def _sleutel(request) -> str:
    schema, _spatie, sleutel = request.headers.get("Authorization", "").partition(" ")
    return sleutel.strip() if schema.lower() == "token" else ""


def _regels(request) -> list[dict]:
    if request.content_type == "text/csv":
        return list(services.csv_regels(io.BytesIO(request.body)))
    data = json.loads(request.body)
    regels = data.get("kandidaten") if isinstance(data, dict) else None
    if not isinstance(regels, list) or not all(isinstance(r, dict) for r in regels):
        raise ValueError("kandidaten ontbreekt")
    return [{k: str(v) if v is not None else "" for k, v in r.items()} for r in regels]


@csrf_exempt
@login_not_required
@require_POST
def kandidaten(request, pk):
    campagne = services.campagne_bij_sleutel(pk, _sleutel(request))
    if campagne is None:
        return JsonResponse({"fout": "geen geldige sleutel voor deze campagne"}, status=401)
    try:
        regels = _regels(request)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"fout": "stuur JSON met 'kandidaten' of text/csv"}, status=400)
    except ValidationError as e:
        return JsonResponse({"fout": e.messages[0]}, status=400)
    if len(regels) > MAX_RIJEN:
        return JsonResponse({"fout": f"stuur hoogstens {MAX_RIJEN} rijen per keer"}, status=413)
    try:
        verslag = services.kandidaten_importeren(
            door=campagne.eigenaar, campagne_id=campagne.pk, regels=regels, bestandsnaam="API"
        )
    except ValidationError as e:
        return JsonResponse({"fout": e.messages[0]}, status=409)
    return JsonResponse(
        {
            "rijen": verslag.aantal_rijen,
            "opgenomen": verslag.aantal_opgenomen,
            "geweigerd": verslag.geweigerd,
        },
        status=201,
    )
