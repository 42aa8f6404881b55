"""What each user may see of the campaigns. Visibility is decided here, in querysets:

- the campaign's settings (regeling, basis, texts, report in counts): its owner, its team,
  and whoever may prepare or approve campaigns;
- its candidates and their signals: only the campaign's team and its owner, and only with
  full sight of the domein of proactive contacts (a visibility rule like any other).
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Count, DateTimeField, Q, Sum, Value
from django.db.models.functions import Cast, TruncWeek

from contacts.models import Partij
from permissions import policy
from permissions.models import Domein, Niveau
from permissions.roles import medewerker_van
from permissions.visibility import domein_levels, serves_public

from .models import Afmelding, Benadering, Campagne, Kandidaat

KLEINE_GROEP = 10  # counts under this are shown as "–" (small groups can be recognised)
WEEKKOLOMMEN = ("opgenomen", "goedgekeurd", "pogingen", "bereikt")


def _proactief_niveau(user) -> int:
    domein_id = Domein.objects.filter(code=policy.PROACTIEF).values_list("id", flat=True).first()
    return domein_levels(user).get(domein_id, Niveau.NONE) if domein_id else Niveau.NONE


def mag_campagnes_beheren(user) -> bool:
    return user.has_perm("proactief.voorbereiden_campagne") or user.has_perm(
        "proactief.goedkeuren_campagne"
    )


def campagnes(user):
    """The campaigns the user may see (settings and counts, not candidates)."""
    qs = Campagne.objects.select_related("team", "eigenaar", "goedgekeurd_door")
    if mag_campagnes_beheren(user):
        return qs
    medewerker = medewerker_van(user)
    if medewerker is None or medewerker.team_id is None:
        return qs.none()
    return qs.filter(Q(team_id=medewerker.team_id) | Q(eigenaar=user))


def mag_kandidaten_zien(user, campagne: Campagne) -> bool:
    """The campaign's team and owner, with full sight of proactive contacts."""
    if _proactief_niveau(user) < Niveau.FULL:
        return False
    medewerker = medewerker_van(user)
    in_team = medewerker is not None and medewerker.team_id == campagne.team_id
    return in_team or campagne.eigenaar_id == user.id


def kandidaten(user, campagne: Campagne, *, status: str = "", limit: int = 50):
    if not mag_kandidaten_zien(user, campagne):
        return Kandidaat.objects.none()
    qs = Kandidaat.objects.filter(campagne=campagne).select_related("beoordeeld_door")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("id")[:limit]


def benadering_bij_opdracht(user, tbv_id: int) -> Benadering | None:
    """A campaign call as the agent sees it: the candidate's reason (signal, source, date)
    and the script, for the campaign's team only."""
    b = (
        Benadering.objects.select_related(
            "kandidaat__campagne", "kandidaat__partij", "terugbelverzoek"
        )
        .filter(terugbelverzoek_id=tbv_id)
        .first()
    )
    if b is None or not mag_kandidaten_zien(user, b.kandidaat.campagne):
        return None
    return b


@dataclass(frozen=True)
class Afmeldregel:
    regeling: str
    datum: datetime.datetime
    bron: str

    @property
    def alles(self) -> bool:
        return not self.regeling

    def get_bron_display(self) -> str:
        return str(Afmelding.Bron(self.bron).label)


@dataclass(frozen=True)
class InKlantbeeld:
    afmeldingen: list[Afmeldregel]
    campagnes: list[tuple[int, str]]

    @property
    def afgemeld(self) -> bool:
        return any(a.alles for a in self.afmeldingen)

    @property
    def uitkomsten(self):
        """The outcomes of a conversation about the campaign ("not reached" is no outcome of
        a conversation that took place)."""
        return [c for c in Kandidaat.Uitkomst.choices if c[0] != Kandidaat.Uitkomst.NIET_BEREIKT]


def voor_klantbeeld(user, partij) -> InKlantbeeld:
    """For the klantbeeld, in one query: the person's opt-outs (every colleague who serves
    the public sees them: they must not approach the person), and the active campaigns the
    person is still being approached in, for whoever has full sight of the campaign's
    contacts (its subject's domein; the user's levels are read once per request already)."""
    if not partij.bsn:
        return InKlantbeeld([], [])
    afmeldingen = (
        Afmelding.objects.filter(bsn=partij.bsn)
        .annotate(soort=Value("a"))
        .values_list("soort", "regeling", "datum", "bron")
    )
    volle = [d for d, n in domein_levels(user).items() if n >= Niveau.FULL]
    campagnes = (
        Campagne.objects.filter(
            status=Campagne.Status.ACTIEF,
            onderwerp__domein_id__in=volle,
            kandidaten__bsn=partij.bsn,
            kandidaten__status=Kandidaat.Status.GOEDGEKEURD,
        )
        .annotate(
            soort=Value("c"),
            geen_datum=Value(None, output_field=DateTimeField()),
            nummer=Cast("id", CharField()),
        )
        .values_list("soort", "titel", "geen_datum", "nummer")
    )
    rijen = list(afmeldingen.union(campagnes, all=True)) if volle else list(afmeldingen)
    return InKlantbeeld(
        afmeldingen=sorted(
            (Afmeldregel(r, d, b) for s, r, d, b in rijen if s == "a"),
            key=lambda a: a.datum,
            reverse=True,
        ),
        campagnes=sorted((int(n), t) for s, t, _d, n in rijen if s == "c"),
    )


@dataclass
class Rapport:
    rijen: int
    geweigerd: int
    opgenomen: int
    gefilterd: dict
    te_beoordelen: int
    goedgekeurd: int
    overgeslagen: int
    benaderd: int
    bereikt: int
    hulp_geaccepteerd: int
    uitkomsten: dict
    afmeldingen: int
    per_week: list
    bewaren_tot: datetime.date | None


def rapport(campagne: Campagne) -> Rapport:
    """The campaign's figures, from its rows (or, after the clean-up, from what was kept)."""
    if campagne.status == Campagne.Status.OPGESCHOOND:
        return Rapport(
            **(
                campagne.tellingen
                | {
                    "bewaren_tot": campagne.bewaren_tot,
                    "per_week": campagne.tellingen.get("per_week", []),
                }
            )
        )
    kand = Kandidaat.objects.filter(campagne=campagne)
    imports = campagne.imports.all()
    per_status = dict(kand.values_list("status").annotate(n=Count("id")).order_by())
    gefilterd = dict(
        kand.exclude(filter="").values_list("filter").annotate(n=Count("id")).order_by()
    )
    uitkomsten = dict(
        kand.exclude(uitkomst="").values_list("uitkomst").annotate(n=Count("id")).order_by()
    )
    uitgevoerd = Benadering.objects.filter(kandidaat__campagne=campagne).exclude(
        status__in=[Benadering.Status.GEPLAND, Benadering.Status.GEANNULEERD]
    )
    per_week = _per_week(campagne, kand, uitgevoerd)
    bereikt = sum(
        n for u, n in uitkomsten.items() if u not in ("niet_bereikt", "onjuist_adres", "overleden")
    )
    rijen = sum(i.aantal_rijen for i in imports)
    opgenomen = sum(per_status.values())
    return Rapport(
        rijen=rijen,
        geweigerd=rijen - sum(i.aantal_opgenomen for i in imports),
        opgenomen=opgenomen,
        gefilterd=gefilterd,
        te_beoordelen=per_status.get(Kandidaat.Status.TE_BEOORDELEN, 0)
        + per_status.get(Kandidaat.Status.TE_CONTROLEREN, 0),
        goedgekeurd=kand.filter(beoordeeld_op__isnull=False)
        .exclude(status=Kandidaat.Status.OVERGESLAGEN)
        .count(),
        overgeslagen=per_status.get(Kandidaat.Status.OVERGESLAGEN, 0),
        benaderd=uitgevoerd.values("kandidaat_id").distinct().count(),
        bereikt=bereikt,
        hulp_geaccepteerd=uitkomsten.get(Kandidaat.Uitkomst.HULP_GEACCEPTEERD, 0),
        uitkomsten=uitkomsten,
        afmeldingen=per_status.get(Kandidaat.Status.UITGESLOTEN, 0)
        + uitkomsten.get(Kandidaat.Uitkomst.OPT_OUT, 0),
        per_week=per_week,
        bewaren_tot=campagne.bewaren_tot,
    )


def _per_week(campagne, kand, uitgevoerd) -> list[dict]:
    """Per week (Monday): taken in, approved by a person, attempts made, reached."""
    weken: dict = {}

    def tellen(rijen, kolom):
        for week, n in rijen:
            weken.setdefault(week.date().isoformat(), dict.fromkeys(WEEKKOLOMMEN, 0))[kolom] += n

    tellen(
        campagne.imports.annotate(week=TruncWeek("tijdstip"))
        .values_list("week")
        .annotate(n=Sum("aantal_opgenomen"))
        .order_by(),
        "opgenomen",
    )
    tellen(
        kand.filter(beoordeeld_op__isnull=False)
        .exclude(status=Kandidaat.Status.OVERGESLAGEN)
        .annotate(week=TruncWeek("beoordeeld_op"))
        .values_list("week")
        .annotate(n=Count("id"))
        .order_by(),
        "goedgekeurd",
    )
    per_poging = uitgevoerd.annotate(week=TruncWeek("bijgewerkt")).values_list("week")
    tellen(per_poging.annotate(n=Count("id")).order_by(), "pogingen")
    tellen(
        per_poging.filter(status=Benadering.Status.BEREIKT).annotate(n=Count("id")).order_by(),
        "bereikt",
    )
    return [{"week": w, **weken[w]} for w in sorted(weken)]


def klein(n: int):
    """A count as the report shows it: 1–9 as "–", so a small group is not recognisable."""
    return "–" if 0 < n < KLEINE_GROEP else n


def terugkoppeling(campagne: Campagne, bron: str):
    """The feedback to one signal partner (Wgs): per signal, whether the person was reached
    and what came of it. Only for the campaign's team (the caller checks)."""
    return (
        Kandidaat.objects.filter(campagne=campagne, bron=bron)
        .order_by("id")
        .values_list("bsn", "signaal", "datum", "status", "filter", "uitkomst")
    )


def partij_voor_afmelding(user, partij_id: int):
    """A person whose opt-out an agent or desk employee records from their klantbeeld."""
    if not serves_public(user):
        return None
    return Partij.objects.filter(pk=partij_id, soort=Partij.Soort.PERSOON).exclude(bsn="").first()
