"""Klantsignalen: filed by any colleague, found from rising questions, followed to what was
done with them. The team lead sees their department's, management all."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Contactmoment, Onderwerp
from permissions import roles

from .models import Signaal

STIJGING = 1.5  # this week against the average of the four weeks before
MINSTENS = 10  # contacts this week before a rise counts


def signaal_melden(*, door, tekst: str, categorie: str, afdeling, onderwerp=None) -> Signaal:
    if not tekst.strip():
        raise ValidationError({"tekst": _("Write down what could be better.")})
    if categorie not in Signaal.Categorie.values:
        raise ValidationError({"categorie": _("Choose a category.")})
    return Signaal.objects.create(
        tekst=tekst.strip()[:2000],
        categorie=categorie,
        bron=Signaal.Bron.MEDEWERKER,
        afdeling=afdeling,
        onderwerp=onderwerp,
        aangemaakt_door=roles.medewerker_van(door),
    )


def signaal_bijwerken(*, door, signaal_id: int, status: str, actie: str) -> Signaal:
    """The owner's follow-up: being looked into, improved (with what), or not taken up (why)."""
    if status not in Signaal.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    klaar = status in (Signaal.Status.VERBETERD, Signaal.Status.NIET_OVERGENOMEN)
    if klaar and not actie.strip():
        raise ValidationError({"actie": _("Write down what was done, or why not.")})
    with transaction.atomic():
        signaal = zichtbaar(door).select_for_update().get(pk=signaal_id)
        signaal.status, signaal.actie = status, actie.strip()
        signaal.gesloten_op = timezone.now() if klaar else None
        signaal.save(update_fields=["status", "actie", "gesloten_op"])
    return signaal


def zichtbaar(user):
    """Management: all; a team lead: their department's; nobody else."""
    names = roles.role_names(user)
    if roles.MANAGEMENT in names:
        return Signaal.objects.all()
    medewerker = roles.medewerker_van(user)
    if roles.TEAMLEIDER in names and medewerker is not None:
        return Signaal.objects.filter(afdeling_id=medewerker.afdeling_id)
    return Signaal.objects.none()


def _rijen(begin):
    week, eerder = begin - datetime.timedelta(days=7), begin - datetime.timedelta(days=35)
    return (
        Contactmoment.objects.filter(tijdstip__gte=eerder, tijdstip__lt=begin)
        .values("onderwerp_id")
        .annotate(
            nu=Count("id", filter=Q(tijdstip__gte=week)),
            toen=Count("id", filter=Q(tijdstip__lt=week)),
        )
        .filter(nu__gte=MINSTENS)
    )


def _eigenaar(onderwerp_id: int):
    onderwerp = Onderwerp.objects.select_related("routeringsregel__afdeling").get(pk=onderwerp_id)
    regel = getattr(onderwerp, "routeringsregel", None)
    return onderwerp, (regel.afdeling if regel else None)


def stijgende_vragen(vandaag: datetime.date | None = None) -> int:
    """Subjects with at least ``MINSTENS`` contacts in the last seven days and at least
    ``STIJGING`` times the weekly average of the four weeks before become a signal for the
    department its callbacks go to (once per subject and week). Returns how many."""
    vandaag = vandaag or timezone.localdate()
    begin = timezone.make_aware(datetime.datetime.combine(vandaag, datetime.time()))
    maandag = vandaag - datetime.timedelta(days=vandaag.weekday())
    gemaakt = 0
    for r in _rijen(begin):
        gemiddeld = r["toen"] / 4
        if r["nu"] < STIJGING * max(gemiddeld, 1):
            continue
        onderwerp, afdeling = _eigenaar(r["onderwerp_id"])
        if afdeling is None:
            continue
        tekst = _(
            "More questions about %(onderwerp)s: %(nu)s in the last week, "
            "about %(toen)s a week before."
        ) % {"onderwerp": onderwerp.naam, "nu": r["nu"], "toen": round(gemiddeld)}
        try:
            with transaction.atomic():
                Signaal.objects.create(
                    tekst=tekst,
                    categorie=Signaal.Categorie.VEEL_VRAGEN,
                    bron=Signaal.Bron.STIJGEND,
                    afdeling=afdeling,
                    onderwerp=onderwerp,
                    week=maandag,
                )
            gemaakt += 1
        except IntegrityError:
            continue  # found already this week
    return gemaakt
