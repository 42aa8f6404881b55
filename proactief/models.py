"""Proactieve dienstverlening: the municipality reaches out.

A **campagne** belongs to one regeling (minimaregeling, Wgs vroegsignalering, an expiring ID
document…); its owner prepares it and a second person approves it before anything happens.
**Kandidaten** are imported from the owner of the regeling (never computed here), filtered
(opt-out, BRP, duplicates, another campaign), and checked one by one by a person. Approved
candidates climb the campaign's **ladder** of attempts (phone first); every attempt is a
**Benadering**, a phone call as a work item in the callbacks queue or a message through
NotifyNL, and every attempt and delivered message becomes a contact moment.

The **opt-out register** (``Afmelding``) holds per BSN who does not want to be approached
unasked; it is checked at import, at the human check and again just before each call or send.
"""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.validators import validate_bsn


def nieuwe_code() -> str:
    return secrets.token_urlsafe(24)


class Campagne(models.Model):
    class Vorm(models.TextChoices):
        INFORMEREN = "informeren", _("inform")
        VOORAF_INVULLEN = "vooraf_invullen", _("application filled in beforehand")
        AMBTSHALVE = "ambtshalve_voorstel", _("proposal to grant ex officio")

    class Status(models.TextChoices):
        CONCEPT = "concept", _("draft")
        GOEDGEKEURD = "goedgekeurd", _("approved")
        ACTIEF = "actief", _("active")
        AFGEROND = "afgerond", _("finished")
        OPGESCHOOND = "opgeschoond", _("cleaned up")

    class Stap(models.TextChoices):
        TELEFOON = "telefoon", _("phone call")
        BRIEF = "brief", _("letter")
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("text message")

    titel = models.CharField(
        _("title"),
        max_length=120,
        unique=True,
        help_text=_(
            "Shown to the Nijmegenaar and as the subject of every contact: never the "
            "signal itself (no arrears, no benefits)."
        ),
    )
    regeling = models.CharField(_("scheme"), max_length=200)
    grondslag = models.CharField(_("legal basis"), max_length=300)
    vorm = models.CharField(_("form of proactivity"), max_length=20, choices=Vorm.choices)
    gegevenscategorieen = ArrayField(
        models.CharField(max_length=100),
        verbose_name=_("categories of personal data used"),
        default=list,
        blank=True,
    )
    bewaren_tot = models.DateField(
        _("keep candidates until"),
        null=True,
        blank=True,
        help_text=_("On this date the candidates and their signals are removed."),
    )
    dpia = models.CharField(_("DPIA reference"), max_length=100, blank=True)
    onderwerp = models.OneToOneField(
        "contacts.Onderwerp",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("subject of the contacts"),
    )
    team = models.ForeignKey(
        "permissions.Team",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("campaign team (makes the calls)"),
    )
    ladder = ArrayField(
        models.CharField(max_length=10, choices=Stap.choices),
        verbose_name=_("attempts, in order"),
        default=list,
    )
    dagen_per_stap = models.PositiveSmallIntegerField(_("working days per attempt"), default=3)
    belscript = models.TextField(_("script for the call"), blank=True)
    brieftekst = models.TextField(_("letter text"), blank=True)
    emailtekst = models.TextField(_("e-mail text"), blank=True)
    smstekst = models.TextField(_("text message"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    goedgekeurd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    goedgekeurd_op = models.DateTimeField(_("approved at"), null=True, blank=True)
    aangemaakt = models.DateTimeField(_("created"), auto_now_add=True)
    opgeschoond_op = models.DateTimeField(_("cleaned up at"), null=True, blank=True)
    # the key the owner of the regeling's system sends its lists with (proactief/api.py):
    # only its SHA-256 is kept; the key itself is shown once
    api_sleutel_hash = models.CharField(max_length=64, blank=True, editable=False)
    # what is left after the clean-up: the report's counts
    tellingen = models.JSONField(_("counts kept"), default=dict, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-aangemaakt"]
        permissions = [
            ("voorbereiden_campagne", _("Can prepare a proactive campaign")),
            ("goedkeuren_campagne", _("Can approve a proactive campaign")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(goedgekeurd_door__isnull=True)
                | ~Q(goedgekeurd_door=models.F("eigenaar")),
                name="campagne_vier_ogen",
            ),
        ]

    def __str__(self):
        return self.titel


class Kandidaat(models.Model):
    """One person on a campaign's list, as the owner of the regeling sent it."""

    class Status(models.TextChoices):
        TE_CONTROLEREN = "te_controleren", _("to be checked against the BRP")
        TE_BEOORDELEN = "te_beoordelen", _("waiting for the human check")
        GEFILTERD = "gefilterd", _("filtered out")
        OVERGESLAGEN = "overgeslagen", _("skipped at the check")
        GOEDGEKEURD = "goedgekeurd", _("approved, being approached")
        UITGESLOTEN = "uitgesloten", _("excluded: opt-out")
        AFGEROND = "afgerond", _("finished")

    class Filter(models.TextChoices):
        OPT_OUT = "opt_out", _("opt-out")
        OVERLEDEN = "overleden", _("deceased")
        VERTROKKEN = "vertrokken", _("moved away or address unknown")
        GEHEIM = "geheim", _("BRP secrecy")
        NIET_IN_BRP = "niet_in_brp", _("not known in the BRP")
        ANDERE_CAMPAGNE = "andere_campagne", _("already in another campaign this month")

    class Uitkomst(models.TextChoices):
        HULP_GEACCEPTEERD = "hulp_geaccepteerd", _("reached – help accepted")
        DOORVERWEZEN = "doorverwezen", _("reached – referred")
        INFORMATIE = "informatie", _("reached – information given")
        GEEN_HULP = "geen_hulp", _("reached – no help wanted")
        OPT_OUT = "opt_out", _("opt-out")
        NIET_BEREIKT = "niet_bereikt", _("not reached")
        ONJUIST_ADRES = "onjuist_adres", _("wrong address")
        OVERLEDEN = "overleden", _("deceased or moved away")

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="kandidaten")
    bsn = models.CharField(_("BSN"), max_length=9, validators=[validate_bsn])
    signaal = models.CharField(_("signal"), max_length=100)
    waarde = models.CharField(_("value"), max_length=100, blank=True)
    datum = models.DateField(_("date of the signal"))
    bron = models.CharField(_("source"), max_length=100)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.TE_CONTROLEREN
    )
    filter = models.CharField(
        _("filtered because"), max_length=20, choices=Filter.choices, blank=True
    )
    brp_gecontroleerd_op = models.DateTimeField(_("checked against the BRP"), null=True, blank=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    beoordeeld_op = models.DateTimeField(_("checked at"), null=True, blank=True)
    reden = models.CharField(_("reason"), max_length=200, blank=True)
    partij = models.ForeignKey(
        "contacts.Partij",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Nijmegenaar"),
    )
    eerste_contact = models.ForeignKey(
        "contacts.Contactmoment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    stap = models.PositiveSmallIntegerField(_("attempt"), default=0)
    uitkomst = models.CharField(_("outcome"), max_length=20, choices=Uitkomst.choices, blank=True)
    # the random code in this person's opt-out link (proactief.services.afmelden)
    afmeldcode = models.CharField(max_length=64, unique=True, default=nieuwe_code, editable=False)
    importverslag = models.ForeignKey(
        "Importverslag", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["campagne", "bsn"], name="kandidaat_een_per_campagne"),
        ]
        indexes = [
            models.Index(fields=["bsn"], name="kandidaat_bsn_idx"),
            models.Index(fields=["campagne", "status"], name="kandidaat_status_idx"),
        ]

    def __str__(self):
        return f"{self.campagne_id}/{self.id}"


class Importverslag(models.Model):
    """One list taken in: who, when, how many, and each refused row with its reason."""

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="imports")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tijdstip = models.DateTimeField(_("time"), auto_now_add=True)
    bestandsnaam = models.CharField(_("file"), max_length=200, blank=True)
    aantal_rijen = models.PositiveIntegerField(_("rows"), default=0)
    aantal_opgenomen = models.PositiveIntegerField(_("taken in"), default=0)
    geweigerd = models.JSONField(_("refused rows"), default=list, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-tijdstip"]

    def __str__(self):
        return f"{self.campagne_id}: {self.tijdstip:%d-%m-%Y %H:%M}"


class Benadering(models.Model):
    """One attempt on the ladder: a call (a work item in the callbacks queue) or a message
    through NotifyNL."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("planned")
        KLAAR = "klaar", _("waiting in the queue")
        VERSTUURD = "verstuurd", _("sent")
        BEREIKT = "bereikt", _("reached / delivered")
        NIET_BEREIKT = "niet_bereikt", _("not reached / not delivered")
        GEANNULEERD = "geannuleerd", _("cancelled")

    kandidaat = models.ForeignKey(Kandidaat, on_delete=models.CASCADE, related_name="benaderingen")
    stap = models.PositiveSmallIntegerField(_("attempt"))
    soort = models.CharField(_("kind"), max_length=10, choices=Campagne.Stap.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND
    )
    uiterlijk = models.DateTimeField(_("due"))
    terugbelverzoek = models.OneToOneField(
        "callbacks.Terugbelverzoek",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notify_id = models.CharField(max_length=64, blank=True)
    notify_status = models.CharField(max_length=30, blank=True)
    contactmoment = models.ForeignKey(
        "contacts.Contactmoment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reden = models.CharField(_("reason"), max_length=200, blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    bijgewerkt = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["kandidaat_id", "stap"]
        constraints = [
            models.UniqueConstraint(fields=["kandidaat", "stap"], name="benadering_een_per_stap"),
        ]
        indexes = [
            models.Index(
                fields=["uiterlijk"], name="benadering_gepland_idx", condition=Q(status="gepland")
            ),
        ]

    def __str__(self):
        return f"{self.kandidaat_id}/{self.stap}: {self.get_soort_display()}"

    @property
    def referentie(self) -> str:
        """The ``reference`` sent to NotifyNL, by which its delivery callback finds us."""
        return f"kcc-benadering-{self.id}"


class Afmelding(models.Model):
    """The opt-out register: this person does not want to be approached unasked."""

    class Reikwijdte(models.TextChoices):
        ALLES = "alles", _("all proactive contact")
        REGELING = "regeling", _("only this scheme")

    class Bron(models.TextChoices):
        KCC = "kcc", _("during a contact")
        BRIEF = "brief", _("link in a letter or message")
        WEBFORMULIER = "webformulier", _("web form")
        IMPORT = "import", _("imported register")
        VOORKEUR = "voorkeur", _("earlier preference in the register")

    bsn = models.CharField(_("BSN"), max_length=9, validators=[validate_bsn])
    reikwijdte = models.CharField(
        _("scope"), max_length=10, choices=Reikwijdte.choices, default=Reikwijdte.ALLES
    )
    regeling = models.CharField(_("scheme"), max_length=200, blank=True)
    datum = models.DateTimeField(_("date"))
    kanaal = models.CharField(_("channel"), max_length=40, blank=True)
    bron = models.CharField(_("source"), max_length=20, choices=Bron.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-out register")
        ordering = ["-datum"]
        indexes = [models.Index(fields=["bsn", "reikwijdte"], name="afmelding_bsn_idx")]

    def __str__(self):
        return f"{self.get_reikwijdte_display()} ({self.datum:%d-%m-%Y})"
