"""Intake per channel. The channel catalogue (Kanaal) lives in contacts because every contact
moment refers to it and apps depend in one direction.

A web-form submission keeps what the Nijmegenaar typed about themselves (name, phone,
e-mail): a contact moment only refers to a Nijmegenaar, and an unmatched submission waits in
the "te koppelen" list until a KCC colleague links it.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    contactmoment = models.OneToOneField("contacts.Contactmoment", on_delete=models.PROTECT,
                                         related_name="inzending")
    terugbelverzoek = models.OneToOneField("callbacks.Terugbelverzoek", on_delete=models.PROTECT,
                                           null=True, blank=True, related_name="inzending")
    bevestigd_op = models.DateTimeField(_("confirmation e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("web form submission")
        verbose_name_plural = _("web form submissions")

    def __str__(self):
        return f"{self.contactmoment_id} ({self.ontvangen:%d-%m-%Y})"

    @property
    def referentie(self):
        return f"WF-{self.ontvangen:%Y}-{self.id:06d}"
