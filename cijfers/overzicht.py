"""What the dashboard, the month report and the exports show, assembled in a fixed number of
queries whatever the period (each figure one aggregate query; ``tests/cijfers`` asserts the
count). Labels in Dutch; a group too small to show carries ``None``."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateformat import format as django_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.datums import datum
from kennis import selectors as kennis_selectors
from leren import selectors as leren_selectors

from . import eigen, telefonie
from .bereik import Bereik
from .grafiek import staafgrafiek
from .models import Definitie

TZ = timezone.get_default_timezone()
PERIODES = ("dag", "week", "maand", "jaar")


def _dag_label(d):
    return datum(d, "D j M Y")


def weekdag_naam(nummer: int) -> str:
    return [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ][nummer - 1]


def maand_naam(d) -> str:
    return django_format(d, "F Y").lower() if d else ""


@dataclass(frozen=True)
class Periode:
    soort: str
    van: datetime.datetime
    tot: datetime.datetime
    begin: datetime.date

    @property
    def label(self) -> str:
        if self.soort == "dag":
            return _dag_label(self.begin)
        if self.soort == "week":
            jaar, week, _d = self.begin.isocalendar()
            return _("week %(week)s of %(jaar)s") % {"week": week, "jaar": jaar}
        if self.soort == "maand":
            return maand_naam(self.begin)
        return str(self.begin.year)

    def vorige(self) -> "Periode":
        return periode(self.soort, self.begin - datetime.timedelta(days=1))


def _middernacht(d: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(d, datetime.time()), TZ)


def periode(soort: str, dag: datetime.date) -> Periode:
    """The day, ISO week, month or year around ``dag``, from local midnight to local
    midnight (a day in which the clock changes has 23 or 25 hours)."""
    if soort == "dag":
        begin, eind = dag, dag + datetime.timedelta(days=1)
    elif soort == "week":
        begin = dag - datetime.timedelta(days=dag.weekday())
        eind = begin + datetime.timedelta(days=7)
    elif soort == "maand":
        begin = dag.replace(day=1)
        eind = (begin + datetime.timedelta(days=32)).replace(day=1)
    else:
        begin, eind = dag.replace(month=1, day=1), dag.replace(year=dag.year + 1, month=1, day=1)
    return Periode(soort=soort, van=_middernacht(begin), tot=_middernacht(eind), begin=begin)


def kwartier_labels(momenten) -> list[str]:
    """15-minute instants as local clock times; where the clock went back and a time shows
    twice, each says whether it was summer or winter time."""
    lokaal = [timezone.localtime(m, TZ) for m in momenten]
    tekst = [m.strftime("%H:%M") for m in lokaal]
    dubbel = {t for t in tekst if tekst.count(t) > 1}
    zomer, winter = pgettext("clock", "summer time"), pgettext("clock", "winter time")
    return [
        f"{t} {zomer if m.dst() else winter}" if t in dubbel else t
        for t, m in zip(tekst, lokaal, strict=True)
    ]


def uitleg(d: Definitie) -> list[tuple[str, str]]:
    """The active definition in plain Dutch: shown next to the figures and in every export."""
    drempels = ", ".join(f"{d.doel_procent}/{y}" for y in d.drempels_op_volgorde)
    noemer = _("answered plus hung up after %(kort)s seconds") % {
        "kort": d.kort_opgehangen_seconden
    }
    if d.doorverbonden_meetellen:
        noemer += _(" plus transferred before an answer")
    return [
        (
            _("Service level"),
            _(
                "%(drempels)s: the share of calls answered within the threshold (in seconds "
                "after entering the municipal queue), of %(noemer)s. Target: %(doel)s%%."
            )
            % {"drempels": drempels, "noemer": noemer, "doel": d.doel_procent},
        ),
        (
            _("Hung up while waiting"),
            _(
                "Callers who hung up after more than %(kort)s seconds, of all calls that entered "
                "the queue. Hanging up sooner is a short abandon: counted apart. A caller who "
                "chose to be called back counts in neither."
            )
            % {"kort": d.kort_opgehangen_seconden},
        ),
        (
            _("Average speed of answer"),
            _("The average wait from entering the queue to being answered, of answered calls."),
        ),
        (
            _("Average handling time"),
            _("Talking, hold and after-call work together, per answered call that has ended."),
        ),
        (
            _("Occupancy"),
            _(
                "Time in a call or in after-call work, of that plus the time available. Away "
                "(break, meeting) counts in neither."
            ),
        ),
        (
            _("Callbacks within the term"),
            _("Callback requests closed in the period, of which before their deadline."),
        ),
        (
            _("Solved at first contact"),
            _(
                "Incoming contacts answered at once (no callback), with no contact of the same "
                "Nijmegenaar about the same subject or in the same klantreis in the %(n)s days "
                "after. Contacts without a known Nijmegenaar are not counted."
            )
            % {"n": d.herhaal_dagen},
        ),
        (
            _("Repeat contact"),
            _(
                "An incoming contact with a contact of the same Nijmegenaar about the same "
                "subject or in the same klantreis in the %(n)s days before."
            )
            % {"n": d.herhaal_dagen},
        ),
        (
            _("Small groups"),
            _("A figure over fewer than %(n)s calls or contacts is not shown (–).")
            % {"n": d.kleinste_groep},
        ),
        (
            _("Time"),
            _(
                "A call counts in the interval, day and week in which it entered the queue, "
                "in Dutch time."
            ),
        ),
    ]


@dataclass
class Dashboard:
    definitie: Definitie
    periode: Periode
    bereik: Bereik
    totaal: telefonie.Telefonie
    vorige: telefonie.Telefonie
    intervallen: list[tuple[str, telefonie.Telefonie]]
    weekdagen: list[tuple[str, telefonie.Telefonie]]
    verloop: list[tuple[str, telefonie.Telefonie]]
    verloop_soort: str
    per_wachtrij: list[tuple[str, telefonie.Telefonie]]
    per_team: list[tuple[str, telefonie.Telefonie]]
    per_maand: list[tuple[str, telefonie.Telefonie]]
    terugbellen_per_team: list[tuple[str, eigen.Terugbellen]]
    bezetting: telefonie.Bezetting
    terugbellen: eigen.Terugbellen
    herhaling: eigen.Herhaling
    kanalen: list[dict]
    kanaalmix: list[dict]
    tevredenheid: list
    tevredenheid_per: dict
    klachten: object
    klachten_per_categorie: list
    klachten_termijnen: object
    signalen: object
    signalen_per_eigenaar: list
    top_onderwerpen: list
    kennis: dict
    uitleg: list[tuple[str, str]]

    @property
    def uitleg_per(self) -> dict[str, str]:
        """The definition per key figure, for the column beside it (``uitleg``'s order)."""
        sleutels = ["sl", "opgehangen", "asa", "aht", "bezetting", "terugbellen", "fcr", "herhaal"]
        return {k: tekst for k, (_naam, tekst) in zip(sleutels, self.uitleg, strict=False)}

    def grafieken(self) -> dict:
        d = self.definitie
        eerste = d.drempels_op_volgorde[0]
        doel = d.doel_procent
        doel_tekst = _("target %(doel)s%%") % {"doel": doel}
        titel = _("Service level %(doel)s/%(y)s") % {"doel": doel, "y": eerste}

        def servicelevel(rijen):
            return staafgrafiek(
                titel,
                [(label, t.servicelevel(eerste)) for label, t in rijen],
                maximum=100,
                eenheid="%",
                doel=doel,
                doel_tekst=doel_tekst,
            )

        return {
            "interval": servicelevel(self.intervallen),
            "weekdag": servicelevel(self.weekdagen),
            "verloop": servicelevel(self.verloop),
            "kanalen": staafgrafiek(
                _("Contacts per channel"),
                [(k["kanaal__naam"], k["n"]) for k in self.kanalen],
            ),
            "digitaal": staafgrafiek(
                _("Share of digital contacts"),
                [(label, pct) for label, _n, pct in self.digitaal_per_maand()],
                maximum=100,
                eenheid="%",
            ),
            # satisfaction per channel (1 to 5; a group too small to show: a dash)
            "tevredenheid": staafgrafiek(
                _("Satisfaction per channel (1 to 5)"),
                [(t.naam or _("All channels"), t.tevredenheid) for t in self.tevredenheid],
                maximum=5,
                decimalen=1,
            ),
        }

    def digitaal_per_maand(self) -> list[tuple[str, int, float | None]]:
        """Per month: contacts in all, and the share through a digital channel."""
        maanden: dict = {}
        for r in self.kanaalmix:
            alle, digitaal = maanden.get(r["maand"], (0, 0))
            maanden[r["maand"]] = (
                alle + r["n"],
                digitaal + (0 if r["kanaal__code"] in eigen.ANALOOG else r["n"]),
            )
        uit = []
        for maand, (alle, digitaal) in sorted(maanden.items()):
            pct = None if alle < self.definitie.kleinste_groep else 100 * digitaal / alle
            uit.append((maand_naam(maand), alle, pct))
        return uit

    def kanaalmix_tabel(self) -> tuple[list[str], list[tuple[str, list[int]]]]:
        """Months × channels, for the table under the channel-mix chart."""
        kanalen = sorted({r["kanaal__naam"] for r in self.kanaalmix})
        per_maand: dict = {}
        for r in self.kanaalmix:
            per_maand.setdefault(r["maand"], {})[r["kanaal__naam"]] = r["n"]
        return kanalen, [
            (maand_naam(m), [per_maand[m].get(k, 0) for k in kanalen]) for m in sorted(per_maand)
        ]


def dashboard(
    bereik: Bereik, p: Periode, *, wachtrij: str = "", kanaal: str = "", nu=None
) -> Dashboard:
    d = Definitie.actief()
    qs = telefonie.oproepen(bereik, p.van, p.tot, wachtrij)
    vorige = p.vorige()
    # the call figures per interval, weekday, day (week), queue, team and month and in
    # total: one scan of the period's calls
    interval = "kwartier" if p.soort == "dag" else "tijdvak"
    verloop_soort = "week" if p.soort == "jaar" else "dag"
    per = telefonie.per_groepen(
        qs, d, [interval, "weekdag", verloop_soort, "wachtrij", "team", "maand"]
    )
    if p.soort == "dag":
        ruw = per["kwartier"]
        intervallen = list(
            zip(kwartier_labels([m for m, _t in ruw]), [t for _m, t in ruw], strict=True)
        )
    else:
        intervallen = [(f"{m // 60:02d}:{m % 60:02d}", t) for m, t in per["tijdvak"]]
    weekdagen = [(weekdag_naam(n), t) for n, t in per["weekdag"]]
    if p.soort == "jaar":
        verloop = [(_("week %(week)s") % {"week": w.isocalendar()[1]}, t) for w, t in per["week"]]
    else:
        verloop = [(_dag_label(dag), t) for dag, t in per["dag"]]
    # the channel mix over the twelve months up to the period's end: the shift to digital
    mix_van = _middernacht((p.tot - datetime.timedelta(days=365)).date().replace(day=1))
    return Dashboard(
        definitie=d,
        periode=p,
        bereik=bereik,
        totaal=per[""][0][1] if per[""] else telefonie.totaal(qs, d),
        vorige=telefonie.totaal(telefonie.oproepen(bereik, vorige.van, vorige.tot, wachtrij), d),
        intervallen=intervallen,
        weekdagen=weekdagen,
        verloop=verloop,
        verloop_soort=verloop_soort,
        per_wachtrij=[(naam or "–", t) for naam, t in per["wachtrij"]],
        per_team=[(naam or _("(queue linked to no team)"), t) for naam, t in per["team"]],
        per_maand=[(maand_naam(m), t) for m, t in per["maand"]],
        terugbellen_per_team=eigen.terugbellen_per_team_in(bereik, p.van, p.tot, d),
        bezetting=telefonie.bezetting(bereik, p.van, p.tot, d, nu=nu),
        terugbellen=eigen.terugbellen(bereik, p.van, p.tot, d),
        herhaling=eigen.herhaling(bereik, p.van, p.tot, d, kanaal=kanaal),
        kanalen=eigen.per_kanaal(bereik, p.van, p.tot),
        kanaalmix=eigen.kanaalmix(bereik, mix_van, p.tot),
        **_leren(bereik, p, d),
        top_onderwerpen=eigen.herhaling_per_onderwerp(bereik, p.van, p.tot, d),
        kennis=_kennis(bereik, p, d),
        uitleg=uitleg(d),
    )


def _kennis(bereik: Bereik, p: Periode, d: Definitie) -> dict:
    """The knowledge base: which answers answer questions (and at once), which are opened
    but not used, which searches find nothing."""
    return {
        "meest_gebruikt": kennis_selectors.meest_gebruikt(
            afdeling_ids=bereik.afdeling_ids, van=p.van, tot=p.tot, herhaal_dagen=d.herhaal_dagen
        ),
        "niet_gekozen": kennis_selectors.geopend_niet_gekozen(van=p.van, tot=p.tot),
        "zonder_resultaat": kennis_selectors.zonder_resultaat(van=p.van, tot=p.tot),
    }


def _leren(bereik: Bereik, p: Periode, d: Definitie) -> dict:
    """The learning loop's figures: satisfaction per channel, team, subject and month;
    complaints with their categories and terms; signals per status and owner."""
    scope = {"afdeling_ids": bereik.afdeling_ids, "van": p.van, "tot": p.tot}
    tevreden = {
        "team_id": bereik.team.id if bereik.team else None,
        "kleinste_groep": d.kleinste_groep,
        **scope,
    }
    per = leren_selectors.tevredenheid_alle(**tevreden)
    return {
        "tevredenheid": per["kanaal"],
        "tevredenheid_per": {groep: per[groep] for groep in ("team", "onderwerp", "maand")},
        "klachten": leren_selectors.klachten(**scope, vandaag=timezone.localdate()),
        "klachten_per_categorie": leren_selectors.klachten_per_categorie(**scope),
        "klachten_termijnen": leren_selectors.open_klachten_per_termijn(
            afdeling_ids=bereik.afdeling_ids, vandaag=timezone.localdate()
        ),
        "signalen": leren_selectors.signalen(**scope),
        "signalen_per_eigenaar": leren_selectors.signalen_per_eigenaar(**scope),
    }


@dataclass
class Maandrapport:
    periode: Periode
    vorige: Periode
    definitie: Definitie
    telefonie: telefonie.Telefonie
    telefonie_vorige: telefonie.Telefonie
    kanalen: dict[str, int]
    kanalen_vorige: dict[str, int]
    terugbellen: eigen.Terugbellen
    terugbellen_vorige: eigen.Terugbellen
    uitleg: list[tuple[str, str]]
    # the learning loop: (satisfaction total or None, complaints) this month and the last
    leren: tuple = (None, None)
    leren_vorige: tuple = (None, None)

    def _leren_regels(self) -> list[tuple[str, object, object, str]]:
        (t, k), (tv, kv) = self.leren, self.leren_vorige
        return [
            (_("Satisfaction after a closed question (1 to 5)"),
             t.tevredenheid if t else None, tv.tevredenheid if tv else None, "gem"),
            (_("Answered the question after a contact"),
             t.respons if t else None, tv.respons if tv else None, "%"),
            (_("Complaints received"), k.ontvangen if k else 0, kv.ontvangen if kv else 0, "n"),
            (_("Complaints resolved on the spot"),
             k.informeel_procent if k else None, kv.informeel_procent if kv else None, "%"),
        ]  # fmt: skip

    def regels(self) -> list[tuple[str, object, object, str]]:
        """(figure, this month, last month, kind) as the Stadsrekening reports them."""

        def kanaal(bron, *codes):
            return sum(bron.get(c, 0) for c in codes)

        balie = ("balie-stadswinkel", "balie-dukenburg")
        return [
            (_("Calls to 14 024"), self.telefonie.binnen, self.telefonie_vorige.binnen, "n"),
            (
                _("Answered within 60 seconds"),
                self.telefonie.servicelevel(60),
                self.telefonie_vorige.servicelevel(60),
                "%",
            ),
            (
                _("Hung up while waiting"),
                self.telefonie.verlaten_procent,
                self.telefonie_vorige.verlaten_procent,
                "%",
            ),
            (
                _("Desk visits"),
                kanaal(self.kanalen, *balie),
                kanaal(self.kanalen_vorige, *balie),
                "n",
            ),
            (
                _("Web forms"),
                kanaal(self.kanalen, "webformulier"),
                kanaal(self.kanalen_vorige, "webformulier"),
                "n",
            ),
            (_("Letters"), kanaal(self.kanalen, "post"), kanaal(self.kanalen_vorige, "post"), "n"),
            (
                _("E-mails"),
                kanaal(self.kanalen, "e-mail"),
                kanaal(self.kanalen_vorige, "e-mail"),
                "n",
            ),
            (
                _("Callbacks within the term"),
                self.terugbellen.procent,
                self.terugbellen_vorige.procent,
                "%",
            ),
            *self._leren_regels(),
        ]


def maandrapport(bereik: Bereik, maand: datetime.date) -> Maandrapport:
    d = Definitie.actief()
    # the report always gives the share within 60 seconds, whatever the thresholds shown
    d.drempels = sorted({*(d.drempels or []), 60})
    p = periode("maand", maand)
    v = p.vorige()

    def kanalen(q):
        return {k["kanaal__code"]: k["n"] for k in eigen.per_kanaal(bereik, q.van, q.tot)}

    return Maandrapport(
        periode=p,
        vorige=v,
        definitie=d,
        telefonie=telefonie.totaal(telefonie.oproepen(bereik, p.van, p.tot), d),
        telefonie_vorige=telefonie.totaal(telefonie.oproepen(bereik, v.van, v.tot), d),
        kanalen=kanalen(p),
        kanalen_vorige=kanalen(v),
        terugbellen=eigen.terugbellen(bereik, p.van, p.tot, d),
        terugbellen_vorige=eigen.terugbellen(bereik, v.van, v.tot, d),
        uitleg=uitleg(d),
        leren=_leren_maand(bereik, p, d),
        leren_vorige=_leren_maand(bereik, v, d),
    )


def _leren_maand(bereik: Bereik, p: Periode, d: Definitie) -> tuple:
    """The month report's satisfaction (the total row) and complaints (two queries)."""
    tevreden = leren_selectors.tevredenheid_alle(
        afdeling_ids=bereik.afdeling_ids,
        team_id=bereik.team.id if bereik.team else None,
        van=p.van,
        tot=p.tot,
        kleinste_groep=d.kleinste_groep,
    )["kanaal"]
    klachten = leren_selectors.klachten(
        afdeling_ids=bereik.afdeling_ids, van=p.van, tot=p.tot, vandaag=timezone.localdate()
    )
    return (tevreden[-1] if tevreden else None), klachten
