from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.voorbereid import sleuteldeel


class PermissionsConfig(AppConfig):
    name = "permissions"
    verbose_name = _("Staff and permissions")

    def ready(self):
        # visibility reads this app's models, loaded only once the app registry is ready
        from .visibility import sleuteldeel as visibility_sleuteldeel

        sleuteldeel(visibility_sleuteldeel)
