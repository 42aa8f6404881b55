"""The subject type-ahead's options, written once per catalogue version.

(The timeline item is markup in ``klantbeeld/klantbeeld.html#tijdlijn-regels``.)
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


_opties: dict = {"bron": None, "html": ""}


@register.simple_tag
def onderwerpen_opties(onderwerpen):
    """The <option>s of the subject type-ahead (over a hundred), written once per catalogue
    version: ``onderwerpen`` is the catalogue's own tuple until a subject changes."""
    if _opties["bron"] is not onderwerpen:
        _opties["html"] = "".join(
            f'<option value="{escape(o.naam)}"></option>' for o in onderwerpen
        )
        _opties["bron"] = onderwerpen
    return mark_safe(_opties["html"])  # noqa: S308 - escaped above
