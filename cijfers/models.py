"""How the figures are counted: one active definition, kept by the functioneel beheerder.

Contact centres disagree mainly about abandoned and very short calls
(``../shared/reference/kcc-figures.md``), so each choice is a setting, and the active one is
written next to every figure and in every export (``Definitie.uitleg``).
"""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Definitie(models.Model):
    doel_procent = models.PositiveSmallIntegerField(
        _("service level target (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of calls that must be answered within the threshold."),
    )
    drempels = ArrayField(
        models.PositiveSmallIntegerField(validators=[MinValueValidator(1)]),
        verbose_name=_("service level thresholds (seconds)"),
        default=list,
        size=4,
        help_text=_(
            "Answered within this many seconds after entering the queue. Separate with "
            "commas, for example 60,15 (80/60 is the internal norm, 80/15 the budget's)."
        ),
    )
    kort_opgehangen_seconden = models.PositiveSmallIntegerField(
        _("short abandon (seconds)"),
        default=5,
        help_text=_("A caller who hangs up within this time is not counted as abandoned."),
    )
    doorverbonden_meetellen = models.BooleanField(
        _("count calls transferred before an answer"),
        default=False,
        help_text=_("Count calls sent on to another destination before anyone answered as missed."),
    )
    herhaal_dagen = models.PositiveSmallIntegerField(
        _("repeat contact within (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    kleinste_groep = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_("A figure over fewer calls or contacts than this is not shown."),
    )
    gewijzigd = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("figure definition")
        verbose_name_plural = _("figure definitions")

    def __str__(self):
        return str(_("Active figure definition"))

    @classmethod
    def actief(cls) -> "Definitie":
        """The one definition (created with the defaults when missing)."""
        return cls.objects.get_or_create(pk=1, defaults={"drempels": [60, 15]})[0]

    @property
    def drempels_op_volgorde(self) -> list[int]:
        return sorted(set(self.drempels or [60]), reverse=True)
