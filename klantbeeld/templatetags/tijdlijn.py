"""One timeline item, written in Python with Django's own filters.

The history shows up to a page of contacts, each with a dozen translated labels, two dates
and a link. Through the template engine the item costs the klantbeeld 5–8 ms of CPU per page
(measured 2026-12-01: p95 32–44 ms against 26–29 ms, more than the 1.2× the architecture
allows; docs/benchmarks.md), so, like the admin's result rows (``items_for_result``), it is
built in Python: values go through Django's ``escape``, ``linebreaksbr`` and ``date`` filters,
labels through gettext/ngettext, and the links are reversed once per page.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext, ngettext

from core.datums import datum

register = template.Library()


def _e(value) -> str:
    return escape(value)


def _regels(tekst) -> str:
    return linebreaksbr(tekst or "", autoescape=True)


class _Pagina:
    """What is the same for every item of one page: labels and link patterns."""

    def __init__(self):
        self.tolk = _e(gettext("Tolkcontact"))
        self.uit = _e(gettext("outgoing"))
        self.binnen = _e(gettext("incoming"))
        self.legitimatie = _e(gettext("identity checked"))
        self.zaak = _e(gettext("case"))
        self.vraag = _e(gettext("Question"))
        self.antwoord = _e(gettext("Answer or notes"))
        self.resultaat = _e(gettext("Result"))
        self.bijlagen = _e(gettext("Attachments"))
        self.kennis = _e(gettext("Answer from the knowledge base"))
        self.corrigeren = _e(gettext("Correct this contact"))
        self.andere_vraag = _e(gettext("Part of another question"))
        # never inside an f-string: xgettext (makemessages) does not look there
        self.vraag_was = _e(gettext("question was"))
        self.antwoord_was = _e(gettext("answer was"))
        self.beperkt = _e(
            gettext("You can see that this contact took place, not what it was about.")
        )
        # reversed once with a stand-in id, filled in per item
        self.correctie_url = reverse("klantbeeld:contactmoment-corrigeren", args=[987654321])
        self.bijlage_url = reverse("channels:bijlage", args=[987654321])
        self.klantreis_url = reverse("klantbeeld:klantreis", args=[987654321])

    @staticmethod
    def tijd(t) -> str:
        """Short on the one-line row: the year only when it is not this year."""
        return datum(t, "j M, H:i" if t.year == localdate().year else "j M Y")

    @staticmethod
    def tijd_voluit(t) -> str:
        return datum(t, "D j M Y, H:i")

    @staticmethod
    def url(patroon, pk):
        return _e(patroon.replace("987654321", str(int(pk))))


def _kennis_lang(p: _Pagina, r) -> str:
    """The knowledge-base answers in the opened contact: title and section."""
    if not r.kennis:
        return ""
    regels = "<br>".join(
        _e(titel) + (f" – {_e(sectie)}" if sectie else "") for titel, sectie in r.kennis
    )
    return f"<div><dt>{p.kennis}</dt><dd>{regels}</dd></div>\n"


def _kennis_kort(r) -> str:
    """The knowledge-base answer on the one-line row: its full title (never cut)."""
    if not r.kennis:
        return ""
    return f' <span class="timeline__kennis">· {_e(r.kennis[0][0])}</span>'


def _item(p: _Pagina, r, correctie_fout, open_=False, focus=False) -> str:
    """One contact as one line (date, channel, subject, result, who, the question), which
    opens in place (``<details>``) to the whole contact. A contact just saved or corrected
    comes open."""
    tijd = localtime(r.tijdstip)
    badge = _e(r.kanaal) + (f" · {p.tolk}" if r.tolkcontact else "")
    richting = p.uit if r.richting == "uit" else p.binnen
    if r.legitimatie_gezien:
        richting += f" · {p.legitimatie}"
    wie = _e(r.medewerker or r.afdeling)
    sub = (f"{_e(r.medewerker)}, " if r.medewerker else "") + _e(r.afdeling)
    if r.klantreis_aantal > 1:
        sub += " · " + _e(
            gettext("part of a question with %(n)s contacts") % {"n": r.klantreis_aantal}
        )
    if r.zaken:
        sub += f" · {p.zaak} {_e(', '.join(r.zaken))}"
    resultaat = f'<span class="timeline__resultaat">{_e(r.resultaat)}</span>' if r.volledig else ""
    if r.referentie:
        resultaat += f' <span class="timeline__ref">{_e(r.referentie)}</span>'
    vraag = (
        f'<span class="timeline__vraag">{_e(r.vraag)}</span>'
        if r.volledig
        else f'<span class="timeline__vraag timeline__restricted">{p.beperkt}</span>'
    )
    html = [
        f'<li class="timeline__item{"" if r.volledig else " timeline__item--existence"}" '
        f'id="contactmoment-{int(r.id)}">\n'
        f'<details class="timeline__rij"{" open" if open_ else ""}>\n'
        f"<summary{' data-kcc-focus' if focus else ''}>"
        f'<time datetime="{_e(tijd.isoformat())}">{_e(p.tijd(tijd))}</time> '
        f'<span class="badge">{badge}</span> '
        f'<span class="timeline__onderwerp">{_e(r.onderwerp)}</span>{_kennis_kort(r)} {resultaat}'
        f'<span class="timeline__wie">{wie}</span> {vraag}</summary>\n'
        f'<div class="timeline__body">\n<p class="timeline__meta">'
        f"{_e(p.tijd_voluit(tijd))} · {richting} · {_e(r.domein)}</p>\n"
        f'<p class="kb-muted">{sub}</p>\n'
    ]
    if r.volledig:
        html.append(
            f'<dl class="timeline__content">\n<div><dt>{p.vraag}</dt><dd>'
            f"{_regels(r.vraag)}</dd></div>\n"
        )
        if r.antwoord:
            html.append(f"<div><dt>{p.antwoord}</dt><dd>{_regels(r.antwoord)}</dd></div>\n")
        html.append(f"<div><dt>{p.resultaat}</dt><dd>{_e(r.resultaat)}</dd></div>\n")
        html.append(_kennis_lang(p, r))
        if r.bijlagen:
            links = ", ".join(
                f'<a href="{p.url(p.bijlage_url, pk)}">{_e(naam)}</a>' for pk, naam in r.bijlagen
            )
            html.append(f"<div><dt>{p.bijlagen}</dt><dd>{links}</dd></div>\n")
        html.append("</dl>\n")
        if r.correcties:
            n = len(r.correcties)
            items = "".join(
                f"<li>{_e(datum(tijdstip, 'j M Y H:i'))}, {_e(door)} "
                f"({_e(reden)}): {p.vraag_was if veld == 'vraag' else p.antwoord_was}"
                f" “{_e(oud)}”</li>"
                for tijdstip, veld, oud, door, reden in r.correcties
            )
            samenvatting = ngettext(
                "Corrected %(n)s time: see the earlier text",
                "Corrected %(n)s times: see the earlier texts",
                n,
            )
            html.append(
                f'<details class="kb-add"><summary>{_e(samenvatting % {"n": n})}'
                f"</summary>\n<ul>{items}</ul>\n</details>\n"
            )
        if r.reis_wijzigingen:
            items = "".join(
                f"<li>{_e(datum(tijdstip, 'j M Y H:i'))}, {_e(door)}: {_e(soort)}</li>"
                for tijdstip, soort, door in r.reis_wijzigingen
            )
            html.append(f'<ul class="timeline__reis">{items}</ul>\n')
        html.append(
            f'<div class="timeline__acties"><div id="correctie-{int(r.id)}"><button type="button" '
            f'class="button button--subtle" hx-get="{p.url(p.correctie_url, r.id)}" '
            f'hx-target="#correctie-{int(r.id)}" hx-swap="innerHTML">{p.corrigeren}'
            f'</button></div><div id="klantreis-{int(r.id)}"><button type="button" '
            f'class="button button--subtle" hx-get="{p.url(p.klantreis_url, r.id)}" '
            f'hx-target="#klantreis-{int(r.id)}" hx-swap="innerHTML">{p.andere_vraag}'
            "</button></div></div>\n"
        )
        if correctie_fout:
            html.append(f'<p class="form-field__error" role="alert">{_e(correctie_fout)}</p>\n')
    else:
        html.append(f'<p class="timeline__restricted">{p.beperkt}</p>\n')
    html.append("</div>\n</details>\n</li>")
    return "".join(html)


@register.simple_tag(takes_context=True)
def tijdlijn_regel(context, r):
    pagina = context.render_context.get(_Pagina)
    if pagina is None:
        pagina = context.render_context[_Pagina] = _Pagina()
    gekozen = context.get("tijdlijn_open_id")
    html = _item(
        pagina,
        r,
        context.get("correctie_fout"),
        bool(context.get("tijdlijn_open")) or r.id == gekozen,
        focus=r.id == gekozen,
    )
    return mark_safe(html)  # noqa: S308 - escaped


_opties: dict = {"bron": None, "html": ""}


@register.simple_tag
def onderwerpen_opties(onderwerpen):
    """The <option>s of the subject type-ahead (over a hundred), written once per catalogue
    version: ``onderwerpen`` is the catalogue's own tuple until a subject changes."""
    if _opties["bron"] is not onderwerpen:
        _opties["html"] = "".join(f'<option value="{_e(o.naam)}"></option>' for o in onderwerpen)
        _opties["bron"] = onderwerpen
    return mark_safe(_opties["html"])  # noqa: S308 - escaped above


@register.filter
def leeftijd(geboortedatum):
    """Age in whole years today (Dutch local date)."""
    if not geboortedatum:
        return ""
    vandaag = localdate()
    return (
        vandaag.year
        - geboortedatum.year
        - ((vandaag.month, vandaag.day) < (geboortedatum.month, geboortedatum.day))
    )
