"""The small framework under the endpoints: who is calling, problem+json answers, paging and
the reading of request bodies. The endpoints themselves are in ``views``."""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from permissions.accesslog import Herkomst, herkomst_van
from permissions.visibility import has_explicit_permission

from . import ids
from .clients import client_van
from .models import ApiClient

BASIS = "/klantinteracties/api/v1/"
API_VERSIE = "0.9.0"
PORTAAL_KOP = "X-Mijn-Nijmegen-BSN"
PAGINA_STANDAARD = 100
PAGINA_MAX = 100


class Fout(Exception):
    """An answer other than success, as ``application/problem+json`` (the ZGW/Open Klant
    form: ``type``, ``code``, ``title``, ``status``, ``detail``, ``invalidParams``)."""

    def __init__(self, status: int, detail: str, *, code: str = "", ongeldig=None):
        super().__init__(detail)
        self.status, self.detail, self.code = status, detail, code or _CODES.get(status, "fout")
        self.ongeldig = ongeldig or []


_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    501: "not_implemented",
}
_TITELS = {
    400: "Ongeldige invoer.",
    401: "Niet aangemeld.",
    403: "Geen toegang.",
    404: "Niet gevonden.",
    405: "Methode niet toegestaan.",
    409: "Kan nu niet.",
    501: "Nog niet beschikbaar.",
}


def ongeldig(veld: str, reden: str, code: str = "invalid") -> Fout:
    return Fout(400, reden, ongeldig=[{"name": veld, "code": code, "reason": reden}])


def uit_validatie(exc: ValidationError) -> Fout:
    """A service's plain-Dutch ValidationError as a 400 that names the fields."""
    if hasattr(exc, "error_dict"):
        params = [
            {"name": veld, "code": "invalid", "reason": " ".join(m)}
            for veld, m in exc.message_dict.items()
        ]
    else:
        params = [{"name": "nonFieldErrors", "code": "invalid", "reason": m} for m in exc.messages]
    return Fout(400, " ".join(p["reason"] for p in params), ongeldig=params)


def probleem(request, fout: Fout) -> JsonResponse:
    body = {
        "type": f"{request.build_absolute_uri(BASIS)}fouten/{fout.code}/",
        "code": fout.code,
        "title": _TITELS.get(fout.status, "Fout."),
        "status": fout.status,
        "detail": fout.detail,
        "instance": f"urn:uuid:{getattr(request, 'kcc_verzoek_id', '') or '-'}",
    }
    if fout.ongeldig:
        body["invalidParams"] = fout.ongeldig
    response = JsonResponse(body, status=fout.status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/problem+json"
    if fout.status == 401:
        response["WWW-Authenticate"] = 'Token realm="klantinteracties"'
    return response


@dataclass
class Aanroep:
    """One API request: the client, the user it acts as, and for the portal the one person."""

    request: object
    client: ApiClient
    herkomst: Herkomst
    portaal_bsn: str = ""
    # partij ids whose data this answer shows, for the access log
    gezien: set = field(default_factory=set)
    _geheim_adres: bool | None = None
    _basis: str | None = None

    @property
    def user(self):
        return self.client.gebruiker

    @property
    def portaal(self) -> bool:
        return self.client.is_portaal

    @property
    def interne_velden(self) -> bool:
        return not self.portaal or self.client.portaal_interne_velden

    def mag_geheim_adres(self) -> bool:
        if self._geheim_adres is None:
            self._geheim_adres = has_explicit_permission(self.user, "contacts", "view_geheim_adres")
        return self._geheim_adres

    def url(self, resource: str, uuid: str) -> str:
        if self._basis is None:
            # once per answer: a page of 100 with expand holds some 3,000 URLs
            self._basis = self.request.build_absolute_uri(BASIS)
        return f"{self._basis}{resource}/{uuid}"

    def fk(self, resource: str, soort: str, pk) -> dict | None:
        if not pk:
            return None
        uuid = ids.maak(soort, pk)
        return {"uuid": uuid, "url": self.url(resource, uuid)}


def aanmelden(request) -> Aanroep:
    client = client_van(request.headers.get("Authorization", ""))
    if client is None:
        raise Fout(
            401,
            _(
                "Send a valid token: the header 'Authorization: Token …' or a ZGW JWT "
                "('Authorization: Bearer …')."
            ),
        )
    query_nagaan(request)
    aanroep = Aanroep(request=request, client=client, herkomst=herkomst_van(request))
    if client.is_portaal:
        bsn = (request.headers.get(PORTAAL_KOP) or "").strip()
        if not stdnum_bsn.is_valid(bsn):
            raise Fout(
                403,
                _(
                    "A portal sends the BSN of the resident who logged in with every request, "
                    "in the header %s."
                )
                % PORTAAL_KOP,
            )
        aanroep.portaal_bsn = stdnum_bsn.compact(bsn)
    return aanroep


def _tekst_kan(waarde: str) -> bool:
    """Text the database can store: no NUL character, no half of a surrogate pair."""
    if "\x00" in waarde:
        return False
    try:
        waarde.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _nagaan(waarde, pad="") -> None:
    if isinstance(waarde, str) and not _tekst_kan(waarde):
        raise ongeldig(pad or "body", _("This text contains a character that cannot be stored."))
    if isinstance(waarde, dict):
        for sleutel, sub in waarde.items():
            _nagaan(sleutel, pad)
            _nagaan(sub, f"{pad}.{sleutel}" if pad else str(sleutel))
    elif isinstance(waarde, list):
        for sub in waarde:
            _nagaan(sub, pad)


MAX_DIEPTE = 32  # the deepest object of the specification is 4 levels; room to spare


def _diepte(ruw: bytes) -> int:
    """How deep brackets nest, counted on the bytes before parsing (a 5,000-level body made
    the parser and our checks recurse until a RecursionError: a 500). Brackets inside
    strings count too, which only makes the limit stricter."""
    diepte = hoogste = 0
    for teken in ruw:
        if teken in (0x5B, 0x7B):  # [ {
            diepte += 1
            hoogste = max(hoogste, diepte)
            if hoogste > MAX_DIEPTE:
                break
        elif teken in (0x5D, 0x7D):  # ] }
            diepte -= 1
    return hoogste


def json_body(request) -> dict:
    ruw = request.body or b"{}"
    if _diepte(ruw) > MAX_DIEPTE:
        raise Fout(400, _("The body of the request is nested too deep."))
    try:
        data = json.loads(ruw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Fout(400, _("The body of the request is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise Fout(400, _("Send one object (JSON between curly brackets)."))
    _nagaan(data)
    return data


def query_nagaan(request) -> None:
    for naam, waarden in request.GET.lists():
        for waarde in [naam, *waarden]:
            if not _tekst_kan(waarde):
                raise ongeldig(naam, _("This text contains a character that cannot be stored."))


def pagina_van(request) -> tuple[int, int]:
    def getal(naam, standaard):
        waarde = request.GET.get(naam)
        if waarde in (None, ""):
            return standaard
        try:
            n = int(waarde)
        except ValueError:
            raise ongeldig(naam, _("%s must be a whole number.") % naam) from None
        if n < 1:
            raise ongeldig(naam, _("%s must be 1 or more.") % naam)
        return n

    return getal("page", 1), min(getal("pageSize", PAGINA_STANDAARD), PAGINA_MAX)


def gepagineerd(request, *, count: int, pagina: int, grootte: int, results: list) -> dict:
    if pagina > 1 and (pagina - 1) * grootte >= count:
        raise Fout(404, _("This page does not exist."))

    def link(n):
        query = request.GET.copy()
        query["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{urlencode(query, doseq=True)}")

    return {
        "count": count,
        "next": link(pagina + 1) if pagina * grootte < count else None,
        "previous": link(pagina - 1) if pagina > 1 else None,
        "results": results,
    }


def antwoord(data, status=200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["API-version"] = API_VERSIE
    return response


def expand_van(request) -> set[str]:
    waarde = ",".join(request.GET.getlist("expand"))
    return {d.strip() for d in waarde.split(",") if d.strip()}


def uuid_uit(waarde, veld: str) -> str:
    """The uuid of a reference ``{"uuid": …}`` or ``{"url": …}`` (or a bare string)."""
    if isinstance(waarde, dict):
        waarde = waarde.get("uuid") or (waarde.get("url") or "").rstrip("/").rsplit("/", 1)[-1]
    if not isinstance(waarde, str) or not waarde:
        raise ongeldig(veld, _("Give a reference with a uuid or url."), "required")
    return waarde.rstrip("/").rsplit("/", 1)[-1]


def instelling(naam, standaard):
    return getattr(settings, naam, standaard)
