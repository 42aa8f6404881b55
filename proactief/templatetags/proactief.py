from django import template

from ..models import Kandidaat
from ..selectors import klein as _klein

register = template.Library()


@register.filter
def klein(n):
    return _klein(n)


@register.filter
def filterreden(code):
    return Kandidaat.Filter(code).label if code in Kandidaat.Filter.values else code
