from django.apps import AppConfig
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from core.voorbereid import sleuteldeel


class PermissionsConfig(AppConfig):
    name = "permissions"
    verbose_name = _("Staff and permissions")

    def ready(self):
        # visibility reads this app's models and the log-in brake Django's auth views: both
        # are importable only once the app registry is ready
        from axes.signals import user_locked_out

        from .aanmelden import geblokkeerd_loggen, mislukking_tellen
        from .visibility import sleuteldeel as visibility_sleuteldeel

        sleuteldeel(visibility_sleuteldeel)
        user_login_failed.connect(mislukking_tellen, dispatch_uid="kcc-login-mislukt")
        user_locked_out.connect(geblokkeerd_loggen, dispatch_uid="kcc-geblokkeerd")
