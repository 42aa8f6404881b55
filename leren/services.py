"""State changes of the satisfaction question; each in one transaction.

One invitation per closed question: the klantreis is unique on the invitation, so two workers
and a beat that plan at the same moment make one; sending claims each invitation with
``SKIP LOCKED``, so none is sent twice. An answer is stored once per invitation.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from callbacks.services import terugbelverzoek_aanmaken
from channels.models import Afspraak
from contacts.models import OPEN_RESULTATEN, Contactmoment, Kanaal, Partij
from permissions.accesslog import systeemgebruiker
from permissions.models import Niveau
from proactief.services import afgemeld
from sources import notifynl

from .models import Antwoord, Klacht, Reden, Signaal, Uitnodiging, korte_code

logger = logging.getLogger(__name__)
GELDIG = datetime.timedelta(days=14)
EEN_PER = datetime.timedelta(days=30)
TERUG = datetime.timedelta(days=2)  # how far back a closed question is still invited
KLACHTEN = "klachten-bezwaren"


# --- planning: which questions are closed -------------------------------------------------


def uitnodigingen_plannen(nu=None, limiet: int = 500) -> int:
    """Questions closed at least ``KCC_VRAGENLIJST_WACHT_MINUTEN`` ago (and not more than two
    days) of Nijmegenaren who said yes, not invited yet. Returns how many were planned."""
    nu = nu or timezone.now()
    wacht = datetime.timedelta(minutes=settings.KCC_VRAGENLIJST_WACHT_MINUTEN)
    klantreizen = (
        Contactmoment.objects.filter(
            geregistreerd__gte=nu - TERUG,
            geregistreerd__lte=nu - wacht,
            partij__vragenlijst_toestemming__isnull=False,
        )
        .exclude(klantreis__in=Uitnodiging.objects.values("klantreis"))
        .values_list("klantreis", flat=True)
        .distinct()[:limiet]
    )
    return sum(_plannen(k, nu, wacht) for k in list(klantreizen))


def _plannen(klantreis, nu, wacht) -> bool:
    laatste = (
        Contactmoment.objects.filter(klantreis=klantreis)
        .select_related("partij", "onderwerp__domein", "medewerker")
        .order_by("-tijdstip", "-id")
        .first()
    )
    if laatste is None or laatste.partij is None:
        return False
    if laatste.resultaat in OPEN_RESULTATEN or laatste.geregistreerd > nu - wacht:
        return False  # the question is not closed (yet): the next sweep looks again
    reden = _geen_uitnodiging(laatste.partij, laatste, nu)
    try:
        with transaction.atomic():
            Uitnodiging.objects.create(
                klantreis=klantreis,
                partij=laatste.partij,
                contactmoment=laatste,
                kanaal_id=laatste.kanaal_id,
                onderwerp_id=laatste.onderwerp_id,
                afdeling_id=laatste.afdeling_id,
                team_id=laatste.medewerker.team_id if laatste.medewerker else None,
                status=Uitnodiging.Status.NIET_VERSTUURD if reden else Uitnodiging.Status.GEPLAND,
                reden=reden,
            )
    except IntegrityError:  # another worker planned it this very moment
        return False
    return not reden


def _geen_uitnodiging(partij: Partij, laatste: Contactmoment, nu, *, op_papier=False) -> str:
    """Why this closed question gets no invitation ("" when it does). On paper (the desk's
    note, handed over at the visit) the yes is the visitor taking it; the rest holds."""
    if partij.vragenlijst_toestemming is None and not op_papier:
        return "geen toestemming"
    if partij.geheimhouding:
        return "geheimhouding BRP"
    if partij.bsn and afgemeld(partij.bsn):
        return "opt-out proactief contact"
    if (
        laatste.onderwerp.domein.code == KLACHTEN
        or Klacht.objects.filter(partij=partij, status=Klacht.Status.IN_BEHANDELING).exists()
    ):
        return "klacht"
    if Uitnodiging.objects.filter(
        partij=partij,
        aangemaakt__gte=nu - EEN_PER,
        status__in=[Uitnodiging.Status.VERSTUURD, Uitnodiging.Status.INGEVULD],
    ).exists():
        return "al uitgenodigd in 30 dagen"
    return ""


# --- the desk's printed note --------------------------------------------------------------


def briefje(*, door, afspraak_id: int) -> tuple[Afspraak, Uitnodiging | None]:
    """The survey link on the note handed over after a desk visit: one invitation for the
    visit's klantreis (as any closed question), sent by paper — with a short code. No
    invitation when the visit's question is not closed, the rules say no, or the klantreis
    was invited another way already. Raises Afspraak.DoesNotExist for an appointment the
    user does not see in full."""
    afspraak = (
        Afspraak.objects.visible_to(door)
        .select_related(
            "locatie", "onderwerp", "bezoek__partij", "bezoek__onderwerp__domein",
            "bezoek__medewerker",
        )
        .get(pk=afspraak_id, niveau=Niveau.FULL)
    )  # fmt: skip
    cm = afspraak.bezoek
    if cm is None or cm.partij is None or cm.resultaat in OPEN_RESULTATEN:
        return afspraak, None
    bestaand = Uitnodiging.objects.filter(klantreis=cm.klantreis).first() or _op_papier_maken(cm)
    if bestaand is None or bestaand.verzonden_via != "papier":
        return afspraak, None
    return afspraak, (bestaand if bestaand.status == Uitnodiging.Status.VERSTUURD else None)


def _op_papier_maken(cm: Contactmoment) -> Uitnodiging | None:
    nu, partij = timezone.now(), cm.partij
    assert partij is not None  # the caller checked
    reden = _geen_uitnodiging(partij, cm, nu, op_papier=True)
    try:
        with transaction.atomic():
            _persoon_slot(partij.id)
            return Uitnodiging.objects.create(
                klantreis=cm.klantreis,
                partij=partij,
                contactmoment=cm,
                kanaal_id=cm.kanaal_id,
                onderwerp_id=cm.onderwerp_id,
                afdeling_id=cm.afdeling_id,
                team_id=cm.medewerker.team_id if cm.medewerker else None,
                status=Uitnodiging.Status.NIET_VERSTUURD if reden else Uitnodiging.Status.VERSTUURD,
                reden=reden,
                verzonden_via="papier",
                verstuurd_op=None if reden else nu,
                verloopt_op=None if reden else nu + GELDIG,
                code=None if reden else korte_code(),
            )
    except IntegrityError:  # printed twice at once, or the sweep planned it this moment
        return Uitnodiging.objects.filter(klantreis=cm.klantreis).first()


def token_bij_code(code: str) -> str | None:
    return (
        Uitnodiging.objects.filter(code=code.lower().strip())
        .values_list("token", flat=True)
        .first()
        if code and len(code) <= 8
        else None
    )


# --- sending ------------------------------------------------------------------------------


def uitnodigingen_versturen(limiet: int = 100) -> int:
    """Sends what is planned, each claimed with SKIP LOCKED. Returns how many were sent."""
    ids = list(
        Uitnodiging.objects.filter(status=Uitnodiging.Status.GEPLAND)
        .order_by("aangemaakt")
        .values_list("id", flat=True)[:limiet]
    )
    return sum(_versturen(i) for i in ids)


def _versturen(uitnodiging_id: int) -> bool:
    with transaction.atomic():
        u = (
            Uitnodiging.objects.select_for_update(skip_locked=True)
            .select_related("partij")
            .filter(pk=uitnodiging_id, status=Uitnodiging.Status.GEPLAND)
            .first()
        )
        if u is None:
            return False
        _persoon_slot(u.partij_id)  # two invitations of one person are sent one after another
        if _al_uitgenodigd(u):
            u.status, u.reden = Uitnodiging.Status.NIET_VERSTUURD, "al uitgenodigd in 30 dagen"
            u.save(update_fields=["status", "reden"])
            return False
        ontvanger = notifynl.eerste_ontvanger(u.partij, ("email", "sms"))
        if ontvanger is None or (u.partij.bsn and afgemeld(u.partij.bsn)):
            u.status = Uitnodiging.Status.NIET_VERSTUURD
            u.reden = "geen e-mailadres of mobiel" if ontvanger is None else "opt-out"
            u.save(update_fields=["status", "reden"])
            return False
        soort, adres = ontvanger
        link = settings.KCC_BASIS_URL + reverse("leren-publiek:vragenlijst", args=[u.token])
        try:
            u.notify_id = notifynl.versturen(
                soort,
                ontvanger=adres,
                onderwerp=_("One question about your contact with the municipality"),
                inhoud=_bericht(link),
                referentie=f"kcc-vragenlijst-{u.id}",
            )
        except notifynl.NotifyFout as e:
            if e.opnieuw:
                return False  # stays planned: the next sweep sends it
            u.status, u.reden = Uitnodiging.Status.NIET_VERSTUURD, "NotifyNL weigerde"
            u.save(update_fields=["status", "reden"])
            return False
        nu = timezone.now()
        u.status, u.verzonden_via = Uitnodiging.Status.VERSTUURD, soort
        u.verstuurd_op, u.verloopt_op = nu, nu + GELDIG
        u.save(
            update_fields=["status", "verzonden_via", "verstuurd_op", "verloopt_op", "notify_id"]
        )
    return True


def _persoon_slot(partij_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7_024_034, partij_id])


def _al_uitgenodigd(u: Uitnodiging) -> bool:
    return (
        Uitnodiging.objects.filter(
            partij_id=u.partij_id,
            verstuurd_op__gte=timezone.now() - EEN_PER,
            status__in=[Uitnodiging.Status.VERSTUURD, Uitnodiging.Status.INGEVULD],
        )
        .exclude(pk=u.pk)
        .exists()
    )


def _bericht(link: str) -> str:
    return _(
        "You recently had contact with the municipality of Nijmegen. Would you answer one "
        "question about it? It takes a minute: %(link)s\n\nThe link works for 14 days. "
        "Questions? Call %(telefoon)s."
    ) % {"link": link, "telefoon": settings.KCC_PROACTIEF_TELEFOON}


# --- the answer ---------------------------------------------------------------------------


class NietMogelijk(Exception):
    """``soort``: ``onbekend``, ``ingevuld`` or ``verlopen``."""

    def __init__(self, soort: str):
        super().__init__(soort)
        self.soort = soort


def uitnodiging_bij_token(token: str, nu=None) -> Uitnodiging:
    """The invitation a survey link is for, or NietMogelijk saying why it cannot be used."""
    u = Uitnodiging.objects.filter(token=token).first() if token and len(token) <= 64 else None
    if u is None or u.status == Uitnodiging.Status.NIET_VERSTUURD:
        raise NietMogelijk("onbekend")
    if u.status == Uitnodiging.Status.INGEVULD:
        raise NietMogelijk("ingevuld")
    if u.verloopt_op is None or u.verloopt_op < (nu or timezone.now()):
        raise NietMogelijk("verlopen")
    return u


def antwoord_opslaan(*, token: str, data: dict) -> Antwoord:
    """Stores the answer once; "u mag mij bellen" makes a callback for the department that
    handled the question, with the phone number given or the one we have."""
    with transaction.atomic():
        u = uitnodiging_bij_token(token)
        u = Uitnodiging.objects.select_for_update().select_related("partij").get(pk=u.pk)
        if u.status == Uitnodiging.Status.INGEVULD:
            raise NietMogelijk("ingevuld")
        redenen = list(
            Reden.objects.filter(code__in=data.get("redenen", [])).values_list("code", flat=True)
        )
        antwoord = Antwoord.objects.create(
            uitnodiging=u,
            tevredenheid=data["tevredenheid"],
            moeite=data["moeite"],
            opgelost=data["opgelost"],
            redenen=redenen,
            toelichting=data.get("toelichting", "")[:1200],
            mag_bellen=bool(data.get("mag_bellen")),
        )
        if antwoord.mag_bellen:
            antwoord.terugbelverzoek = _terugbellen(u, antwoord, data.get("telefoonnummer", ""))
            antwoord.save(update_fields=["terugbelverzoek"])
        u.status = Uitnodiging.Status.INGEVULD
        u.save(update_fields=["status"])
        if antwoord.toelichting and antwoord.tevredenheid <= 2 and u.afdeling_id:
            # an open answer to a low score is a signal for the department (without the person)
            Signaal.objects.create(
                tekst=antwoord.toelichting,
                categorie=Signaal.Categorie.ANDERS,
                bron=Signaal.Bron.VRAGENLIJST,
                afdeling_id=u.afdeling_id,
                onderwerp_id=u.onderwerp_id,
            )
    return antwoord


def _terugbellen(u: Uitnodiging, antwoord: Antwoord, gegeven: str):
    nummer = gegeven.strip() or next(
        iter(u.partij.telefoonnummers.order_by("-soort", "id").values_list("nummer", flat=True)),
        "",
    )
    if not nummer:
        raise ValidationError(
            {"telefoonnummer": _("We have no phone number of yours. Fill in a number to call.")}
        )
    redenen = ", ".join(
        Reden.objects.filter(code__in=antwoord.redenen).values_list("tekst", flat=True)
    )
    vraag = _(
        "After the contact: satisfaction %(score)s of 5%(redenen)s. Would like to be called."
    ) % {"score": antwoord.tevredenheid, "redenen": f" ({redenen})" if redenen else ""}
    if antwoord.toelichting:
        vraag += "\n" + antwoord.toelichting
    return terugbelverzoek_aanmaken(
        partij=u.partij,
        onderwerp=u.onderwerp,
        vraag=vraag,
        telefoonnummer=nummer,
        door=systeemgebruiker(),
        afdeling=u.afdeling,
        kanaal=Kanaal.objects.filter(code="webformulier", actief=True).first(),
    )


STANDAARD_REDENEN = [
    ("wachttijd", "Ik moest lang wachten"),
    ("doorverbonden", "Ik werd vaak doorverbonden"),
    ("onduidelijk", "Het antwoord was niet duidelijk"),
    ("niet-opgelost", "Mijn vraag is niet opgelost"),
    ("bejegening", "Ik werd niet goed behandeld"),
]


def standaard_redenen() -> int:
    """The starting list of reasons for a low score, where missing (the migration makes them
    too; a test database that is emptied between tests, or a fresh demo, needs them again).
    The team lead changes the list in /beheer/ afterwards. Returns how many were made."""
    return sum(
        Reden.objects.get_or_create(code=code, defaults={"tekst": tekst, "volgorde": n})[1]
        for n, (code, tekst) in enumerate(STANDAARD_REDENEN)
    )


VRIJE_TEKST_BEWAARD = datetime.timedelta(days=365)


def vrije_tekst_opschonen(nu=None) -> int:
    """Open answers hold personal data: they are kept one year, then emptied (the scores
    stay for the figures). Returns how many were emptied."""
    nu = nu or timezone.now()
    return (
        Antwoord.objects.filter(ingevuld_op__lt=nu - VRIJE_TEKST_BEWAARD)
        .exclude(toelichting="")
        .update(toelichting="")
    )
