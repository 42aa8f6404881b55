"""Who works where: domeinen, afdelingen, teams and medewerkers.

Roles are Django groups (see ``permissions.roles``); a medewerker's roles are the groups of
their user. The domein is the unit the visibility policy works on.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
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
    terugbeltermijn_werkdagen = models.PositiveSmallIntegerField(
        _("working days to call back"),
        null=True,
        blank=True,
        help_text=_(
            "The basisafspraak for callback requests. Empty: the general term (2 working days)."
        ),
    )

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
        u = self.user
        return self.naam_van(u.first_name, u.last_name, u.get_username())

    @staticmethod
    def naam_van(voornaam, achternaam, gebruikersnaam) -> str:
        """The name the pages and the API show: "Anna de Boer", else the user name."""
        return f"{voornaam} {achternaam}".strip() or gebruikersnaam


class Rolkoppeling(models.Model):
    """How the identity provider's roles become ours: a value of the role claim (an Entra app
    role such as ``KCC.Medewerker``, or a group) gives a role, and, where it says, the
    department and team. Kept by the functioneel beheerder in /beheer/, or loaded from a file
    (``manage.py rolkoppelingen_laden``). Applied at every log-in."""

    claimwaarde = models.CharField(_("value in the role claim"), max_length=200, unique=True)
    rol = models.ForeignKey(
        "auth.Group", on_delete=models.CASCADE, related_name="+", verbose_name=_("role")
    )
    afdeling = models.ForeignKey(
        Afdeling,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )

    class Meta:
        verbose_name = _("role mapping")
        verbose_name_plural = _("role mappings")
        ordering = ["claimwaarde"]

    def __str__(self):
        return f"{self.claimwaarde} → {self.rol}"


class Identiteit(models.Model):
    """The staff member as the identity provider knows her: issuer + stable subject (``sub``,
    or Entra's ``oid``) is the key; the identifier used towards other systems (the API, the
    zaaksysteem) comes from a configurable claim."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identiteit"
    )
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=300)
    medewerker_id = models.CharField(_("staff identifier for other systems"), max_length=200)
    laatst_aangemeld = models.DateTimeField(_("last log-in"), null=True)

    class Meta:
        verbose_name = _("staff identity")
        verbose_name_plural = _("staff identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="identiteit_uniek")
        ]

    def __str__(self):
        return f"{self.subject} ({self.issuer})"


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

    rol = models.ForeignKey(
        "auth.Group", on_delete=models.CASCADE, related_name="+", verbose_name=_("role")
    )
    domein = models.ForeignKey(
        Domein, on_delete=models.CASCADE, related_name="regels", verbose_name=_("domain")
    )
    afdeling = models.ForeignKey(
        Afdeling,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only for staff of department"),
        help_text=_("Empty: the rule holds for everyone with this role."),
    )
    niveau = models.PositiveSmallIntegerField(_("level"), choices=Niveau.choices)

    class Meta:
        verbose_name = _("visibility rule")
        verbose_name_plural = _("visibility rules")
        ordering = ["rol__name", "afdeling__naam", "domein__naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["rol", "domein", "afdeling"],
                nulls_distinct=False,
                name="regel_unique_per_rol_domein_afdeling",
            )
        ]

    def __str__(self):
        return f"{self.rol} × {self.domein}: {self.get_niveau_display()}"


class Toegangslog(models.Model):
    """Append-only access log (verwerkingenlogging): who saw whose data, what, when, why.

    Carries the fields of Logius' "Logboek dataverwerkingen" (trace id, processing activity,
    data subject id and its type). The database refuses UPDATE, DELETE and TRUNCATE on this
    table (trigger in the migration); every row holds the hash of the one before it, so a row
    changed by someone who got round the trigger breaks the chain (``accesslog.check_chain``).
    """

    class Handeling(models.TextChoices):
        KLANTBEELD = "klantbeeld_geopend", _("opened the klantbeeld")
        BSN = "bsn_getoond", _("showed the BSN")
        GEGEVENS_GEWIJZIGD = "gegevens_gewijzigd", _("changed contact details")
        CONTACT_VASTGELEGD = "contact_vastgelegd", _("recorded a contact")
        ZAAK_VOLLEDIG = "zaak_volledig", _("saw a case in full")
        CONTACTMOMENT_VOLLEDIG = "contactmoment_volledig", _("saw a contact in full")
        TERUGBELVERZOEK = "terugbelverzoek_volledig", _("saw a callback request in full")
        GEKOPPELD = "contact_gekoppeld", _("linked a contact to a Nijmegenaar")
        BEWAARTERMIJN = "bewaartermijn", _("removed records past their retention period")
        LOG_DOORZOCHT = "toegangslog_doorzocht", _("searched the access log")
        AANGEMELD = "aangemeld", _("logged in")
        AFGEMELD = "afgemeld", _("logged out")
        GEWEIGERD = "aanmelding_geweigerd", _("log-in refused")
        GEBLOKKEERD = "geblokkeerd", _("locked out after wrong passwords")
        BRP_BEVRAAGD = "brp_bevraagd", _("asked the BRP")
        BRP_OVERGENOMEN = "brp_overgenomen", _("took a person over from the BRP")
        SAMENGEVOEGD = "samengevoegd", _("merged two records of one person")
        API_GERAADPLEEGD = "api_geraadpleegd", _("read through the Klantinteracties API")
        KLANTREIS = "klantreis_gewijzigd", _("changed the question a contact belongs to")
        KVK_BEVRAAGD = "kvk_bevraagd", _("asked the Handelsregister")
        KVK_OVERGENOMEN = "kvk_overgenomen", _("took an organisation over from the Handelsregister")
        KANDIDAAT_BEKEKEN = "kandidaat_bekeken", _("looked at a candidate of a campaign")
        KANDIDAAT_BEOORDEELD = "kandidaat_beoordeeld", _("checked a candidate of a campaign")
        KANDIDAAT_BENADERD = "kandidaat_benaderd", _("approached a candidate of a campaign")
        AFMELDING = "afmelding_vastgelegd", _("recorded an opt-out from proactive contact")

    tijdstip = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    medewerker_naam = models.CharField(_("staff member"), max_length=200)
    rollen = models.CharField(_("roles"), max_length=300)
    afdeling = models.CharField(_("department"), max_length=100, blank=True)
    handeling = models.CharField(_("action"), max_length=30, choices=Handeling.choices)
    # whose data: kept as plain values, so the log outlives the records it is about
    partij_id = models.BigIntegerField(_("Nijmegenaar id"), null=True, db_index=True)
    betrokkene_type = models.CharField(_("data subject id type"), max_length=10, blank=True)
    betrokkene_id = models.CharField(_("data subject id"), max_length=20, blank=True, db_index=True)
    object_type = models.CharField(_("object"), max_length=40, blank=True)
    object_id = models.BigIntegerField(_("object id"), null=True)
    niveau = models.PositiveSmallIntegerField(_("level"), choices=Niveau.choices, null=True)
    doel = models.CharField(_("purpose"), max_length=200)
    herkomst = models.GenericIPAddressField(_("from address"), null=True)
    trace_id = models.CharField(_("trace id"), max_length=32)
    verwerkingsactiviteit_id = models.CharField(_("processing activity id"), max_length=60)
    vorige_hash = models.CharField(max_length=64, editable=False)
    # Set on a retention entry: the hash of the last log row that retention removed, where
    # the chain check may start.
    afgekapt_na_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)
    # 1: the hash is keyed (HMAC with KCC_TOEGANGSLOG_SLEUTEL, a key the database does not
    # hold), so whoever owns the table cannot write a row that passes the check; 0: rows
    # written before (plain SHA-256), covered by the anchors since.
    sleutelversie = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["gebruiker", "-tijdstip"], name="log_gebruiker_idx"),
            models.Index(fields=["-tijdstip"], name="log_tijdstip_idx"),
        ]

    def __str__(self):
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.medewerker_naam}: {self.handeling}"
