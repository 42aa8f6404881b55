from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data, demo log-in and the ``./kcc`` launcher: the top of the house, used by
    nothing else."""

    name = "demo"
    verbose_name = _("Demo")
