from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .lookups import registreren


class CoreConfig(AppConfig):
    """Shared infrastructure at the bottom of the house: kept queries, the form renderer,
    the broker wake-up, the health checks. Imports no app of this project."""

    name = "core"
    verbose_name = _("KCC klantbeeld")

    def ready(self):
        registreren()  # the ``__een_van`` lookup on every field
