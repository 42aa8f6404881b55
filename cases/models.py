"""Cases (zaken). The zaaktype catalogue now; the Zaak read model comes with the klantbeeld."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from permissions.models import Domein
from permissions.roles import groep_ids, medewerker_van
from permissions.visibility import level_annotation


class Zaaktype(models.Model):
    """Kind of case (WMO-aanvraag, paspoortaanvraag, Meld & Herstel-melding…)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    omschrijving = models.CharField(_("description"), max_length=200, unique=True)
    domein = models.ForeignKey(
        Domein, on_delete=models.PROTECT, related_name="zaaktypen", verbose_name=_("domain")
    )
    doorlooptijd_dagen = models.PositiveIntegerField(_("lead time in days"), null=True, blank=True)

    class Meta:
        verbose_name = _("case type")
        verbose_name_plural = _("case types")
        ordering = ["omschrijving"]

    def __str__(self):
        return self.omschrijving


class Vertrouwelijkheid(models.TextChoices):
    """The ZGW confidentiality values, from open to most secret."""

    OPENBAAR = "openbaar", _("public")
    BEPERKT_OPENBAAR = "beperkt_openbaar", _("limited public")
    INTERN = "intern", _("internal")
    ZAAKVERTROUWELIJK = "zaakvertrouwelijk", _("case confidential")
    VERTROUWELIJK = "vertrouwelijk", _("confidential")
    CONFIDENTIEEL = "confidentieel", _("highly confidential")
    GEHEIM = "geheim", _("secret")
    ZEER_GEHEIM = "zeer_geheim", _("top secret")


class ZaakQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Annotates ``niveau`` per row and drops NONE. The zaaktype's domein sets the level;
        the behandelaar and holders of a live object grant see it in full; otherwise geheim
        and higher is EXISTENCE at most."""
        return self.annotate(
            niveau=level_annotation(
                user,
                "zaaktype__domein_id",
                raise_to_full=raise_to_full(user),
                cap_existence=models.Q(vertrouwelijkheidaanduiding__in=GEHEIM_OF_HOGER),
            )
        ).filter(niveau__gt=0)


GEHEIM_OF_HOGER = [Vertrouwelijkheid.GEHEIM, Vertrouwelijkheid.ZEER_GEHEIM]


class Zaak(models.Model):
    """A running or closed case, as a read model of the zaaksysteem.

    Filled by demo data now; ``sources.zaken`` is the adapter a Zaken API sync plugs into.
    """

    identificatie = models.CharField(_("case number"), max_length=40, unique=True)
    zaaktype = models.ForeignKey(
        Zaaktype, on_delete=models.PROTECT, related_name="zaken", verbose_name=_("case type")
    )
    partij = models.ForeignKey(
        "contacts.Partij",
        on_delete=models.PROTECT,
        related_name="zaken",
        verbose_name=_("Nijmegenaar"),
    )
    omschrijving = models.CharField(_("description"), max_length=300)
    toelichting = models.TextField(_("explanation"), blank=True)
    status = models.CharField(_("status"), max_length=60)
    behandelaar = models.ForeignKey(
        "permissions.Medewerker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="zaken",
        verbose_name=_("handled by"),
    )
    afdeling = models.ForeignKey(
        "permissions.Afdeling",
        on_delete=models.PROTECT,
        related_name="zaken",
        verbose_name=_("department"),
    )
    startdatum = models.DateField(_("start date"))
    einddatum_gepland = models.DateField(_("planned end date"), null=True, blank=True)
    uiterlijke_einddatum = models.DateField(_("legal deadline"), null=True, blank=True)
    einddatum = models.DateField(_("end date"), null=True, blank=True)
    vertrouwelijkheidaanduiding = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Vertrouwelijkheid.choices,
        default=Vertrouwelijkheid.ZAAKVERTROUWELIJK,
    )
    contactmomenten = models.ManyToManyField(
        "contacts.Contactmoment",
        blank=True,
        related_name="zaken",
        verbose_name=_("contact moments"),
    )
    bron = models.CharField(_("source"), max_length=20, default="demo")
    bron_url = models.URLField(_("source URL"), max_length=1000, blank=True)
    # the start of the last full load that saw this zaak (sources.zgw: what it did not see
    # is gone from the zaaksysteem and leaves the read model)
    bron_gezien = models.DateTimeField(_("last seen in the source"), null=True, blank=True)

    objects = ZaakQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(
                fields=["bron_url"], name="zaak_bron_url_idx", condition=~models.Q(bron_url="")
            ),
            models.Index(
                fields=["partij", "-startdatum"],
                name="zaak_partij_idx",
                condition=models.Q(einddatum__isnull=True),
            ),
        ]

    def __str__(self):
        return self.identificatie

    @property
    def lopend(self):
        return self.einddatum is None


class ZaakUserObjectPermission(UserObjectPermissionBase):
    """Object grant to one user (django-guardian, direct foreign key: fast on large tables).

    ``geldig_tot``: a time-limited share ends by itself; the queryset ignores expired grants
    at once and a beat task removes them.
    """

    content_object = models.ForeignKey(Zaak, on_delete=models.CASCADE)
    geldig_tot = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("case grant to a person")
        verbose_name_plural = _("case grants to persons")


class ZaakGroupObjectPermission(GroupObjectPermissionBase):
    """Object grant to a group, e.g. a case team in the doorbraakaanpak."""

    content_object = models.ForeignKey(Zaak, on_delete=models.CASCADE)
    geldig_tot = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("case grant to a team")
        verbose_name_plural = _("case grants to teams")


def raise_to_full(user):
    """Q for zaken this user sees in full whatever the policy: the ones they handle and the
    ones they hold a live object grant for (directly or via a group). The grants are read
    once per request (``zaak_grants``), so the zaak query itself stays simple to plan."""
    ids = zaak_grants(user)
    medewerker = medewerker_van(user)
    condition = models.Q(id__in=ids) if ids else models.Q(pk__in=[])
    if medewerker is not None:
        condition |= models.Q(behandelaar_id=medewerker.id)
    return condition


def live_grants(user, nu):
    """The two querysets of zaak ids a user holds a live view grant for: directly, and via
    one of their groups. ``user`` is a user or a user id (not an ``OuterRef``: the
    group part uses it one subquery deeper)."""
    live = models.Q(geldig_tot__isnull=True) | models.Q(geldig_tot__gt=nu)
    direct = ZaakUserObjectPermission.objects.filter(
        live, user=user, permission__codename="view_zaak"
    ).values("content_object_id")
    via_team = ZaakGroupObjectPermission.objects.filter(
        live,
        group__in=groep_ids(user),
        permission__codename="view_zaak",
    ).values("content_object_id")
    return direct, via_team


def zaak_grants(user) -> set[int]:
    """Ids of the zaken this user holds a live object grant for, directly or via a group;
    read once per request (the login backend reads them with the user)."""
    ids = getattr(user, "_kcc_zaak_grants", None)
    if ids is None:
        direct, via_team = live_grants(user, timezone.now())
        ids = set(direct.union(via_team).values_list("content_object_id", flat=True))
        user._kcc_zaak_grants = ids
    return ids


def zaak_sleuteldeel(user) -> tuple:
    """What of the user shapes a zaak's visibility SQL beyond the permissions part: the live
    grants (``core.voorbereid.sleuteldeel``; the behandelaar is the Medewerker, already there)."""
    return tuple(sorted(zaak_grants(user)))


def _grants_annotaties(pk, nu) -> dict:
    direct, via_team = live_grants(pk, nu)
    return {"_grants_direct": ArraySubquery(direct), "_grants_groep": ArraySubquery(via_team)}


def _grants_toepassen(user, rij) -> None:
    user._kcc_zaak_grants = set(rij["_grants_direct"] or ()) | set(rij["_grants_groep"] or ())


# read with the user by the login backend (``permissions.backends.vooraf_laden``)
zaak_grants_vooraf = (_grants_annotaties, _grants_toepassen)
