"""The desk: appointments made on the phone, and the visit when the person comes."""

from django.conf import settings as conf
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callbacks.termijnen import AMSTERDAM, is_werkdag
from contacts.models import Contactmoment, Kanaal, Onderwerp, Partij
from contacts.services import contactmoment_registreren
from core.datums import datum
from permissions import roles
from permissions.accesslog import Herkomst, toegang_loggen
from permissions.models import Niveau, Toegangslog

from ..models import Afspraak
from ..selectors import BALIES

# what a desk visit can end in (the results of a contact at a desk)
BEZOEK_RESULTATEN = (
    Contactmoment.Resultaat.BEANTWOORD,
    Contactmoment.Resultaat.ZAAK_AANGEMAAKT,
    Contactmoment.Resultaat.AFSPRAAK,
    Contactmoment.Resultaat.TERUGBELVERZOEK,
    Contactmoment.Resultaat.DOORVERWEZEN,
    Contactmoment.Resultaat.WARM_DOORVERBONDEN,
)


def afspraak_maken(
    *,
    partij: Partij,
    onderwerp: Onderwerp,
    locatie: Kanaal,
    tijdstip,
    door,
    herkomst: Herkomst | None = None,
    contactmoment: Contactmoment | None = None,
):
    """An appointment at a desk, on a working day within office hours, in the future;
    written to the access log with it. ``contactmoment``: the contact (mostly the call) in
    which it was made, so the appointment and the visit join that contact's klantreis."""

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
    if contactmoment is not None and contactmoment.partij_id != partij.id:
        errors["contactmoment"] = _("That contact is of someone else.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        afspraak = Afspraak.objects.create(
            partij=partij,
            onderwerp=onderwerp,
            locatie=locatie,
            tijdstip=tijdstip,
            gemaakt_door=roles.medewerker_van(door),
            contactmoment=contactmoment,
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
    resultaat: str = Contactmoment.Resultaat.BEANTWOORD,
    andere_dag: bool = False,
    herkomst: Herkomst | None = None,
) -> Contactmoment:
    """The person came for their appointment: a contact moment at that desk with what was
    done (notes and result, like any contact), linked to the appointment and put in the
    klantreis of the contact in which the appointment was made. A visit on another day than
    the appointment's needs ``andere_dag`` (the desk employee confirmed it)."""

    if resultaat not in BEZOEK_RESULTATEN:
        raise ValidationError({"resultaat": _("Choose what the result of the visit is.")})
    with transaction.atomic():
        afspraak = (
            Afspraak.objects.visible_to(door)
            .select_for_update(of=("self",))
            .select_related("locatie", "onderwerp", "contactmoment")
            .filter(pk=afspraak_id, status=Afspraak.Status.GEPLAND, niveau=Niveau.FULL)
            .first()
        )
        if afspraak is None:
            raise ValidationError(
                _("This appointment was picked up already, or you may not register it.")
            )
        dag = timezone.localtime(afspraak.tijdstip).date()
        if dag != timezone.localdate() and not andere_dag:
            raise ValidationError(
                _(
                    "This appointment is on %(dag)s, not today. Register the visit anyway only "
                    "if the person came today for this appointment."
                )
                % {"dag": datum(dag, "l j M Y")},
                code="andere_dag",
            )
        vervolg = afspraak.contactmoment
        cm = contactmoment_registreren(
            partij=afspraak.partij,
            kanaal=afspraak.locatie,
            onderwerp=afspraak.onderwerp,
            vraag=_("Visit for the appointment of %(tijd)s about %(onderwerp)s.")
            % {
                "tijd": datum(afspraak.tijdstip, "j M Y, H:i"),
                "onderwerp": afspraak.onderwerp.naam,
            },
            antwoord=notitie.strip(),
            resultaat=resultaat,
            door=door,
            legitimatie_gezien=legitimatie_gezien,
            herkomst=herkomst,
            doel=_("Visit at the desk"),
            vervolg_op=vervolg if vervolg and vervolg.partij_id == afspraak.partij_id else None,
        )
        afspraak.status, afspraak.bezoek = Afspraak.Status.GEKOMEN, cm
        afspraak.save(update_fields=["status", "bezoek"])
    return cm


def niet_gekomen(*, afspraak_id: int, door, herkomst: Herkomst | None = None) -> Afspraak:
    """The person did not come: the appointment stays in the history as 'did not come'."""
    with transaction.atomic():
        afspraak = (
            Afspraak.objects.visible_to(door)
            .select_for_update(of=("self",))
            .filter(pk=afspraak_id, status=Afspraak.Status.GEPLAND, niveau=Niveau.FULL)
            .first()
        )
        if afspraak is None:
            raise ValidationError(
                _("This appointment was picked up already, or you may not register it.")
            )
        afspraak.status = Afspraak.Status.NIET_GEKOMEN
        afspraak.save(update_fields=["status"])
        toegang_loggen(
            door=door,
            herkomst=herkomst,
            handeling=Toegangslog.Handeling.CONTACT_VASTGELEGD,
            partij=afspraak.partij,
            object_type="afspraak",
            object_id=afspraak.id,
            doel=_("The person did not come to the desk"),
        )
    return afspraak
