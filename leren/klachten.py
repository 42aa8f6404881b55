"""Complaints (Awb chapter 9): registered wherever they come in, resolved on the spot or
handled within the term (6 weeks, 9:11), and the yearly register (9:12a) in counts."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.forms import standaard_kanaal_code
from contacts.models import Contactmoment, Kanaal, Onderwerp, Partij
from contacts.services import contactmoment_registreren
from permissions import roles
from permissions.accesslog import Herkomst
from permissions.models import Afdeling, Domein, Niveau
from permissions.visibility import domein_levels

from .models import Klacht

TERMIJN = datetime.timedelta(weeks=6)  # Awb 9:11 (10 with an advisory committee)
DOMEIN = "klachten-bezwaren"


def _onderwerp() -> Onderwerp:
    onderwerp = (
        Onderwerp.objects.filter(code="klacht", actief=True).first()
        or Onderwerp.objects.filter(domein__code=DOMEIN, actief=True).order_by("id").first()
    )
    if onderwerp is None:
        raise ValidationError(
            _("There is no subject for complaints. Tell the functional administrator.")
        )
    return onderwerp


def klacht_registreren(
    *,
    door,
    partij: Partij,
    wat: str,
    over_afdeling: Afdeling,
    ter_plekke_opgelost: bool,
    schriftelijk: bool = False,
    herkomst: Herkomst | None = None,
) -> Klacht:
    """A complaint taken in any channel: recorded as a contact of its own (subject: complaint,
    so its content is seen at the complaints domein's level) with its handling. Resolved on
    the spot: closed at once and counted as informal resolution."""
    if not wat.strip():
        raise ValidationError({"wat": _("Write down what the complaint is about.")})
    kanaal = Kanaal.objects.filter(code=standaard_kanaal_code(door), actief=True).first()
    if kanaal is None:
        raise ValidationError(_("This channel is no longer in use. Choose another channel."))
    vandaag = timezone.localdate()
    with transaction.atomic():
        cm = contactmoment_registreren(
            partij=partij,
            kanaal=kanaal,
            onderwerp=_onderwerp(),
            vraag=wat,
            antwoord=_("Resolved on the spot.") if ter_plekke_opgelost else "",
            resultaat=(
                Contactmoment.Resultaat.BEANTWOORD
                if ter_plekke_opgelost
                else Contactmoment.Resultaat.IN_BEHANDELING
            ),
            door=door,
            herkomst=herkomst,
            doel=_("Recording a complaint"),
        )
        return Klacht.objects.create(
            contactmoment=cm,
            partij=partij,
            over_afdeling=over_afdeling,
            schriftelijk=schriftelijk,
            status=Klacht.Status.INFORMEEL if ter_plekke_opgelost else Klacht.Status.IN_BEHANDELING,
            ontvangen_op=vandaag,
            termijn_tot=vandaag + TERMIJN,
            afgehandeld_op=vandaag if ter_plekke_opgelost else None,
        )


def mag_klachten_behandelen(user) -> bool:
    domein = Domein.objects.filter(code=DOMEIN).values_list("id", flat=True).first()
    return bool(domein) and domein_levels(user).get(domein, Niveau.NONE) >= Niveau.FULL


def open_klachten(user):
    """The complaints being handled, earliest term first: for whoever sees complaints in full."""
    if not mag_klachten_behandelen(user):
        return Klacht.objects.none()
    return (
        Klacht.objects.filter(status=Klacht.Status.IN_BEHANDELING)
        .select_related("partij", "over_afdeling", "contactmoment")
        .order_by("termijn_tot", "id")
    )


def klacht_afhandelen(*, door, klacht_id: int, conclusie: str, toelichting: str) -> Klacht:
    """The written conclusion (9:12): by someone who sees complaints in full and did not
    record it themselves (9:7 asks for someone not involved)."""
    if conclusie not in Klacht.Conclusie.values:
        raise ValidationError({"conclusie": _("Choose the conclusion.")})
    if not toelichting.strip():
        raise ValidationError({"toelichting": _("Write down the reasons of the conclusion.")})
    if not mag_klachten_behandelen(door):
        raise PermissionDenied
    medewerker = roles.medewerker_van(door)
    with transaction.atomic():
        klacht = (
            Klacht.objects.select_for_update().select_related("contactmoment").get(pk=klacht_id)
        )
        if klacht.status != Klacht.Status.IN_BEHANDELING:
            raise ValidationError(_("This complaint has already been handled."))
        if medewerker and klacht.contactmoment.medewerker_id == medewerker.id:
            raise ValidationError(
                _("You took in this complaint. A colleague who was not involved handles it.")
            )
        contactmoment_registreren(
            partij=klacht.partij,
            kanaal=klacht.contactmoment.kanaal,
            onderwerp=klacht.contactmoment.onderwerp,
            vraag=_("Conclusion of the complaint: %(c)s")
            % {"c": Klacht.Conclusie(conclusie).label},
            antwoord=toelichting,
            resultaat=Contactmoment.Resultaat.BEANTWOORD,
            door=door,
            richting=Contactmoment.Richting.UIT,
            vervolg_op=klacht.contactmoment,
            doel=_("Handling a complaint"),
        )
        klacht.status, klacht.conclusie = Klacht.Status.AFGEHANDELD, conclusie
        klacht.afgehandeld_op, klacht.afgehandeld_door = timezone.localdate(), medewerker
        klacht.save(update_fields=["status", "conclusie", "afgehandeld_op", "afgehandeld_door"])
    return klacht


def jaarregister(jaar: int) -> list[dict]:
    """The yearly register (9:12a) per department: received, resolved on the spot, handled,
    handled within the term, conclusions. Counts only."""
    return list(
        Klacht.objects.filter(ontvangen_op__year=jaar)
        .values("over_afdeling__naam")
        .annotate(
            ontvangen=Count("id"),
            informeel=Count("id", filter=Q(status=Klacht.Status.INFORMEEL)),
            afgehandeld=Count("id", filter=Q(status=Klacht.Status.AFGEHANDELD)),
            binnen_termijn=Count(
                "id",
                filter=Q(status=Klacht.Status.AFGEHANDELD, afgehandeld_op__lte=F("termijn_tot")),
            ),
            open=Count("id", filter=Q(status=Klacht.Status.IN_BEHANDELING)),
            gegrond=Count("id", filter=Q(conclusie__in=["gegrond", "deels"])),
        )
        .order_by("over_afdeling__naam")
    )
