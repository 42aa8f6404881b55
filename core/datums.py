"""Dates as the municipality writes them: "1 dec. 2026", "di 1 dec. 2026, 10:05".

Django's Dutch locale abbreviates months in English capitals ("1 Dec 2026") in its ``M``
format; ``datum(value, format)`` takes Django's date format and puts the Dutch
abbreviation (with its full stop; "mei" has none) in place of every ``M``. Everything else
of the format is Django's own (``D``, ``j``, ``Y``, ``H:i``…)."""

from django.utils.dateformat import format as django_format
from django.utils.timezone import is_aware, localtime
from django.utils.translation import pgettext


def _maand(nummer: int) -> str:
    # a call per month, so that makemessages finds each one
    return [
        pgettext("abbreviated month", "Jan"),
        pgettext("abbreviated month", "Feb"),
        pgettext("abbreviated month", "Mar"),
        pgettext("abbreviated month", "Apr"),
        pgettext("abbreviated month", "May"),
        pgettext("abbreviated month", "Jun"),
        pgettext("abbreviated month", "Jul"),
        pgettext("abbreviated month", "Aug"),
        pgettext("abbreviated month", "Sep"),
        pgettext("abbreviated month", "Oct"),
        pgettext("abbreviated month", "Nov"),
        pgettext("abbreviated month", "Dec"),
    ][nummer - 1]


def datum(value, formaat: str = "j M Y") -> str:
    if value in (None, ""):
        return ""
    if hasattr(value, "hour") and is_aware(value):
        value = localtime(value)
    if "M" in formaat:
        letterlijk = "".join("\\" + teken for teken in _maand(value.month))
        formaat = _vervang_m(formaat, letterlijk)
    return django_format(value, formaat)


def _vervang_m(formaat: str, letterlijk: str) -> str:
    """Every unescaped ``M`` of the format becomes the escaped literal."""
    uit, i = [], 0
    while i < len(formaat):
        teken = formaat[i]
        if teken == "\\" and i + 1 < len(formaat):
            uit.append(formaat[i : i + 2])
            i += 2
            continue
        uit.append(letterlijk if teken == "M" else teken)
        i += 1
    return "".join(uit)
