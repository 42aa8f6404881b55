from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag
def kennis_keuze(waarde):
    """The contact form's slot for the chosen knowledge-base answer (kept when the form comes
    back with an error, or when chosen without JavaScript)."""
    from kennis.services import keuze_lezen

    keuze = keuze_lezen(waarde) if waarde else None
    if keuze is None:
        return render_to_string("kennis/_keuze.html", {})
    item, sectie = keuze
    return render_to_string(
        "kennis/_keuze.html",
        {"item": item, "sectie": (item.sectie(sectie) or {}).get("titel", ""), "waarde": waarde},
    )
