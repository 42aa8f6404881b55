from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlantbeeldConfig(AppConfig):
    """The agent's workspace: search, the klantbeeld and its panels. It composes what the
    domain apps offer through their selectors and services; no domain app imports it."""

    name = "klantbeeld"
    verbose_name = _("Klantbeeld")
