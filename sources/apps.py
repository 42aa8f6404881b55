from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    """Where outside data enters the register: the reference catalogue file, the zaaksysteem
    (and next the BRP and the KVK). Above the domain apps, whose services it calls."""

    name = "sources"
    verbose_name = _("Sources")
