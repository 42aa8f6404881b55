from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallbacksConfig(AppConfig):
    name = "callbacks"
    verbose_name = _("Callback requests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # the callbacks due and overdue and the routing lag on /metrics
        from .metrics import registreren

        registreren()
