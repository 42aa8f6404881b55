"""One timeline item, written in Python.

The history shows up to a page of contacts, each with a dozen translated labels, two dates
and a link; through the template engine that was half the klantbeeld's rendering time. Like
the admin's result rows (``items_for_result``) the item is built with ``format_html``, which
escapes every value; the markup is the one the template had.
"""

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

register = template.Library()


def _regels(tekst) -> str:
    """``{{ tekst|linebreaksbr }}``: escaped, each line break a <br>."""
    from django.utils.html import escape

    return mark_safe(escape(normalize_newlines(tekst or "")).replace("\n", "<br>"))  # noqa: S308


@register.simple_tag(takes_context=True)
def tijdlijn_regel(context, r):
    tijd = localtime(r.tijdstip)
    meta = [format_html('<span class="badge">{}{}</span>', r.kanaal,
                        f" · {gettext('Tolkcontact')}" if r.tolkcontact else "")]
    richting = gettext("outgoing") if r.richting == "uit" else gettext("incoming")
    if r.legitimatie_gezien:
        richting += f" · {gettext('identity checked')}"
    sub = [f"{r.medewerker}, " if r.medewerker else "", r.afdeling]
    if r.klantreis_aantal > 1:
        sub.append(" · " + gettext("part of a question with %(n)s contacts")
                   % {"n": r.klantreis_aantal})
    if r.zaken:
        sub.append(f" · {gettext('case')} {', '.join(r.zaken)}")
    html = [
        format_html('<li class="timeline__item{}" id="contactmoment-{}">\n',
                    "" if r.volledig else " timeline__item--existence", r.id),
        format_html('<p class="timeline__meta">\n<time datetime="{}">{}</time>\n· {}\n· {}\n'
                    "</p>\n", date_format(tijd, "c"), date_format(tijd, "D j M Y, H:i"),
                    meta[0], richting),
        format_html('<h3 class="timeline__title">{} <span class="kb-muted">({})</span></h3>\n',
                    r.onderwerp, r.domein),
        format_html('<p class="kb-muted">{}</p>\n', "".join(sub)),
    ]
    if r.volledig:
        inhoud = [format_html("<div><dt>{}</dt><dd>{}</dd></div>", gettext("Question"),
                              _regels(r.vraag))]
        if r.antwoord:
            inhoud.append(format_html("<div><dt>{}</dt><dd>{}</dd></div>",
                                      gettext("Answer or notes"), _regels(r.antwoord)))
        inhoud.append(format_html("<div><dt>{}</dt><dd>{}</dd></div>", gettext("Result"),
                                  r.resultaat))
        if r.bijlagen:
            links = mark_safe(", ".join(  # noqa: S308 - format_html escaped each
                format_html('<a href="{}">{}</a>', reverse("channels:bijlage", args=[pk]), naam)
                for pk, naam in r.bijlagen))
            inhoud.append(format_html("<div><dt>{}</dt><dd>{}</dd></div>",
                                      gettext("Attachments"), links))
        html.append(format_html('<dl class="timeline__content">\n{}\n</dl>\n',
                                mark_safe("\n".join(inhoud))))  # noqa: S308 - built above
        if r.correcties:
            n = len(r.correcties)
            items = format_html_join("", "<li>{}, {} ({}): {} “{}”</li>", (
                (date_format(localtime(tijdstip), "j M Y H:i"), door, reden,
                 gettext("question was") if veld == "vraag" else gettext("answer was"), oud)
                for tijdstip, veld, oud, door, reden in r.correcties))
            html.append(format_html(
                '<details class="kb-add"><summary>{}</summary>\n<ul>{}</ul>\n</details>\n',
                ngettext("Corrected %(n)s time: see the earlier text",
                         "Corrected %(n)s times: see the earlier texts", n) % {"n": n},
                items))
        html.append(format_html(
            '<div id="correctie-{}"><button type="button" class="button button--subtle" '
            'hx-get="{}" hx-target="#correctie-{}" hx-swap="innerHTML">{}</button></div>\n',
            r.id, reverse("contacts:contactmoment-corrigeren", args=[r.id]), r.id,
            gettext("Correct this contact")))
        if context.get("correctie_fout"):
            html.append(format_html('<p class="form-field__error" role="alert">{}</p>\n',
                                    context["correctie_fout"]))
    else:
        html.append(format_html('<p class="timeline__restricted">{}</p>\n', gettext(
            "You can see that this contact took place, not what it was about.")))
    html.append("</li>")
    return mark_safe("".join(html))  # noqa: S308 - every part is format_html output
