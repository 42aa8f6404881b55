from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Verzending(models.Model):
    """One sent staff form, by the key the form carried (``core.eenmalig``): a submit that is
    retried (a double click, a browser that sends again after a lost answer) finds the
    record it made the first time instead of making a second one."""

    sleutel = models.UUIDField(primary_key=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    soort = models.CharField(_("kind"), max_length=40)
    object_id = models.BigIntegerField(null=True)
    tijdstip = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sent form")
        verbose_name_plural = _("sent forms")

    def __str__(self):
        return f"{self.soort} {self.sleutel}"
