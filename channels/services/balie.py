"""The desk: appointments made on the phone, and the visit when the person comes."""

from django.conf import settings as conf
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callbacks.termijnen import AMSTERDAM, is_werkdag
from contacts.models import Contactmoment, Kanaal, Onderwerp, Partij
from contacts.services import contactmoment_registreren
from permissions import roles
from permissions.accesslog import Herkomst, toegang_loggen
from permissions.models import Niveau, Toegangslog

from ..models import Afspraak
from ..selectors import BALIES


def afspraak_maken(
    *,
    partij: Partij,
    onderwerp: Onderwerp,
    locatie: Kanaal,
    tijdstip,
    door,
    herkomst: Herkomst | None = None,
):
    """An appointment at a desk, on a working day within office hours, in the future;
    written to the access log with it."""

    errors = {}
    if locatie.code not in BALIES or not locatie.actief:
        errors["locatie"] = _("Choose the Stadswinkel or Steunpunt Dukenburg.")
    lokaal = tijdstip.astimezone(AMSTERDAM)
    open_, dicht = conf.KCC_KANTOOR_OPEN, conf.KCC_KANTOOR_DICHT
    if tijdstip <= timezone.now():
        errors["tijdstip"] = _("Choose a time in the future.")
    elif not is_werkdag(lokaal.date()) or not (open_ <= lokaal.strftime("%H:%M") < dicht):
        errors["tijdstip"] = _("The desk is open on working days from %(open)s to %(dicht)s.") % {
            "open": open_,
            "dicht": dicht,
        }
    if not onderwerp.actief:
        errors["onderwerp"] = _("This subject is no longer in use. Choose another subject.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        afspraak = Afspraak.objects.create(
            partij=partij,
            onderwerp=onderwerp,
            locatie=locatie,
            tijdstip=tijdstip,
            gemaakt_door=roles.medewerker_van(door),
        )
        toegang_loggen(
            door=door,
            herkomst=herkomst,
            handeling=Toegangslog.Handeling.CONTACT_VASTGELEGD,
            partij=partij,
            object_type="afspraak",
            object_id=afspraak.id,
            doel=_("Appointment at the desk"),
        )
    return afspraak


def bezoek_registreren(
    *,
    afspraak_id: int,
    door,
    legitimatie_gezien: bool,
    notitie: str = "",
    herkomst: Herkomst | None = None,
) -> Contactmoment:
    """The person came for their appointment: a contact moment at that desk, linked to it."""

    with transaction.atomic():
        afspraak = (
            Afspraak.objects.visible_to(door)
            .select_for_update(of=("self",))
            .select_related("locatie", "onderwerp")
            .filter(pk=afspraak_id, status=Afspraak.Status.GEPLAND, niveau=Niveau.FULL)
            .first()
        )
        if afspraak is None:
            raise ValidationError(
                _("This appointment was picked up already, or you may not register it.")
            )
        cm = contactmoment_registreren(
            partij=afspraak.partij,
            kanaal=afspraak.locatie,
            onderwerp=afspraak.onderwerp,
            vraag=_("Visit for the appointment of %(tijd)s about %(onderwerp)s.")
            % {
                "tijd": timezone.localtime(afspraak.tijdstip).strftime("%d-%m-%Y %H:%M"),
                "onderwerp": afspraak.onderwerp.naam,
            },
            antwoord=notitie.strip(),
            resultaat=Contactmoment.Resultaat.BEANTWOORD,
            door=door,
            legitimatie_gezien=legitimatie_gezien,
            herkomst=herkomst,
            doel=_("Visit at the desk"),
        )
        afspraak.status, afspraak.bezoek = Afspraak.Status.GEKOMEN, cm
        afspraak.save(update_fields=["status", "bezoek"])
    return cm
