"""The knowledge base at hand during a contact: a local, searchable copy of the sources the
municipality keeps its answers in (the Objects API's VACs and SDG kennisartikelen, the SDG
product catalogue, the website by its sitemap) and the VACs written here when there is no
Objects API. One answer whichever channel: the agent reads the same text the resident finds
on the website, with its source and date.

Each **Item** keeps where it came from (source, source URL, source id, last changed there,
last synchronised here). Its public text is kept by section; the staff-only text (deskMemo,
toelichting, internal notes) apart, in ``intern``, so it can never be sent by accident.
"""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Bron(models.Model):
    class Soort(models.TextChoices):
        OBJECTS_VAC = "objects-vac", _("Objects API: VAC")
        OBJECTS_ARTIKEL = "objects-kennisartikel", _("Objects API: SDG kennisartikel")
        SDG = "sdg", _("SDG-invoervoorziening: products")
        SITEMAP = "sitemap", _("Website (sitemap)")
        LOKAAL = "lokaal", _("VACs written here")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    naam = models.CharField(_("name shown with each answer"), max_length=80)
    soort = models.CharField(_("kind"), max_length=30, choices=Soort.choices)
    url = models.URLField(_("address"), max_length=500, blank=True)
    objecttype = models.URLField(_("objecttype (Objects API)"), max_length=500, blank=True)
    # the token is read from the environment variable named here, never stored
    token_variabele = models.CharField(
        _("environment variable with the token"), max_length=80, blank=True
    )
    actief = models.BooleanField(_("active"), default=True)
    laatst_geprobeerd = models.DateTimeField(_("last tried"), null=True, blank=True)
    laatst_gelukt = models.DateTimeField(_("last synchronised"), null=True, blank=True)
    fout = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("knowledge source")
        verbose_name_plural = _("knowledge sources")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Item(models.Model):
    class Soort(models.TextChoices):
        KENNISARTIKEL = "kennisartikel", _("article")
        VAC = "vac", _("question and answer")
        PRODUCTTYPE = "producttype", _("product")
        WEBPAGINA = "webpagina", _("web page")

    class Doelgroep(models.TextChoices):
        BURGER = "burger", _("residents")
        BEDRIJF = "bedrijf", _("businesses")
        BEIDE = "beide", _("residents and businesses")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bron = models.ForeignKey(Bron, on_delete=models.CASCADE, related_name="items")
    extern_id = models.CharField(_("id in the source"), max_length=500)
    bron_url = models.URLField(_("address in the source"), max_length=1000, blank=True)
    publieke_url = models.URLField(_("public address"), max_length=1000, blank=True)
    soort = models.CharField(_("kind"), max_length=20, choices=Soort.choices)
    titel = models.CharField(_("title"), max_length=500)
    samenvatting = models.TextField(_("summary"), blank=True)
    # [{"code": "kosten", "titel": "Kosten", "tekst": "…"}], public text only, in order
    secties = models.JSONField(_("sections"), default=list)
    # staff only: never in anything sent to a resident
    intern = models.TextField(_("for staff only"), blank=True)
    trefwoorden = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    doelgroep = models.CharField(
        _("audience"), max_length=10, choices=Doelgroep.choices, default=Doelgroep.BEIDE
    )
    afdeling = models.CharField(_("department"), max_length=200, blank=True)
    gewijzigd = models.DateTimeField(_("last changed in the source"), null=True, blank=True)
    gesynchroniseerd = models.DateTimeField(_("last synchronised"), auto_now=True)
    zoektekst = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")
        constraints = [
            models.UniqueConstraint(fields=["bron", "extern_id"], name="kennisitem_uniek_per_bron")
        ]
        indexes = [
            GinIndex(fields=["zoektekst"], name="kennisitem_zoek_idx"),
            GinIndex(fields=["titel"], name="kennisitem_titel_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.titel

    def sectie(self, code: str) -> dict | None:
        return next((s for s in self.secties if s.get("code") == code), None)


class Vac(models.Model):
    """A VAC written here, for a municipality without an Objects API: a second person
    publishes it; published, it is an Item of the source "lokaal" and can be exported in
    the VAC objecttype's form."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("draft")
        GEPUBLICEERD = "gepubliceerd", _("published")
        INGETROKKEN = "ingetrokken", _("withdrawn")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vraag = models.CharField(_("question"), max_length=500)
    antwoord = models.TextField(_("answer"))
    toelichting = models.TextField(_("explanation for staff"), blank=True)
    afdeling = models.ForeignKey(
        "permissions.Afdeling", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("department"),
    )  # fmt: skip
    trefwoorden = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    doelgroep = models.CharField(
        _("audience"), max_length=10, choices=Item.Doelgroep.choices, default=Item.Doelgroep.BURGER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    geschreven_door = models.ForeignKey(
        "permissions.Medewerker", on_delete=models.PROTECT, related_name="+"
    )
    gepubliceerd_door = models.ForeignKey(
        "permissions.Medewerker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gewijzigd = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("VAC written here")
        verbose_name_plural = _("VACs written here")
        ordering = ["vraag"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gepubliceerd_door__isnull=True)
                | ~Q(gepubliceerd_door=models.F("geschreven_door")),
                name="vac_vier_ogen",
            )
        ]

    def __str__(self):
        return self.vraag


class Raadpleging(models.Model):
    """An article opened during work, and whether it was chosen for the contact: for the
    figures (which articles answer questions, which are opened but not chosen). No person:
    the colleague's team only."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    sectie = models.CharField(max_length=40, blank=True)
    team = models.ForeignKey(
        "permissions.Team", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    geopend = models.DateTimeField(auto_now_add=True)
    gekozen = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["geopend"], name="raadpleging_geopend_idx")]

    def __str__(self):
        return f"{self.item_id} {self.geopend:%Y-%m-%d %H:%M}"


class Zoekvraag(models.Model):
    """A search and how many results it had, for "searches with no result". The words are
    kept 90 days only (they may hold what a caller said)."""

    tekst = models.CharField(max_length=200)
    resultaten = models.PositiveIntegerField()
    tijdstip = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["tijdstip"], name="zoekvraag_tijdstip_idx")]

    def __str__(self):
        return self.tekst


class Woord(models.Model):
    """The words of titles and keywords: a typing error in a search ("pasport") is matched
    to the nearest one ("paspoort") by trigram similarity."""

    woord = models.CharField(max_length=60, unique=True)

    class Meta:
        indexes = [GinIndex(fields=["woord"], name="kennis_woord_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self):
        return self.woord
