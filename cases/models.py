"""Cases (zaken). The zaaktype catalogue now; the Zaak read model comes with the klantbeeld."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from permissions.models import Domein


class Zaaktype(models.Model):
    """Kind of case (WMO-aanvraag, paspoortaanvraag, Meld & Herstel-melding…)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    omschrijving = models.CharField(_("description"), max_length=200, unique=True)
    domein = models.ForeignKey(
        Domein, on_delete=models.PROTECT, related_name="zaaktypen", verbose_name=_("domain")
    )
    doorlooptijd_dagen = models.PositiveIntegerField(
        _("lead time in days"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("case type")
        verbose_name_plural = _("case types")
        ordering = ["omschrijving"]

    def __str__(self):
        return self.omschrijving
