from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermissionsConfig(AppConfig):
    name = "permissions"
    verbose_name = _("Staff and permissions")

    def ready(self):
        # models are loaded only once the app registry is ready
        from core.voorbereid import sleuteldeel

        from .visibility import sleuteldeel as visibility_sleuteldeel

        sleuteldeel(visibility_sleuteldeel)
