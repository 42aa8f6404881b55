from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallbacksConfig(AppConfig):
    name = "callbacks"
    verbose_name = _("Callback requests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # the callbacks due and overdue and the routing lag on /metrics
        from django.db.models.signals import post_delete, post_save

        from .metrics import registreren
        from .models import Sluitingsdag
        from .termijnen import sluitingsdagen_gewijzigd

        registreren()
        # a closing day changed in /beheer/: every process reads them again
        post_save.connect(sluitingsdagen_gewijzigd, sender=Sluitingsdag, dispatch_uid="kcc-dicht-1")
        post_delete.connect(
            sluitingsdagen_gewijzigd, sender=Sluitingsdag, dispatch_uid="kcc-dicht-2"
        )
