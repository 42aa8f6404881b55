from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def pct(waarde, decimalen=0):
    """55.34 → "55%" (or "55,3%"); a figure not shown (a group too small) → "–"."""
    if waarde is None:
        return "–"
    return f"{floatformat(waarde, decimalen)}%"


@register.filter
def seconden(waarde):
    """42.4 → "42 s"; 125 → "2 min 5 s"; not shown → "–"."""
    if waarde is None:
        return "–"
    s = round(waarde)
    if s < 60:
        return _("%(s)s s") % {"s": s}
    return _("%(m)s min %(s)s s") % {"m": s // 60, "s": s % 60}


@register.filter
def staat(waarde):
    return {
        "available": _("available"),
        "busy": _("in a call"),
        "acw": _("after-call work"),
        "away": _("away"),
    }.get(waarde, waarde)


@register.filter
def aantal(waarde):
    """14635 → "14.635" (the thousands separated the Dutch way)."""
    if waarde is None:
        return "–"
    return floatformat(waarde, "0g")
