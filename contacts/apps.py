from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Nijmegenaren and contacts")

    def ready(self):
        # the catalogue reads models, which load only once the app registry is ready
        from .catalogue import connect_signals

        connect_signals()
