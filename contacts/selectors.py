"""Reads for the search and the klantbeeld. Each returns plain, redacted values.

Visibility is decided by the querysets' ``visible_to`` (permissions.visibility); these
functions only shape what came back. The number of queries does not grow with the history.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import TrigramDistance
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Collate, JSONObject, Lower
from django.utils import timezone

from cases.models import Zaak
from core.voorbereid import rijen

from . import normalise
from .catalogue import catalogus
from .models import (
    Adres,
    Contactmoment,
    Emailadres,
    Partij,
    Telefoonnummer,
    Vertegenwoordiging,
)

SEARCH_LIMIT = 20
HERHAAL_DAGEN = 14
VOORVOEGSELS = {
    "de",
    "den",
    "der",
    "van",
    "het",
    "ter",
    "ten",
    "te",
    "in",
    "t",
    "la",
    "le",
    "du",
    "von",
    "op",
    "uit",
    "d",
    "s",
    "v",
    "vd",
    "vander",
}


@dataclass(frozen=True)
class Zoekresultaat:
    id: int
    naam: str
    soort: str
    geboortejaar: int | None
    adres: str  # street and house number only; empty under geheimhouding
    kenmerk: str  # what tells two apart besides: KVK number for organisations


def zoek(user, query: str, *, referenties=None):
    """Returns (SearchKey, [Zoekresultaat]). Persons are found by what the agent typed.

    ``referenties(user, key)``: the ids of the Nijmegenaren behind a reference number
    (TB-…, WF-…), as the layers that own those records see them for this user."""
    key = normalise.parse_query(query)
    if key.kind in (normalise.KIND_EMPTY, normalise.KIND_INVALID):
        return key, []
    if key.kind == normalise.KIND_REFERENTIE:
        matched = list(referenties(user, key)) if referenties else []
    else:
        matched = _match(user, key)
    if matched is None:
        return key, []
    # One query for the page: each person with the one address the result line shows.
    eerste_adres = Subquery(
        Adres.objects.filter(partij=OuterRef("pk"))
        .order_by("soort", "id")
        .values(
            json=JSONObject(
                straat="straat",
                huisnummer="huisnummer",
                huisletter="huisletter",
                toevoeging="toevoeging",
                postcode="postcode",
            )
        )[:1]
    )
    if isinstance(matched, list):  # ids in the order of relevance
        order = {pk: i for i, pk in enumerate(matched)}
        rows = sorted(
            Partij.objects.filter(id__in=matched).values(
                *_RESULTAAT_VELDEN, eerste_adres=eerste_adres
            ),
            key=lambda row: order[row["id"]],
        )
    else:
        rows = matched.values(*_RESULTAAT_VELDEN, eerste_adres=eerste_adres)[:SEARCH_LIMIT]
    return key, [_resultaat(row) for row in rows]


def _match(user, key):
    qs = Partij.objects.all()
    if key.kind == normalise.KIND_BSN:
        return qs.filter(bsn=key.value)
    if key.kind == normalise.KIND_KVK:
        condition = Q(kvk_nummer=key.value)
        if key.extra.get("bsn"):
            condition |= Q(bsn=key.extra["bsn"])
        return qs.filter(condition).order_by("soort", "naam")
    if key.kind == normalise.KIND_VESTIGING:
        return qs.filter(vestigingsnummer=key.value)
    if key.kind == normalise.KIND_PHONE:
        return qs.filter(telefoonnummers__nummer=key.value).distinct().order_by("geslachtsnaam")
    if key.kind == normalise.KIND_EMAIL:
        ids = Emailadres.objects.annotate(lower=Lower("adres")).filter(lower=key.value)
        return qs.filter(id__in=ids.values("partij_id")).order_by("geslachtsnaam")
    if key.kind == normalise.KIND_POSTCODE:
        adressen = Adres.objects.filter(postcode=key.value)
        for field in ("huisnummer", "huisletter", "toevoeging"):
            if field in key.extra and (key.extra[field] or field == "huisnummer"):
                adressen = adressen.filter(**{field: key.extra[field]})
        # Searching by address must not reveal where a person with BRP secrecy lives.
        return qs.filter(id__in=adressen.values("partij_id"), geheimhouding=False).order_by(
            "geslachtsnaam", "voornamen"
        )
    if key.kind == normalise.KIND_ZAAK:
        nummers = key.extra.get("varianten") or [key.value]
        return qs.filter(
            id__in=Zaak.objects.visible_to(user)
            .filter(identificatie__in=nummers)
            .values("partij_id")
        )
    if key.kind == normalise.KIND_NAME:
        return _match_name(qs, key)
    return None


def _match_name(qs, key):
    """Returns ids, in two steps that each an index serves: first the same spelling key or
    one that starts with it (in index order), then, to fill the page, the nearest keys by
    trigram distance ("Hendrix" → "Hendriks", "Hendriksen")."""
    if key.extra.get("geboortedatum"):
        qs = qs.filter(geboortedatum=key.extra["geboortedatum"])
    words = [w for w in key.value.split() if w not in VOORVOEGSELS] or key.value.split()
    raw_words = key.extra["raw"].split()
    if len(words) > 1 and len(raw_words) > 1:
        # "Piet Jansen": the last word is the surname, the first the start of a first name.
        qs = qs.filter(voornamen__istartswith=raw_words[0])
        words = words[-1:]
    achternaam = " ".join(words)
    # in byte order ("C"), so partij_zoeknaam_c_idx gives the prefix and the order at once
    exact = list(
        qs.alias(zoeknaam_c=Collate("zoeknaam", "C"))
        .filter(zoeknaam_c__startswith=achternaam)
        .order_by(
            Collate("zoeknaam", "C"), Collate("geslachtsnaam", "C"), Collate("voornamen", "C"), "id"
        )
        .values_list("id", flat=True)[:SEARCH_LIMIT]
    )
    nearby = []
    if len(exact) < SEARCH_LIMIT:
        nearby = list(
            qs.filter(
                Q(zoeknaam__trigram_similar=achternaam)
                | Q(soort=Partij.Soort.ORGANISATIE, zoeknaam__contains=achternaam)
            )
            .exclude(id__in=exact)
            .order_by(TrigramDistance("zoeknaam", achternaam), "id")
            .values_list("id", flat=True)[: SEARCH_LIMIT - len(exact)]
        )
    return exact + nearby


_RESULTAAT_VELDEN = (
    "id",
    "soort",
    "voornamen",
    "voorvoegsel",
    "geslachtsnaam",
    "naam",
    "geboortedatum",
    "geheimhouding",
    "kvk_nummer",
)


def _resultaat(row) -> Zoekresultaat:
    adres, a = "", row["eerste_adres"]
    if a and not row["geheimhouding"]:
        adres = f"{a['straat']} {a['huisnummer']}{a['huisletter']}" + (
            f"-{a['toevoeging']}" if a["toevoeging"] else ""
        )
        if a.get("postcode"):
            # the result line: street and number · postcode ("6522 DG", as on a letter)
            pc = a["postcode"].replace(" ", "")
            adres += f" · {pc[:4]} {pc[4:]}" if len(pc) == 6 else f" · {a['postcode']}"
    organisatie = row["soort"] == Partij.Soort.ORGANISATIE
    return Zoekresultaat(
        id=row["id"],
        naam=Partij.naam_van(
            row["soort"], row["voornamen"], row["voorvoegsel"], row["geslachtsnaam"], row["naam"]
        ),
        soort=row["soort"],
        geboortejaar=row["geboortedatum"].year if row["geboortedatum"] else None,
        adres=adres,
        kenmerk=f"KVK {row['kvk_nummer']}" if organisatie else "",
    )


# --- klantbeeld --------------------------------------------------------------------------


def _als_json(qs, velden):
    return ArraySubquery(qs.values(json=JSONObject(**{v: F(v) for v in velden})))


def _objecten(model, rijen_):
    """Model instances from JSON rows, each value as the field reads it from the database."""
    velden = {f.attname: f for f in model._meta.concrete_fields}
    return [
        model(
            **{
                naam: velden[naam].to_python(waarde)
                for naam, waarde in rij.items()
                if naam in velden
            }
        )
        for rij in rijen_ or ()
    ]


def _vooraf_geladen(instance, naam, objecten):
    """Hands ``objecten`` to ``instance.<naam>.all()`` as prefetch_related would."""
    qs = getattr(instance, naam).get_queryset()
    qs._result_cache = objecten
    qs._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[naam] = qs


_PARTIJ_NAAM = ["id", "soort", "voornamen", "voorvoegsel", "geslachtsnaam", "naam"]


def _velden(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _vertegenwoordiging(kant, ander):
    qs = Vertegenwoordiging.objects.filter(**{f"{kant}_id": OuterRef("pk")}).order_by("id")
    return ArraySubquery(
        qs.values(
            json=JSONObject(
                **{v: F(v) for v in _velden(Vertegenwoordiging)},
                **{f"p_{v}": F(f"{ander}__{v}") for v in _PARTIJ_NAAM},
            )
        )
    )


_PARTIJ_EXTRA = (
    "j_adressen",
    "j_telefoons",
    "j_emails",
    "j_kanalen",
    "j_vertegenwoordigers",
    "j_vertegenwoordigt",
)


def _partij_met_gegevens(pk):
    return (
        Partij.objects.filter(pk=pk)
        .annotate(
            j_adressen=_als_json(
                Adres.objects.filter(partij_id=OuterRef("pk")).order_by("soort", "id"),
                _velden(Adres),
            ),
            j_telefoons=_als_json(
                Telefoonnummer.objects.filter(partij_id=OuterRef("pk")).order_by("id"),
                _velden(Telefoonnummer),
            ),
            j_emails=_als_json(
                Emailadres.objects.filter(partij_id=OuterRef("pk")).order_by("id"),
                _velden(Emailadres),
            ),
            j_kanalen=ArraySubquery(
                Partij.voorkeurskanalen.through.objects.filter(partij_id=OuterRef("pk")).values(
                    "kanaal_id"
                )
            ),
            j_vertegenwoordigers=_vertegenwoordiging("vertegenwoordigde", "vertegenwoordiger"),
            j_vertegenwoordigt=_vertegenwoordiging("vertegenwoordiger", "vertegenwoordigde"),
        )
        .values(*_velden(Partij), *_PARTIJ_EXTRA)
    )


def partij_voor_klantbeeld(pk: int) -> Partij:
    """The Nijmegenaar with everything the header shows, in one query: addresses, phone
    numbers, e-mail addresses, preferred channels and contact persons come along as JSON
    arrays (``partij.adressen.all()`` etc. then read no further)."""

    partij_velden = _velden(Partij)
    gevonden = rijen(_partij_met_gegevens, pk=pk)
    if not gevonden:
        raise Partij.DoesNotExist
    rij = gevonden[0]
    partij = Partij(**{v: rij[v] for v in partij_velden})
    partij._state.adding, partij._state.db = False, "default"
    for naam in _PARTIJ_EXTRA:
        setattr(partij, naam, rij[naam])
    _vooraf_geladen(partij, "adressen", _objecten(Adres, rij["j_adressen"]))
    _vooraf_geladen(partij, "telefoonnummers", _objecten(Telefoonnummer, rij["j_telefoons"]))
    _vooraf_geladen(partij, "emailadressen", _objecten(Emailadres, rij["j_emails"]))
    kanalen = catalogus().kanalen
    _vooraf_geladen(
        partij,
        "voorkeurskanalen",
        sorted(
            (kanalen[k] for k in rij["j_kanalen"] if k in kanalen),
            key=lambda k: (k.volgorde, k.naam),
        ),
    )
    for naam, ander in (
        ("vertegenwoordigers", "vertegenwoordiger"),
        ("vertegenwoordigt", "vertegenwoordigde"),
    ):
        rijen_ = getattr(partij, f"j_{naam}") or []
        objecten = _objecten(Vertegenwoordiging, rijen_)
        for obj, rij in zip(objecten, rijen_, strict=True):
            setattr(obj, ander, Partij(**{v: rij[f"p_{v}"] for v in _PARTIJ_NAAM}))
        _vooraf_geladen(partij, naam, objecten)
    return partij


@dataclass(frozen=True)
class Herhaling:
    onderwerp: str
    aantal: int  # contacts in the period, the one now in progress not counted


def herhaalcontacten(user, partij_id: int, *, dagen: int = HERHAAL_DAGEN) -> list[Herhaling]:
    """Onderwerpen this Nijmegenaar contacted us about more than once lately (herhaalverkeer).

    Counts only contacts the user may know of."""
    rows = rijen(
        lambda user, partij_id, since: (
            Contactmoment.objects.visible_to(user)
            .filter(partij_id=partij_id, tijdstip__gte=since, richting=Contactmoment.Richting.IN)
            .values("onderwerp__naam")
            .annotate(n=Count("id"))
            .filter(n__gte=2)
            .order_by("-n", "onderwerp__naam")
        ),
        user=user,
        partij_id=partij_id,
        since=timezone.now() - timedelta(days=dagen),
    )
    return [Herhaling(onderwerp=r["onderwerp__naam"], aantal=r["n"]) for r in rows]
