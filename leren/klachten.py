"""Complaints (Awb chapter 9): registered wherever they come in, resolved on the spot or
handled within the term (6 weeks, 9:11), and the yearly register (9:12a) in counts."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Zaak
from contacts.forms import standaard_kanaal_code
from contacts.models import Contactmoment, Kanaal, Onderwerp, Partij
from contacts.services import contactmoment_registreren
from permissions import roles
from permissions.accesslog import Herkomst, systeemgebruiker
from permissions.models import Afdeling, Domein, Niveau
from permissions.visibility import domein_levels
from sources import notifynl

from .models import Klacht

logger = logging.getLogger(__name__)
TERMIJN = datetime.timedelta(weeks=6)  # Awb 9:11
TERMIJN_COMMISSIE = datetime.timedelta(weeks=10)  # Awb 9:14: with an advisory committee
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
    categorie: str = Klacht.Categorie.ANDERS,
    zaak: str = "",
    commissie: bool = False,
    herkomst: Herkomst | None = None,
) -> Klacht:
    """A complaint taken in any channel: recorded as a contact of its own (subject: complaint,
    so its content is seen at the complaints domein's level) with its handling. Resolved on
    the spot: closed at once and counted as informal resolution."""
    if not wat.strip():
        raise ValidationError({"wat": _("Write down what the complaint is about.")})
    if categorie not in Klacht.Categorie.values:
        raise ValidationError({"categorie": _("Choose what the complaint is about.")})
    if (
        zaak
        and not Zaak.objects.visible_to(door).filter(partij=partij, identificatie=zaak).exists()
    ):
        raise ValidationError({"zaak": _("Choose one of this Nijmegenaar's cases.")})
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
        klacht = Klacht.objects.create(
            contactmoment=cm,
            partij=partij,
            over_afdeling=over_afdeling,
            schriftelijk=schriftelijk,
            categorie=categorie,
            zaak=zaak,
            commissie=commissie and not ter_plekke_opgelost,
            status=Klacht.Status.INFORMEEL if ter_plekke_opgelost else Klacht.Status.IN_BEHANDELING,
            ontvangen_op=vandaag,
            termijn_tot=vandaag + (TERMIJN_COMMISSIE if commissie else TERMIJN),
            afgehandeld_op=vandaag if ter_plekke_opgelost else None,
        )
        if schriftelijk and not ter_plekke_opgelost:
            # acknowledged in writing after the commit (9:6); the beat retries what failed
            transaction.on_commit(lambda: ontvangst_bevestigen(klacht.id))
    return klacht


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


def klacht_horen(
    *, door, klacht_id: int, gehoord_op: datetime.date | None, verslag: str, afgezien: str
) -> Klacht:
    """The complainant heard (9:10): the date and a short report, kept as a contact in the
    complaint's klantreis — or why not (the complaint is plainly unfounded, the complainant
    declined, 9:10 second paragraph)."""
    if not mag_klachten_behandelen(door):
        raise PermissionDenied
    if gehoord_op is None and not afgezien.strip():
        raise ValidationError(
            _("Fill in when the complainant was heard, or why the complainant was not heard.")
        )
    if gehoord_op is not None and not verslag.strip():
        raise ValidationError({"verslag": _("Write down what the complainant said.")})
    if gehoord_op is not None and gehoord_op > timezone.localdate():
        raise ValidationError({"gehoord_op": _("The hearing date cannot be in the future.")})
    with transaction.atomic():
        klacht = (
            Klacht.objects.select_for_update(of=("self",))
            .select_related("contactmoment__kanaal", "contactmoment__onderwerp", "partij")
            .get(pk=klacht_id)
        )
        if klacht.status != Klacht.Status.IN_BEHANDELING:
            raise ValidationError(_("This complaint has already been handled."))
        if gehoord_op is not None:
            contactmoment_registreren(
                partij=klacht.partij,
                kanaal=klacht.contactmoment.kanaal,
                onderwerp=klacht.contactmoment.onderwerp,
                vraag=_("The complainant was heard"),
                antwoord=verslag,
                resultaat=Contactmoment.Resultaat.BEANTWOORD,
                door=door,
                richting=Contactmoment.Richting.UIT,
                vervolg_op=klacht.contactmoment,
                doel=_("Handling a complaint"),
            )
        klacht.gehoord_op = gehoord_op
        klacht.horen_afgezien = "" if gehoord_op else afgezien.strip()[:200]
        klacht.save(update_fields=["gehoord_op", "horen_afgezien"])
    return klacht


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
        if klacht.gehoord_op is None and not klacht.horen_afgezien:
            raise ValidationError(
                _("First record the hearing of the complainant, or why there was none.")
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


def jaarregister_per_categorie(jaar: int) -> list[dict]:
    """The register's subjects (9:12a): per category, received, informal, (partly) justified
    — the dashboard's figure over the whole year."""
    from .selectors import klachten_per_categorie

    van = datetime.datetime(jaar, 1, 1)
    return klachten_per_categorie(afdeling_ids=None, van=van, tot=van.replace(year=jaar + 1))


# --- the Awb terms: acknowledgement (9:6), extension (9:11), warning before the term --------

VERDAGING_MAX = datetime.timedelta(weeks=4)
WAARSCHUWEN = datetime.timedelta(days=7)


def ontvangst_bevestigen(klacht_id: int) -> bool:
    """A written complaint's receipt acknowledged in writing (9:6): by e-mail when we have
    an address, else by letter, through NotifyNL; recorded as an outgoing contact in the
    complaint's klantreis. Once: the row lock and the date make a second call do nothing.
    Returns whether it was sent now."""
    with transaction.atomic():
        klacht = (
            Klacht.objects.select_for_update(of=("self",))
            .select_related("partij", "contactmoment__kanaal", "contactmoment__onderwerp")
            .filter(pk=klacht_id, schriftelijk=True, bevestigd_op__isnull=True)
            .first()
        )
        if klacht is None or not notifynl.ingesteld():
            return False
        ontvanger = notifynl.eerste_ontvanger(klacht.partij, ("email", "brief"))
        if ontvanger is None:
            return False
        soort, adres = ontvanger
        tekst = _(
            "We have received your complaint of %(datum)s. A colleague who was not involved "
            "will handle it before %(termijn)s and may call you to hear your side. Questions? "
            "Call %(telefoon)s."
        ) % {
            "datum": klacht.ontvangen_op.strftime("%d-%m-%Y"),
            "termijn": klacht.termijn_tot.strftime("%d-%m-%Y"),
            "telefoon": settings.KCC_PROACTIEF_TELEFOON,
        }
        try:
            klacht.bevestiging_notify_id = notifynl.versturen(
                soort,
                ontvanger=adres,
                onderwerp=_("Your complaint has been received"),
                inhoud=tekst,
                referentie=f"kcc-klacht-{klacht.id}",
            )
        except notifynl.NotifyFout:
            return False  # the beat tries again
        klacht.bevestigd_op = timezone.now()
        klacht.save(update_fields=["bevestigd_op", "bevestiging_notify_id"])
        contactmoment_registreren(
            partij=klacht.partij,
            kanaal=Kanaal.objects.filter(code="e-mail" if soort == "email" else "post").first()
            or klacht.contactmoment.kanaal,
            onderwerp=klacht.contactmoment.onderwerp,
            vraag=_("Receipt of the complaint acknowledged"),
            antwoord="",
            resultaat=Contactmoment.Resultaat.BERICHT_AFGELEVERD,
            door=systeemgebruiker(),
            richting=Contactmoment.Richting.UIT,
            vervolg_op=klacht.contactmoment,
            doel=_("Handling a complaint"),
        )
    return True


def termijn_verdagen(*, door, klacht_id: int, weken: int) -> Klacht:
    """Once, by at most 4 weeks (9:11); the complainant is told (the handler records how)."""
    if not mag_klachten_behandelen(door):
        raise PermissionDenied
    if not 1 <= weken <= VERDAGING_MAX.days // 7:
        raise ValidationError({"weken": _("Extend by 1 to 4 weeks.")})
    with transaction.atomic():
        klacht = Klacht.objects.select_for_update().get(pk=klacht_id)
        if klacht.status != Klacht.Status.IN_BEHANDELING:
            raise ValidationError(_("This complaint has already been handled."))
        if klacht.verdaagd:
            raise ValidationError(_("The term of a complaint can be extended only once."))
        klacht.termijn_tot += datetime.timedelta(weeks=weken)
        klacht.verdaagd = True
        klacht.save(update_fields=["termijn_tot", "verdaagd"])
    return klacht


def _mailen(tekst: str, aan: str) -> None:
    """The warning by mail; a mail server that is away is logged, the flag stays set (the
    complaint list shows the term in any case)."""
    try:
        send_mail(tekst, tekst, None, [aan])
    except Exception:
        logger.exception("klacht.waarschuwing_niet_gemaild")


def termijnen_bewaken(vandaag: datetime.date | None = None) -> int:
    """Every day: open complaints whose term ends within a week are flagged once and their
    department is mailed (no content: the number and the date). Acknowledgements that could
    not go out are tried again. Returns how many were warned."""
    vandaag = vandaag or timezone.localdate()
    for klacht_id in Klacht.objects.filter(
        schriftelijk=True, bevestigd_op__isnull=True, status=Klacht.Status.IN_BEHANDELING
    ).values_list("id", flat=True)[:200]:
        ontvangst_bevestigen(klacht_id)
    gewaarschuwd = 0
    for klacht in Klacht.objects.select_related("over_afdeling").filter(
        status=Klacht.Status.IN_BEHANDELING,
        gewaarschuwd_op__isnull=True,
        termijn_tot__lte=vandaag + WAARSCHUWEN,
    ):
        with transaction.atomic():
            rij = Klacht.objects.filter(pk=klacht.pk, gewaarschuwd_op__isnull=True)
            if not rij.update(gewaarschuwd_op=timezone.now()):
                continue
            if klacht.over_afdeling.email:
                bericht = _("Complaint %(ref)s must be handled by %(termijn)s.") % {
                    "ref": klacht,
                    "termijn": klacht.termijn_tot.strftime("%d-%m-%Y"),
                }
                transaction.on_commit(lambda b=bericht, a=klacht.over_afdeling.email: _mailen(b, a))
        gewaarschuwd += 1
    return gewaarschuwd
