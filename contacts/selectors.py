"""Reads for the search and the klantbeeld. Each returns plain, redacted values.

Visibility is decided by the querysets' ``visible_to`` (permissions.visibility); these
functions only shape what came back. The number of queries does not grow with the history.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import TrigramDistance
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Collate, JSONObject, Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Zaak
from core.voorbereid import rijen

from . import normalise
from .catalogue import catalogus
from .models import (
    Adres,
    Contactmoment,
    Emailadres,
    Kanaal,
    KanaalVertaling,
    Onderwerp,
    OnderwerpVertaling,
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


@dataclass(frozen=True)
class Zoekuitkomst:
    """One page of search hits: ``totaal`` is how many there are in all, ``pagina`` counts
    from 1; ``hint`` says how to narrow the search when there are more than one page."""

    key: normalise.SearchKey
    resultaten: list
    totaal: int = 0
    pagina: int = 1
    per_pagina: int = SEARCH_LIMIT

    @property
    def van(self) -> int:
        return (self.pagina - 1) * self.per_pagina + 1

    @property
    def tot(self) -> int:
        return self.van + len(self.resultaten) - 1

    @property
    def meer(self) -> bool:
        return self.tot < self.totaal

    @property
    def hint(self) -> str:
        if self.totaal <= self.per_pagina:
            return ""
        if self.key.kind == normalise.KIND_NAME:
            if self.key.extra.get("geboortedatum") or self.key.extra.get("geboortejaar"):
                return _("Type the first name too.")
            return _("Type the first name or the year of birth too, like Piet Jansen 1980.")
        if self.key.kind == normalise.KIND_POSTCODE and "huisnummer" not in self.key.extra:
            return _("Type the house number too, like 6511 AB 12.")
        return ""


def zoek(user, query: str, *, referenties=None):
    """Returns (SearchKey, [Zoekresultaat]): the first page of :func:`zoeken`."""
    uitkomst = zoeken(user, query, referenties=referenties)
    return uitkomst.key, uitkomst.resultaten


def zoeken(user, query: str, *, referenties=None, pagina: int = 1) -> Zoekuitkomst:
    """Persons and organisations found by what the agent typed, one page in the order of
    relevance, with how many there are in all.

    ``referenties(user, key)``: the ids of the Nijmegenaren behind a reference number
    (TB-…, WF-…), as the layers that own those records see them for this user."""
    key = normalise.parse_query(query)
    pagina = max(1, min(int(pagina or 1), 500))
    if key.kind in (normalise.KIND_EMPTY, normalise.KIND_INVALID):
        return Zoekuitkomst(key, [])
    begin = (pagina - 1) * SEARCH_LIMIT
    if key.kind == normalise.KIND_REFERENTIE:
        alle = list(referenties(user, key)) if referenties else []
        qs = Partij.objects.filter(id__in=alle[begin : begin + SEARCH_LIMIT]).order_by("id")
        return _pagina(key, qs, pagina, 0, totaal=len(alle))
    if key.kind == normalise.KIND_NAME:
        return _pagina(key, _match_name(Partij.objects.all(), key), pagina, begin)
    matched = _match(user, key)
    if matched is None:
        return Zoekuitkomst(key, [])
    return _pagina(key, matched, pagina, begin)


def _pagina(key, qs, pagina: int, begin: int, totaal: int | None = None) -> Zoekuitkomst:
    """One query for the page: each person with the one address the result line shows, and
    (COUNT(*) OVER ()) how many there are in all."""
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
    rows = list(
        qs.annotate(alle=Window(Count("id"))).values(
            *_RESULTAAT_VELDEN, "alle", eerste_adres=eerste_adres
        )[begin : begin + SEARCH_LIMIT]
    )
    if totaal is None:
        totaal = rows[0]["alle"] if rows else (qs.count() if begin else 0)
    return Zoekuitkomst(key, [_resultaat(row) for row in rows], totaal, pagina)


def _match(user, key):
    """The persons that fit a key other than a name, as a queryset in the order shown."""
    qs = Partij.objects.all()
    if key.kind == normalise.KIND_BSN:
        return qs.filter(bsn=key.value).order_by("id")
    if key.kind == normalise.KIND_KVK:
        condition = Q(kvk_nummer=key.value)
        if key.extra.get("bsn"):
            condition |= Q(bsn=key.extra["bsn"])
        return qs.filter(condition).order_by("soort", "naam", "id")
    if key.kind == normalise.KIND_VESTIGING:
        return qs.filter(vestigingsnummer=key.value).order_by("id")
    if key.kind == normalise.KIND_PHONE:
        return qs.filter(
            id__in=Telefoonnummer.objects.filter(nummer=key.value).values("partij_id")
        ).order_by("geslachtsnaam", "voornamen", "id")
    if key.kind == normalise.KIND_EMAIL:
        ids = Emailadres.objects.annotate(lower=Lower("adres")).filter(lower=key.value)
        return qs.filter(id__in=ids.values("partij_id")).order_by("geslachtsnaam", "id")
    if key.kind == normalise.KIND_POSTCODE:
        adressen = Adres.objects.filter(postcode=key.value)
        for field in ("huisnummer", "huisletter", "toevoeging"):
            if field in key.extra and (key.extra[field] or field == "huisnummer"):
                adressen = adressen.filter(**{field: key.extra[field]})
        # Searching by address must not reveal where a person with BRP secrecy lives.
        return qs.filter(id__in=adressen.values("partij_id"), geheimhouding=False).order_by(
            "geslachtsnaam", "voornamen", "id"
        )
    if key.kind == normalise.KIND_ZAAK:
        nummers = key.extra.get("varianten") or [key.value]
        return qs.filter(
            id__in=Zaak.objects.visible_to(user)
            .filter(identificatie__in=nummers)
            .values("partij_id")
        ).order_by("id")
    return None


def _match_name(qs, key):
    """The names that fit, in the order of relevance: first those with the same spelling key
    or one that starts with it (an index serves the range) — among them the surname spelled
    exactly as typed, then the spelling variants (Janssen for Jansen), then longer names —
    and after them the nearest other keys by trigram distance ("Hendrix" → "Hendriks")."""
    if key.extra.get("geboortedatum"):
        qs = qs.filter(geboortedatum=key.extra["geboortedatum"])
    if key.extra.get("geboortejaar"):
        jaar = key.extra["geboortejaar"]
        qs = qs.filter(geboortedatum__gte=date(jaar, 1, 1), geboortedatum__lt=date(jaar + 1, 1, 1))
    words = [w for w in key.value.split() if w not in VOORVOEGSELS] or key.value.split()
    raw_words = key.extra["raw"].split()
    getypt = [w for w in raw_words if w.lower() not in VOORVOEGSELS] or raw_words
    if len(words) > 1 and len(raw_words) > 1:
        # "Piet Jansen": the last word is the surname, the first the start of a first name.
        qs = qs.filter(voornamen__istartswith=raw_words[0])
        words, getypt = words[-1:], getypt[-1:]
    achternaam = " ".join(words)
    begint = Q(zoeknaam__startswith=achternaam)
    past = begint | Q(zoeknaam__trigram_similar=achternaam)
    if len(achternaam) >= 3:
        # a word inside an organisation's name; two letters have no trigram to look up by
        # (the index would hand back every row to check)
        past |= Q(soort=Partij.Soort.ORGANISATIE, zoeknaam__contains=achternaam)
    return (
        qs.filter(past)
        .annotate(
            rang=Case(
                When(
                    begint
                    & (
                        Q(geslachtsnaam__iexact=" ".join(getypt)) | Q(naam__iexact=key.extra["raw"])
                    ),
                    then=Value(0),
                ),
                When(zoeknaam=achternaam, then=Value(1)),
                When(begint, then=Value(2)),
                default=Value(3),
            ),
            afstand=Case(
                When(begint, then=Value(0.0)),
                default=TrigramDistance("zoeknaam", achternaam),
            ),
        )
        .order_by(
            "rang",
            "afstand",
            Collate("zoeknaam", "C"),
            Collate("geslachtsnaam", "C"),
            Collate("voornamen", "C"),
            "id",
        )
    )


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
    """Onderwerpen this Nijmegenaar asked us about more than once lately (herhaalverkeer):
    separate questions, so the contacts of the one question being answered (one klantreis:
    the letter, the call about it, the visit) count once.

    Counts only contacts the user may know of."""
    rows = rijen(
        lambda user, partij_id, since: (
            Contactmoment.objects.visible_to(user)
            .filter(partij_id=partij_id, tijdstip__gte=since, richting=Contactmoment.Richting.IN)
            .values("onderwerp__naam")
            # separate questions: the contacts of one klantreis are one question
            .annotate(n=Count("klantreis", distinct=True))
            .filter(n__gte=2)
            .order_by("-n", "onderwerp__naam")
        ),
        user=user,
        partij_id=partij_id,
        since=timezone.now() - timedelta(days=dagen),
    )
    return [Herhaling(onderwerp=r["onderwerp__naam"], aantal=r["n"]) for r in rows]


def onderwerp_voor_tekst(tekst: str) -> Onderwerp | None:
    """Our subject for a subject text another system sent: one of ours by name or code, else
    the functioneel beheerder's mapping (an exact text, else the longest prefix; KISS writes
    "titel (specifieke vraag)", so the title before " (" is tried as well). None: not placed."""
    tekst = " ".join(tekst.split())
    if not tekst:
        return None
    actief = Onderwerp.objects.filter(actief=True)
    eigen = actief.filter(Q(naam__iexact=tekst) | Q(code__iexact=tekst)).first()
    if eigen is not None:
        return eigen
    titel = tekst.split(" (", 1)[0].strip()
    vertalingen = OnderwerpVertaling.objects.filter(onderwerp__actief=True).select_related(
        "onderwerp"
    )
    for kandidaat in dict.fromkeys([tekst, titel]):
        gevonden = vertalingen.filter(tekst__iexact=kandidaat).first()
        if gevonden is not None:
            return gevonden.onderwerp
    prefixen = [
        v for v in vertalingen.filter(prefix=True) if tekst.lower().startswith(v.tekst.lower())
    ]
    if prefixen:
        return max(prefixen, key=lambda v: len(v.tekst)).onderwerp
    return None


def kanaal_voor_tekst(tekst: str):
    """Our channel for a channel text another system sent: ours by name or code (or the one
    whose name starts with it), else the functioneel beheerder's mapping. None: not placed."""
    tekst = " ".join(tekst.split())
    if not tekst:
        return None
    actief = Kanaal.objects.filter(actief=True)
    kanaal = (
        actief.filter(Q(naam__iexact=tekst) | Q(code__iexact=tekst)).first()
        or actief.filter(naam__istartswith=tekst).first()
    )
    if kanaal is not None:
        return kanaal
    vertaling = (
        KanaalVertaling.objects.filter(tekst__iexact=tekst, kanaal__actief=True)
        .select_related("kanaal")
        .first()
    )
    return vertaling.kanaal if vertaling else None
