"""Continu meten en verbeteren: one satisfaction question per closed question.

An **Uitnodiging** is made once per klantreis (the question, not each contact) when its
newest contact closed it and the Nijmegenaar said yes to "mogen we u na afloop één vraag
sturen?"; it goes out by e-mail or text message through NotifyNL with a link holding a random
token (no personal data), valid 14 days. The **Antwoord** is stored once per invitation.
"""

import secrets

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def nieuw_token() -> str:
    return secrets.token_urlsafe(24)


KORT_ALFABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: easy to type from paper


def korte_code() -> str:
    return "".join(secrets.choice(KORT_ALFABET) for _ in range(8))


class Reden(models.Model):
    """Why a score was low: a list the team lead keeps (wachttijd, doorverbonden…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    tekst = models.CharField(_("text shown to the resident"), max_length=100)
    actief = models.BooleanField(_("active"), default=True)
    volgorde = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("reason for a low score")
        verbose_name_plural = _("reasons for a low score")
        ordering = ["volgorde", "tekst"]

    def __str__(self):
        return self.tekst


class Uitnodiging(models.Model):
    class Status(models.TextChoices):
        GEPLAND = "gepland", _("to be sent")
        VERSTUURD = "verstuurd", _("sent")
        INGEVULD = "ingevuld", _("answered")
        NIET_VERSTUURD = "niet_verstuurd", _("not sent")

    klantreis = models.UUIDField(_("customer journey"), unique=True)
    partij = models.ForeignKey(
        "contacts.Partij", on_delete=models.CASCADE, related_name="+", verbose_name=_("Nijmegenaar")
    )
    contactmoment = models.ForeignKey(
        "contacts.Contactmoment",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("closing contact"),
    )
    # what the answer is about, kept apart from the contact (which has its own retention)
    kanaal = models.ForeignKey("contacts.Kanaal", on_delete=models.PROTECT, related_name="+")
    onderwerp = models.ForeignKey("contacts.Onderwerp", on_delete=models.PROTECT, related_name="+")
    afdeling = models.ForeignKey(
        "permissions.Afdeling", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    team = models.ForeignKey(
        "permissions.Team", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=nieuw_token, editable=False)
    # the short code on the desk's printed note (/v/<code>/), for typing or the QR code
    code = models.CharField(max_length=8, unique=True, null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND
    )
    reden = models.CharField(_("why not sent"), max_length=100, blank=True)
    verzonden_via = models.CharField(_("sent by"), max_length=10, blank=True)
    notify_id = models.CharField(max_length=64, blank=True)
    aangemaakt = models.DateTimeField(_("created"), auto_now_add=True)
    verstuurd_op = models.DateTimeField(_("sent at"), null=True, blank=True)
    verloopt_op = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        indexes = [
            models.Index(fields=["partij", "-aangemaakt"], name="uitnodiging_partij_idx"),
            # the dashboard's period: invitations sent in it
            models.Index(fields=["verstuurd_op"], name="uitnodiging_verstuurd_idx"),
            models.Index(
                fields=["aangemaakt"], name="uitnodiging_gepland_idx", condition=Q(status="gepland")
            ),
        ]

    def __str__(self):
        return f"{self.klantreis}: {self.get_status_display()}"


class Antwoord(models.Model):
    class Opgelost(models.TextChoices):
        JA = "ja", _("yes")
        DEELS = "deels", _("partly")
        NEE = "nee", _("no")

    uitnodiging = models.OneToOneField(
        Uitnodiging, on_delete=models.CASCADE, related_name="antwoord"
    )
    tevredenheid = models.PositiveSmallIntegerField(
        _("satisfaction"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    moeite = models.PositiveSmallIntegerField(
        _("easy to arrange"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    opgelost = models.CharField(_("question solved"), max_length=5, choices=Opgelost.choices)
    redenen = ArrayField(models.SlugField(max_length=40), default=list, blank=True)
    toelichting = models.TextField(_("in your own words"), max_length=1200, blank=True)
    mag_bellen = models.BooleanField(_("may call me"), default=False)
    terugbelverzoek = models.ForeignKey(
        "callbacks.Terugbelverzoek", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ingevuld_op = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(tevredenheid__gte=1, tevredenheid__lte=5, moeite__gte=1, moeite__lte=5),
                name="antwoord_schaal_1_5",
            )
        ]

    def __str__(self):
        return f"{self.uitnodiging_id}: {self.tevredenheid}"


class Klacht(models.Model):
    """A complaint about how the municipality behaved (Awb chapter 9), registered wherever it
    comes in: its content is the contact moment it came with (so it is seen at the level the
    domein "klachten" gives), its handling here. Resolved on the spot by the colleague is
    informal resolution (9:5): counted, and closed at once."""

    class Status(models.TextChoices):
        INFORMEEL = "informeel", _("resolved on the spot")
        IN_BEHANDELING = "in_behandeling", _("being handled")
        AFGEHANDELD = "afgehandeld", _("handled")

    class Categorie(models.TextChoices):
        """What the behaviour was, after the Nationale ombudsman's norms in plain words."""

        BEJEGENING = "bejegening", _("how the resident was treated")
        INFORMATIE = "informatie", _("information that was wrong or unclear")
        TERMIJN = "termijn", _("too slow or a promise not kept")
        BEREIKBAARHEID = "bereikbaarheid", _("hard to reach")
        WERKWIJZE = "werkwijze", _("way of working or a decision")
        ANDERS = "anders", _("other")

    class Conclusie(models.TextChoices):
        GEGROND = "gegrond", _("justified")
        DEELS = "deels", _("partly justified")
        ONGEGROND = "ongegrond", _("unjustified")
        INGETROKKEN = "ingetrokken", _("withdrawn or resolved later")

    contactmoment = models.OneToOneField(
        "contacts.Contactmoment", on_delete=models.PROTECT, related_name="+"
    )
    partij = models.ForeignKey(
        "contacts.Partij", on_delete=models.PROTECT, related_name="+", verbose_name=_("Nijmegenaar")
    )
    over_afdeling = models.ForeignKey(
        "permissions.Afdeling",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("about the department"),
    )
    schriftelijk = models.BooleanField(_("in writing"), default=False)
    categorie = models.CharField(
        _("category"), max_length=20, choices=Categorie.choices, db_default="anders"
    )
    # a complaint about how a zaak was handled links to it (its identification in Open Zaak)
    zaak = models.CharField(_("about the case"), max_length=40, blank=True, db_default="")
    # an advisory committee handles it: 10 weeks instead of 6 (9:11)
    commissie = models.BooleanField(_("advisory committee"), default=False, db_default=False)
    # 9:10: the complainant is heard, or the file says why not (9:10 second paragraph)
    gehoord_op = models.DateField(_("heard on"), null=True, blank=True)
    horen_afgezien = models.CharField(
        _("why the complainant was not heard"), max_length=200, blank=True, db_default=""
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    ontvangen_op = models.DateField(_("received on"))
    termijn_tot = models.DateField(_("to be handled by"))
    conclusie = models.CharField(
        _("conclusion"), max_length=20, choices=Conclusie.choices, blank=True
    )
    bevestigd_op = models.DateTimeField(_("receipt acknowledged at"), null=True, blank=True)
    bevestiging_notify_id = models.CharField(max_length=64, blank=True, db_default="")
    verdaagd = models.BooleanField(_("term extended"), default=False, db_default=False)
    gewaarschuwd_op = models.DateTimeField(_("warned before the term at"), null=True, blank=True)
    afgehandeld_op = models.DateField(_("handled on"), null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        "permissions.Medewerker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["termijn_tot", "id"]
        indexes = [
            models.Index(
                fields=["termijn_tot"], name="klacht_open_idx", condition=Q(status="in_behandeling")
            ),
            models.Index(fields=["ontvangen_op"], name="klacht_ontvangen_idx"),
        ]

    def __str__(self):
        return f"K-{self.ontvangen_op:%Y}-{self.id:05d}"


class Signaal(models.Model):
    """A klantsignaal: something to improve (a letter that is unclear, a web page that is
    wrong, many questions about one thing), with the department that owns it and what was
    done with it — the loop the seed asks for."""

    class Bron(models.TextChoices):
        MEDEWERKER = "medewerker", _("a colleague")
        VRAGENLIJST = "vragenlijst", _("a survey answer")
        PARTNER = "partner", _("a partner (Stip, Informatiepunt)")
        STIJGEND = "stijgend", _("rising questions (found by the system)")
        KENNISBANK = "kennisbank", _("feedback on the knowledge base")

    class Categorie(models.TextChoices):
        BRIEF = "brief", _("letter or form")
        WEBSITE = "website", _("website")
        WERKWIJZE = "werkwijze", _("way of working")
        VEEL_VRAGEN = "veel_vragen", _("many questions about one thing")
        ANDERS = "anders", _("other")

    class Status(models.TextChoices):
        NIEUW = "nieuw", _("new")
        IN_BEHANDELING = "in_behandeling", _("being looked into")
        VERBETERD = "verbeterd", _("improved")
        NIET_OVERGENOMEN = "niet_overgenomen", _("not taken up")

    tekst = models.TextField(_("signal"), max_length=2000)
    categorie = models.CharField(_("category"), max_length=20, choices=Categorie.choices)
    bron = models.CharField(_("source"), max_length=20, choices=Bron.choices)
    afdeling = models.ForeignKey(
        "permissions.Afdeling",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department that owns it"),
    )
    onderwerp = models.ForeignKey(
        "contacts.Onderwerp", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NIEUW
    )
    actie = models.TextField(_("what was done"), blank=True)
    aangemaakt = models.DateTimeField(_("filed"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        "permissions.Medewerker", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    gesloten_op = models.DateTimeField(_("closed"), null=True, blank=True)
    # the improvement action: who does it and by when (the loop the seed asks for)
    actie_eigenaar = models.ForeignKey(
        "permissions.Medewerker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who improves it"),
    )
    actie_datum = models.DateField(_("improved by"), null=True, blank=True)
    partner = models.ForeignKey(
        "leren.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partner_kenmerk = models.CharField(max_length=64, blank=True, db_default="")
    # what it is about elsewhere, e.g. a knowledge-base answer: "kennis:<uuid>#<section>"
    verwijzing = models.CharField(max_length=200, blank=True, db_default="")
    # rising questions: one signal per subject and week
    week = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("klantsignaal")
        verbose_name_plural = _("klantsignalen")
        ordering = ["-aangemaakt"]
        indexes = [models.Index(fields=["aangemaakt"], name="signaal_aangemaakt_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "partner_kenmerk"],
                condition=Q(bron="partner"),
                name="signaal_partner_een_keer",
            ),
            models.UniqueConstraint(
                fields=["onderwerp", "week"],
                condition=Q(bron="stijgend"),
                name="signaal_stijgend_een_per_week",
            ),
        ]

    def __str__(self):
        return self.tekst[:60]


class Partner(models.Model):
    """A partner that sends klantsignalen (a Stip, the Informatiepunt Digitale Overheid):
    its own key (kept as a hash) for ``POST /leren/api/signalen/``."""

    naam = models.CharField(_("name"), max_length=100, unique=True)
    afdeling = models.ForeignKey(
        "permissions.Afdeling",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department its signals go to unless it names one"),
    )
    sleutel_hash = models.CharField(max_length=64, unique=True, editable=False)
    actief = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("signal partner")
        verbose_name_plural = _("signal partners")
        ordering = ["naam"]

    def __str__(self):
        return self.naam
