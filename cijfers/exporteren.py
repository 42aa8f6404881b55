"""The dashboard as CSV and XLSX: the same tables as the page, and the definition they were
counted with at the top of each (a figure without its definition is a figure nobody can
compare). Only aggregates: no export here holds a resident, a caller or a colleague."""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from core import csvveilig

from .overzicht import Dashboard


def _pct(waarde):
    return None if waarde is None else round(waarde, 1)


def _s(waarde):
    return None if waarde is None else round(waarde)


def tabellen(db: Dashboard) -> list[tuple[str, list[str], list[list]]]:
    """(name, header, rows) for each table of the dashboard."""
    drempels = db.definitie.drempels_op_volgorde
    kop_sl = [
        _("Service level %(doel)s/%(y)s (%%)") % {"doel": db.definitie.doel_procent, "y": y}
        for y in drempels
    ]

    def gesprekken(label_kop, rijen):
        return (
            [
                label_kop,
                _("Calls"),
                _("Answered"),
                *kop_sl,
                _("Hung up while waiting (%)"),
                _("Short abandons"),
                _("Average speed of answer (s)"),
                _("Average handling time (s)"),
            ],
            [
                [
                    label,
                    t.binnen,
                    t.aangenomen,
                    *[_pct(t.servicelevel(y)) for y in drempels],
                    _pct(t.verlaten_procent),
                    t.kort_opgehangen,
                    _s(t.asa),
                    _s(t.aht),
                ]
                for label, t in rijen
            ],
        )

    t = db.totaal
    kern = [
        [_("Period"), db.periode.label],
        [_("Calls"), t.binnen],
        [_("Answered"), t.aangenomen],
        *[[kop, _pct(t.servicelevel(y))] for kop, y in zip(kop_sl, drempels, strict=True)],
        [_("Hung up while waiting (%)"), _pct(t.verlaten_procent)],
        [_("Short abandons"), t.kort_opgehangen],
        [_("Average speed of answer (s)"), _s(t.asa)],
        [_("Average handling time (s)"), _s(t.aht)],
        [_("Transferred (%)"), _pct(t.doorverbonden_procent)],
        [_("Occupancy (%)"), _pct(db.bezetting.procent)],
        [_("Callbacks closed"), db.terugbellen.afgehandeld],
        [_("Callbacks within the term (%)"), _pct(db.terugbellen.procent)],
        [_("Solved at first contact (%)"), _pct(db.herhaling.fcr_procent)],
        [_("Repeat contacts (%)"), _pct(db.herhaling.herhaald_procent)],
    ]
    kanalen, mix = db.kanaalmix_tabel()
    return [*_telefonie_tabellen(db, gesprekken, kern, kanalen, mix), *_leren_tabellen(db)]


def _tevreden(label_kop: str, rijen) -> tuple[list[str], list[list]]:
    return (
        [label_kop, _("Invited"), _("Answers"), _("Response (%)"), _("Satisfaction"),
         _("Easy to arrange"), _("Solved (%)"), _("Score 1 or 2")],
        [[t.naam or _("All"), t.verstuurd, t.antwoorden, _pct(t.respons),
          _pct(t.tevredenheid), _pct(t.moeite), _pct(t.opgelost),
          None if t.tevredenheid is None else t.laag] for t in rijen],
    )  # fmt: skip


def _leren_tabellen(db: Dashboard) -> list[tuple[str, list[str], list[list]]]:
    """Satisfaction, complaints, signals and the top subjects: counts only, no persons."""
    k, s = db.klachten, db.signalen
    return [
        (_("Satisfaction per channel"), *_tevreden(_("Channel"), db.tevredenheid)),
        (_("Satisfaction per team"), *_tevreden(_("Team"), db.tevredenheid_per["team"])),
        (_("Satisfaction per subject"), *_tevreden(_("Subject"), db.tevredenheid_per["onderwerp"])),
        (_("Satisfaction per month"), *_tevreden(_("Month"), db.tevredenheid_per["maand"])),
        (
            _("Complaints"),
            [_("Figure"), _("Value")],
            [[_("Received"), k.ontvangen], [_("Resolved on the spot"), k.informeel],
             [_("Informal share (%)"), _pct(k.informeel_procent)], [_("Being handled"), k.open],
             [_("Past the term"), db.klachten_termijnen.over_termijn],
             [_("Term ends within a week"), db.klachten_termijnen.binnen_week],
             [_("Handled within the term (%)"), _pct(k.binnen_termijn_procent)]],
        ),
        (
            _("Complaints per category"),
            [_("Category"), _("Received"), _("Resolved on the spot"), _("(Partly) justified")],
            [[r["naam"], r["ontvangen"], r["informeel"], r["gegrond"]]
             for r in db.klachten_per_categorie],
        ),
        (
            _("Signals per department"),
            [_("Department"), _("Open"), _("Closed"), _("Days to close (average)")],
            [[r["afdeling__naam"], r["open"], r["gesloten"], _pct(r["dagen"])]
             for r in db.signalen_per_eigenaar]
            + [[_("All"), s.nieuw + s.in_behandeling, s.verbeterd + s.niet_overgenomen,
                _pct(s.dagen_tot_gesloten)]],
        ),
        (
            _("Knowledge base answers"),
            [_("Answer"), _("Section"), _("Contacts"), _("Answered at once")],
            [[r["titel"], r["sectie"], r["n"], r["meteen"]] for r in db.kennis["meest_gebruikt"]],
        ),
        (
            _("Top subjects"),
            [_("Subject"), _("Contacts"), _("Solved at first contact (%)"),
             _("Repeat contacts (%)")],
            [[naam, h.contacten, _pct(h.fcr_procent), _pct(h.herhaald_procent)]
             for naam, h in db.top_onderwerpen],
        ),
    ]  # fmt: skip


def _telefonie_tabellen(db: Dashboard, gesprekken, kern, kanalen, mix):
    return [
        (_("Figures"), [_("Figure"), _("Value")], kern),
        (_("Per interval"), *gesprekken(_("Interval"), db.intervallen)),
        (_("Per weekday"), *gesprekken(_("Weekday"), db.weekdagen)),
        (
            _("Per week") if db.verloop_soort == "week" else _("Per day"),
            *gesprekken(_("Week") if db.verloop_soort == "week" else _("Day"), db.verloop),
        ),
        (_("Per queue"), *gesprekken(_("Queue"), db.per_wachtrij)),
        (_("Per team"), *gesprekken(_("Team"), db.per_team)),
        (_("Per month"), *gesprekken(_("Month"), db.per_maand)),
        (
            _("Callbacks per team"),
            [_("Team"), _("Callbacks closed"), _("Callbacks within the term (%)")],
            [[naam, t.afgehandeld, _pct(t.procent)] for naam, t in db.terugbellen_per_team],
        ),
        (_("Channel mix"), [_("Month"), *kanalen], [[m, *n] for m, n in mix]),
        (
            _("Digital"),
            [_("Month"), _("Contacts"), _("Digital (%)")],
            [[m, n, _pct(p)] for m, n, p in db.digitaal_per_maand()],
        ),
    ]


def _kop(db: Dashboard) -> list[list]:
    bereik = (
        db.bereik.team.naam
        if db.bereik.team
        else (_("all teams") if db.bereik.alles else ", ".join(t.naam for t in db.bereik.teams))
    )
    return [
        [_("KCC service figures"), db.periode.label],
        [_("Teams"), bereik],
        *[[naam, tekst] for naam, tekst in db.uitleg],
    ]


def als_csv(db: Dashboard) -> str:
    uit = io.StringIO()
    schrijver = csvveilig.schrijver(uit, delimiter=";")
    for rij in _kop(db):
        schrijver.writerow(rij)
    for naam, kop, rijen in tabellen(db):
        schrijver.writerow([])
        schrijver.writerow([naam])
        schrijver.writerow(kop)
        for rij in rijen:
            schrijver.writerow(["" if w is None else w for w in rij])
    return uit.getvalue()


def als_xlsx(db: Dashboard) -> bytes:
    uit = io.BytesIO()
    boek = xlsxwriter.Workbook(uit, {"in_memory": True, "strings_to_formulas": False})
    vet = boek.add_format({"bold": True})
    uitleg = boek.add_worksheet(_("Definitions")[:31])
    uitleg.set_column(0, 0, 30)
    uitleg.set_column(1, 1, 120)
    for r, rij in enumerate(_kop(db)):
        uitleg.write_row(r, 0, rij, vet if r == 0 else None)
    for naam, kop, rijen in tabellen(db):
        blad = boek.add_worksheet(naam[:31])
        blad.write_row(0, 0, kop, vet)
        blad.set_column(0, 0, 24)
        for r, rij in enumerate(rijen, start=1):
            for k, waarde in enumerate(rij):
                if waarde is None:
                    blad.write_blank(r, k, None)
                else:
                    blad.write(r, k, waarde)
    boek.close()
    return uit.getvalue()
