"""The ladder of attempts: phone first, then letters and messages, each step due on its
date. Every step re-checks the opt-out register under the person's lock just before it calls
or sends; every attempt and every delivered message is a contact moment in the person's
klantbeeld (outgoing, the campaign's title as subject, never the signal), in one klantreis
per person and campaign.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from callbacks import termijnen
from callbacks.services import belopdracht_aanmaken, belopdracht_afsluiten, belopdracht_intrekken
from contacts.forms import standaard_kanaal_code
from contacts.models import Contactmoment, Kanaal, Partij, Telefoonnummer
from contacts.services import contactmoment_registreren
from permissions.accesslog import Herkomst, Regel, bsns_loggen, systeemgebruiker
from permissions.models import Niveau, Toegangslog
from permissions.visibility import domein_levels
from sources import notifynl, personen

from .. import teksten
from ..models import Benadering, Campagne, Kandidaat
from .afmelden import afgemeld, afmelden, bsn_slot, uitsluiten

logger = logging.getLogger(__name__)
Stap = Campagne.Stap
KANAAL = {Stap.TELEFOON: "telefoon", Stap.BRIEF: "post", Stap.EMAIL: "e-mail", Stap.SMS: "sms"}
BEREIKT = {
    Kandidaat.Uitkomst.HULP_GEACCEPTEERD,
    Kandidaat.Uitkomst.DOORVERWEZEN,
    Kandidaat.Uitkomst.INFORMATIE,
    Kandidaat.Uitkomst.GEEN_HULP,
    Kandidaat.Uitkomst.OPT_OUT,
}


class LaterOpnieuw(Exception):
    """An outside source could not answer now; the step stays planned for the next sweep."""


# --- running the steps that are due -------------------------------------------------------


def benaderingen_uitvoeren(nu=None, limiet: int = 200) -> int:
    """Runs the planned steps that are due (the beat, every minute). Returns how many ran."""
    nu = nu or timezone.now()
    ids = list(
        Benadering.objects.filter(
            status=Benadering.Status.GEPLAND,
            uiterlijk__lte=nu,
            kandidaat__campagne__status=Campagne.Status.ACTIEF,
        )
        .order_by("uiterlijk", "id")
        .values_list("id", flat=True)[:limiet]
    )
    gedaan = 0
    for benadering_id in ids:
        try:
            gedaan += benadering_uitvoeren(benadering_id, nu=nu)
        except LaterOpnieuw as e:
            logger.warning(
                "proactief.later_opnieuw", extra={"benadering": benadering_id, "reden": str(e)}
            )
    return gedaan


def benadering_uitvoeren(benadering_id: int, nu=None) -> bool:
    """One step, under the person's lock: the opt-out is read after the lock, so an opt-out
    committed before stops it and one recorded after waits until the step is done."""
    nu = nu or timezone.now()
    bsn = (
        Benadering.objects.filter(pk=benadering_id).values_list("kandidaat__bsn", flat=True).first()
    )
    if bsn is None:
        return False
    with transaction.atomic():
        bsn_slot(bsn)
        b = (
            Benadering.objects.select_for_update(of=("self",))
            .select_related("kandidaat__campagne__team", "kandidaat__partij")
            .filter(pk=benadering_id, status=Benadering.Status.GEPLAND)
            .first()
        )
        if b is None:
            return False
        k, campagne = b.kandidaat, b.kandidaat.campagne
        if k.status != Kandidaat.Status.GOEDGEKEURD or campagne.status != Campagne.Status.ACTIEF:
            _annuleren(b, _("campaign not active"))
            return False
        if afgemeld(k.bsn, campagne.regeling):
            uitsluiten(k)
            return False
        partij = k.partij or _opnemen(k)
        if b.soort == Stap.TELEFOON:
            _bellen(b, k, campagne, partij, nu)
        else:
            _versturen(b, k, campagne, partij, nu)
    return True


def _opnemen(k: Kandidaat) -> Partij:
    """The person enters the register only now they are contacted (from the BRP)."""
    try:
        partij = personen.overnemen(user=systeemgebruiker(), herkomst=None, bsn=k.bsn)
    except personen.BrpFout as e:
        raise LaterOpnieuw(e.reden) from None
    k.partij = partij
    k.save(update_fields=["partij"])
    return partij


def _overslaan(b: Benadering, k: Kandidaat, campagne: Campagne, reden: str, nu) -> None:
    b.status, b.reden = Benadering.Status.NIET_BEREIKT, reden
    b.save(update_fields=["status", "reden", "bijgewerkt"])
    volgende_stap(k, campagne, nu, direct=True)


def _bellen(b: Benadering, k: Kandidaat, campagne: Campagne, partij: Partij, nu) -> None:
    nummer = (
        Telefoonnummer.objects.filter(partij=partij).order_by("-soort", "id").first()
    )  # "vast" < "overig" < "mobiel" backwards: a mobile number first
    if nummer is None:
        _overslaan(b, k, campagne, _("no phone number known"), nu)
        return
    tbv = belopdracht_aanmaken(
        partij=partij,
        onderwerp=campagne.onderwerp,
        vraag=_("Campaign: %(titel)s") % {"titel": campagne.titel},
        telefoonnummer=nummer.nummer,
        afdeling=campagne.team.afdeling,
        team=campagne.team,
        deadline=termijnen.uiterste_datum(nu, campagne.dagen_per_stap),
        contactmoment=k.eerste_contact,
        nu=nu,
    )
    b.terugbelverzoek, b.status = tbv, Benadering.Status.KLAAR
    b.save(update_fields=["terugbelverzoek", "status", "bijgewerkt"])


def _versturen(b: Benadering, k: Kandidaat, campagne: Campagne, partij: Partij, nu) -> None:
    ontvanger = notifynl.ontvanger(partij, b.soort)
    if ontvanger is None:
        _overslaan(b, k, campagne, _("no address known for this kind of message"), nu)
        return
    tekst = getattr(
        campagne, {"brief": "brieftekst", "email": "emailtekst", "sms": "smstekst"}[b.soort]
    )
    link = settings.KCC_BASIS_URL + reverse("proactief-publiek:afmelden", args=[k.afmeldcode])
    inhoud = teksten.invullen(
        tekst, teksten.waarden(naam=partij.weergavenaam, titel=campagne.titel, afmeldlink=link)
    )
    try:
        b.notify_id = notifynl.versturen(
            b.soort,
            ontvanger=ontvanger,
            onderwerp=campagne.titel,
            inhoud=inhoud,
            referentie=b.referentie,
        )
    except notifynl.NotifyFout as e:
        if e.opnieuw:
            raise LaterOpnieuw(e.reden) from None
        logger.warning("proactief.bericht_geweigerd", extra={"benadering": b.id, "reden": e.reden})
        _overslaan(b, k, campagne, _("NotifyNL refused the message"), nu)
        return
    b.status = Benadering.Status.VERSTUURD
    b.save(update_fields=["notify_id", "status", "bijgewerkt"])


def volgende_stap(k: Kandidaat, campagne: Campagne, nu, *, direct: bool = False) -> None:
    """The next step of the ladder, due the next working day (at once when this one could
    not even start); after the last step the candidate is finished as not reached."""
    if k.stap >= len(campagne.ladder):
        k.status, k.uitkomst = Kandidaat.Status.AFGEROND, Kandidaat.Uitkomst.NIET_BEREIKT
        k.save(update_fields=["status", "uitkomst"])
        return
    k.stap += 1
    k.save(update_fields=["stap"])
    Benadering.objects.create(
        kandidaat=k,
        stap=k.stap,
        soort=campagne.ladder[k.stap - 1],
        uiterlijk=nu if direct else termijnen.uiterste_datum(nu, 1),
    )


def _annuleren(b: Benadering, reden: str) -> None:
    if b.terugbelverzoek_id:
        belopdracht_intrekken(tbv_id=b.terugbelverzoek_id, toelichting=reden)
    b.status, b.reden = Benadering.Status.GEANNULEERD, reden
    b.save(update_fields=["status", "reden", "bijgewerkt"])


def alles_annuleren(campagne: Campagne, *, reden: str) -> int:
    open_ = Benadering.objects.select_for_update().filter(
        kandidaat__campagne=campagne,
        status__in=[Benadering.Status.GEPLAND, Benadering.Status.KLAAR],
    )
    aantal = 0
    for b in open_:
        _annuleren(b, reden)
        aantal += 1
    return aantal


def campagne_afronden(*, door, campagne_id: int) -> Campagne:
    """Ends the campaign: nothing more is sent or called; what waited is cancelled."""
    with transaction.atomic():
        campagne = Campagne.objects.select_for_update().get(pk=campagne_id)
        if campagne.status != Campagne.Status.ACTIEF:
            raise ValidationError(_("Only an active campaign can be finished."))
        alles_annuleren(campagne, reden=_("campaign finished"))
        campagne.status = Campagne.Status.AFGEROND
        campagne.save(update_fields=["status"])
    return campagne


# --- the agent's call ---------------------------------------------------------------------


def belpoging_vastleggen(
    *,
    door,
    tbv_id: int,
    uitkomst: str,
    verslag: str = "",
    herkomst: Herkomst | None = None,
) -> Benadering:
    """The outcome of one campaign call, with the fixed outcome codes. "Niet bereikt" plans
    the next step; an opt-out is recorded in the register; the rest finishes the candidate.
    A call that was cancelled meanwhile (an opt-out) is refused with that reason."""
    if uitkomst not in Kandidaat.Uitkomst.values:
        raise ValidationError({"uitkomst": _("Choose how the call went.")})
    bsn = (
        Benadering.objects.filter(terugbelverzoek_id=tbv_id)
        .values_list("kandidaat__bsn", flat=True)
        .first()
    )
    if bsn is None:
        raise ValidationError(_("This call is not part of a campaign."))
    with transaction.atomic():
        bsn_slot(bsn)
        b = (
            Benadering.objects.select_for_update(of=("self",))
            .select_related("kandidaat__campagne")
            .get(terugbelverzoek_id=tbv_id)
        )
        if b.status != Benadering.Status.KLAAR:
            raise ValidationError(
                (b.reden and _("This call is cancelled: %(reden)s.") % {"reden": b.reden})
                or _("This call has already been recorded.")
            )
        k, campagne = b.kandidaat, b.kandidaat.campagne
        label = Kandidaat.Uitkomst(uitkomst).label
        _tbv, cm = belopdracht_afsluiten(
            door=door,
            tbv_id=tbv_id,
            gesproken=uitkomst in BEREIKT,
            verslag=verslag,
            toelichting=str(label),
            herkomst=herkomst,
        )
        _uitkomst_verwerken(b, k, campagne, cm, uitkomst, door, herkomst)
    return b


def _uitkomst_verwerken(b, k, campagne, cm, uitkomst, door, herkomst) -> None:
    nu = timezone.now()
    b.contactmoment = cm
    b.status = Benadering.Status.BEREIKT if uitkomst in BEREIKT else Benadering.Status.NIET_BEREIKT
    b.save(update_fields=["contactmoment", "status", "bijgewerkt"])
    if k.eerste_contact_id is None:
        k.eerste_contact = cm
        k.save(update_fields=["eerste_contact"])
    bsns_loggen(
        door=door,
        herkomst=herkomst,
        bsns=[k.bsn],
        doel=_("Campaign %(titel)s: call") % {"titel": campagne.titel},
        regel=Regel(Toegangslog.Handeling.KANDIDAAT_BENADERD, "kandidaat", k.id),
    )
    if uitkomst == Kandidaat.Uitkomst.NIET_BEREIKT:
        volgende_stap(k, campagne, nu)
        return
    k.status, k.uitkomst = Kandidaat.Status.AFGEROND, uitkomst
    k.save(update_fields=["status", "uitkomst"])
    if uitkomst == Kandidaat.Uitkomst.OPT_OUT:
        afmelden(bsn=k.bsn, bron="kcc", door=door, kanaal="telefoon", herkomst=herkomst)


# --- an inbound contact that was the campaign's contact ------------------------------------


def besproken_tijdens_contact(
    *,
    door,
    partij: Partij,
    campagne_id: int,
    uitkomst: str,
    verslag: str = "",
    herkomst: Herkomst | None = None,
) -> Kandidaat:
    """The person called in (or came to the desk) and the campaign was discussed: that is
    the campaign's contact. It is recorded as the incoming contact it was, what was still
    queued for the person is cancelled, and the candidate is finished with the outcome. For
    whoever has full sight of the campaign's contacts (the klantbeeld shows the line only to
    them)."""
    if uitkomst not in Kandidaat.Uitkomst.values or uitkomst == Kandidaat.Uitkomst.NIET_BEREIKT:
        raise ValidationError({"uitkomst": _("Choose how the conversation went.")})
    with transaction.atomic():
        bsn_slot(partij.bsn)
        k = (
            Kandidaat.objects.select_for_update(of=("self",))
            .select_related("campagne__onderwerp")
            .filter(campagne_id=campagne_id, bsn=partij.bsn, status=Kandidaat.Status.GOEDGEKEURD)
            .first()
        )
        if k is None:
            raise ValidationError(_("This person is no longer being approached in this campaign."))
        campagne = k.campagne
        if domein_levels(door).get(campagne.onderwerp.domein_id, Niveau.NONE) < Niveau.FULL:
            raise PermissionDenied
        for b in Benadering.objects.select_for_update().filter(
            kandidaat=k, status__in=[Benadering.Status.GEPLAND, Benadering.Status.KLAAR]
        ):
            _annuleren(b, _("discussed during a contact"))
        kanaal = Kanaal.objects.filter(code=standaard_kanaal_code(door), actief=True).first()
        if kanaal is None:
            raise ValidationError(_("This channel is no longer in use. Choose another channel."))
        cm = contactmoment_registreren(
            partij=partij,
            kanaal=kanaal,
            onderwerp=campagne.onderwerp,
            vraag=campagne.titel,
            antwoord=verslag.strip(),
            resultaat=Contactmoment.Resultaat.BEANTWOORD,
            door=door,
            vervolg_op=_eerder(k, partij),
            herkomst=herkomst,
            doel=_("Campaign %(titel)s: call") % {"titel": campagne.titel},
        )
        k.partij, k.eerste_contact = partij, k.eerste_contact or cm
        k.status, k.uitkomst = Kandidaat.Status.AFGEROND, uitkomst
        k.save(update_fields=["partij", "eerste_contact", "status", "uitkomst"])
        bsns_loggen(
            door=door,
            herkomst=herkomst,
            bsns=[k.bsn],
            doel=_("Campaign %(titel)s: call") % {"titel": campagne.titel},
            regel=Regel(Toegangslog.Handeling.KANDIDAAT_BENADERD, "kandidaat", k.id),
        )
        if uitkomst == Kandidaat.Uitkomst.OPT_OUT:
            afmelden(bsn=k.bsn, bron="kcc", door=door, kanaal=kanaal.code, herkomst=herkomst)
    return k


def _eerder(k: Kandidaat, partij: Partij) -> Contactmoment | None:
    """The campaign's first contact with this person, to continue its klantreis."""
    eerste = k.eerste_contact
    return eerste if eerste is not None and eerste.partij_id == partij.id else None


# --- NotifyNL's delivery receipts ---------------------------------------------------------


def ontvangstbewijs_verwerken(bewijs: notifynl.Ontvangstbewijs) -> bool:
    """Records a receipt once (NotifyNL may send it again): a delivered message becomes an
    outgoing contact moment; a failed one too ("not reached"), and the next step is planned.
    A receipt for a message we did not send, or whose reference is not ours, changes
    nothing. Returns whether it was ours."""
    with transaction.atomic():
        b = (
            Benadering.objects.select_for_update(of=("self",))
            .select_related("kandidaat__campagne", "kandidaat__partij")
            .filter(notify_id=bewijs.id)
            .first()
        )
        if b is None or bewijs.referentie != b.referentie:
            return False
        b.notify_status = bewijs.status
        if b.status != Benadering.Status.VERSTUURD or not (bewijs.afgeleverd or bewijs.mislukt):
            b.save(update_fields=["notify_status", "bijgewerkt"])
            return True
        _bericht_als_contact(b, bewijs.afgeleverd)
    return True


def _bericht_als_contact(b: Benadering, afgeleverd: bool) -> None:
    k, campagne = b.kandidaat, b.kandidaat.campagne
    kanaal = (
        Kanaal.objects.filter(code=KANAAL[Stap(b.soort)]).first()
        or Kanaal.objects.filter(code="overig").first()
    )
    if kanaal is None:  # the catalogue has neither: the receipt is retried by NotifyNL
        raise ValidationError(_("This channel is no longer in use. Choose another channel."))
    soort = Campagne.Stap(b.soort).label
    cm = contactmoment_registreren(
        partij=k.partij,
        kanaal=kanaal,
        onderwerp=campagne.onderwerp,
        vraag=campagne.titel,
        antwoord=(
            _("%(soort)s delivered (NotifyNL)")
            if afgeleverd
            else _("%(soort)s not delivered (NotifyNL)")
        )
        % {"soort": soort},
        resultaat=(
            Contactmoment.Resultaat.BERICHT_AFGELEVERD
            if afgeleverd
            else Contactmoment.Resultaat.NIET_BEREIKT
        ),
        door=systeemgebruiker(),
        richting=Contactmoment.Richting.UIT,
        vervolg_op=k.eerste_contact,
        doel=_("Campaign %(titel)s: message") % {"titel": campagne.titel},
    )
    b.contactmoment = cm
    b.status = Benadering.Status.BEREIKT if afgeleverd else Benadering.Status.NIET_BEREIKT
    b.save(update_fields=["contactmoment", "status", "notify_status", "bijgewerkt"])
    if k.eerste_contact_id is None:
        k.eerste_contact = cm
        k.save(update_fields=["eerste_contact"])
    # a letter is information, not contact: the ladder goes on (a call may still reach them)
    volgende_stap(k, campagne, timezone.now())
