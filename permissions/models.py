"""Who works where: domeinen, afdelingen, teams and medewerkers.

Roles are Django groups (see ``permissions.roles``); a medewerker's roles are the groups of
their user. The domein is the unit the visibility policy works on.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Domein(models.Model):
    """An area of work that decides who may see what (Publiekszaken, Sociaal domein…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    naam = models.CharField(_("name"), max_length=100, unique=True)
    omschrijving = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Afdeling(models.Model):
    """A department of the municipality (WMO, Werk en Inkomen, Publiekszaken…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    naam = models.CharField(_("name"), max_length=100, unique=True)
    domeinen = models.ManyToManyField(
        Domein, related_name="afdelingen", blank=True, verbose_name=_("domains")
    )
    email = models.EmailField(_("e-mail address for notifications"), blank=True)
    actief = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Team(models.Model):
    afdeling = models.ForeignKey(
        Afdeling, on_delete=models.PROTECT, related_name="teams", verbose_name=_("department")
    )
    naam = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail address for notifications"), blank=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["afdeling__naam", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["afdeling", "naam"], name="team_unique_per_afdeling")
        ]

    def __str__(self):
        return f"{self.afdeling} – {self.naam}"


class MedewerkerQuerySet(models.QuerySet):
    def with_roles(self):
        return self.select_related("user", "afdeling", "team").prefetch_related("user__groups")


class Medewerker(models.Model):
    """A member of staff, linked one-to-one to the Django user that logs in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="medewerker",
        verbose_name=_("user"),
    )
    afdeling = models.ForeignKey(
        Afdeling,
        on_delete=models.PROTECT,
        related_name="medewerkers",
        verbose_name=_("department"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="medewerkers",
        verbose_name=_("team"),
    )
    functie = models.CharField(_("job title"), max_length=100, blank=True)
    telefoon = models.CharField(_("internal phone number"), max_length=20, blank=True)

    objects = MedewerkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return self.naam

    @property
    def naam(self):
        return self.user.get_full_name() or self.user.get_username()

    @property
    def rollen(self):
        """Role names, in the fixed order of ``permissions.roles.ROLES``."""
        from .roles import ROLES

        names = {group.name for group in self.user.groups.all()}
        return [role for role in ROLES if role in names]


class Niveau(models.IntegerChoices):
    """How much of a zaak, contact moment or callback a user sees."""

    NONE = 0, _("none: does not exist for this user")
    EXISTENCE = 1, _("existence: type, domain, status, dates, department, handler")
    FULL = 2, _("full: everything")


class Zichtbaarheidsregel(models.Model):
    """Policy: a role (optionally only in one afdeling) sees records of a domein at this level.

    Edited by the functioneel beheerder. No rule means NONE. A user with several roles gets
    the highest level of the rules that apply to them.
    """

    rol = models.ForeignKey("auth.Group", on_delete=models.CASCADE, related_name="+",
                            verbose_name=_("role"))
    domein = models.ForeignKey(Domein, on_delete=models.CASCADE, related_name="regels",
                               verbose_name=_("domain"))
    afdeling = models.ForeignKey(
        Afdeling, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("only for staff of department"),
        help_text=_("Empty: the rule holds for everyone with this role."),
    )
    niveau = models.PositiveSmallIntegerField(_("level"), choices=Niveau.choices)

    class Meta:
        verbose_name = _("visibility rule")
        verbose_name_plural = _("visibility rules")
        ordering = ["rol__name", "afdeling__naam", "domein__naam"]
        constraints = [
            models.UniqueConstraint(fields=["rol", "domein", "afdeling"], nulls_distinct=False,
                                    name="regel_unique_per_rol_domein_afdeling")
        ]

    def __str__(self):
        return f"{self.rol} × {self.domein}: {self.get_niveau_display()}"
