"""Terugbelverzoeken: the KCC could not answer; a back-office colleague calls (or writes) back.

The database is the truth. A request is ``ontvangen`` when the agent saves it; a Celery task
routes it (afdeling, team, deadline) and notifies the department, after which it is ``nieuw``
in that department's queue. Someone claims it (``opgepakt``), records call attempts
(``in_behandeling``) and closes it with an outcome (``afgehandeld``).
"""

import datetime
import re

from dateutil.easter import easter
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.normalise import weergave_telefoon
from permissions.models import Afdeling, Medewerker, Team
from permissions.roles import medewerker_van
from permissions.visibility import level_annotation


class Routeringsregel(models.Model):
    """Onderwerp → afdeling (and team), with the basisafspraak: working days to call back.

    Maintained by the functioneel beheerder. An onderwerp without a rule goes to the
    afdeling ``KCC_TERUGBEL_STANDAARD_AFDELING`` with the default term.
    """

    onderwerp = models.OneToOneField(
        "contacts.Onderwerp",
        on_delete=models.CASCADE,
        related_name="routeringsregel",
        verbose_name=_("subject"),
    )
    afdeling = models.ForeignKey(
        Afdeling, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    termijn_werkdagen = models.PositiveSmallIntegerField(
        _("working days to call back"),
        null=True,
        blank=True,
        help_text=_(
            "Counted without weekends and public holidays, within office hours. "
            "Empty: the term of the department."
        ),
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["onderwerp__naam"]

    def __str__(self):
        return f"{self.onderwerp} → {self.afdeling}"

    def clean(self):

        if self.team_id and self.afdeling_id and self.team.afdeling_id != self.afdeling_id:
            raise ValidationError({"team": _("This team is not part of the chosen department.")})
        if self.termijn_werkdagen is not None and self.termijn_werkdagen < 1:
            raise ValidationError({"termijn_werkdagen": _("At least one working day.")})


class TerugbelverzoekQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Annotates ``niveau`` per row and drops what the user may not know exists. The
        onderwerp's domein sets the level, as for contact moments; the department that must
        call back sees its own requests in full."""

        medewerker = medewerker_van(user)
        raise_to_full = Q(afdeling_id=medewerker.afdeling_id) if medewerker else None
        return self.annotate(
            niveau=level_annotation(user, "onderwerp__domein_id", raise_to_full=raise_to_full)
        ).filter(niveau__gt=0)

    def open(self):
        return self.exclude(status=Terugbelverzoek.Status.AFGEHANDELD)


class Terugbelverzoek(models.Model):
    class Status(models.TextChoices):
        ONTVANGEN = "ontvangen", _("received, not yet routed")
        NIEUW = "nieuw", _("new")
        OPGEPAKT = "opgepakt", _("claimed")
        IN_BEHANDELING = "in_behandeling", _("in progress")
        AFGEHANDELD = "afgehandeld", _("closed")

    class Urgentie(models.TextChoices):
        NORMAAL = "normaal", _("normal")
        SPOED = "spoed", _("urgent (within 4 office hours)")

    class BesteTijd(models.TextChoices):
        GEEN = "", _("no preference")
        OCHTEND = "ochtend", _("in the morning")
        MIDDAG = "middag", _("in the afternoon")

    class Uitkomst(models.TextChoices):
        AFGEHANDELD = "afgehandeld", _("handled")
        DOORGEZET = "doorgezet", _("passed on")
        ZAAK_AANGEMAAKT = "zaak_aangemaakt", _("case created")
        NIET_BEREIKT = "niet_bereikt", _("not reached")
        INGETROKKEN = "ingetrokken", _("cancelled: no longer to be called")

    class Soort(models.TextChoices):
        VERZOEK = "verzoek", _("callback request")
        PROACTIEF = "proactief", _("call of a campaign (proactive)")

    soort = models.CharField(
        _("kind"), max_length=10, choices=Soort.choices, default=Soort.VERZOEK, db_default="verzoek"
    )
    partij = models.ForeignKey(
        "contacts.Partij",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="terugbelverzoeken",
        verbose_name=_("Nijmegenaar"),
    )
    contactmoment = models.ForeignKey(
        "contacts.Contactmoment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact moment"),
    )
    onderwerp = models.ForeignKey(
        "contacts.Onderwerp", on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    vraag = models.TextField(_("question"))
    telefoonnummer = models.CharField(_("number to call"), max_length=20)
    alternatief = models.CharField(_("alternative number or e-mail"), max_length=254, blank=True)
    beste_tijd = models.CharField(
        _("best time to call"), max_length=10, blank=True, choices=BesteTijd.choices
    )
    urgentie = models.CharField(
        _("urgency"), max_length=10, choices=Urgentie.choices, default=Urgentie.NORMAAL
    )
    # Chosen by the agent instead of the routing rule.
    afdeling_gekozen = models.ForeignKey(
        Afdeling,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department chosen by the agent"),
    )
    afdeling = models.ForeignKey(
        Afdeling,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="terugbelverzoeken",
        verbose_name=_("department"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="terugbelverzoeken",
        verbose_name=_("team"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ONTVANGEN
    )
    deadline = models.DateTimeField(_("call back before"))
    aangemaakt = models.DateTimeField(_("created"))
    aangemaakt_door = models.ForeignKey(
        Medewerker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    gerouteerd_op = models.DateTimeField(_("routed at"), null=True, blank=True)
    opgepakt_door = models.ForeignKey(
        Medewerker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opgepakte_terugbelverzoeken",
        verbose_name=_("claimed by"),
    )
    opgepakt_op = models.DateTimeField(_("claimed at"), null=True, blank=True)
    geescaleerd_op = models.DateTimeField(_("escalated at"), null=True, blank=True)
    te_laat_gemeld_op = models.DateTimeField(_("reported overdue at"), null=True, blank=True)
    uitkomst = models.CharField(_("outcome"), max_length=20, choices=Uitkomst.choices, blank=True)
    toelichting = models.TextField(_("explanation of the outcome"), blank=True)
    afgehandeld_op = models.DateTimeField(_("closed at"), null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        Medewerker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    objects = TerugbelverzoekQuerySet.as_manager()

    class Meta:
        verbose_name = _("callback request")
        verbose_name_plural = _("callback requests")
        indexes = [
            models.Index(
                fields=["afdeling", "deadline"],
                name="tbv_wachtrij_idx",
                condition=~Q(status="afgehandeld"),
            ),
            models.Index(
                fields=["deadline"],
                name="tbv_open_deadline_idx",
                condition=~Q(status="afgehandeld"),
            ),
            # the team lead's figures over all open requests read only this index (an
            # index-only scan): open requests lie scattered over the table, one per page at
            # ten times Nijmegen (docs/benchmarks-schaal.md)
            models.Index(
                fields=["deadline"],
                name="tbv_open_dekkend_idx",
                include=[
                    "id",
                    "status",
                    "aangemaakt",
                    "onderwerp",
                    "afdeling",
                    "team",
                    "opgepakt_door",
                ],
                condition=~Q(status="afgehandeld"),
            ),
            models.Index(
                fields=["aangemaakt"], name="tbv_ontvangen_idx", condition=Q(status="ontvangen")
            ),
            models.Index(
                fields=["partij", "deadline"],
                name="tbv_partij_open_idx",
                condition=~Q(status="afgehandeld"),
            ),
            models.Index(
                fields=["afgehandeld_op"],
                name="tbv_afgehandeld_idx",
                condition=Q(status="afgehandeld"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="ontvangen") | Q(afdeling__isnull=False),
                name="tbv_gerouteerd_heeft_afdeling",
            ),
            models.CheckConstraint(
                condition=~Q(status="afgehandeld") | ~Q(uitkomst=""),
                name="tbv_afgehandeld_heeft_uitkomst",
            ),
        ]

    def __str__(self):
        return self.referentie

    @property
    def referentie(self):
        return referentie(self.id, self.aangemaakt)

    @property
    def telefoon_weergave(self):

        return weergave_telefoon(self.telefoonnummer)


def referentie(pk, aangemaakt) -> str:
    """The number read out to the Nijmegenaar: TB-2026-000123."""
    return f"TB-{aangemaakt:%Y}-{pk:06d}"


def parse_referentie(text: str) -> int | None:

    match = re.fullmatch(r"\s*TB-?\s*\d{4}-?\s*(\d{1,12})\s*", text or "", re.IGNORECASE)
    return int(match.group(1)) if match else None


class Belpoging(models.Model):
    """One attempt to call back; also an outgoing contact moment in the timeline."""

    class Uitkomst(models.TextChoices):
        GEEN_GEHOOR = "geen_gehoor", _("no answer")
        VOICEMAIL = "voicemail", _("left a voicemail")
        VERKEERD_NUMMER = "verkeerd_nummer", _("wrong number")
        GESPROKEN = "gesproken", _("spoke to the person")

    terugbelverzoek = models.ForeignKey(
        Terugbelverzoek, on_delete=models.CASCADE, related_name="belpogingen"
    )
    tijdstip = models.DateTimeField(_("time"))
    medewerker = models.ForeignKey(
        Medewerker, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )
    uitkomst = models.CharField(_("result"), max_length=20, choices=Uitkomst.choices)
    notitie = models.TextField(_("notes"), blank=True)
    contactmoment = models.ForeignKey(
        "contacts.Contactmoment", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("call attempt")
        verbose_name_plural = _("call attempts")
        ordering = ["tijdstip", "id"]

    def __str__(self):
        return f"{self.terugbelverzoek_id}: {self.get_uitkomst_display()}"

    @property
    def mislukt(self):
        return self.uitkomst != self.Uitkomst.GESPROKEN


class Melding(models.Model):
    """An in-app notification (and its e-mail): a new request for a department, an
    escalation to the team lead, or an overdue flag. At most one of each kind per request,
    which the database enforces: a task that runs twice cannot notify twice."""

    class Soort(models.TextChoices):
        NIEUW = "nieuw", _("new callback request")
        ESCALATIE = "escalatie", _("deadline close")
        TE_LAAT = "te_laat", _("overdue")

    terugbelverzoek = models.ForeignKey(
        Terugbelverzoek, on_delete=models.CASCADE, related_name="meldingen"
    )
    soort = models.CharField(_("kind"), max_length=20, choices=Soort.choices)
    afdeling = models.ForeignKey(Afdeling, on_delete=models.CASCADE, related_name="+")
    aan = models.CharField(_("sent to"), max_length=500, blank=True)
    aangemaakt = models.DateTimeField(_("created"), auto_now_add=True)
    gemaild_op = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    pogingen = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["terugbelverzoek", "soort"], name="melding_een_per_soort"
            ),
        ]
        indexes = [
            models.Index(
                fields=["aangemaakt"],
                name="melding_ongemaild_idx",
                condition=Q(gemaild_op__isnull=True),
            ),
            models.Index(fields=["afdeling", "-aangemaakt"], name="melding_afdeling_idx"),
        ]

    def __str__(self):
        return f"{self.terugbelverzoek_id}: {self.get_soort_display()}"


class Sluitingsdag(models.Model):
    """A working day on which the municipality is closed: no callback deadline runs on it.

    Public holidays come from the ``holidays`` package; these are the days it does not count.
    The Cao Gemeenten makes Bevrijdingsdag (5 May) a day off every year, while the package
    counts it only in lustrum years; Goede Vrijdag is no day off under the Cao, though the
    package counts it. Both are loaded as closing days by default (migration 0004: today's
    behaviour for Goede Vrijdag), and the functioneel beheerder changes them or adds a local
    closing day."""

    class Soort(models.TextChoices):
        JAARLIJKS = "jaarlijks", _("every year on this day")
        EENMALIG = "eenmalig", _("only on this date")
        GOEDE_VRIJDAG = "goede_vrijdag", _("Good Friday, every year")

    soort = models.CharField(_("kind"), max_length=20, choices=Soort.choices)
    datum = models.DateField(
        _("date"),
        help_text=_("For every year only the day and month count."),
        null=True,
        blank=True,
    )
    omschrijving = models.CharField(_("description"), max_length=100)

    class Meta:
        verbose_name = _("closing day")
        verbose_name_plural = _("closing days")
        ordering = ["soort", "datum"]
        constraints = [
            models.CheckConstraint(
                condition=Q(soort="goede_vrijdag") | Q(datum__isnull=False),
                name="sluitingsdag_heeft_datum",
            ),
        ]

    def __str__(self):
        return self.omschrijving

    def clean(self):
        if self.soort != self.Soort.GOEDE_VRIJDAG and self.datum is None:
            raise ValidationError({"datum": _("Fill in the date of the closing day.")})

    def op(self, jaar: int):
        """The date of this closing day in ``jaar`` (None when it does not fall in it)."""
        if self.soort == self.Soort.GOEDE_VRIJDAG:
            return easter(jaar) - datetime.timedelta(days=2)
        if self.soort == self.Soort.JAARLIJKS:
            try:
                return self.datum.replace(year=jaar)
            except ValueError:  # 29 February in a year without one
                return None
        return self.datum if self.datum.year == jaar else None
