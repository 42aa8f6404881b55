"""Nijmegenaren (parties) and the catalogues that describe their contacts.

Names follow the VNG Klantinteracties standard where the users have no word of their own
(``Partij``), and the users' words elsewhere (``Onderwerp``, ``Kanaal``).
"""

import phonenumbers
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from permissions.models import Domein


class Kanaal(models.Model):
    """A channel: balie Stadswinkel, telefoon 14 024, webformulier, post, e-mail…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    naam = models.CharField(_("name"), max_length=100, unique=True)
    digitaal = models.BooleanField(_("digital"), default=False)
    actief = models.BooleanField(_("active"), default=True)
    volgorde = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam


class Onderwerp(models.Model):
    """What a contact is about (paspoort, verhuizing, WMO…); belongs to one domein."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    naam = models.CharField(_("name"), max_length=150, unique=True)
    domein = models.ForeignKey(
        Domein, on_delete=models.PROTECT, related_name="onderwerpen", verbose_name=_("domain")
    )
    actief = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Partij(models.Model):
    """A Nijmegenaar: a person (BSN) or an organisation (KVK number).

    One table for both, so that the one search box needs no joins.
    """

    class Soort(models.TextChoices):
        PERSOON = "persoon", _("person")
        ORGANISATIE = "organisatie", _("organisation")

    class Bron(models.TextChoices):
        BRP = "brp", _("BRP")
        KVK = "kvk", _("KVK")
        KCC = "kcc", _("recorded by the municipality")

    soort = models.CharField(_("kind"), max_length=20, choices=Soort.choices)
    # person
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    voornamen = models.CharField(_("first names"), max_length=200, blank=True)
    voorvoegsel = models.CharField(_("surname prefix"), max_length=20, blank=True)
    geslachtsnaam = models.CharField(_("surname"), max_length=200, blank=True)
    geboortedatum = models.DateField(_("date of birth"), null=True, blank=True)
    geheimhouding = models.BooleanField(
        _("BRP secrecy"),
        default=False,
        help_text=_("The BRP says the address must not be given out."),
    )
    overleden = models.BooleanField(_("deceased"), default=False)
    # organisation
    naam = models.CharField(_("organisation name"), max_length=200, blank=True)
    kvk_nummer = models.CharField(_("KVK number"), max_length=8, blank=True)
    vestigingsnummer = models.CharField(_("branch number"), max_length=12, blank=True)

    bron = models.CharField(_("source"), max_length=10, choices=Bron.choices, default=Bron.KCC)
    aangemaakt = models.DateTimeField(_("created"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("Nijmegenaar")
        verbose_name_plural = _("Nijmegenaren")
        constraints = [
            models.UniqueConstraint(
                fields=["bsn"], condition=~models.Q(bsn=""), name="partij_bsn_unique"
            ),
            models.UniqueConstraint(
                fields=["kvk_nummer", "vestigingsnummer"],
                condition=~models.Q(kvk_nummer=""),
                name="partij_kvk_vestiging_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(soort="persoon", kvk_nummer="")
                | models.Q(soort="organisatie", bsn=""),
                name="partij_identifier_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["kvk_nummer"], name="partij_kvk_idx")]

    def __str__(self):
        return self.weergavenaam

    @property
    def weergavenaam(self):
        if self.soort == self.Soort.ORGANISATIE:
            return self.naam
        achternaam = " ".join(p for p in (self.voorvoegsel, self.geslachtsnaam) if p)
        return " ".join(p for p in (self.voornamen, achternaam) if p)


class Adres(models.Model):
    class Soort(models.TextChoices):
        WOONADRES = "woonadres", _("home address")
        BEZOEKADRES = "bezoekadres", _("visiting address")
        CORRESPONDENTIEADRES = "correspondentieadres", _("postal address")

    partij = models.ForeignKey(
        Partij, on_delete=models.CASCADE, related_name="adressen", verbose_name=_("Nijmegenaar")
    )
    soort = models.CharField(_("kind"), max_length=30, choices=Soort.choices)
    straat = models.CharField(_("street"), max_length=200)
    huisnummer = models.PositiveIntegerField(_("house number"))
    huisletter = models.CharField(_("house letter"), max_length=1, blank=True)
    toevoeging = models.CharField(_("addition"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, help_text=_("Stored as 6511AB."))
    woonplaats = models.CharField(_("town"), max_length=100)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["partij", "soort", "postcode", "huisnummer", "huisletter", "toevoeging"],
                name="adres_unique_per_partij",
            )
        ]
        indexes = [models.Index(fields=["postcode", "huisnummer"], name="adres_postcode_idx")]

    def __str__(self):
        nummer = f"{self.huisnummer}{self.huisletter}"
        if self.toevoeging:
            nummer += f"-{self.toevoeging}"
        return f"{self.straat} {nummer}, {self.postcode[:4]} {self.postcode[4:]} {self.woonplaats}"


class Telefoonnummer(models.Model):
    class Soort(models.TextChoices):
        MOBIEL = "mobiel", _("mobile")
        VAST = "vast", _("landline")
        OVERIG = "overig", _("other")

    partij = models.ForeignKey(
        Partij,
        on_delete=models.CASCADE,
        related_name="telefoonnummers",
        verbose_name=_("Nijmegenaar"),
    )
    nummer = models.CharField(_("number (E.164)"), max_length=16)
    soort = models.CharField(_("kind"), max_length=10, choices=Soort.choices)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        constraints = [
            models.UniqueConstraint(fields=["partij", "nummer"], name="telefoon_unique_per_partij")
        ]
        indexes = [models.Index(fields=["nummer"], name="telefoon_nummer_idx")]

    def __str__(self):
        return self.weergave

    @property
    def weergave(self):
        """Dutch national format for Dutch numbers, international otherwise."""
        parsed = phonenumbers.parse(self.nummer, None)
        fmt = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if parsed.country_code == 31
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        return phonenumbers.format_number(parsed, fmt)


class Emailadres(models.Model):
    partij = models.ForeignKey(
        Partij,
        on_delete=models.CASCADE,
        related_name="emailadressen",
        verbose_name=_("Nijmegenaar"),
    )
    adres = models.EmailField(_("e-mail address"), max_length=254)

    class Meta:
        verbose_name = _("e-mail address")
        verbose_name_plural = _("e-mail addresses")
        constraints = [
            models.UniqueConstraint(
                "partij", Lower("adres"), name="email_unique_per_partij_ci"
            )
        ]
        indexes = [models.Index(Lower("adres"), name="email_adres_lower_idx")]

    def __str__(self):
        return self.adres
