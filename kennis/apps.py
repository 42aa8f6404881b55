from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KennisConfig(AppConfig):
    name = "kennis"
    verbose_name = _("Knowledge base")
    default_auto_field = "django.db.models.BigAutoField"
