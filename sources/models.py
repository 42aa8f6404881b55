"""What the adapters keep of their own: how far a load got, and every notification received
(stored before it is processed, so none is lost and none is processed twice)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Synchronisatie(models.Model):
    """A full load from one source, resumable: a crash at page 4,000 goes on at 4,000."""

    bron = models.CharField(_("source"), max_length=20, unique=True)
    gestart = models.DateTimeField(_("started"))
    volgende_pagina = models.PositiveIntegerField(_("next page"), default=1)
    verwerkt = models.PositiveIntegerField(_("records processed"), default=0)
    overgeslagen = models.JSONField(_("skipped, per reason"), default=dict)
    klaar_op = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("load from a source")
        verbose_name_plural = _("loads from sources")

    def __str__(self):
        return f"{self.bron}: {self.verwerkt}"


class Notificatie(models.Model):
    """One notification of the Notificaties API, as received."""

    class Resultaat(models.TextChoices):
        BIJGEWERKT = "bijgewerkt", _("updated")
        VERWIJDERD = "verwijderd", _("removed")
        ONBEKEND = "onbekende_zaak", _("unknown case")
        OVERGESLAGEN = "overgeslagen", _("skipped")
        VEROUDERD = "verouderd", _("older than one already processed")
        GENEGEERD = "genegeerd", _("not about cases")

    sleutel = models.CharField(max_length=64, unique=True, editable=False)  # sha256 of the body
    ontvangen = models.DateTimeField(_("received"), auto_now_add=True)
    kanaal = models.CharField(_("channel"), max_length=50)
    hoofd_object = models.URLField(_("main object"), max_length=1000)
    resource = models.CharField(_("resource"), max_length=100)
    resource_url = models.URLField(_("resource URL"), max_length=1000)
    actie = models.CharField(_("action"), max_length=100)
    aanmaakdatum = models.DateTimeField(_("created at the source"))
    kenmerken = models.JSONField(_("attributes"), default=dict, blank=True)
    verwerkt_op = models.DateTimeField(_("processed"), null=True, blank=True)
    resultaat = models.CharField(_("result"), max_length=20, choices=Resultaat.choices, blank=True)
    toelichting = models.CharField(_("explanation"), max_length=200, blank=True)
    pogingen = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["hoofd_object", "-aanmaakdatum"], name="notificatie_object_idx"),
            models.Index(
                fields=["ontvangen"],
                name="notificatie_open_idx",
                condition=models.Q(verwerkt_op__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.kanaal} {self.resource} {self.actie}"


class Telefoniegebeurtenis(models.Model):
    """One event of the telephony platform, as received (append-only: the database refuses
    UPDATE and DELETE). The same event twice — the platform retries, the nightly
    reconciliation import brings it again — is one row: (call id, event, time) is unique.
    The caller's number is never stored: only a keyed hash of it, enough to see a caller
    come back, not to read the number."""

    class Soort(models.TextChoices):
        QUEUED = "queued", _("entered the queue")
        OFFERED = "offered", _("offered to an agent")
        ANSWERED = "answered", _("answered")
        ABANDONED = "abandoned", _("hung up while waiting")
        TRANSFERRED = "transferred", _("transferred")
        HOLD = "hold", _("put on hold")
        UNHOLD = "unhold", _("taken off hold")
        ENDED = "ended", _("ended")
        WRAPUP_END = "wrapup_end", _("after-call work ended")
        AGENT_STATE = "agent_state", _("agent state changed")
        CALLBACK_REQUESTED = "callback_requested", _("callback requested")

    class Bron(models.TextChoices):
        LIVE = "live", _("live event")
        IMPORT = "import", _("reconciliation import")

    call_id = models.CharField(_("call id"), max_length=100)
    soort = models.CharField(_("event"), max_length=20, choices=Soort.choices)
    tijdstip = models.DateTimeField(_("time"))
    wachtrij = models.CharField(_("queue"), max_length=100, blank=True)
    agent = models.CharField(_("agent"), max_length=150, blank=True)
    beller_hash = models.CharField(_("caller (keyed hash)"), max_length=64, blank=True)
    # agent_state: available/busy/acw/away; transferred: the destination; ended: the cause
    waarde = models.CharField(_("value"), max_length=100, blank=True)
    bron = models.CharField(_("source"), max_length=10, choices=Bron.choices, default=Bron.LIVE)
    ontvangen = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("telephony event")
        verbose_name_plural = _("telephony events")
        constraints = [
            models.UniqueConstraint(
                fields=["call_id", "soort", "tijdstip"], name="telefoniegebeurtenis_uniek"
            )
        ]
        indexes = [
            models.Index(fields=["tijdstip"], name="telefonie_tijdstip_idx"),
            models.Index(fields=["call_id", "tijdstip"], name="telefonie_gesprek_idx"),
            # the occupancy: a period's agent states read from the index alone
            models.Index(
                fields=["tijdstip"],
                include=["agent", "waarde"],
                condition=models.Q(soort="agent_state"),
                name="telefonie_agentstatus_idx",
            ),
        ]

    def __str__(self):
        return f"{self.call_id} {self.soort} {self.tijdstip:%d-%m-%Y %H:%M:%S}"


class Wachtrij(models.Model):
    """A queue of the telephony platform, by the name the platform sends, and the team that
    answers it: the figures per team and the team lead's own teams follow from this."""

    naam = models.CharField(
        _("name at the telephony platform"),
        max_length=100,
        unique=True,
        help_text=_("Exactly as the platform sends it in 'queue', for example 14024-algemeen."),
    )
    omschrijving = models.CharField(_("description"), max_length=200, blank=True)
    team = models.ForeignKey(
        "permissions.Team",
        on_delete=models.PROTECT,
        related_name="wachtrijen",
        verbose_name=_("team"),
    )

    class Meta:
        verbose_name = _("telephony queue")
        verbose_name_plural = _("telephony queues")
        ordering = ["naam"]

    def __str__(self):
        return self.omschrijving or self.naam


class Oproep(models.Model):
    """One call, as its events tell it: recomputed from all the call's stored events
    whenever one arrives (``sources.telefonie.oproepen_bijwerken``), so the order the events
    came in and duplicates make no difference. The figures count these rows; nothing here
    names the caller (only the keyed hash)."""

    call_id = models.CharField(_("call id"), max_length=100, unique=True)
    wachtrij = models.CharField(_("queue"), max_length=100, blank=True)
    binnen = models.DateTimeField(_("entered the queue"), null=True, blank=True)
    aangenomen = models.DateTimeField(_("answered"), null=True, blank=True)
    agent = models.CharField(_("answered by"), max_length=150, blank=True)
    opgehangen = models.DateTimeField(_("hung up while waiting"), null=True, blank=True)
    einde = models.DateTimeField(_("ended"), null=True, blank=True)
    nawerk_einde = models.DateTimeField(_("after-call work ended"), null=True, blank=True)
    wacht_seconden = models.FloatField(_("seconds on hold"), default=0)
    doorverbonden = models.PositiveSmallIntegerField(_("times transferred"), default=0)
    doorverbonden_voor_aannemen = models.BooleanField(
        _("transferred before being answered"), default=False
    )
    terugbelverzoek = models.BooleanField(_("callback requested"), default=False)
    beller_hash = models.CharField(_("caller (keyed hash)"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [models.Index(fields=["binnen"], name="oproep_binnen_idx")]

    def __str__(self):
        return self.call_id
