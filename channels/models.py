"""Intake per channel. The channel catalogue (Kanaal) lives in contacts because every contact
moment refers to it and apps depend in one direction.

A web-form submission keeps what the Nijmegenaar typed about themselves (name, phone,
e-mail): a contact moment only refers to a Nijmegenaar, and an unmatched submission waits in
the "te koppelen" list until a KCC colleague links it.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from contacts.normalise import weergave_telefoon
from permissions.visibility import level_annotation


class Inzending(models.Model):
    """One submitted web form (nijmegen.nl/contact)."""

    sleutel = models.UUIDField(_("idempotency key"), unique=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(_("name"), max_length=200)
    telefoonnummer = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    wil_teruggebeld = models.BooleanField(_("wants to be called back"), default=False)
    taal = models.CharField(_("language"), max_length=5, default="nl")
    ontvangen = models.DateTimeField(_("received"), auto_now_add=True)
    contactmoment = models.OneToOneField(
        "contacts.Contactmoment", on_delete=models.PROTECT, related_name="inzending"
    )
    terugbelverzoek = models.OneToOneField(
        "callbacks.Terugbelverzoek",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inzending",
    )
    bevestigd_op = models.DateTimeField(_("confirmation e-mailed at"), null=True, blank=True)
    # only to an address that is the resident's own (linked by all the details given): the
    # municipality's address never mails a stranger's address on a visitor's say-so
    bevestiging_sturen = models.BooleanField(
        _("confirmation goes to the resident's own address"), default=False
    )
    # "may we send you one question afterwards?", answered on the confirmation page
    vragenlijst_ja = models.BooleanField(_("one question afterwards"), null=True, blank=True)

    class Meta:
        verbose_name = _("web form submission")
        verbose_name_plural = _("web form submissions")

    def __str__(self):
        return f"{self.contactmoment_id} ({self.ontvangen:%d-%m-%Y})"

    @property
    def referentie(self):
        return f"WF-{self.ontvangen:%Y}-{self.id:06d}"


class Gesprek(models.Model):
    """A phone call on 14 024 as the telephony platform reports it (caller id)."""

    call_id = models.CharField(_("call id"), max_length=100, unique=True)
    medewerker = models.ForeignKey(
        "permissions.Medewerker",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff member"),
    )
    nummer = models.CharField(
        _("caller's number"),
        max_length=20,
        blank=True,
        help_text=_("E.164; empty when the caller withheld it."),
    )
    tolkcontact = models.BooleanField(_("via Tolkcontact"), default=False)
    begin = models.DateTimeField(_("started"))
    einde = models.DateTimeField(_("ended"), null=True, blank=True)
    contactmoment = models.ForeignKey(
        "contacts.Contactmoment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gesprekken",
    )

    class Meta:
        verbose_name = _("phone call")
        verbose_name_plural = _("phone calls")
        indexes = [models.Index(fields=["medewerker", "-begin"], name="gesprek_medewerker_idx")]

    def __str__(self):
        return self.call_id

    @property
    def nummer_weergave(self) -> str:
        """The caller's number as agents read it: 06 12345678."""
        return weergave_telefoon(self.nummer) if self.nummer else ""

    @property
    def duur(self):
        return self.einde - self.begin if self.einde else None


class Bijlage(models.Model):
    """A scanned letter or an e-mail attachment: PDF, JPEG or PNG only (checked by content),
    stored outside the web root (``KCC_BESTANDEN_MAP``) and served only to users who see the
    contact moment in full."""

    contactmoment = models.ForeignKey(
        "contacts.Contactmoment", on_delete=models.CASCADE, related_name="bijlagen"
    )
    naam = models.CharField(_("file name"), max_length=200)
    soort = models.CharField(_("type"), max_length=50)  # the MIME type found in the content
    grootte = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    pad = models.CharField(max_length=300, editable=False)
    geupload = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.naam


class Email(models.Model):
    """An inbound e-mail, once per Message-ID (a provider may post it twice)."""

    message_id = models.CharField(max_length=300, unique=True)
    van = models.CharField(_("from"), max_length=300)
    onderwerp = models.CharField(_("subject"), max_length=300, blank=True)
    ontvangen = models.DateTimeField(_("received"), auto_now_add=True)
    contactmoment = models.OneToOneField(
        "contacts.Contactmoment", on_delete=models.CASCADE, related_name="email"
    )
    # the receiving provider vouched for the From address (SPF/DKIM/DMARC, channels.afzender)
    afzender_gecontroleerd = models.BooleanField(_("sender checked"), default=False)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")

    def __str__(self):
        return self.message_id


class AfspraakQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Like contact moments: the onderwerp's domein sets the level; NONE is dropped."""

        return self.annotate(niveau=level_annotation(user, "onderwerp__domein_id")).filter(
            niveau__gt=0
        )


class Afspraak(models.Model):
    """An appointment at a desk (Stadswinkel, Steunpunt Dukenburg), made on the phone or at
    the desk, shown on the klantbeeld and picked up at the desk when the person comes."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("planned")
        GEKOMEN = "gekomen", _("came")
        NIET_GEKOMEN = "niet_gekomen", _("did not come")

    partij = models.ForeignKey(
        "contacts.Partij",
        on_delete=models.PROTECT,
        related_name="afspraken",
        verbose_name=_("Nijmegenaar"),
    )
    onderwerp = models.ForeignKey(
        "contacts.Onderwerp", on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    locatie = models.ForeignKey(
        "contacts.Kanaal", on_delete=models.PROTECT, related_name="+", verbose_name=_("desk")
    )
    tijdstip = models.DateTimeField(_("time"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND
    )
    gemaakt_door = models.ForeignKey(
        "permissions.Medewerker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangemaakt = models.DateTimeField(_("created"), auto_now_add=True)
    # the contact (mostly the call) in which the appointment was made
    contactmoment = models.ForeignKey(
        "contacts.Contactmoment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made during"),
    )
    bezoek = models.OneToOneField(
        "contacts.Contactmoment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="afspraak",
        verbose_name=_("visit"),
    )

    objects = AfspraakQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["partij", "tijdstip"], name="afspraak_partij_idx"),
            models.Index(fields=["locatie", "tijdstip"], name="afspraak_locatie_idx"),
        ]

    def __str__(self):
        return f"{self.locatie} {self.tijdstip:%d-%m-%Y %H:%M}"
