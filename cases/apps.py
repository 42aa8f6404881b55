from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.voorbereid import sleuteldeel
from permissions.voorladen import vooraf_laden


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases and callbacks")

    def ready(self):
        # this app's models are loaded only once the app registry is ready
        from .models import zaak_grants_vooraf, zaak_sleuteldeel

        sleuteldeel(zaak_sleuteldeel)
        vooraf_laden(zaak_grants_vooraf)
