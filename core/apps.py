from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared infrastructure at the bottom of the house: kept queries, the form renderer,
    the broker wake-up, the health checks. Imports no app of this project."""

    name = "core"
    verbose_name = _("KCC klantbeeld")

    def ready(self):
        from .lookups import registreren

        registreren()
