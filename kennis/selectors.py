"""Search in the knowledge base: PostgreSQL full-text search in Dutch over title (weight A),
keywords (B) and the public text (C), with a typing error matched to the nearest known word
by trigram similarity first ("pasport" → "paspoort"). All words must match; when none does,
any word may. The last word counts as a prefix while typing (suggestions from 3 characters).
Three queries whatever the size of the index: the words, the page, the count."""

import datetime
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F
from django.utils import timezone

from leren.models import Signaal
from permissions.visibility import serves_public

from .models import Bron, Item

_WOORD = re.compile(r"[\wÀ-ÿ]+", re.UNICODE)
OUD = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Treffer:
    uuid: str
    titel: str
    soort: str
    soort_label: str
    bron: str
    bron_code: str
    gewijzigd: datetime.datetime | None
    samenvatting: str
    doelgroep: str


def woorden(tekst: str) -> list[str]:
    return [w.lower() for w in _WOORD.findall(tekst or "")][:8]


def _verbeterd(lijst: list[str]) -> list[str]:
    """Each word, or the nearest word of titles and keywords when it is not one (one
    query)."""
    if not lijst:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT q, (SELECT woord FROM kennis_woord WHERE woord %% q "
            "ORDER BY similarity(woord, q) DESC, woord LIMIT 1) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS t(q, n) ORDER BY n",
            [lijst],
        )
        return [beter or q for q, beter in cursor.fetchall()]


def _tsquery(lijst: list[str], *, of: bool, prefix: bool, kop: bool = False) -> SearchQuery:
    """``kop``: only in the title or keywords (weights A and B)."""
    gewicht = "AB" if kop else ""
    delen = [
        f"{w}:*{gewicht}" if prefix and i == len(lijst) - 1 else (f"{w}:{gewicht}" if kop else w)
        for i, w in enumerate(lijst)
    ]
    return SearchQuery((" | " if of else " & ").join(delen), config="dutch", search_type="raw")


MAX_TELLEN = 1000  # "more than 1,000": a count beyond that helps nobody and costs time


def _basis(bronnen: list[str], doelgroep: str):
    qs = Item.objects.filter(bron__actief=True)
    if bronnen:
        qs = qs.filter(bron__code__in=bronnen)
    if doelgroep in ("burger", "bedrijf"):
        qs = qs.filter(doelgroep__in=[doelgroep, Item.Doelgroep.BEIDE])
    return qs


def zoeken(
    tekst: str,
    *,
    bronnen: list[str] | None = None,
    doelgroep: str = "",
    limiet: int = 20,
    prefix: bool = False,
) -> tuple[list[Treffer], int]:
    """The best ``limiet`` items for the words typed, and how many there are in all."""
    lijst = [w for w in woorden(tekst) if len(w) >= 2]
    if not lijst:
        return [], 0
    # a word being typed (the last one, while suggesting) is a prefix, not a typing error
    lijst = _verbeterd(lijst[:-1]) + lijst[-1:] if prefix else _verbeterd(lijst)
    basis = _basis(bronnen or [], doelgroep)
    for of in (False, True):
        query = _tsquery(lijst, of=of, prefix=prefix)
        qs = basis.filter(zoektekst=query)
        # first the answers with the words in their title or keywords (few, ranked fast);
        # only when they do not fill the page, all answers with the words anywhere
        kop = _tsquery(lijst, of=of, prefix=prefix, kop=True)
        treffers = _pagina(basis.filter(zoektekst=kop), kop, limiet)
        if len(treffers) < limiet:
            treffers = _pagina(qs, query, limiet)
        if treffers:
            totaal = len(treffers) if len(treffers) < limiet else _tellen(qs)
            return treffers, totaal
        if len(lijst) == 1:
            break
    return [], 0


def _tellen(qs) -> int:
    """How many, up to ``MAX_TELLEN`` + 1 (shown as "more than 1,000")."""
    return len(qs.values_list("id", flat=True)[: MAX_TELLEN + 1])


def _pagina(qs, query, limiet: int) -> list[Treffer]:
    labels = dict(Item.Soort.choices)
    rijen = (
        qs.annotate(rang=SearchRank(F("zoektekst"), query, weights=[0.1, 0.2, 0.6, 1.0]))
        .order_by("-rang", "titel")
        .values(
            "uuid", "titel", "soort", "gewijzigd", "samenvatting", "doelgroep", "bron__naam",
            "bron__code",
        )[:limiet]
    )  # fmt: skip
    return [
        Treffer(
            uuid=str(r["uuid"]), titel=r["titel"], soort=r["soort"],
            soort_label=str(labels.get(r["soort"], r["soort"])), bron=r["bron__naam"],
            bron_code=r["bron__code"], gewijzigd=r["gewijzigd"],
            samenvatting=r["samenvatting"][:200], doelgroep=r["doelgroep"],
        )
        for r in rijen
    ]  # fmt: skip


def bronnen() -> list[Bron]:
    return list(Bron.objects.filter(actief=True).order_by("naam"))


def item(uuid, user) -> Item | None:
    """One answer as this colleague may read it: the staff-only text only for those who
    serve the public (others get the public text alone)."""
    qs = Item.objects.select_related("bron").filter(uuid=uuid)
    if not serves_public(user):
        qs = qs.defer("intern")
    gevonden = qs.first()
    if gevonden is not None and not serves_public(user):
        gevonden.intern = ""
    return gevonden


@dataclass(frozen=True)
class Versheid:
    oud: bool
    open_feedback: int


def versheid(item: Item) -> Versheid:
    """Older than 12 months, or with feedback not yet dealt with: the agent double-checks."""
    open_feedback = Signaal.objects.filter(
        verwijzing__startswith=f"kennis:{item.uuid}",
        status__in=[Signaal.Status.NIEUW, Signaal.Status.IN_BEHANDELING],
    ).count()
    oud = bool(item.gewijzigd and item.gewijzigd < timezone.now() - OUD)
    return Versheid(oud=oud, open_feedback=open_feedback)


def bron_status() -> list[dict]:
    """Per active source: items, last synchronised, last error (for the health page)."""
    from django.db.models import Count

    return [
        dict(r)
        for r in Bron.objects.filter(actief=True)
        .annotate(aantal=Count("items"))
        .values("code", "naam", "soort", "laatst_gelukt", "laatst_geprobeerd", "fout", "aantal")
        .order_by("naam")
    ]


# --- the figures (on the service figures page) -----------------------------------------------

_VEEL_CIJFERS = re.compile(r"\d{5,}|@")


def meest_gebruikt(*, afdeling_ids, van, tot, herhaal_dagen: int, hoeveel: int = 10):
    """The answers given with the most contacts in [van, tot) (per title and section), with
    how many of those were answered at once: result "answered" and no later contact in the
    same question within ``herhaal_dagen``. One query."""
    from django.db.models import Count, Exists, OuterRef, Q

    from contacts.models import Contactmoment, Kennislink

    later = Contactmoment.objects.filter(
        klantreis=OuterRef("contactmoment__klantreis"),
        tijdstip__gt=OuterRef("contactmoment__tijdstip"),
        tijdstip__lte=OuterRef("contactmoment__tijdstip") + datetime.timedelta(days=herhaal_dagen),
    )
    qs = Kennislink.objects.filter(
        contactmoment__tijdstip__gte=van, contactmoment__tijdstip__lt=tot,
        contactmoment__richting=Contactmoment.Richting.IN,
    )  # fmt: skip
    if afdeling_ids is not None:
        qs = qs.filter(contactmoment__afdeling_id__in=afdeling_ids)
    return list(
        qs.values("titel", "sectie")
        .annotate(
            n=Count("id"),
            meteen=Count(
                "id",
                filter=Q(
                    Q(contactmoment__resultaat=Contactmoment.Resultaat.BEANTWOORD),
                    ~Exists(later),
                ),
            ),
        )
        .order_by("-n", "titel")[:hoeveel]
    )


def geopend_niet_gekozen(*, van, tot, hoeveel: int = 10):
    """Answers opened but not used for a contact: a sign the title promises what the text
    does not give. One query."""
    from django.db.models import Count, Q

    from .models import Raadpleging

    return list(
        Raadpleging.objects.filter(geopend__gte=van, geopend__lt=tot)
        .values("item__titel")
        .annotate(geopend=Count("id"), gekozen=Count("id", filter=Q(gekozen=True)))
        .filter(geopend__gt=F("gekozen"))
        .order_by(F("gekozen") - F("geopend"), "item__titel")[:hoeveel]
    )


def zonder_resultaat(*, van, tot, minstens: int = 2, hoeveel: int = 10):
    """Searches that found nothing, asked at least ``minstens`` times (a one-off may hold what
    a caller said; words with long numbers or an address are never shown). One query."""
    from django.db.models import Count

    from .models import Zoekvraag

    rijen = (
        Zoekvraag.objects.filter(tijdstip__gte=van, tijdstip__lt=tot, resultaten=0)
        .values("tekst")
        .annotate(n=Count("id"))
        .filter(n__gte=minstens)
        .order_by("-n", "tekst")[: hoeveel * 2]
    )
    return [r for r in rijen if not _VEEL_CIJFERS.search(r["tekst"])][:hoeveel]


@dataclass(frozen=True)
class PubliekAntwoord:
    titel: str
    samenvatting: str
    publieke_url: str


def webformulier_antwoorden(vraag: str, limiet: int = 3) -> list[PubliekAntwoord]:
    """For the public web form: up to three answers with a public address (website, products,
    articles), by title, summary and address — public text only, never a staff-only text.
    Two words at least, so a short "hallo" offers nothing."""
    if len(woorden(vraag)) < 2:
        return []
    treffers, _totaal = zoeken(vraag[:300], limiet=10)
    uuids = [t.uuid for t in treffers]
    items = (
        Item.objects.filter(uuid__in=uuids)
        .exclude(publieke_url="")
        .values("uuid", "titel", "samenvatting", "publieke_url")
    )
    per = {str(i["uuid"]): i for i in items}
    return [
        PubliekAntwoord(per[u]["titel"], per[u]["samenvatting"], per[u]["publieke_url"])
        for u in uuids
        if u in per
    ][:limiet]
