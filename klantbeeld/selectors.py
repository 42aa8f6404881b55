"""The panels of the klantbeeld that compose several apps: the contact history of every
channel, with the zaken a contact is linked to and the scans a letter or e-mail brought."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, Count, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, JSONObject

from callbacks.models import Belpoging, Terugbelverzoek
from cases.models import Zaak
from channels.models import Afspraak, Bijlage, Inzending
from contacts.catalogue import catalogus_voor
from contacts.models import (
    OPEN_RESULTATEN,
    Contactmoment,
    ContactmomentCorrectie,
    Kennislink,
    KlantreisWijziging,
    brief_referentie,
)
from core.datums import datum
from core.voorbereid import rijen
from core.weergave import naam_van
from permissions.models import Niveau
from permissions.visibility import redacted

TIMELINE_PAGE = 25


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
    medewerker_id: int | None
    klantreis_aantal: int
    zaken: tuple  # identificaties of linked zaken the user may know of
    # FULL only; None when the user may know only that the contact exists
    vraag: str | None
    antwoord: str | None
    resultaat: str | None
    correcties: tuple = ()  # FULL only: (tijdstip, veld, oude waarde, door, reden)
    legitimatie_gezien: bool = False
    bijlagen: tuple = ()  # FULL only: (id, naam) of scans and attachments
    referentie: str = ""  # FULL only: the number the resident was given (WF-, TB-, BR-…)
    # FULL only: (tijdstip, soort label, door) of each change of the question it belongs to
    reis_wijzigingen: tuple = ()
    # FULL only: (title, section) of the knowledge-base answers the contact was given with
    kennis: tuple = ()

    @property
    def volledig(self):
        return self.niveau == Niveau.FULL


@dataclass(frozen=True)
class Filters:
    kanaal: int | None = None
    onderwerp: int | None = None
    van: date | None = None
    tot: date | None = None


def _alleen_volledig(model, volgorde, **velden):
    """The rows of `model` that belong to the contact, as a list of JSON objects with `velden`,
    for contacts the user sees in full only (NULL otherwise): corrections, klantreis changes
    and attachments carry content."""
    return Case(
        When(
            Q(niveau=Niveau.FULL),
            then=ArraySubquery(
                model.objects.filter(contactmoment_id=OuterRef("id"))
                .order_by(*volgorde)
                .values(json=JSONObject(**velden))
            ),
        )
    )


def _tijdlijn_qs(
    user, *, partij_id, kanaal, onderwerp, van, tot, voor_tijdstip, voor_id, alleen, limit
):
    qs = Contactmoment.objects.visible_to(user).filter(partij_id=partij_id)
    if kanaal:
        qs = qs.filter(kanaal_id=kanaal)
    if onderwerp:
        qs = qs.filter(onderwerp_id=onderwerp)
    if van:
        qs = qs.filter(tijdstip__date__gte=van)
    if tot:
        qs = qs.filter(tijdstip__date__lte=tot)
    if voor_tijdstip:
        qs = qs.filter(Q(tijdstip__lt=voor_tijdstip) | Q(tijdstip=voor_tijdstip, id__lt=voor_id))
    if alleen:
        qs = qs.filter(id=alleen)
    # Names of channels, subjects, domeinen and departments come from the catalogue in
    # memory: four joins fewer to plan. The thread size, the linked zaken, the corrections and
    # the attachments come along as subqueries: one round trip for the whole page.
    full = Q(niveau=Niveau.FULL)
    return (
        qs.annotate(
            reis_aantal=Subquery(
                Contactmoment.objects.visible_to(user)
                .filter(partij_id=partij_id, klantreis=OuterRef("klantreis"))
                .order_by()
                .values("klantreis")
                .annotate(n=Count("id"))
                .values("n")[:1]
            ),
            zaak_nummers=ArraySubquery(
                Zaak.objects.visible_to(user)
                .filter(contactmomenten=OuterRef("id"))
                .order_by("identificatie")
                .values("identificatie")
            ),
            # content of corrections and attachments only for rows the user sees in full
            correctie_lijst=_alleen_volledig(
                ContactmomentCorrectie,
                ("tijdstip", "id"),
                tijdstip=F("tijdstip"),
                veld=F("veld"),
                oud=F("oude_waarde"),
                voornaam=F("door__first_name"),
                achternaam=F("door__last_name"),
                reden=F("reden"),
            ),
            # the number the resident was given for this contact (web form, callback)
            referentie=Case(
                When(
                    full,
                    then=Coalesce(
                        Subquery(
                            Inzending.objects.filter(contactmoment_id=OuterRef("id")).values(
                                json=JSONObject(s=Value("WF"), t=F("ontvangen"), n=F("id"))
                            )[:1]
                        ),
                        Subquery(
                            Terugbelverzoek.objects.filter(contactmoment_id=OuterRef("id"))
                            .order_by("id")
                            .values(json=JSONObject(s=Value("TB"), t=F("aangemaakt"), n=F("id")))[
                                :1
                            ]
                        ),
                        Subquery(
                            Belpoging.objects.filter(contactmoment_id=OuterRef("id")).values(
                                json=JSONObject(
                                    s=Value("TB"),
                                    t=F("terugbelverzoek__aangemaakt"),
                                    n=F("terugbelverzoek_id"),
                                )
                            )[:1]
                        ),
                    ),
                )
            ),
            reis_wijzigingen=_alleen_volledig(
                KlantreisWijziging,
                ("tijdstip", "id"),
                tijdstip=F("tijdstip"),
                soort=F("soort"),
                voornaam=F("door__first_name"),
                achternaam=F("door__last_name"),
            ),
            bijlage_lijst=_alleen_volledig(Bijlage, ("id",), id=F("id"), naam=F("naam")),
            kennis_lijst=_alleen_volledig(
                Kennislink, ("id",), titel=F("titel"), sectie=F("sectie")
            ),
        )
        .order_by("-tijdstip", "-id")
        .values(
            "id",
            "tijdstip",
            "richting",
            "tolkcontact",
            "legitimatie_gezien",
            "niveau",
            "vraag",
            "antwoord",
            "resultaat",
            "kanaal_id",
            "onderwerp_id",
            "afdeling_id",
            "medewerker_id",
            "reis_aantal",
            "zaak_nummers",
            "correctie_lijst",
            "bijlage_lijst",
            "kennis_lijst",
            "referentie",
            "reis_wijzigingen",
            medewerker_voornaam=F("medewerker__user__first_name"),
            medewerker_achternaam=F("medewerker__user__last_name"),
        )[: limit + 1]
    )


def _referentie(v, kanaal_code) -> str:
    """The reference as the resident has it: WF-2026-000045, TB-2026-000123, BR-2026-000007
    (the year as stored, in UTC, as the numbers were made)."""
    if v["niveau"] != Niveau.FULL:
        return ""
    if v["referentie"]:
        r = v["referentie"]
        return f"{r['s']}-{str(r['t'])[:4]}-{int(r['n']):06d}"
    if kanaal_code == "post":
        return brief_referentie(v["id"], v["tijdstip"])
    return ""


def tijdlijn(
    user,
    partij_id: int,
    filters: Filters,
    *,
    voor: tuple[datetime, int] | None = None,
    limit: int = TIMELINE_PAGE,
    alleen: int | None = None,
):
    """One page of the timeline, newest first, with keyset paging (``voor`` = the last row's
    (tijdstip, id)), so page 80 costs what page 1 costs: one query, whatever the history.

    Returns (rows, cursor of the next page or None).
    """
    values = rijen(
        lambda user, **waarden: _tijdlijn_qs(user, limit=limit, **waarden),
        user=user,
        partij_id=partij_id,
        kanaal=filters.kanaal,
        onderwerp=filters.onderwerp,
        van=filters.van,
        tot=filters.tot,
        voor_tijdstip=voor[0] if voor else None,
        voor_id=voor[1] if voor else None,
        alleen=alleen,
    )
    more = len(values) > limit
    values = values[:limit]
    cat = catalogus_voor(values)
    resultaten = dict(Contactmoment.Resultaat.choices)
    soorten = dict(KlantreisWijziging.Soort.choices)
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
            medewerker=naam_van(v["medewerker_voornaam"], v["medewerker_achternaam"]),
            medewerker_id=v["medewerker_id"],
            niveau=v["niveau"],
            klantreis_aantal=v["reis_aantal"] or 1,
            zaken=tuple(v["zaak_nummers"]),
            correcties=tuple(
                (
                    datetime.fromisoformat(c["tijdstip"]),
                    c["veld"],
                    c["oud"],
                    naam_van(c["voornaam"], c["achternaam"]),
                    c["reden"],
                )
                for c in v["correctie_lijst"] or ()
            ),
            bijlagen=tuple((b["id"], b["naam"]) for b in v["bijlage_lijst"] or ()),
            kennis=tuple((k["titel"], k["sectie"]) for k in v["kennis_lijst"] or ()),
            referentie=_referentie(v, cat.kanalen[v["kanaal_id"]].code),
            reis_wijzigingen=tuple(
                (
                    datetime.fromisoformat(w["tijdstip"]),
                    str(soorten.get(w["soort"], "")),
                    naam_van(w["voornaam"], w["achternaam"]),
                )
                for w in v["reis_wijzigingen"] or ()
            ),
            vraag=redacted(v["niveau"], v["vraag"]),
            antwoord=redacted(v["niveau"], v["antwoord"]),
            resultaat=redacted(v["niveau"], str(resultaten.get(v["resultaat"], ""))),
        )
        for v in values
    ]
    cursor = (values[-1]["tijdstip"], values[-1]["id"]) if more else None
    return rows, cursor


def partijen_bij_referentie(user, key) -> list[int]:
    """The Nijmegenaar behind a number the municipality gave them — a callback (TB-…) or a
    web form (WF-…) — when this user may know that record exists; else nobody."""
    soort, jaar, nummer = key.extra["soort"], key.extra["jaar"], key.extra["id"]
    if soort == "TB":
        rijen_ = Terugbelverzoek.objects.visible_to(user).filter(id=nummer, aangemaakt__year=jaar)
        return list(rijen_.values_list("partij_id", flat=True))
    zichtbaar = Contactmoment.objects.visible_to(user).filter(partij__isnull=False).values("id")
    if soort == "BR":
        return list(
            Contactmoment.objects.filter(
                id=nummer, tijdstip__year=jaar, kanaal__code="post", id__in=zichtbaar
            ).values_list("partij_id", flat=True)
        )
    return list(
        Inzending.objects.filter(
            id=nummer, ontvangen__year=jaar, contactmoment__in=zichtbaar
        ).values_list("contactmoment__partij_id", flat=True)
    )


# --- the klantreizen: contacts about one question, across channels -----------------------

KLANTREIZEN = 5


@dataclass(frozen=True)
class ReisContact:
    id: int
    tijdstip: datetime
    kanaal: str
    onderwerp: str
    volledig: bool
    resultaat: str | None  # FULL only
    afspraak: tuple | None  # (locatie, tijdstip, status label) of the appointment made here
    resultaat_code: str = ""  # FULL only


@dataclass(frozen=True)
class Klantreis:
    """One question across channels: its contacts oldest first, open while the newest
    contact the user sees in full waits for something (a callback, an appointment, …)."""

    contacten: tuple

    @property
    def onderwerp(self) -> str:
        return self.contacten[0].onderwerp

    @property
    def getoond(self) -> tuple:
        """The newest five, in order: a long thread does not push the panel off the screen."""
        return self.contacten[-5:]

    @property
    def eerder(self) -> int:
        return max(0, len(self.contacten) - 5)

    @property
    def open(self) -> bool:
        laatste = next((c for c in reversed(self.contacten) if c.volledig), None)
        return laatste is not None and laatste.resultaat_code in OPEN_RESULTATEN


def klantreizen(user, partij_id: int, limit: int = KLANTREIZEN) -> list[Klantreis]:
    """The newest questions of this Nijmegenaar with more than one contact the user may know
    of, each as one thread: one query."""
    zichtbaar = Contactmoment.objects.visible_to(user).filter(partij_id=partij_id)
    reizen = (
        zichtbaar.order_by()
        .values("klantreis")
        .annotate(n=Count("id"), laatst=Max("tijdstip"))
        .filter(n__gte=2)
        .order_by("-laatst")
        .values("klantreis")[:limit]
    )
    afspraak = Subquery(
        Afspraak.objects.visible_to(user)
        .filter(contactmoment_id=OuterRef("id"))
        .order_by("tijdstip")
        .values(
            json=JSONObject(locatie=F("locatie__naam"), tijdstip=F("tijdstip"), status=F("status"))
        )[:1]
    )
    waarden = list(
        zichtbaar.filter(klantreis__in=reizen)
        .annotate(gemaakte_afspraak=afspraak)
        .order_by("tijdstip", "id")
        .values(
            "id", "klantreis", "tijdstip", "kanaal_id", "onderwerp_id", "resultaat", "niveau",
            "gemaakte_afspraak",
        )
    )  # fmt: skip
    cat = catalogus_voor(waarden)
    resultaten = dict(Contactmoment.Resultaat.choices)
    statussen = dict(Afspraak.Status.choices)
    per_reis: dict = {}
    laatst: dict = {}
    for v in waarden:
        volledig = v["niveau"] == Niveau.FULL
        a = v["gemaakte_afspraak"] if volledig else None
        per_reis.setdefault(v["klantreis"], []).append(
            ReisContact(
                id=v["id"],
                tijdstip=v["tijdstip"],
                kanaal=cat.kanalen[v["kanaal_id"]].naam,
                onderwerp=cat.onderwerpen[v["onderwerp_id"]].naam,
                volledig=volledig,
                resultaat=str(resultaten.get(v["resultaat"], "")) if volledig else None,
                resultaat_code=v["resultaat"] if volledig else "",
                afspraak=(
                    a["locatie"],
                    datetime.fromisoformat(a["tijdstip"]),
                    str(statussen.get(a["status"], "")),
                )
                if a
                else None,
            )
        )
        laatst[v["klantreis"]] = v["tijdstip"]
    volgorde = sorted(per_reis, key=lambda k: laatst[k], reverse=True)
    return [Klantreis(contacten=tuple(per_reis[k])) for k in volgorde]


def andere_vragen(user, contactmoment) -> list[tuple[int, str]]:
    """The other questions of this Nijmegenaar a contact can be put into: per klantreis the
    first contact the user sees in full, newest question first (twenty at most)."""
    eerste = list(
        Contactmoment.objects.visible_to(user)
        .filter(partij_id=contactmoment.partij_id, niveau=Niveau.FULL)
        .exclude(klantreis=contactmoment.klantreis)
        .order_by("klantreis", "tijdstip", "id")
        .distinct("klantreis")
        .values("id", "tijdstip", "kanaal_id", "onderwerp_id")
    )
    eerste.sort(key=lambda v: v["tijdstip"], reverse=True)
    cat = catalogus_voor(eerste)
    return [
        (
            v["id"],
            f"{datum(v['tijdstip'], 'j M Y')} – {cat.onderwerpen[v['onderwerp_id']].naam} "
            f"({cat.kanalen[v['kanaal_id']].naam})",
        )
        for v in eerste[:20]
    ]
