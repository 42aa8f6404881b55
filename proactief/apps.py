from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProactiefConfig(AppConfig):
    name = "proactief"
    verbose_name = _("Proactive service")
    default_auto_field = "django.db.models.BigAutoField"
