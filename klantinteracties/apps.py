from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlantinteractiesConfig(AppConfig):
    """The VNG Klantinteracties API (as Open Klant 2.x serves it), served from our own data so
    that KISS, ITA and form systems can work against us. A door into the domain apps, beside
    the klantbeeld: it reads through their querysets (the same visibility as the pages) and
    writes through their services; no domain app imports it."""

    name = "klantinteracties"
    verbose_name = _("Klantinteracties API")
