"""The endpoints of ``/klantinteracties/api/v1/``: thin. Each reads through ``lezen`` (the
visibility), shapes with ``weergave`` and writes through ``schrijven`` (the services);
every answer with resident data is written to the access log under the client's name."""

import functools

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Window
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from callbacks.services import NietBeschikbaar
from contacts.models import Emailadres, Partij, Telefoonnummer
from permissions.accesslog import Regel, partijen_loggen
from permissions.models import Toegangslog

from . import filters, ids, lezen, schrijven, weergave
from .api import (
    Aanroep,
    Fout,
    aanmelden,
    antwoord,
    expand_van,
    gepagineerd,
    json_body,
    pagina_van,
    probleem,
    uit_validatie,
)
from .models import LosseIdentificator
from .schema import document

NIET_GEBOUWD = [
    "bijlagen",
    "categorie-relaties",
    "categorieen",
    "rekeningnummers",
    "vertegenwoordigingen",
    "maak-klantcontact",
]


def _loggen(a: Aanroep, resource: str) -> None:
    """One access-log entry per Nijmegenaar whose data this answer shows, naming the client
    (one insert for the whole answer)."""
    partijen_loggen(
        door=a.user,
        herkomst=a.herkomst,
        partijen=Partij.objects.filter(pk__in=[p for p in a.gezien if p])
        .only("id", "bsn", "kvk_nummer")
        .order_by("id"),
        doel=_("Read through the Klantinteracties API by %(client)s") % {"client": a.client.naam},
        regel=Regel(Toegangslog.Handeling.API_GERAADPLEEGD, resource),
    )


def endpoint(resource: str, *, methoden):
    """An endpoint: authentication, problem+json for every failure, the access log."""

    def decorator(fn):
        @csrf_exempt
        @login_not_required
        @functools.wraps(fn)
        def view(request, uuid=None):
            try:
                if request.method not in methoden:
                    raise Fout(405, _("This method is not available here."))
                a = aanmelden(request)
                response = fn(a, request, uuid) if uuid is not None else fn(a, request)
                if a.gezien:
                    _loggen(a, resource)
                return response
            except Fout as fout:
                return probleem(request, fout)
            except ValidationError as exc:
                return probleem(request, uit_validatie(exc))
            except NietBeschikbaar as exc:
                return probleem(request, Fout(409, str(exc)))

        return view

    return decorator


def _lijst(a, request, qs, maak, *, bijlagen=None, venster=False):
    """A page of ``qs``: a queryset, or a function that reads a page itself and returns
    (count, rows). ``venster``: the count comes with the page (COUNT(*) OVER (), one query
    instead of two) — for lists that are always about someone (a few thousand rows at most);
    a list over everything (ITA's queue) counts apart and reads only its page."""
    pagina, grootte = pagina_van(request)
    begin = (pagina - 1) * grootte
    if callable(qs):  # reads its own page: (count, rows)
        count, rijen = qs(begin, grootte)
    elif venster:
        rijen = list(qs.annotate(_totaal=Window(Count("pk")))[begin : begin + grootte])
        count = rijen[0]._totaal if rijen else qs.count()
    else:
        count = qs.count()
        rijen = list(qs[begin : begin + grootte])
    b = bijlagen(rijen) if bijlagen else None
    results = [maak(r, b) for r in rijen]
    return antwoord(
        gepagineerd(request, count=count, pagina=pagina, grootte=grootte, results=results)
    )


def _niet_gevonden() -> Fout:
    """Unknown and not visible answer alike: nothing tells the client a record exists."""
    return Fout(404, _("There is no such object, or this client may not see it."))


def _een(qs):
    obj = qs.first()
    if obj is None:
        raise _niet_gevonden()
    return obj


# --- klantcontacten -------------------------------------------------------------------------


@endpoint("klantcontacten", methoden={"GET", "POST"})
def klantcontacten(a: Aanroep, request):
    if request.method == "POST":
        cm = schrijven.klantcontact_aanmaken(a, json_body(request))
        return _klantcontact_antwoord(a, cm.id, status=201)
    expand = expand_van(request)
    if (partij_id := filters.alleen_partij(request)) is not None:
        # KISS's klantbeeld, on every screen: a person's contacts through the kept queries
        def qs(begin, grootte):
            return lezen.klantcontacten_van_partij(a, partij_id, begin, grootte)
    else:
        qs = filters.klantcontacten(a, request, lezen.klantcontacten(a))
    return _lijst(
        a,
        request,
        qs,
        lambda cm, b: weergave.klantcontact(a, cm, b, expand),
        bijlagen=lambda rijen: lezen.Bijlagen.laden(a, rijen, expand=expand),
        venster=True,
    )


def _klantcontact_antwoord(a, pk, *, expand=frozenset(), status=200):
    cm = _een(lezen.klantcontacten(a).filter(pk=pk))
    b = lezen.Bijlagen.laden(a, [cm], expand=expand)
    return antwoord(weergave.klantcontact(a, cm, b, expand), status=status)


@endpoint("klantcontacten", methoden={"GET", "PATCH", "PUT", "DELETE"})
def klantcontact(a: Aanroep, request, uuid):
    pk = ids.pk(uuid, "klantcontact")
    if request.method == "DELETE":
        _een(lezen.klantcontacten(a).filter(pk=pk))
        raise Fout(
            405,
            _("A klantcontact is not deleted: it is part of the history. Correct it instead."),
        )
    if request.method in {"PATCH", "PUT"}:
        schrijven.klantcontact_corrigeren(a, pk, json_body(request))
    return _klantcontact_antwoord(a, pk, expand=expand_van(request))


# --- betrokkenen ----------------------------------------------------------------------------


@endpoint("betrokkenen", methoden={"GET", "POST"})
def betrokkenen(a: Aanroep, request):
    if request.method == "POST":
        cm_id = schrijven.betrokkene_aanmaken(a, json_body(request))
        return _betrokkene_antwoord(a, cm_id, status=201)
    expand = expand_van(request)
    qs = filters.betrokkenen(a, request, lezen.klantcontacten(a).filter(lezen.betrokkene_filter()))
    return _lijst(
        a,
        request,
        qs,
        lambda cm, b: weergave.betrokkene(a, cm, b, expand),
        bijlagen=lambda rijen: lezen.Bijlagen.laden(a, rijen, expand=expand),
        venster=True,
    )


def _betrokkene_antwoord(a, cm_id, *, expand=frozenset(), status=200):
    cm = _een(lezen.klantcontacten(a).filter(lezen.betrokkene_filter(), pk=cm_id))
    b = lezen.Bijlagen.laden(a, [cm], expand=expand)
    return antwoord(weergave.betrokkene(a, cm, b, expand), status=status)


@endpoint("betrokkenen", methoden={"GET"})
def betrokkene(a: Aanroep, request, uuid):
    return _betrokkene_antwoord(a, ids.pk(uuid, "betrokkene"), expand=expand_van(request))


# --- partijen -------------------------------------------------------------------------------


@endpoint("partijen", methoden={"GET", "POST"})
def partijen(a: Aanroep, request):
    if request.method == "POST":
        p = schrijven.partij_aanmaken(a, json_body(request))
        return _partij_antwoord(a, p.id, status=201)
    expand = expand_van(request)
    qs = filters.partijen(a, request, lezen.partijen(a))
    return _lijst(
        a,
        request,
        qs,
        lambda p, b: weergave.partij(a, p, b, expand),
        bijlagen=lambda rijen: lezen.Bijlagen.laden(a, [], partij_ids=[p.id for p in rijen]),
    )


def _partij_antwoord(a, pk, *, expand=frozenset(), status=200):
    p = _een(lezen.partijen(a).filter(pk=pk))
    b = lezen.Bijlagen.laden(a, [], partij_ids=[p.id])
    return antwoord(weergave.partij(a, p, b, expand), status=status)


@endpoint("partijen", methoden={"GET"})
def partij(a: Aanroep, request, uuid):
    return _partij_antwoord(a, ids.pk(uuid, "partij"), expand=expand_van(request))


@endpoint("partij-identificatoren", methoden={"GET", "POST"})
def partij_identificatoren(a: Aanroep, request):
    if request.method == "POST":
        soort, p = schrijven.identificator_vastleggen(a, json_body(request))
        if soort == "identificator-los":
            return antwoord(weergave.losse_identificator(a, p), status=201)
        return _identificator_antwoord(a, soort, p.id, status=201)
    qs = filters.identificatoren(a, request, lezen.partijen(a))
    pagina, grootte = pagina_van(request)
    rijen = [r for p in qs[:1000] for r in weergave.identificatoren(a, p)]
    rijen += [
        weergave.losse_identificator(a, los) for los in filters.losse_identificatoren(a, request)
    ]
    deel = rijen[(pagina - 1) * grootte : pagina * grootte]
    return antwoord(
        gepagineerd(request, count=len(rijen), pagina=pagina, grootte=grootte, results=deel)
    )


def _identificator_antwoord(a, soort, pk, status=200):
    p = _een(lezen.partijen(a).filter(pk=pk))
    for rij in weergave.identificatoren(a, p):
        if rij["uuid"] == ids.maak(soort, p.id):
            return antwoord(rij, status=status)
    raise _niet_gevonden()


@endpoint("partij-identificatoren", methoden={"GET", "PUT", "PATCH"})
def partij_identificator(a: Aanroep, request, uuid):
    gelezen = ids.lees(
        uuid,
        "identificator-bsn",
        "identificator-kvk",
        "identificator-vestiging",
        "identificator-los",
    )
    if gelezen is None:
        raise _niet_gevonden()
    if gelezen[0] == "identificator-los":
        if request.method in {"PUT", "PATCH"}:
            los = schrijven.los_koppelen(a, gelezen[1], json_body(request))
        else:
            los = _een(LosseIdentificator.objects.filter(pk=gelezen[1], client=a.client))
        return antwoord(weergave.losse_identificator(a, los))
    if request.method in {"PUT", "PATCH"}:
        soort, p = schrijven.identificator_vastleggen(a, json_body(request), partij_id=gelezen[1])
        return _identificator_antwoord(a, soort, p.id)
    return _identificator_antwoord(a, *gelezen)


# --- digitale adressen ----------------------------------------------------------------------


@endpoint("digitaleadressen", methoden={"GET", "POST"})
def digitaleadressen(a: Aanroep, request):
    if request.method == "POST":
        soort, pk = schrijven.digitaal_adres_aanmaken(a, json_body(request))
        return _adres_antwoord(a, soort, pk, status=201)
    pagina, grootte = pagina_van(request)
    count, rijen = filters.digitale_adressen(a, request, pagina=pagina, grootte=grootte)
    expand = expand_van(request)
    results = [_adres_weergave(a, rij, expand) for rij in rijen]
    return antwoord(
        gepagineerd(request, count=count, pagina=pagina, grootte=grootte, results=results)
    )


def _adres_weergave(a, rij, expand):
    if isinstance(rij, Telefoonnummer):
        return weergave.telefoon(a, rij)
    if isinstance(rij, Emailadres):
        return weergave.email(a, rij)
    data = weergave.verstrekt_adres(a, rij, rij.cm)
    if "verstrektDoorBetrokkene" in expand:
        b = lezen.Bijlagen.laden(a, [rij.cm])
        data["_expand"] = {"verstrektDoorBetrokkene": weergave.betrokkene(a, rij.cm, b)}
    return data


def _adres_antwoord(a, soort, pk, *, expand=frozenset(), status=200):
    rij = filters.digitaal_adres(a, soort, pk)
    if rij is None:
        raise _niet_gevonden()
    return antwoord(_adres_weergave(a, rij, expand), status=status)


@endpoint("digitaleadressen", methoden={"GET"})
def digitaal_adres(a: Aanroep, request, uuid):
    gelezen = ids.lees(
        uuid, "digitaaladres-telefoon", "digitaaladres-email", "digitaaladres-verstrekt"
    )
    if gelezen is None:
        raise _niet_gevonden()
    return _adres_antwoord(a, *gelezen, expand=expand_van(request))


# --- actoren --------------------------------------------------------------------------------


@endpoint("actoren", methoden={"GET", "POST"})
def actoren(a: Aanroep, request):
    lezen.geen_portaal(a)
    if request.method == "POST":
        soort, pk = schrijven.actor_vinden(a, json_body(request))
        return _actor_antwoord(a, soort, pk, status=201)
    pagina, grootte = pagina_van(request)
    rijen = filters.actoren(a, request)
    deel = rijen[(pagina - 1) * grootte : pagina * grootte]
    return antwoord(
        gepagineerd(request, count=len(rijen), pagina=pagina, grootte=grootte, results=deel)
    )


def _actor_antwoord(a, soort, pk, status=200):
    data = filters.actor(a, soort, pk)
    if data is None:
        raise _niet_gevonden()
    return antwoord(data, status=status)


@endpoint("actoren", methoden={"GET"})
def actor(a: Aanroep, request, uuid):
    lezen.geen_portaal(a)
    gelezen = ids.lees(uuid, "actor-medewerker", "actor-afdeling", "actor-team")
    if gelezen is None:
        raise _niet_gevonden()
    return _actor_antwoord(a, *gelezen)


@endpoint("actorklantcontacten", methoden={"POST"})
def actorklantcontacten(a: Aanroep, request):
    cm_id = schrijven.actorklantcontact_aanmaken(a, json_body(request))
    return _actorklantcontact_antwoord(a, cm_id, status=201)


def _actorklantcontact_antwoord(a, cm_id, status=200):
    cm = _een(lezen.klantcontacten(a).filter(pk=cm_id, medewerker__isnull=False))
    uuid = ids.maak("actorklantcontact", cm.id)
    return antwoord(
        {
            "uuid": uuid,
            "url": a.url("actorklantcontacten", uuid),
            "actor": a.fk("actoren", "actor-medewerker", cm.medewerker_id),
            "klantcontact": a.fk("klantcontacten", "klantcontact", cm.id),
        },
        status=status,
    )


@endpoint("actorklantcontacten", methoden={"GET"})
def actorklantcontact(a: Aanroep, request, uuid):
    lezen.geen_portaal(a)
    return _actorklantcontact_antwoord(a, ids.pk(uuid, "actorklantcontact"))


# --- internetaken ---------------------------------------------------------------------------


@endpoint("internetaken", methoden={"GET", "POST"})
def internetaken(a: Aanroep, request):
    if request.method == "POST":
        tbv = schrijven.internetaak_aanmaken(a, json_body(request))
        return _internetaak_antwoord(a, tbv.id, status=201)
    qs = filters.internetaken(a, request, lezen.internetaken(a))
    return _lijst(a, request, qs, lambda t, b: weergave.internetaak(a, t))


def _internetaak_antwoord(a, pk, status=200):
    return antwoord(
        weergave.internetaak(a, _een(lezen.internetaken(a).filter(pk=pk))), status=status
    )


@endpoint("internetaken", methoden={"GET", "PATCH", "PUT", "DELETE"})
def internetaak(a: Aanroep, request, uuid):
    pk = ids.pk(uuid, "internetaak")
    if request.method == "DELETE":
        schrijven.internetaak_intrekken(a, pk)
        return HttpResponse(status=204)
    if request.method in {"PATCH", "PUT"}:
        schrijven.internetaak_wijzigen(a, pk, json_body(request))
    return _internetaak_antwoord(a, pk)


# --- onderwerpobjecten ----------------------------------------------------------------------


@endpoint("onderwerpobjecten", methoden={"GET", "POST"})
def onderwerpobjecten(a: Aanroep, request):
    if request.method == "POST":
        soort, pk = schrijven.onderwerpobject_aanmaken(a, json_body(request))
        return _onderwerpobject_antwoord(a, soort, pk, status=201)
    raise Fout(
        400,
        _("Ask for the onderwerpobjecten of a klantcontact (expand=gingOverOnderwerpobjecten)."),
    )


def _onderwerpobject_antwoord(a, soort, pk, status=200):
    data = filters.onderwerpobject(a, soort, pk)
    if data is None:
        raise _niet_gevonden()
    return antwoord(data, status=status)


@endpoint("onderwerpobjecten", methoden={"GET", "PATCH", "PUT"})
def onderwerpobject(a: Aanroep, request, uuid):
    gelezen = ids.lees(
        uuid, "onderwerpobject-zaak", "onderwerpobject-vervolg", "onderwerpobject-kennis"
    )
    if gelezen is None:
        raise _niet_gevonden()
    if request.method in {"PATCH", "PUT"}:
        gelezen = schrijven.onderwerpobject_wijzigen(a, *gelezen, json_body(request))
    return _onderwerpobject_antwoord(a, *gelezen)


# --- the rest of the standard, and the document ---------------------------------------------


@csrf_exempt
@login_not_required
def niet_gebouwd(request, resource, uuid=None):
    return probleem(
        request,
        Fout(
            501,
            _("This part of the Klantinteracties API is not served here (yet): %(r)s.")
            % {"r": resource},
        ),
    )


@login_not_required
def schema(request):
    return antwoord(document(request))
