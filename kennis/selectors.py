"""Search in the knowledge base: PostgreSQL full-text search in Dutch over title (weight A),
keywords (B) and the public text (C), with a typing error matched to the nearest known word
by trigram similarity first ("pasport" → "paspoort"). All words must match; when none does,
any word may. The last word counts as a prefix while typing (suggestions from 3 characters).
Three queries whatever the size of the index: the words, the page, the count."""

import datetime
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection
from django.db.models import F
from django.utils import timezone

from leren.models import Signaal

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


def _tsquery(lijst: list[str], *, of: bool, prefix: bool) -> SearchQuery:
    delen = [f"{w}:*" if prefix and i == len(lijst) - 1 else w for i, w in enumerate(lijst)]
    return SearchQuery((" | " if of else " & ").join(delen), config="dutch", search_type="raw")


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
        treffers = _pagina(qs, query, " ".join(lijst), limiet)
        if treffers:
            totaal = len(treffers) if len(treffers) < limiet else qs.count()
            return treffers, totaal
        if len(lijst) == 1:
            break
    return [], 0


def _pagina(qs, query, tekst: str, limiet: int) -> list[Treffer]:
    labels = dict(Item.Soort.choices)
    rijen = (
        qs.annotate(
            rang=SearchRank(F("zoektekst"), query, weights=[0.1, 0.2, 0.6, 1.0])
            + TrigramSimilarity("titel", tekst) * 0.5
        )
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


def item(uuid) -> Item | None:
    try:
        return Item.objects.select_related("bron").filter(uuid=uuid).first()
    except Exception:  # not a uuid
        return None


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


def publieke_antwoorden(tekst: str, limiet: int = 3) -> list[Treffer]:
    """For the public web form: answers whose text is public (the website, products,
    articles), never a staff-only text; only the title and summary are shown."""
    treffers, _totaal = zoeken(tekst, limiet=limiet)
    return treffers


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
