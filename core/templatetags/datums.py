"""``{{ moment|datum:"D j M Y, H:i" }}``: Django's date format with Dutch month
abbreviations ("1 dec. 2026"; core.datums)."""

from django import template

from core import datums

register = template.Library()


@register.filter
def datum(value, formaat="j M Y"):
    return datums.datum(value, formaat)
