from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases and callbacks")

    def ready(self):
        # models are loaded only once the app registry is ready
        from core.voorbereid import sleuteldeel
        from permissions.backends import vooraf_laden

        from .models import zaak_grants_vooraf, zaak_sleuteldeel

        sleuteldeel(zaak_sleuteldeel)
        vooraf_laden(zaak_grants_vooraf)
