from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CijfersConfig(AppConfig):
    """The service figures: the team lead's wallboard, the dashboards and the month report,
    from the telephony platform's events (``sources``) and our own contacts and callbacks.
    Aggregates only: no page here shows a resident."""

    name = "cijfers"
    verbose_name = _("Service figures")
