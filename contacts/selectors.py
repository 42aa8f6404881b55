"""Reads for the search and the klantbeeld. Each returns plain, redacted values.

Visibility is decided by the querysets' ``visible_to`` (permissions.visibility); these
functions only shape what came back. The number of queries does not grow with the history.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import TrigramDistance
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, When
from django.db.models.functions import JSONObject, Lower
from django.utils import timezone

from permissions.models import Niveau
from permissions.visibility import redacted

from . import normalise
from .models import (
    Adres,
    Contactmoment,
    ContactmomentCorrectie,
    Emailadres,
    Partij,
    Vertegenwoordiging,
)

SEARCH_LIMIT = 20
TIMELINE_PAGE = 25
HERHAAL_DAGEN = 14
VOORVOEGSELS = {"de", "den", "der", "van", "het", "ter", "ten", "te", "in", "t", "la", "le",
                "du", "von", "op", "uit", "d", "s", "v", "vd", "vander"}


@dataclass(frozen=True)
class Zoekresultaat:
    id: int
    naam: str
    soort: str
    geboortejaar: int | None
    adres: str  # street and house number only; empty under geheimhouding
    kenmerk: str  # what tells two apart besides: KVK number for organisations


def zoek(user, query: str):
    """Returns (SearchKey, [Zoekresultaat]). Persons are found by what the agent typed."""
    key = normalise.parse_query(query)
    if key.kind in (normalise.KIND_EMPTY, normalise.KIND_INVALID):
        return key, []
    matched = _match(user, key)
    if matched is None:
        return key, []
    adressen = Prefetch("adressen", queryset=Adres.objects.order_by("soort", "id"))
    if isinstance(matched, list):  # ids in the order of relevance
        order = {pk: i for i, pk in enumerate(matched)}
        partijen = sorted(Partij.objects.filter(id__in=matched).prefetch_related(adressen),
                          key=lambda p: order[p.id])
    else:
        partijen = matched.prefetch_related(adressen)[:SEARCH_LIMIT]
    return key, [_resultaat(p) for p in partijen]


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
        return (
            qs.filter(id__in=adressen.values("partij_id"), geheimhouding=False)
            .order_by("geslachtsnaam", "voornamen")
        )
    if key.kind == normalise.KIND_ZAAK:
        from cases.models import Zaak

        return qs.filter(id__in=Zaak.objects.visible_to(user).filter(
            identificatie=key.value).values("partij_id"))
    if key.kind == normalise.KIND_NAME:
        return _match_name(qs, key)
    return None


def _match_name(qs, key):
    """Returns ids, in two steps that each an index serves: first the same spelling key or
    one that starts with it (in index order), then, to fill the page, the nearest keys by
    trigram distance ("Hendrix" → "Hendriks", "Hendriksen")."""
    words = [w for w in key.value.split() if w not in VOORVOEGSELS] or key.value.split()
    raw_words = key.extra["raw"].split()
    if len(words) > 1 and len(raw_words) > 1:
        # "Piet Jansen": the last word is the surname, the first the start of a first name.
        qs = qs.filter(voornamen__istartswith=raw_words[0])
        words = words[-1:]
    achternaam = " ".join(words)
    exact = list(qs.filter(zoeknaam__startswith=achternaam)
                 .order_by("zoeknaam", "geslachtsnaam", "voornamen", "id")
                 .values_list("id", flat=True)[:SEARCH_LIMIT])
    nearby = []
    if len(exact) < SEARCH_LIMIT:
        nearby = list(
            qs.filter(Q(zoeknaam__trigram_similar=achternaam)
                      | Q(soort=Partij.Soort.ORGANISATIE, zoeknaam__contains=achternaam))
            .exclude(id__in=exact)
            .order_by(TrigramDistance("zoeknaam", achternaam), "id")
            .values_list("id", flat=True)[: SEARCH_LIMIT - len(exact)]
        )
    return exact + nearby


def _resultaat(partij: Partij) -> Zoekresultaat:
    adres = ""
    if not partij.geheimhouding:
        for a in partij.adressen.all():
            adres = f"{a.straat} {a.huisnummer}{a.huisletter}" + (
                f"-{a.toevoeging}" if a.toevoeging else ""
            )
            break
    return Zoekresultaat(
        id=partij.id,
        naam=partij.weergavenaam,
        soort=partij.soort,
        geboortejaar=partij.geboortedatum.year if partij.geboortedatum else None,
        adres=adres,
        kenmerk=f"KVK {partij.kvk_nummer}" if partij.soort == Partij.Soort.ORGANISATIE else "",
    )


# --- klantbeeld --------------------------------------------------------------------------


def partij_voor_klantbeeld(pk: int) -> Partij:
    """The Nijmegenaar with everything the header shows, in a fixed number of queries."""
    return Partij.objects.prefetch_related(
        Prefetch("adressen", queryset=Adres.objects.order_by("soort", "id")),
        "telefoonnummers",
        "emailadressen",
        "voorkeurskanalen",
        Prefetch("vertegenwoordigers",
                 queryset=Vertegenwoordiging.objects.select_related("vertegenwoordiger")),
        Prefetch("vertegenwoordigt",
                 queryset=Vertegenwoordiging.objects.select_related("vertegenwoordigde")),
    ).get(pk=pk)


def _naam(*parts):
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class TijdlijnRegel:
    id: int
    tijdstip: datetime
    kanaal: str
    kanaal_code: str
    richting: str
    tolkcontact: bool
    onderwerp: str
    domein: str
    afdeling: str
    medewerker: str
    niveau: int
    klantreis_aantal: int
    zaken: tuple  # identificaties of linked zaken the user may know of
    # FULL only; None when the user may know only that the contact exists
    vraag: str | None
    antwoord: str | None
    resultaat: str | None
    correcties: tuple = ()  # FULL only: (tijdstip, veld, oude waarde, door, reden)
    legitimatie_gezien: bool = False
    bijlagen: tuple = ()  # FULL only: (id, naam) of scans and attachments

    @property
    def volledig(self):
        return self.niveau == Niveau.FULL


@dataclass(frozen=True)
class Filters:
    kanaal: int | None = None
    onderwerp: int | None = None
    van: date | None = None
    tot: date | None = None


def tijdlijn(user, partij_id: int, filters: Filters, *, voor: tuple[datetime, int] | None = None,
             limit: int = TIMELINE_PAGE, alleen: int | None = None):
    """One page of the timeline, newest first, with keyset paging (``voor`` = the last row's
    (tijdstip, id)), so page 80 costs what page 1 costs: one query, whatever the history.

    Returns (rows, cursor of the next page or None).
    """
    qs = Contactmoment.objects.visible_to(user).filter(partij_id=partij_id)
    if filters.kanaal:
        qs = qs.filter(kanaal_id=filters.kanaal)
    if filters.onderwerp:
        qs = qs.filter(onderwerp_id=filters.onderwerp)
    if filters.van:
        qs = qs.filter(tijdstip__date__gte=filters.van)
    if filters.tot:
        qs = qs.filter(tijdstip__date__lte=filters.tot)
    if voor:
        qs = qs.filter(Q(tijdstip__lt=voor[0]) | Q(tijdstip=voor[0], id__lt=voor[1]))
    if alleen:
        qs = qs.filter(id=alleen)
    # Names of channels, subjects, domeinen and departments come from the catalogue in
    # memory: four joins fewer to plan. The thread size, the linked zaken, the corrections and
    # the attachments come along as subqueries: one round trip for the whole page.
    from cases.models import Zaak
    from channels.models import Bijlage  # letters and e-mails bring scans

    from .catalogue import catalogus

    cat = catalogus()
    full = Q(niveau=Niveau.FULL)
    values = list(
        qs.annotate(
            reis_aantal=Subquery(
                Contactmoment.objects.visible_to(user)
                .filter(partij_id=partij_id, klantreis=OuterRef("klantreis"))
                .order_by().values("klantreis").annotate(n=Count("id")).values("n")[:1]),
            zaak_nummers=ArraySubquery(
                Zaak.objects.visible_to(user).filter(contactmomenten=OuterRef("id"))
                .order_by("identificatie").values("identificatie")),
            # content of corrections and attachments only for rows the user sees in full
            correctie_lijst=Case(When(full, then=ArraySubquery(
                ContactmomentCorrectie.objects.filter(contactmoment_id=OuterRef("id"))
                .order_by("tijdstip", "id").values(json=JSONObject(
                    tijdstip=F("tijdstip"), veld=F("veld"), oud=F("oude_waarde"),
                    voornaam=F("door__first_name"), achternaam=F("door__last_name"),
                    reden=F("reden")))))),
            bijlage_lijst=Case(When(full, then=ArraySubquery(
                Bijlage.objects.filter(contactmoment_id=OuterRef("id")).order_by("id")
                .values(json=JSONObject(id=F("id"), naam=F("naam")))))),
        )
        .order_by("-tijdstip", "-id").values(
            "id", "tijdstip", "richting", "tolkcontact", "legitimatie_gezien", "niveau",
            "vraag", "antwoord", "resultaat", "kanaal_id", "onderwerp_id", "afdeling_id",
            "reis_aantal", "zaak_nummers", "correctie_lijst", "bijlage_lijst",
            medewerker_voornaam=F("medewerker__user__first_name"),
            medewerker_achternaam=F("medewerker__user__last_name"),
        )[: limit + 1]
    )
    more = len(values) > limit
    values = values[:limit]
    if any(v["kanaal_id"] not in cat.kanalen or v["onderwerp_id"] not in cat.onderwerpen
           or (v["afdeling_id"] and v["afdeling_id"] not in cat.afdelingen) for v in values):
        from .catalogue import vernieuwen

        vernieuwen()  # a catalogue entry this process has not seen yet
        cat = catalogus()
    resultaten = dict(Contactmoment.Resultaat.choices)
    rows = [
        TijdlijnRegel(
            id=v["id"],
            tijdstip=v["tijdstip"],
            kanaal=cat.kanalen[v["kanaal_id"]].naam,
            kanaal_code=cat.kanalen[v["kanaal_id"]].code,
            richting=v["richting"],
            tolkcontact=v["tolkcontact"],
            legitimatie_gezien=v["legitimatie_gezien"],
            onderwerp=cat.onderwerpen[v["onderwerp_id"]].naam,
            domein=cat.onderwerpen[v["onderwerp_id"]].domein.naam,
            afdeling=cat.afdelingen.get(v["afdeling_id"], ""),
            medewerker=_naam(v["medewerker_voornaam"], v["medewerker_achternaam"]),
            niveau=v["niveau"],
            klantreis_aantal=v["reis_aantal"] or 1,
            zaken=tuple(v["zaak_nummers"]),
            correcties=tuple(
                (datetime.fromisoformat(c["tijdstip"]), c["veld"], c["oud"],
                 _naam(c["voornaam"], c["achternaam"]), c["reden"])
                for c in v["correctie_lijst"] or ()),
            bijlagen=tuple((b["id"], b["naam"]) for b in v["bijlage_lijst"] or ()),
            vraag=redacted(v["niveau"], v["vraag"]),
            antwoord=redacted(v["niveau"], v["antwoord"]),
            resultaat=redacted(v["niveau"], str(resultaten.get(v["resultaat"], ""))),
        )
        for v in values
    ]
    cursor = (values[-1]["tijdstip"], values[-1]["id"]) if more else None
    return rows, cursor


@dataclass(frozen=True)
class Herhaling:
    onderwerp: str
    aantal: int  # contacts in the period, the one now in progress not counted


def herhaalcontacten(user, partij_id: int, *, dagen: int = HERHAAL_DAGEN) -> list[Herhaling]:
    """Onderwerpen this Nijmegenaar contacted us about more than once lately (herhaalverkeer).

    Counts only contacts the user may know of."""
    since = timezone.now() - timedelta(days=dagen)
    rows = (
        Contactmoment.objects.visible_to(user)
        .filter(partij_id=partij_id, tijdstip__gte=since, richting=Contactmoment.Richting.IN)
        .values("onderwerp__naam")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .order_by("-n", "onderwerp__naam")
    )
    return [Herhaling(onderwerp=r["onderwerp__naam"], aantal=r["n"]) for r in rows]


@dataclass(frozen=True)
class ZaakRegel:
    id: int
    identificatie: str
    zaaktype: str
    domein: str
    status: str
    startdatum: date
    einddatum_gepland: date | None
    uiterlijke_einddatum: date | None
    afdeling: str
    behandelaar: str
    niveau: int
    omschrijving: str | None  # FULL only
    toelichting: str | None  # FULL only

    @property
    def volledig(self):
        return self.niveau == Niveau.FULL


def lopende_zaken(user, partij_id: int, *, limit: int = 20) -> list[ZaakRegel]:
    from cases.models import Zaak

    values = (
        Zaak.objects.visible_to(user)
        .filter(partij_id=partij_id, einddatum__isnull=True)
        .order_by("-startdatum", "-id")
        .values(
            "id", "identificatie", "status", "startdatum", "einddatum_gepland",
            "uiterlijke_einddatum", "niveau", "omschrijving", "toelichting",
            zaaktype_naam=F("zaaktype__omschrijving"), domein_naam=F("zaaktype__domein__naam"),
            afdeling_naam=F("afdeling__naam"),
            behandelaar_voornaam=F("behandelaar__user__first_name"),
            behandelaar_achternaam=F("behandelaar__user__last_name"),
        )[:limit]
    )
    return [
        ZaakRegel(
            id=v["id"],
            identificatie=v["identificatie"],
            zaaktype=v["zaaktype_naam"],
            domein=v["domein_naam"],
            status=v["status"],
            startdatum=v["startdatum"],
            einddatum_gepland=v["einddatum_gepland"],
            uiterlijke_einddatum=v["uiterlijke_einddatum"],
            afdeling=v["afdeling_naam"],
            behandelaar=_naam(v["behandelaar_voornaam"], v["behandelaar_achternaam"]),
            niveau=v["niveau"],
            omschrijving=redacted(v["niveau"], v["omschrijving"]),
            toelichting=redacted(v["niveau"], v["toelichting"]),
        )
        for v in values
    ]
