"""What the API keeps of its own: its clients, and the contact details a caller gave for one
contact. Everything else it serves is our own data (contacts, callbacks, permissions)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from permissions.models import Afdeling


class ApiClient(models.Model):
    """A system that calls the API (KISS, ITA, a form system) or the residents' portal.

    A system client acts with one role (and, where given, as a member of one afdeling): it
    sees exactly what a colleague with that role sees on the pages. Its token is stored as a
    hash and shown once, when it is made. The client acts through a user of its own that
    cannot log in, so the access log names it like a colleague."""

    class Soort(models.TextChoices):
        SYSTEEM = "systeem", _("system (KISS, ITA, a form system)")
        PORTAAL = "portaal", _("residents' portal (Mijn Nijmegen)")

    naam = models.CharField(_("name"), max_length=100, unique=True)
    soort = models.CharField(_("kind"), max_length=10, choices=Soort.choices, default=Soort.SYSTEEM)
    rol = models.ForeignKey(
        "auth.Group",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("role"),
        help_text=_("The client sees what a colleague with this role sees. Not for a portal."),
    )
    afdeling = models.ForeignKey(
        Afdeling,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
        help_text=_(
            "Optional: the client acts as a member of this department (its queue, its rules)."
        ),
    )
    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="apiclient",
        editable=False,
        verbose_name=_("user"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_begin = models.CharField(_("token starts with"), max_length=8, editable=False)
    jwt_client_id = models.CharField(
        _("ZGW client id"),
        max_length=100,
        blank=True,
        help_text=_("For ZGW JWTs (HS256) instead of a token. Empty: token only."),
    )
    jwt_secret = models.CharField(
        _("ZGW secret"),
        max_length=200,
        blank=True,
        help_text=_("The shared secret the client signs its JWTs with."),
    )
    portaal_interne_velden = models.BooleanField(
        _("portal also sees notes and staff names"),
        default=False,
        help_text=_("Off: the portal gets only what the resident may read."),
    )
    actief = models.BooleanField(_("active"), default=True)
    aangemaakt = models.DateTimeField(_("created"), auto_now_add=True)
    laatst_gebruikt = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["jwt_client_id"],
                condition=~models.Q(jwt_client_id=""),
                name="apiclient_jwt_client_id_uniek",
            ),
            models.CheckConstraint(
                condition=models.Q(soort="portaal") | models.Q(rol__isnull=False),
                name="apiclient_systeem_heeft_rol",
            ),
        ]

    def __str__(self):
        return self.naam

    @property
    def is_portaal(self) -> bool:
        return self.soort == self.Soort.PORTAAL


class VerstrektAdres(models.Model):
    """A phone number or e-mail address a caller gave during one contact (a
    ``digitaaladres`` "verstrekt door betrokkene"), kept as given, with the contact and its
    level only: it joins a Nijmegenaar's own details only when a colleague adds it."""

    class Soort(models.TextChoices):
        EMAIL = "email", _("e-mail address")
        TELEFOONNUMMER = "telefoonnummer", _("phone number")
        OVERIG = "overig", _("other")

    contactmoment = models.ForeignKey(
        "contacts.Contactmoment",
        on_delete=models.CASCADE,
        related_name="verstrekte_adressen",
        verbose_name=_("contact moment"),
    )
    soort = models.CharField(_("kind"), max_length=20, choices=Soort.choices)
    adres = models.CharField(_("address"), max_length=254)
    omschrijving = models.CharField(_("description"), max_length=40, blank=True)
    aangemaakt = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact detail given during a contact")
        verbose_name_plural = _("contact details given during contacts")
        indexes = [models.Index(fields=["adres"], name="verstrekt_adres_idx")]

    def __str__(self):
        return f"{self.get_soort_display()} ({self.contactmoment_id})"


class LosseIdentificator(models.Model):
    """A KVK number a client registered before the partij it identifies: KISS, saving a
    contact with a new vestiging of a company we do not know, posts the company's KVK number
    with ``identificeerdePartij: null`` and then the vestiging with ``subIdentificatorVan``
    pointing at it; a later PUT may link it to a partij of its own. Kept per client, one per
    KVK number."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    kvk_nummer = models.CharField(_("KVK number"), max_length=8)
    partij = models.ForeignKey(
        "contacts.Partij", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    aangemaakt = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("KVK number without its partij yet")
        verbose_name_plural = _("KVK numbers without their partij yet")
        constraints = [
            models.UniqueConstraint(fields=["client", "kvk_nummer"], name="los_kvk_per_client")
        ]

    def __str__(self):
        return self.kvk_nummer
