"""Nijmegenaren (parties) and the catalogues that describe their contacts.

Names follow the VNG Klantinteracties standard where the users have no word of their own
(``Partij``), and the users' words elsewhere (``Onderwerp``, ``Kanaal``).
"""

import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GistIndex, OpClass
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Collate, Lower
from django.utils.translation import gettext_lazy as _

from permissions.models import Domein
from permissions.roles import medewerker_van
from permissions.visibility import level_annotation

from .normalise import name_key, weergave_telefoon
from .validators import (
    validate_bsn,
    validate_kvk_nummer,
    validate_postcode,
    validate_vestigingsnummer,
)


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


class KanaalVertaling(models.Model):
    """A channel as another system names it (KISS's own channel admin: "Contactformulier",
    "Live chat", "Mail") and which of ours it is, kept by the functioneel beheerder."""

    tekst = models.CharField(_("text as sent"), max_length=50, unique=True)
    kanaal = models.ForeignKey(
        Kanaal, on_delete=models.PROTECT, related_name="+", verbose_name=_("our channel")
    )

    class Meta:
        verbose_name = _("channel from another system")
        verbose_name_plural = _("channels from other systems")
        ordering = ["tekst"]

    def __str__(self):
        return f"{self.tekst} → {self.kanaal}"


class OnderwerpVertaling(models.Model):
    """A subject as another system writes it (KISS's own subjects, ITA's texts) and which of
    ours it is, kept by the functioneel beheerder in /beheer/. ``prefix``: every text that
    starts with it ("WMO" for "WMO – hulp bij het huishouden (traplift)"); the longest
    matching prefix wins, an exact text before any prefix."""

    tekst = models.CharField(_("text as sent"), max_length=200, unique=True)
    prefix = models.BooleanField(
        _("also texts that start with it"),
        default=False,
        help_text=_("Also every subject text that begins with this text."),
    )
    onderwerp = models.ForeignKey(
        Onderwerp, on_delete=models.PROTECT, related_name="+", verbose_name=_("our subject")
    )

    class Meta:
        verbose_name = _("subject from another system")
        verbose_name_plural = _("subjects from other systems")
        ordering = ["tekst"]

    def __str__(self):
        return f"{self.tekst} → {self.onderwerp}"


class HulpNodig(models.TextChoices):
    TOLKCONTACT = "tolkcontact", _("Tolkcontact (deaf or hard of hearing)")
    MAKKELIJKE_TAAL = "makkelijke_taal", _("easy language")
    HULP_STIP = "hulp_stip", _("help from a Stip")


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
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
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
    kvk_nummer = models.CharField(
        _("KVK number"), max_length=8, blank=True, validators=[validate_kvk_nummer]
    )
    vestigingsnummer = models.CharField(
        _("branch number"), max_length=12, blank=True, validators=[validate_vestigingsnummer]
    )
    # the legal entity's RSIN: how the zaaksysteem names an organisation (ZGW innNnpId);
    # one RSIN can be several records (one per vestiging)
    rsin = models.CharField(
        _("RSIN"), max_length=9, blank=True, db_default="", validators=[validate_bsn]
    )

    # Normalised spelling key of the surname or organisation name (contacts.normalise.name_key)
    # for typo-tolerant search: "Meyer" and "Meijer" share it.
    zoeknaam = models.CharField(
        _("search key"), max_length=200, blank=True, db_default="", editable=False
    )

    # Contact preferences: the agent must act on them during the call.
    voorkeurskanalen = models.ManyToManyField(
        Kanaal,
        blank=True,
        related_name="+",
        verbose_name=_("preferred channels"),
        help_text=_("How do you want us to contact you?"),
    )
    niet_bellen = models.CharField(
        _("times not to call"), max_length=200, blank=True, db_default=""
    )
    taal = models.CharField(_("language"), max_length=40, blank=True, db_default="")
    hulp_nodig = ArrayField(
        models.CharField(max_length=30, choices=HulpNodig.choices),
        verbose_name=_("help needed"),
        blank=True,
        default=list,
        db_default=[],
    )

    bron = models.CharField(_("source"), max_length=10, choices=Bron.choices, default=Bron.KCC)
    # when the identity data was last read from the BRP or KVK by the adapter (sources/);
    # empty for records made here or loaded otherwise
    opgehaald_op = models.DateTimeField(_("fetched from the source"), null=True, blank=True)
    # records of the same person merged into this one: [{"op", "door", "naam", "contacten"}]
    samengevoegd = models.JSONField(_("merged records"), default=list, blank=True, db_default=[])
    in_onderzoek = models.BooleanField(
        _("under investigation in the BRP"),
        default=False,
        db_default=False,
        help_text=_("The BRP is checking some of this person's data."),
    )
    # "Mogen we u na afloop één vraag sturen?" answered yes during a contact (leren/): when;
    # empty: no, or never asked
    vragenlijst_toestemming = models.DateTimeField(
        _("may receive one question after a contact"), null=True, blank=True
    )
    aangemaakt = models.DateTimeField(_("created"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("Nijmegenaar")
        verbose_name_plural = _("Nijmegenaren")
        permissions = [("view_geheim_adres", _("May see an address under BRP secrecy"))]
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
        indexes = [
            models.Index(fields=["kvk_nummer"], name="partij_kvk_idx"),
            models.Index(fields=["vestigingsnummer"], name="partij_vestiging_idx"),
            models.Index(fields=["rsin"], name="partij_rsin_idx", condition=~models.Q(rsin="")),
            # GiST (not GIN): it also serves "ORDER BY zoeknaam <-> 'x' LIMIT n" (nearest names).
            GistIndex(OpClass("zoeknaam", name="gist_trgm_ops"), name="partij_zoeknaam_trgm"),
            models.Index(
                fields=["zoeknaam"], name="partij_zoeknaam_idx", opclasses=["text_pattern_ops"]
            ),
            # Search by name: the prefix and the order of the result page from one index
            # (byte order, so LIKE 'smit%' is a range of it whatever the database collation);
            # a common name ("Smit": 4,700 in Nijmegen ×1) no longer sorts all its matches.
            models.Index(
                Collate("zoeknaam", "C"),
                Collate("geslachtsnaam", "C"),
                Collate("voornamen", "C"),
                F("id"),
                name="partij_zoeknaam_c_idx",
            ),
        ]

    def __str__(self):
        return self.weergavenaam

    def save(self, *args, **kwargs):

        self.zoeknaam = name_key(
            self.geslachtsnaam if self.soort == self.Soort.PERSOON else self.naam
        )
        super().save(*args, **kwargs)

    @property
    def weergavenaam(self):
        return self.naam_van(
            self.soort, self.voornamen, self.voorvoegsel, self.geslachtsnaam, self.naam
        )

    @classmethod
    def naam_van(cls, soort, voornamen, voorvoegsel, geslachtsnaam, naam) -> str:
        """The name as the pages show it: "Jan de Vries", or the organisation's name."""
        if soort == cls.Soort.ORGANISATIE:
            return naam
        achternaam = " ".join(p for p in (voorvoegsel, geslachtsnaam) if p)
        return " ".join(p for p in (voornamen, achternaam) if p)

    @property
    def hulp_nodig_labels(self):
        labels = dict(HulpNodig.choices)
        return [labels.get(value, value) for value in self.hulp_nodig]


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
    postcode = models.CharField(
        _("postcode"),
        max_length=6,
        help_text=_("Stored as 6511AB."),
        validators=[validate_postcode],
    )
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

        return weergave_telefoon(self.nummer)


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
            models.UniqueConstraint("partij", Lower("adres"), name="email_unique_per_partij_ci")
        ]
        indexes = [models.Index(Lower("adres"), name="email_adres_lower_idx")]

    def __str__(self):
        return self.adres


class Vertegenwoordiging(models.Model):
    """Someone acting for a Nijmegenaar: a gemachtigde, or the contact person of a business."""

    class Soort(models.TextChoices):
        GEMACHTIGDE = "gemachtigde", _("authorised representative")
        CONTACTPERSOON = "contactpersoon", _("contact person")
        CURATOR = "curator", _("guardian or administrator")

    vertegenwoordiger = models.ForeignKey(
        Partij,
        on_delete=models.CASCADE,
        related_name="vertegenwoordigt",
        verbose_name=_("acts for others"),
    )
    vertegenwoordigde = models.ForeignKey(
        Partij,
        on_delete=models.CASCADE,
        related_name="vertegenwoordigers",
        verbose_name=_("represented Nijmegenaar"),
    )
    soort = models.CharField(_("kind"), max_length=20, choices=Soort.choices)
    functie = models.CharField(_("role or job"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        constraints = [
            models.UniqueConstraint(
                fields=["vertegenwoordiger", "vertegenwoordigde", "soort"],
                name="vertegenwoordiging_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(vertegenwoordiger=models.F("vertegenwoordigde")),
                name="vertegenwoordiging_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.vertegenwoordiger} – {self.get_soort_display()} – {self.vertegenwoordigde}"


def _eigen_taak(user):
    """Contacts with a callback request of the user's department. The callback lives in an
    app above this one: named by string, like the schema's own references (no import)."""
    medewerker = medewerker_van(user)
    afdeling_id = medewerker.afdeling_id if medewerker else None
    if not afdeling_id:
        return None
    Terugbelverzoek = apps.get_model("callbacks", "Terugbelverzoek")
    return Q(
        Exists(
            Terugbelverzoek.objects.filter(
                Q(afdeling_id=afdeling_id) | Q(afdeling_gekozen_id=afdeling_id),
                contactmoment_id=OuterRef("pk"),
            )
        )
    )


class ContactmomentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Annotates ``niveau`` (NONE/EXISTENCE/FULL) per row and drops what the user may not
        know exists. The level follows the onderwerp's domein; the department that must call
        back on a contact (its callback request, an internetaak) sees that contact in full,
        so a back office can read and correct the question behind its own task."""

        return self.annotate(
            niveau=level_annotation(
                user, "onderwerp__domein_id", raise_after_full=_eigen_taak(user)
            )
        ).filter(niveau__gt=0)


class Contactmoment(models.Model):
    """One contact between a Nijmegenaar and the municipality, on one channel.

    ``partij`` is empty for contacts still to be linked (web form, unknown caller, a letter);
    ``klantreis`` groups contacts about the same question, so the next colleague sees the thread.
    Corrections never overwrite silently: each one keeps the earlier text in
    ``ContactmomentCorrectie``.
    """

    class Richting(models.TextChoices):
        IN = "in", _("incoming")
        UIT = "uit", _("outgoing")

    class Resultaat(models.TextChoices):
        BEANTWOORD = "beantwoord", _("answered")
        TERUGBELVERZOEK = "terugbelverzoek", _("callback requested")
        WARM_DOORVERBONDEN = "warm_doorverbonden", _("transferred warm to a colleague")
        DOORVERWEZEN = "doorverwezen", _("referred to a partner such as a Stip")
        AFSPRAAK = "afspraak", _("appointment made")
        ZAAK_AANGEMAAKT = "zaak_aangemaakt", _("case created")
        # Outgoing: the back office calling back.
        NIET_BEREIKT = "niet_bereikt", _("not reached")
        # Came in in writing (web form, letter, e-mail) and is being answered.
        IN_BEHANDELING = "in_behandeling", _("being answered")
        DOORGEZET = "doorgezet", _("passed on to another department")
        # Outgoing in writing: a letter, e-mail or text message the municipality sent.
        BERICHT_AFGELEVERD = "bericht_afgeleverd", _("message delivered")

    partij = models.ForeignKey(
        Partij,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contactmomenten",
        verbose_name=_("Nijmegenaar"),
    )
    kanaal = models.ForeignKey(
        Kanaal, on_delete=models.PROTECT, related_name="+", verbose_name=_("channel")
    )
    tolkcontact = models.BooleanField(_("via Tolkcontact"), default=False, db_default=False)
    richting = models.CharField(
        _("direction"), max_length=3, choices=Richting.choices, default=Richting.IN
    )
    tijdstip = models.DateTimeField(_("time"))
    medewerker = models.ForeignKey(
        "permissions.Medewerker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    afdeling = models.ForeignKey(
        "permissions.Afdeling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    onderwerp = models.ForeignKey(
        Onderwerp, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    # the subject in the words of a system that sent the contact (the Klantinteracties
    # API's free-text ``onderwerp``) when it is not a subject of our catalogue
    onderwerp_tekst = models.CharField(
        _("subject as sent"), max_length=200, blank=True, db_default=""
    )
    # likewise the channel in another system's words (KISS's channel admin), when not ours
    kanaal_tekst = models.CharField(_("channel as sent"), max_length=50, blank=True, db_default="")
    vraag = models.TextField(_("question"))
    antwoord = models.TextField(_("answer or notes"), blank=True)
    resultaat = models.CharField(_("result"), max_length=30, choices=Resultaat.choices)
    klantreis = models.UUIDField(_("customer journey"), default=uuid.uuid4)
    # Who a letter or e-mail says it is from, kept while it waits to be linked.
    afzender = models.CharField(_("sender as given"), max_length=300, blank=True, db_default="")
    legitimatie_gezien = models.BooleanField(
        _("identity document checked"), default=False, db_default=False
    )
    geregistreerd = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = ContactmomentQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        indexes = [
            models.Index(fields=["partij", "-tijdstip", "-id"], name="cm_partij_tijd_idx"),
            models.Index(
                fields=["partij", "onderwerp", "-tijdstip"], name="cm_partij_onderwerp_idx"
            ),
            models.Index(fields=["klantreis"], name="cm_klantreis_idx"),
            models.Index(
                fields=["tijdstip"],
                name="cm_te_koppelen_idx",
                condition=models.Q(partij__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.kanaal} {self.tijdstip:%d-%m-%Y %H:%M} – {self.onderwerp}"


# A klantreis is open while its newest contact waits for something (a callback, an
# appointment, an answer in writing, a case); it is finished once that contact answered.
OPEN_RESULTATEN = frozenset(
    {
        Contactmoment.Resultaat.TERUGBELVERZOEK,
        Contactmoment.Resultaat.AFSPRAAK,
        Contactmoment.Resultaat.ZAAK_AANGEMAAKT,
        Contactmoment.Resultaat.NIET_BEREIKT,
        Contactmoment.Resultaat.IN_BEHANDELING,
        Contactmoment.Resultaat.DOORGEZET,
    }
)


class KlantreisWijziging(models.Model):
    """A contact put into another klantreis (question) after it was recorded, or taken out
    as a question of its own: kept, so the history shows who changed the thread and when."""

    class Soort(models.TextChoices):
        GEKOPPELD = "gekoppeld", _("linked to an earlier question")
        VERPLAATST = "verplaatst", _("moved to another question")
        LOSGEMAAKT = "losgemaakt", _("taken out as a question of its own")

    contactmoment = models.ForeignKey(
        Contactmoment, on_delete=models.CASCADE, related_name="klantreis_wijzigingen"
    )
    soort = models.CharField(_("change"), max_length=20, choices=Soort.choices)
    van = models.UUIDField(_("from customer journey"))
    naar = models.UUIDField(_("to customer journey"))
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tijdstip = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer journey change")
        verbose_name_plural = _("customer journey changes")
        ordering = ["tijdstip", "id"]

    def __str__(self):
        return f"{self.contactmoment_id}: {self.soort} ({self.tijdstip:%d-%m-%Y %H:%M})"


def brief_referentie(pk, tijdstip) -> str:
    """The number of a registered letter, for the answer letter and the resident's call:
    BR-2026-000123 (the contact moment's id, the year of receipt)."""
    return f"BR-{tijdstip:%Y}-{pk:06d}"


class ContactmomentCorrectie(models.Model):
    """The earlier text of a corrected contact moment: corrections never overwrite silently."""

    contactmoment = models.ForeignKey(
        Contactmoment, on_delete=models.CASCADE, related_name="correcties"
    )
    veld = models.CharField(_("field"), max_length=30)
    oude_waarde = models.TextField(_("earlier text"))
    nieuwe_waarde = models.TextField(_("new text"))
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tijdstip = models.DateTimeField(_("time"), auto_now_add=True)
    reden = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["tijdstip"]

    def __str__(self):
        return f"{self.contactmoment_id}: {self.veld} ({self.tijdstip:%d-%m-%Y %H:%M})"


class Kennislink(models.Model):
    """The knowledge-base answer a contact was given with: which article, VAC, product or
    web page (and section), by its source and id, with its full title as it was then. The
    Klantinteracties API returns it as an onderwerpobject. Kept as plain identifiers: the
    knowledge base itself is a copy of outside sources and may change or lose the item."""

    class Soort(models.TextChoices):
        KENNISARTIKEL = "kennisartikel", _("article")
        VAC = "vac", _("question and answer")
        PRODUCTTYPE = "producttype", _("product")
        WEBPAGINA = "webpagina", _("web page")

    contactmoment = models.ForeignKey(
        Contactmoment, on_delete=models.CASCADE, related_name="kennislinks"
    )
    soort = models.CharField(max_length=20, choices=Soort.choices)
    register = models.CharField(_("source"), max_length=40)
    object_id = models.CharField(_("id in the source"), max_length=1000)
    titel = models.CharField(_("title"), max_length=500)
    sectie = models.CharField(_("section"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("knowledge-base answer of a contact")
        verbose_name_plural = _("knowledge-base answers of contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["contactmoment", "register", "object_id"], name="kennislink_een_keer"
            )
        ]

    def __str__(self):
        return self.titel
