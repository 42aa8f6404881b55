"""``{% termijn deadline %}``: the deadline as a date plus the time left; overdue stands out."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from core import datums

register = template.Library()


def resterend(deadline, nu=None) -> tuple[str, bool]:
    """("nog 2 dagen", False) or ("3 uur te laat", True): calendar time, rounded down."""
    nu = nu or timezone.now()
    seconds = int((deadline - nu).total_seconds())
    te_laat = seconds < 0
    seconds = abs(seconds)
    days, hours, minutes = seconds // 86400, seconds // 3600, seconds // 60
    if days >= 1:
        amount = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    elif hours >= 1:
        amount = ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    else:
        amount = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    if te_laat:
        return gettext("%(amount)s overdue") % {"amount": amount}, True
    return gettext("%(amount)s left") % {"amount": amount}, False


@register.simple_tag
def termijn(deadline, afgehandeld=False):
    if deadline is None:
        return ""
    local = localtime(deadline)
    datum = datums.datum(local, "D j M, H:i")
    if afgehandeld:
        return format_html('<time datetime="{}">{}</time>', local.isoformat(), datum)
    tekst, te_laat = resterend(deadline)
    return format_html(
        '<time datetime="{}">{}</time> <span class="termijn{}">{}</span>',
        local.isoformat(),
        datum,
        " termijn--te-laat" if te_laat else "",
        tekst,
    )


@register.filter
def duur(value):
    """A timedelta as "2 days 3 hours" / "3 hours 5 minutes"; "–" when empty."""
    if value is None:
        return "–"
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if not days and (minutes or not parts):
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts)
