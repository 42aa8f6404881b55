"""The query parameters of the lists, as the specification names them.

A parameter of the specification that we do not serve yet is refused with a 400 that says
so, never ignored: a client that filters must not get everything back. Unknown parameters
are ignored (as Open Klant does). A filter on content (``onderwerp``, ``inhoud``) only finds
records the client sees in full: a record at EXISTENCE cannot be found by what it says.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from callbacks.models import Terugbelverzoek
from contacts import normalise
from contacts.models import Emailadres, Kennislink, Telefoonnummer
from permissions.models import Niveau

from . import ids, lezen, weergave
from .api import Aanroep, Fout, ongeldig
from .lezen import ZAAK_LINK
from .models import LosseIdentificator, VerstrektAdres

_ALTIJD = {"page", "pageSize", "expand"}


def _niet_gediend(request, gediend: set[str], spec: set[str]) -> None:
    for naam in request.GET:
        if naam in spec and naam not in gediend | _ALTIJD:
            raise ongeldig(naam, _("The filter %(naam)s is not served here yet.") % {"naam": naam})


def _ref(request, naam: str, soort: str) -> int | None:
    """The id behind ``naam__uuid`` or ``naam__url``; 0 when given but not ours (finds
    nothing); None when not given."""
    waarde = request.GET.get(f"{naam}__uuid") or request.GET.get(f"{naam}__url")
    if not waarde:
        return None
    return ids.pk(waarde.rstrip("/").rsplit("/", 1)[-1], soort) or 0


def _bool(request, naam):
    waarde = request.GET.get(naam)
    if waarde in (None, ""):
        return None
    if waarde.lower() not in {"true", "false"}:
        raise ongeldig(naam, _("%(naam)s is true or false.") % {"naam": naam})
    return waarde.lower() == "true"


def _identificator_q(request, prefix: str, pad: str = "") -> Q | None:
    """``…partijIdentificator__codeSoortObjectId`` + ``…__objectId`` on a partij."""
    code = request.GET.get(f"{prefix}__codeSoortObjectId", "")
    waarde = request.GET.get(f"{prefix}__objectId", "").strip()
    if not waarde:
        return None
    velden = {
        "bsn": ["bsn"],
        "kvk_nummer": ["kvk_nummer"],
        "vestigingsnummer": ["vestigingsnummer"],
        "rsin": ["rsin"],
        "": ["bsn", "kvk_nummer", "vestigingsnummer"],
    }.get(code)
    if velden is None:
        raise ongeldig(
            f"{prefix}__codeSoortObjectId",
            _("Use bsn, kvk_nummer, vestigingsnummer or rsin."),
        )
    q = Q()
    for veld in velden:
        q |= Q(**{f"{pad}{veld}": waarde})
    return q


KLANTCONTACT_SPEC = {
    "hadBetrokkene__digitaaladres__adres__icontains",
    "hadBetrokkene__url",
    "hadBetrokkene__uuid",
    "hadBetrokkene__wasPartij",
    "hadBetrokkene__wasPartij__partijIdentificator__codeObjecttype",
    "hadBetrokkene__wasPartij__partijIdentificator__codeRegister",
    "hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId",
    "hadBetrokkene__wasPartij__partijIdentificator__objectId",
    "hadBetrokkene__wasPartij__url",
    "hadBetrokkene__wasPartij__uuid",
    "indicatieContactGelukt",
    "inhoud",
    "kanaal",
    "leiddeTotInterneTaken",
    "nummer",
    "onderwerp",
    "onderwerpobject__onderwerpobjectidentificatorCodeObjecttype",
    "onderwerpobject__onderwerpobjectidentificatorCodeRegister",
    "onderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId",
    "onderwerpobject__onderwerpobjectidentificatorObjectId",
    "onderwerpobject__url",
    "onderwerpobject__uuid",
    "plaatsgevondenOp",
    "reactie",
    "referentienummer",
    "vertrouwelijk",
    "wasOnderwerpobject__onderwerpobjectidentificatorObjectId",
    "wasOnderwerpobject__url",
    "wasOnderwerpobject__uuid",
}
KLANTCONTACT_GEDIEND = {
    "hadBetrokkene__url",
    "hadBetrokkene__uuid",
    "hadBetrokkene__wasPartij__url",
    "hadBetrokkene__wasPartij__uuid",
    "hadBetrokkene__wasPartij__partijIdentificator__codeObjecttype",
    "hadBetrokkene__wasPartij__partijIdentificator__codeRegister",
    "hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId",
    "hadBetrokkene__wasPartij__partijIdentificator__objectId",
    "indicatieContactGelukt",
    "inhoud",
    "kanaal",
    "nummer",
    "referentienummer",
    "onderwerp",
    "onderwerpobject__onderwerpobjectidentificatorCodeObjecttype",
    "onderwerpobject__onderwerpobjectidentificatorCodeRegister",
    "onderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId",
    "onderwerpobject__onderwerpobjectidentificatorObjectId",
}


def _nummer(request, naam) -> int | None:
    waarde = request.GET.get(naam, "").strip()
    if not waarde:
        return None
    return int(waarde) if waarde.isdigit() and len(waarde) <= 10 else 0


def klantcontacten(a: Aanroep, request, qs):
    _niet_gediend(request, KLANTCONTACT_GEDIEND, KLANTCONTACT_SPEC)
    if (pk := _ref(request, "hadBetrokkene__wasPartij", "partij")) is not None:
        qs = qs.filter(partij_id=pk)
    if (pk := _ref(request, "hadBetrokkene", "betrokkene")) is not None:
        qs = qs.filter(lezen.betrokkene_filter(), pk=pk)
    q = _identificator_q(request, "hadBetrokkene__wasPartij__partijIdentificator", "partij__")
    if q is not None:
        qs = qs.filter(q)
    for naam in ("nummer", "referentienummer"):
        if (pk := _nummer(request, naam)) is not None:
            qs = qs.filter(pk=pk)
    if (gelukt := _bool(request, "indicatieContactGelukt")) is not None:
        qs = qs.exclude(resultaat="niet_bereikt") if gelukt else qs.filter(resultaat="niet_bereikt")
    if kanaal := request.GET.get("kanaal"):
        qs = qs.filter(kanaal__naam=kanaal)
    if onderwerp := request.GET.get("onderwerp"):
        qs = qs.filter(
            Q(onderwerp_tekst=onderwerp) | Q(onderwerp_tekst="", onderwerp__naam=onderwerp),
            niveau=Niveau.FULL,
        )
    if inhoud := request.GET.get("inhoud"):
        qs = qs.filter(vraag=inhoud, niveau=Niveau.FULL)
    zaak = request.GET.get("onderwerpobject__onderwerpobjectidentificatorObjectId")
    if zaak:
        soort = request.GET.get("onderwerpobject__onderwerpobjectidentificatorCodeObjecttype")
        if not soort:
            # untyped (ITA's contact chain): our klantcontact uuids say what they are; any
            # other uuid can only be a zaak's
            soort = "klantcontact" if ids.pk(zaak, "klantcontact") else "zgw-Zaak"
        if soort == "zgw-Zaak":
            links = ZAAK_LINK.objects.filter(
                zaak__in=lezen.zaken_met_uuid(a, zaak).values("id")
            ).values("contactmoment_id")
            qs = qs.filter(pk__in=links)
        elif soort == "klantcontact":
            qs = qs.filter(vorige_id=ids.pk(zaak, "klantcontact") or 0)
        else:
            qs = qs.none()
    if not a.portaal and not _gefilterd(request, KLANTCONTACT_GEDIEND):
        raise Fout(
            400,
            _(
                "Ask for the klantcontacten of someone or something: give a filter, such as "
                "hadBetrokkene__wasPartij__uuid or nummer."
            ),
        )
    return qs


_ALLEEN_PARTIJ = {"hadBetrokkene__wasPartij__uuid", "hadBetrokkene__wasPartij__url"}


def alleen_partij(request) -> int | None:
    """The partij of KISS's klantbeeld call (``hadBetrokkene__wasPartij__uuid`` and no other
    filter), which ``lezen.klantcontacten_van_partij`` answers; None for any other list."""
    _niet_gediend(request, KLANTCONTACT_GEDIEND, KLANTCONTACT_SPEC)
    gegeven = {n for n in request.GET if n in KLANTCONTACT_SPEC and request.GET.get(n)}
    if not gegeven or not gegeven <= _ALLEEN_PARTIJ:
        return None
    return _ref(request, "hadBetrokkene__wasPartij", "partij")


def _gefilterd(request, namen) -> bool:
    return any(request.GET.get(n) for n in namen)


BETROKKENE_SPEC = {
    "contactnaamAchternaam",
    "contactnaamVoorletters",
    "contactnaamVoornaam",
    "contactnaamVoorvoegselAchternaam",
    "hadKlantcontact__nummer",
    "hadKlantcontact__referentienummer",
    "hadKlantcontact__url",
    "hadKlantcontact__uuid",
    "organisatienaam",
    "verstrektedigitaalAdres__adres",
    "verstrektedigitaalAdres__url",
    "verstrektedigitaalAdres__uuid",
    "wasPartij__nummer",
    "wasPartij__partijIdentificator__codeObjecttype",
    "wasPartij__partijIdentificator__codeRegister",
    "wasPartij__partijIdentificator__codeSoortObjectId",
    "wasPartij__partijIdentificator__objectId",
    "wasPartij__url",
    "wasPartij__uuid",
}
BETROKKENE_GEDIEND = {
    "hadKlantcontact__nummer",
    "hadKlantcontact__url",
    "hadKlantcontact__uuid",
    "wasPartij__nummer",
    "wasPartij__partijIdentificator__codeObjecttype",
    "wasPartij__partijIdentificator__codeRegister",
    "wasPartij__partijIdentificator__codeSoortObjectId",
    "wasPartij__partijIdentificator__objectId",
    "wasPartij__url",
    "wasPartij__uuid",
}


def betrokkenen(a: Aanroep, request, qs):
    _niet_gediend(request, BETROKKENE_GEDIEND, BETROKKENE_SPEC)
    if (pk := _ref(request, "wasPartij", "partij")) is not None:
        qs = qs.filter(partij_id=pk)
    if (pk := _nummer(request, "wasPartij__nummer")) is not None:
        qs = qs.filter(partij_id=pk)
    if (q := _identificator_q(request, "wasPartij__partijIdentificator", "partij__")) is not None:
        qs = qs.filter(q)
    if (pk := _ref(request, "hadKlantcontact", "klantcontact")) is not None:
        qs = qs.filter(pk=pk)
    if (pk := _nummer(request, "hadKlantcontact__nummer")) is not None:
        qs = qs.filter(pk=pk)
    if not a.portaal and not _gefilterd(request, BETROKKENE_GEDIEND):
        raise Fout(400, _("Give a filter, such as wasPartij__uuid or hadKlantcontact__uuid."))
    return qs


PARTIJ_SPEC = {
    "bezoekadresAdresregel1",
    "bezoekadresAdresregel2",
    "bezoekadresAdresregel3",
    "bezoekadresLand",
    "bezoekadresNummeraanduidingId",
    "categorierelatie__categorie__naam",
    "correspondentieadresAdresregel1",
    "correspondentieadresAdresregel2",
    "correspondentieadresAdresregel3",
    "correspondentieadresLand",
    "correspondentieadresNummeraanduidingId",
    "indicatieActief",
    "indicatieGeheimhouding",
    "nummer",
    "partijIdentificator__codeObjecttype",
    "partijIdentificator__codeRegister",
    "partijIdentificator__codeSoortObjectId",
    "partijIdentificator__objectId",
    "soortPartij",
    "subIdentificatorVan__codeObjecttype",
    "subIdentificatorVan__codeRegister",
    "subIdentificatorVan__codeSoortObjectId",
    "subIdentificatorVan__objectId",
    "vertegenwoordigdePartij__url",
    "vertegenwoordigdePartij__uuid",
}
PARTIJ_GEDIEND = {
    "nummer",
    "partijIdentificator__codeObjecttype",
    "partijIdentificator__codeRegister",
    "partijIdentificator__codeSoortObjectId",
    "partijIdentificator__objectId",
    "soortPartij",
    "indicatieActief",
    "indicatieGeheimhouding",
}
_ZOEKEND = {"nummer", "partijIdentificator__objectId"}


def partijen(a: Aanroep, request, qs):
    _niet_gediend(request, PARTIJ_GEDIEND, PARTIJ_SPEC)
    if (q := _identificator_q(request, "partijIdentificator")) is not None:
        qs = qs.filter(q)
    if (pk := _nummer(request, "nummer")) is not None:
        qs = qs.filter(pk=pk)
    if soort := request.GET.get("soortPartij"):
        qs = qs.filter(soort=soort)
    if (actief := _bool(request, "indicatieActief")) is not None:
        qs = qs.filter(overleden=not actief)
    if (geheim := _bool(request, "indicatieGeheimhouding")) is not None:
        qs = qs.filter(geheimhouding=geheim)
    if not a.portaal and not _gefilterd(request, _ZOEKEND):
        # the register is not for browsing: one asks for someone
        raise Fout(400, _("Ask for someone: give partijIdentificator__objectId or nummer."))
    return qs.prefetch_related(None)


def identificatoren(a: Aanroep, request, qs):
    waarde = request.GET.get("partijIdentificatorObjectId", "").strip()
    code = request.GET.get("partijIdentificatorCodeSoortObjectId", "")
    if not waarde and not a.portaal:
        raise Fout(400, _("Ask for someone: give partijIdentificatorObjectId."))
    if waarde:
        veld = {"bsn": "bsn", "kvk_nummer": "kvk_nummer", "vestigingsnummer": "vestigingsnummer"}
        if code and code not in veld:
            raise ongeldig(
                "partijIdentificatorCodeSoortObjectId",
                _("Use bsn, kvk_nummer or vestigingsnummer."),
            )
        q = (
            Q(**{veld[code]: waarde})
            if code
            else (Q(bsn=waarde) | Q(kvk_nummer=waarde) | Q(vestigingsnummer=waarde))
        )
        qs = qs.filter(q)
    return qs


def losse_identificatoren(a: Aanroep, request):
    """KVK numbers this client kept without a partij, found by their number (so KISS's
    search before it posts one finds the one it posted before)."""
    waarde = request.GET.get("partijIdentificatorObjectId", "").strip()
    code = request.GET.get("partijIdentificatorCodeSoortObjectId", "")
    if a.portaal or not waarde or code not in ("", "kvk_nummer"):
        return []
    return list(
        LosseIdentificator.objects.filter(client=a.client, kvk_nummer=waarde, partij__isnull=True)
    )


# --- digitale adressen ----------------------------------------------------------------------


def _adres_varianten(adres: str) -> set[str]:
    """The address as given, and a phone number also as we store it (E.164)."""
    varianten = {adres.strip()}
    if "@" not in adres and (e164 := normalise.parse_phone(adres)):
        varianten.add(e164)
    return varianten


def digitale_adressen(a: Aanroep, request, *, pagina: int, grootte: int):
    """The three kinds of address in one list: a Nijmegenaar's phone numbers and e-mail
    addresses, and those given during a contact. Each kind is one query for the count and
    one for its part of the page."""
    lezen.moet_publiek_dienen(a)
    adres = request.GET.get("adres", "").strip()
    partij_id = _ref(request, "verstrektDoorPartij", "partij")
    betrokkene_id = _ref(request, "verstrektDoorBetrokkene", "betrokkene")
    soort = request.GET.get("soortDigitaalAdres", "")
    if not (adres or partij_id is not None or betrokkene_id is not None or a.portaal):
        raise Fout(
            400,
            _("Give a filter: adres, verstrektDoorPartij__uuid or verstrektDoorBetrokkene__uuid."),
        )
    delen = []
    if betrokkene_id is None:
        tel = Telefoonnummer.objects.all()
        mail = Emailadres.objects.all()
        if a.portaal:
            tel, mail = (
                tel.filter(partij__bsn=a.portaal_bsn),
                mail.filter(partij__bsn=a.portaal_bsn),
            )
        if adres:
            tel = tel.filter(nummer__in=_adres_varianten(adres))
            mail = mail.filter(adres__iexact=adres)
        if partij_id is not None:
            tel, mail = tel.filter(partij_id=partij_id), mail.filter(partij_id=partij_id)
        if soort in ("", "telefoonnummer"):
            delen.append(tel.order_by("-id"))
        if soort in ("", "email"):
            delen.append(mail.order_by("-id"))
    contacten = lezen.klantcontacten(a).values("id")
    verstrekt = VerstrektAdres.objects.filter(contactmoment__in=contacten)
    if adres:
        verstrekt = verstrekt.filter(adres__in=_adres_varianten(adres) | {adres.lower()})
    if partij_id is not None:
        verstrekt = verstrekt.filter(contactmoment__partij_id=partij_id)
    if betrokkene_id is not None:
        verstrekt = verstrekt.filter(contactmoment_id=betrokkene_id)
    if soort:
        verstrekt = verstrekt.filter(soort=soort)
    delen.append(verstrekt.order_by("-id"))
    return _samen(a, delen, pagina=pagina, grootte=grootte)


def _samen(a, delen, *, pagina, grootte):
    counts = [d.count() for d in delen]
    begin, rijen = (pagina - 1) * grootte, []
    for qs, n in zip(delen, counts, strict=True):
        if begin >= n:
            begin -= n
            continue
        nodig = grootte - len(rijen)
        rijen.extend(qs[begin : begin + nodig])
        begin = 0
        if len(rijen) >= grootte:
            break
    verstrekt = [r for r in rijen if isinstance(r, VerstrektAdres)]
    contacten = lezen.contacten_voor(a, [v.contactmoment_id for v in verstrekt])
    for v in verstrekt:
        v.cm = contacten[v.contactmoment_id]
    return sum(counts), rijen


def digitaal_adres(a: Aanroep, soort: str, pk: int):
    lezen.moet_publiek_dienen(a)
    if soort in ("digitaaladres-telefoon", "digitaaladres-email"):
        model = Telefoonnummer if soort == "digitaaladres-telefoon" else Emailadres
        qs = model.objects.filter(pk=pk)
        if a.portaal:
            qs = qs.filter(partij__bsn=a.portaal_bsn)
        return qs.first()
    v = VerstrektAdres.objects.filter(pk=pk).first()
    if v is None:
        return None
    v.cm = lezen.contacten_voor(a, [v.contactmoment_id]).get(v.contactmoment_id)
    return v if v.cm is not None else None


# --- actoren --------------------------------------------------------------------------------


def actoren(a: Aanroep, request) -> list[dict]:
    """Colleagues, departments and teams: small tables, filtered in the database, joined
    here."""
    object_id = request.GET.get("actoridentificatorObjectId", "").strip()
    objecttype = request.GET.get("actoridentificatorCodeObjecttype", "")
    soort = request.GET.get("soortActor", "")
    naam = request.GET.get("naam", "").strip()
    actief = _bool(request, "indicatieActief")
    rijen: list[dict] = []
    if soort in ("", "medewerker") and objecttype in ("", "mdw"):
        qs = lezen.medewerkers()
        if object_id:
            qs = qs.filter(
                Q(user__email__iexact=object_id)
                | Q(user__identiteit__medewerker_id=object_id)
                | Q(user__username=object_id)
            )
        if actief is False:
            qs = qs.none()
        rijen += [weergave.actor_medewerker(a, m) for m in qs[:500] if not naam or m.naam == naam]
    if soort in ("", "organisatorische_eenheid"):
        if objecttype in ("", "afd"):
            qs = lezen.afdelingen()
            if object_id:
                qs = qs.filter(code=object_id)
            if naam:
                qs = qs.filter(naam=naam)
            if actief is not None:
                qs = qs.filter(actief=actief)
            rijen += [weergave.actor_afdeling(a, afd) for afd in qs]
        if objecttype in ("", "grp"):
            qs = lezen.teams()
            if object_id:
                team_id = object_id.removeprefix("team-")
                qs = qs.filter(pk=int(team_id)) if team_id.isdigit() else qs.none()
            if naam:
                qs = qs.filter(naam=naam)
            if actief is not None:
                qs = qs.filter(afdeling__actief=actief)
            rijen += [weergave.actor_team(a, t) for t in qs]
    return rijen


def actor(a: Aanroep, soort: str, pk: int) -> dict | None:
    if soort == "actor-medewerker":
        m = lezen.medewerkers().filter(pk=pk).first()
        return weergave.actor_medewerker(a, m) if m else None
    if soort == "actor-afdeling":
        afd = lezen.afdelingen().filter(pk=pk).first()
        return weergave.actor_afdeling(a, afd) if afd else None
    team = lezen.teams().filter(pk=pk).first()
    return weergave.actor_team(a, team) if team else None


# --- internetaken ---------------------------------------------------------------------------

INTERNETAAK_SPEC = {
    "aanleidinggevendKlantcontact__url",
    "aanleidinggevendKlantcontact__uuid",
    "actoren__naam",
    "klantcontact__nummer",
    "klantcontact__referentienummer",
    "klantcontact__uuid",
    "nummer",
    "referentienummer",
    "status",
    "toegewezenAanActor__url",
    "toegewezenAanActor__uuid",
    "toegewezenOp",
}


def internetaken(a: Aanroep, request, qs):
    _niet_gediend(request, INTERNETAAK_SPEC - {"toegewezenOp"}, INTERNETAAK_SPEC)
    status = request.GET.get("status", "")
    if status == "verwerkt":
        qs = qs.filter(status=Terugbelverzoek.Status.AFGEHANDELD)
    elif status == "te_verwerken":
        qs = qs.exclude(status=Terugbelverzoek.Status.AFGEHANDELD)
    elif status:
        raise ongeldig("status", _("status is te_verwerken or verwerkt."))
    for naam in ("nummer", "referentienummer"):
        if (pk := _nummer(request, naam)) is not None:
            qs = qs.filter(pk=pk)
    for naam in ("klantcontact__nummer", "klantcontact__referentienummer"):
        if (pk := _nummer(request, naam)) is not None:
            qs = qs.filter(contactmoment_id=pk)
    for naam in ("aanleidinggevendKlantcontact", "klantcontact"):
        if (pk := _ref(request, naam, "klantcontact")) is not None:
            qs = qs.filter(contactmoment_id=pk)
    if naam := request.GET.get("actoren__naam", "").strip():
        qs = qs.filter(Q(afdeling__naam=naam) | Q(team__naam=naam))
    waarde = request.GET.get("toegewezenAanActor__uuid") or request.GET.get(
        "toegewezenAanActor__url"
    )
    if waarde:
        gelezen = ids.lees(
            waarde.rstrip("/").rsplit("/", 1)[-1],
            "actor-medewerker",
            "actor-afdeling",
            "actor-team",
        )
        veld = {
            "actor-medewerker": "opgepakt_door_id",
            "actor-afdeling": "afdeling_id",
            "actor-team": "team_id",
        }
        qs = qs.filter(**{veld[gelezen[0]]: gelezen[1]}) if gelezen else qs.none()
    return qs


def onderwerpobject(a: Aanroep, soort: str, pk: int) -> dict | None:
    lezen.moet_publiek_dienen(a)
    if soort == "onderwerpobject-zaak":
        link = ZAAK_LINK.objects.filter(pk=pk).select_related("zaak").first()
        if link is None or not lezen.zaken(a).filter(pk=link.zaak_id).exists():
            return None
        if not lezen.contacten_voor(a, [link.contactmoment_id]):
            return None
        return weergave.onderwerpobject_zaak(a, link.id, link.contactmoment_id, link.zaak)
    if soort == "onderwerpobject-kennis":
        link = Kennislink.objects.filter(pk=pk).first()
        if link is None:
            return None
        cm = lezen.contacten_voor(a, [link.contactmoment_id]).get(link.contactmoment_id)
        if cm is None or cm.niveau != Niveau.FULL:
            return None
        return weergave.onderwerpobject_kennis(a, link)
    cm = lezen.klantcontacten(a).filter(pk=pk).first()
    if cm is None or not cm.vorige_id:
        return None
    return weergave.onderwerpobject_vervolg(a, cm.id, cm.vorige_id)
