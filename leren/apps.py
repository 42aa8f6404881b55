from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LerenConfig(AppConfig):
    name = "leren"
    verbose_name = _("Learning from contacts")
    default_auto_field = "django.db.models.BigAutoField"
