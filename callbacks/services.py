"""State changes of terugbelverzoeken. Each runs in one transaction and validates first: bad
input raises ``ValidationError`` with a plain-Dutch message and changes nothing.

Routing and notifying run in Celery tasks (``callbacks.tasks``) and are idempotent: they
re-read the request under a row lock and skip what is done, so a task delivered twice, a
worker killed halfway or a sweep that re-sends does nothing twice.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import normalise
from contacts.forms import standaard_kanaal_code
from contacts.models import Contactmoment, Kanaal, Onderwerp, Partij
from contacts.services import contactmoment_registreren, naar_terugbelverzoek
from core import broker, eenmalig
from core.broker import wek
from permissions import roles
from permissions.accesslog import Herkomst, toegang_loggen
from permissions.models import Afdeling, Medewerker, Niveau, Team, Toegangslog

from . import termijnen
from .models import Belpoging, Melding, Routeringsregel, Terugbelverzoek

logger = logging.getLogger(__name__)
Status = Terugbelverzoek.Status
OPEN = [Status.NIEUW, Status.OPGEPAKT, Status.IN_BEHANDELING]
MISLUKTE_POGINGEN_VOOR_SCHRIFTELIJK = 3


@dataclass(frozen=True)
class Route:
    afdeling: Afdeling
    team: Team | None
    werkdagen: int


def route_voor(onderwerp: Onderwerp, gekozen: Afdeling | None = None) -> Route:
    """Where a request about ``onderwerp`` goes: the agent's choice, else the routing rule,
    else the default department. The term: rule, else department, else the general term."""
    regel = (
        Routeringsregel.objects.select_related("afdeling", "team")
        .filter(onderwerp=onderwerp)
        .first()
    )
    if gekozen is not None:
        afdeling = gekozen
        team = regel.team if regel and regel.afdeling_id == gekozen.id else None
    elif regel is not None:
        afdeling, team = regel.afdeling, regel.team
    else:
        standaard = Afdeling.objects.filter(
            code=settings.KCC_TERUGBEL_STANDAARD_AFDELING, actief=True
        ).first()
        team = None
        if standaard is None:
            raise ValidationError(
                {
                    "afdeling": _(
                        "No department is set for this subject. Choose the department yourself."
                    )
                }
            )
        afdeling = standaard
    werkdagen = (
        (regel.termijn_werkdagen if regel and regel.afdeling_id == afdeling.id else None)
        or afdeling.terugbeltermijn_werkdagen
        or settings.KCC_TERUGBEL_TERMIJN_WERKDAGEN
    )
    return Route(afdeling, team, werkdagen)


def _check_alternatief(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError(
                {
                    "alternatief": _(
                        "This e-mail address is not right. It looks like naam@voorbeeld.nl."
                    )
                }
            ) from None
        return text
    e164 = normalise.parse_phone(text)
    if e164 is None:
        raise ValidationError(
            {
                "alternatief": _(
                    "Fill in another phone number (like 06 12345678) or an e-mail address."
                )
            }
        )
    return e164


def terugbelverzoek_aanmaken(
    *,
    partij: Partij | None,
    onderwerp: Onderwerp,
    vraag: str,
    telefoonnummer: str,
    door,
    alternatief: str = "",
    beste_tijd: str = "",
    urgentie: str = "normaal",
    afdeling: Afdeling | None = None,
    kanaal: Kanaal | None = None,
    contactmoment: Contactmoment | None = None,
    nu=None,
    herkomst: Herkomst | None = None,
    sleutel=None,
) -> Terugbelverzoek:
    """Saves the request during the call. On commit a Celery task routes it and notifies the
    department; the deadline is fixed now, so the agent can tell the caller. A staff member's
    request is written to the access log in the same transaction. A staff form's ``sleutel``
    makes it once: the same form sent again returns what the first submit made
    (``core.eenmalig``).

    Without ``contactmoment`` the incoming contact is recorded too (result: callback
    requested), so the agent does not type the question twice.
    """
    errors: dict[str, str | list[str]] = {}
    e164 = normalise.parse_phone(telefoonnummer or "")
    if e164 is None:
        errors["telefoonnummer"] = _(
            "This phone number is not right. Type it like 06 12345678 or 024 329 9000."
        )
    if not vraag.strip():
        errors["vraag"] = _(
            "Write down the question in a few words, so your colleague knows what to call about."
        )
    if len(vraag) > 4000:
        errors["vraag"] = _("The question is too long. Keep it under 4,000 characters.")
    if not onderwerp.actief:
        errors["onderwerp"] = _("This subject is no longer in use. Choose another subject.")
    if afdeling is not None and not afdeling.actief:
        errors["afdeling"] = _("This department no longer takes callback requests.")
    if urgentie not in Terugbelverzoek.Urgentie.values:
        errors["urgentie"] = _("Choose normal or urgent.")
    if beste_tijd not in Terugbelverzoek.BesteTijd.values:
        errors["beste_tijd"] = _("Choose a time of day from the list.")
    try:
        alternatief = _check_alternatief(alternatief)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors or e164 is None:
        raise ValidationError(errors)
    route = route_voor(onderwerp, afdeling)
    nu = nu or timezone.now()
    deadline = termijnen.uiterste_datum(
        nu, route.werkdagen, spoed=urgentie == Terugbelverzoek.Urgentie.SPOED
    )
    with transaction.atomic():
        if sleutel and (eerder := eenmalig.claimen(sleutel, door=door, soort="terugbelverzoek")):
            return Terugbelverzoek.objects.get(pk=eerder)
        if contactmoment is None:
            kanaal = (
                kanaal
                or Kanaal.objects.filter(code=standaard_kanaal_code(door)).first()
                or Kanaal.objects.filter(actief=True).first()
            )
            if kanaal is None:
                raise ValidationError(
                    _("This channel is no longer in use. Choose another channel.")
                )
            contactmoment = contactmoment_registreren(
                partij=partij,
                kanaal=kanaal,
                onderwerp=onderwerp,
                vraag=vraag,
                antwoord="",
                resultaat=Contactmoment.Resultaat.TERUGBELVERZOEK,
                door=door,
                tijdstip=nu,
                herkomst=herkomst,
                doel=_("Callback request during contact"),
            )
        else:
            # the contact was recorded first (the klantbeeld, KISS): it now waits for the call
            naar_terugbelverzoek(contactmoment_id=contactmoment.id)
        tbv = Terugbelverzoek.objects.create(
            partij=partij,
            contactmoment=contactmoment,
            onderwerp=onderwerp,
            vraag=vraag.strip(),
            telefoonnummer=e164,
            alternatief=alternatief,
            beste_tijd=beste_tijd,
            urgentie=urgentie,
            afdeling_gekozen=afdeling,
            deadline=deadline,
            aangemaakt=nu,
            aangemaakt_door=roles.medewerker_van(door),
        )
        if getattr(door, "is_authenticated", False):
            toegang_loggen(
                door=door,
                herkomst=herkomst,
                handeling=Toegangslog.Handeling.CONTACT_VASTGELEGD,
                partij=partij,
                object_type="terugbelverzoek",
                object_id=tbv.id,
                doel=_("Callback request during contact"),
            )
        if sleutel:
            eenmalig.vastleggen(sleutel, soort="terugbelverzoek", object_id=tbv.id)
        transaction.on_commit(lambda: routering_wekken(tbv.id))
    return tbv


def routering_wekken(tbv_id: int) -> None:
    """Sends the routing task through Redis. If Redis is away the request is still saved;
    the sweep (``nalopen``) sends it again after a minute."""
    wek("callbacks.tasks.routeren", tbv_id)


def terugbelverzoeken_routeren(tbv_id: int | None = None) -> list[int]:
    """Routes the request ``tbv_id`` and any other received ones (a batch of
    ``KCC_TERUGBEL_ROUTEER_PARTIJ``, default 200), each exactly
    once: rows are locked, rows another worker holds are skipped, routed ones are left alone.
    Returns the ids of the new notifications; the caller mails them after the commit."""
    if (
        tbv_id is not None
        and not Terugbelverzoek.objects.filter(pk=tbv_id, status=Status.ONTVANGEN).exists()
    ):
        return []  # routed already, by an earlier batch: the usual case under load
    with transaction.atomic():
        pending = Terugbelverzoek.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            status=Status.ONTVANGEN
        )
        rows = []
        if tbv_id is not None:
            rows = list(pending.filter(pk=tbv_id).select_related("onderwerp", "afdeling_gekozen"))
        rows += list(
            (pending.exclude(pk=tbv_id) if tbv_id is not None else pending)
            .order_by("aangemaakt")
            .select_related("onderwerp", "afdeling_gekozen")[: settings.KCC_TERUGBEL_ROUTEER_PARTIJ]
        )
        if not rows:
            return []
        nu = timezone.now()
        routes: dict[tuple, Route] = {}
        for tbv in rows:
            key = (tbv.onderwerp_id, tbv.afdeling_gekozen_id)
            if key not in routes:
                try:
                    routes[key] = route_voor(tbv.onderwerp, tbv.afdeling_gekozen)
                except ValidationError:
                    logger.error("Callback %s has no department to go to", tbv.id)
                    continue
            route = routes[key]
            tbv.afdeling, tbv.team = route.afdeling, route.team
            tbv.status, tbv.gerouteerd_op = Status.NIEUW, nu
        routed = [tbv for tbv in rows if tbv.status == Status.NIEUW]
        Terugbelverzoek.objects.bulk_update(routed, ["afdeling", "team", "status", "gerouteerd_op"])
        Melding.objects.bulk_create(
            [
                Melding(terugbelverzoek=tbv, soort=Melding.Soort.NIEUW, afdeling=tbv.afdeling)
                for tbv in routed
            ],
            ignore_conflicts=True,
        )
        return list(
            Melding.objects.filter(
                terugbelverzoek__in=routed, soort=Melding.Soort.NIEUW, gemaild_op__isnull=True
            ).values_list("id", flat=True)
        )


def terugbelverzoeken_escaleren(nu=None) -> list[int]:
    """Flags requests close to their deadline (escalation to the team lead) and past it
    (overdue). Each flag once. Returns the new notification ids."""
    nu = nu or timezone.now()
    # "close": the deadline is within the next N office hours.
    grens = termijnen.plus_kantoortijd(
        nu, timedelta(hours=settings.KCC_TERUGBEL_ESCALATIE_KANTOORUREN)
    )
    ids = []
    with transaction.atomic():
        bijna = list(
            Terugbelverzoek.objects.select_for_update(skip_locked=True).filter(
                status__in=OPEN, geescaleerd_op__isnull=True, deadline__lte=grens
            )[:500]
        )
        te_laat = list(
            Terugbelverzoek.objects.select_for_update(skip_locked=True).filter(
                status__in=OPEN, te_laat_gemeld_op__isnull=True, deadline__lte=nu
            )[:500]
        )
        for tbv in bijna:
            tbv.geescaleerd_op = nu
        for tbv in te_laat:
            tbv.te_laat_gemeld_op = nu
        Terugbelverzoek.objects.bulk_update(bijna, ["geescaleerd_op"])
        Terugbelverzoek.objects.bulk_update(te_laat, ["te_laat_gemeld_op"])
        nieuw = [
            Melding(terugbelverzoek=t, soort=soort, afdeling_id=t.afdeling_id)  # type: ignore[misc]
            for soort, rows in ((Melding.Soort.ESCALATIE, bijna), (Melding.Soort.TE_LAAT, te_laat))
            for t in rows
        ]
        Melding.objects.bulk_create(nieuw, ignore_conflicts=True)
        if nieuw:
            ids = list(
                Melding.objects.filter(
                    Q(terugbelverzoek__in=bijna, soort=Melding.Soort.ESCALATIE)
                    | Q(terugbelverzoek__in=te_laat, soort=Melding.Soort.TE_LAAT),
                    gemaild_op__isnull=True,
                ).values_list("id", flat=True)
            )
    return ids


# --- the back office -------------------------------------------------------------------------


class NietBeschikbaar(Exception):
    """The request was claimed by someone else, closed, or is not the user's to handle."""


def _eigen_afdeling(user) -> Medewerker:
    medewerker = roles.medewerker_van(user)
    if medewerker is None:
        raise NietBeschikbaar(_("You are not registered as a staff member of a department."))
    return medewerker


def terugbelverzoek_oppakken(*, door, tbv_id: int | None = None) -> Terugbelverzoek:
    """Claims one request of the door's department: ``tbv_id``, or else the one with the
    earliest deadline. Rows another colleague is claiming at this moment are skipped
    (``SKIP LOCKED``), so two people never get the same request."""
    medewerker = _eigen_afdeling(door)
    with transaction.atomic():
        qs = Terugbelverzoek.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            afdeling_id=medewerker.afdeling_id, status=Status.NIEUW
        )
        tbv = (qs.filter(pk=tbv_id) if tbv_id else qs.order_by("deadline", "id")).first()
        if tbv is None:
            if tbv_id:
                raise NietBeschikbaar(
                    _(
                        "A colleague has just claimed this request, or it is "
                        "closed. Choose another one."
                    )
                )
            raise NietBeschikbaar(_("There are no new requests to claim."))
        tbv.status, tbv.opgepakt_door, tbv.opgepakt_op = Status.OPGEPAKT, medewerker, timezone.now()
        tbv.save(update_fields=["status", "opgepakt_door", "opgepakt_op"])
    return tbv


def _eigen_lock(door, tbv_id) -> tuple[Medewerker, Terugbelverzoek]:
    medewerker = _eigen_afdeling(door)
    tbv = (
        Terugbelverzoek.objects.select_for_update(of=("self",))
        .select_related("partij", "onderwerp", "contactmoment")
        .filter(pk=tbv_id, afdeling_id=medewerker.afdeling_id)
        .first()
    )
    if tbv is None or tbv.status == Status.AFGEHANDELD:
        raise NietBeschikbaar(_("This request is closed or not for your department."))
    if tbv.opgepakt_door_id and tbv.opgepakt_door_id != medewerker.id:
        raise NietBeschikbaar(_("A colleague has claimed this request."))
    return medewerker, tbv


def _geen_belopdracht(tbv) -> None:
    """A campaign's call is recorded with the campaign's outcome codes (proactief), which
    also plan its next attempt: never closed as an ordinary callback."""
    if tbv.soort == Terugbelverzoek.Soort.PROACTIEF:
        raise ValidationError(
            _("This is a call of a campaign. Record how it went on the campaign's call page.")
        )


def _uitgaand_contact(tbv, *, door, vraag, antwoord, resultaat, herkomst=None):
    kanaal = Kanaal.objects.filter(code="telefoon", actief=True).first()
    if kanaal is None:
        kanaal = (
            tbv.contactmoment.kanaal
            if tbv.contactmoment_id
            else Kanaal.objects.filter(actief=True).first()
        )
    if kanaal is None:
        raise ValidationError(_("This channel is no longer in use. Choose another channel."))
    return contactmoment_registreren(
        partij=tbv.partij,
        kanaal=kanaal,
        onderwerp=tbv.onderwerp,
        vraag=vraag,
        antwoord=antwoord,
        resultaat=resultaat,
        door=door,
        richting=Contactmoment.Richting.UIT,
        vervolg_op=tbv.contactmoment if tbv.contactmoment_id else None,
        herkomst=herkomst,
    )


def poging_vastleggen(
    *,
    door,
    tbv_id: int,
    uitkomst: str,
    notitie: str = "",
    sleutel=None,
    herkomst: Herkomst | None = None,
) -> Belpoging:
    """Records a call attempt; it appears in the Nijmegenaar's timeline as an outgoing
    contact. Claims the request first when nobody has. The form's ``sleutel`` makes it once
    (a double click records one attempt)."""
    if uitkomst not in Belpoging.Uitkomst.values:
        raise ValidationError({"uitkomst": _("Choose how the call went.")})
    with transaction.atomic():
        if sleutel and (eerder := eenmalig.claimen(sleutel, door=door, soort="belpoging")):
            return Belpoging.objects.get(pk=eerder)
        medewerker, tbv = _eigen_lock(door, tbv_id)
        _geen_belopdracht(tbv)
        labels = dict(Belpoging.Uitkomst.choices)
        cm = _uitgaand_contact(
            tbv,
            door=door,
            vraag=_("Calling back about %(ref)s: %(uitkomst)s")
            % {"ref": tbv.referentie, "uitkomst": labels[uitkomst]},
            antwoord=notitie.strip(),
            resultaat=(
                Contactmoment.Resultaat.BEANTWOORD
                if uitkomst == Belpoging.Uitkomst.GESPROKEN
                else Contactmoment.Resultaat.NIET_BEREIKT
            ),
            herkomst=herkomst,
        )
        poging = Belpoging.objects.create(
            terugbelverzoek=tbv,
            tijdstip=cm.tijdstip,
            medewerker=medewerker,
            uitkomst=uitkomst,
            notitie=notitie.strip(),
            contactmoment=cm,
        )
        if tbv.opgepakt_door_id is None:
            tbv.opgepakt_door, tbv.opgepakt_op = medewerker, cm.tijdstip
        tbv.status = Status.IN_BEHANDELING
        tbv.save(update_fields=["status", "opgepakt_door", "opgepakt_op"])
        if sleutel:
            eenmalig.vastleggen(sleutel, soort="belpoging", object_id=poging.id)
    return poging


UITKOMST_RESULTAAT = {
    Terugbelverzoek.Uitkomst.AFGEHANDELD: Contactmoment.Resultaat.BEANTWOORD,
    Terugbelverzoek.Uitkomst.DOORGEZET: Contactmoment.Resultaat.DOORGEZET,
    Terugbelverzoek.Uitkomst.ZAAK_AANGEMAAKT: Contactmoment.Resultaat.ZAAK_AANGEMAAKT,
    Terugbelverzoek.Uitkomst.NIET_BEREIKT: Contactmoment.Resultaat.NIET_BEREIKT,
    Terugbelverzoek.Uitkomst.INGETROKKEN: Contactmoment.Resultaat.NIET_BEREIKT,
}


def terugbelverzoek_afsluiten(
    *,
    door,
    tbv_id: int,
    uitkomst: str,
    toelichting: str = "",
    herkomst: Herkomst | None = None,
) -> Terugbelverzoek:
    """Closes the request with an outcome; the outcome appears in the timeline."""
    if uitkomst not in Terugbelverzoek.Uitkomst.values or uitkomst == "ingetrokken":
        raise ValidationError({"uitkomst": _("Choose the outcome.")})
    if uitkomst != Terugbelverzoek.Uitkomst.AFGEHANDELD and not toelichting.strip():
        raise ValidationError(
            {
                "toelichting": _(
                    "Explain in a few words what happens next, so the next colleague knows."
                )
            }
        )
    with transaction.atomic():
        medewerker, tbv = _eigen_lock(door, tbv_id)
        _geen_belopdracht(tbv)
        label = dict(Terugbelverzoek.Uitkomst.choices)[uitkomst]
        _uitgaand_contact(
            tbv,
            door=door,
            vraag=_("Callback request %(ref)s closed: %(uitkomst)s")
            % {"ref": tbv.referentie, "uitkomst": label},
            antwoord=toelichting.strip(),
            resultaat=UITKOMST_RESULTAAT[Terugbelverzoek.Uitkomst(uitkomst)],
            herkomst=herkomst,
        )
        nu = timezone.now()
        tbv.status, tbv.uitkomst, tbv.toelichting = (
            Status.AFGEHANDELD,
            uitkomst,
            toelichting.strip(),
        )
        tbv.afgehandeld_op, tbv.afgehandeld_door = nu, medewerker
        if tbv.opgepakt_door_id is None:
            tbv.opgepakt_door, tbv.opgepakt_op = medewerker, nu
        tbv.save()
    return tbv


def terugbelverzoeken_toewijzen(*, door, tbv_ids: list[int], aan: Medewerker | None) -> int:
    """The team lead hands requests to a colleague of their department, or back to the queue
    (``aan`` None). Only open requests the team lead may see; returns how many changed."""
    if roles.TEAMLEIDER not in roles.role_names(door):
        raise NietBeschikbaar(_("Only a team lead can hand out requests."))
    with transaction.atomic():
        rows = list(
            Terugbelverzoek.objects.visible_to(door)
            .select_for_update(of=("self",))
            .filter(pk__in=tbv_ids[:500], status__in=OPEN, niveau__gte=Niveau.EXISTENCE)
        )
        if aan is not None and any(t.afdeling_id != aan.afdeling_id for t in rows):
            raise ValidationError(
                _("%(naam)s works in another department than (some of) these requests.")
                % {"naam": aan.naam}
            )
        nu = timezone.now()
        for tbv in rows:
            if aan is None:
                tbv.status, tbv.opgepakt_door, tbv.opgepakt_op = Status.NIEUW, None, None
            else:
                tbv.opgepakt_door, tbv.opgepakt_op = aan, nu
                if tbv.status == Status.NIEUW:
                    tbv.status = Status.OPGEPAKT
        Terugbelverzoek.objects.bulk_update(rows, ["status", "opgepakt_door", "opgepakt_op"])
    return len(rows)


def routeringsregel_voorstellen(*, onderwerp: Onderwerp, afdeling: Afdeling, team, termijn):
    """The catalogue's routing for a subject, where the functioneel beheerder has none yet
    (a rule kept in /beheer/ is never overwritten). Returns True when one was made."""
    _regel, nieuw = Routeringsregel.objects.get_or_create(
        onderwerp=onderwerp,
        defaults={"afdeling": afdeling, "team": team, "termijn_werkdagen": termijn},
    )
    return nieuw


def terugbelverzoeken_koppelen(*, contactmoment: Contactmoment, partij: Partij) -> int:
    """A contact that waited for its Nijmegenaar was linked: its callback request follows
    (in the caller's transaction). Returns how many moved."""
    return Terugbelverzoek.objects.filter(contactmoment=contactmoment, partij__isnull=True).update(
        partij=partij
    )


MAILEN = "callbacks.tasks.mailen"  # the task name (tasks imports this module)


def terugbelverzoek_doorsturen(*, door, tbv_id: int, afdeling: Afdeling, team=None):
    """Forwards an open request to another department (or a team of one): it lands in that
    queue as new, unclaimed, and that department's notification is mailed as for a new
    request (the one notification of the request moves with it). Only a request ``door`` sees
    in full. Returns the request."""
    if not afdeling.actief:
        raise ValidationError(_("This department no longer takes callback requests."))
    if team is not None and team.afdeling_id != afdeling.id:
        raise ValidationError(_("This team is not of that department."))
    with transaction.atomic():
        tbv = (
            Terugbelverzoek.objects.visible_to(door)
            .select_for_update(of=("self",))
            .filter(pk=tbv_id, niveau=Niveau.FULL, status__in=OPEN)
            .first()
        )
        if tbv is None:
            raise NietBeschikbaar(_("This request is closed or not yours to forward."))
        if (tbv.afdeling_id, tbv.team_id) == (afdeling.id, team.id if team else None):
            return tbv
        tbv.afdeling = tbv.afdeling_gekozen = afdeling
        tbv.team = team
        tbv.status, tbv.opgepakt_door, tbv.opgepakt_op = Status.NIEUW, None, None
        tbv.save(
            update_fields=[
                "afdeling",
                "afdeling_gekozen",
                "team",
                "status",
                "opgepakt_door",
                "opgepakt_op",
            ]
        )
        Melding.objects.filter(terugbelverzoek=tbv, soort=Melding.Soort.NIEUW).update(
            afdeling=afdeling, gemaild_op=None, aan="", pogingen=0
        )
        melding_ids = list(
            Melding.objects.filter(terugbelverzoek=tbv, soort=Melding.Soort.NIEUW).values_list(
                "id", flat=True
            )
        )
        if melding_ids:
            transaction.on_commit(lambda: broker.in_wachtrij_zetten(MAILEN, melding_ids))
    return tbv


def terugbelverzoek_heropenen(*, door, tbv_id: int):
    """A closed request opened again (ITA's "heropenen"): back in its department's queue, in
    the hands of whoever had it. The outcome it was closed with stays in the Nijmegenaar's
    timeline as the contact it made. Returns the request."""
    with transaction.atomic():
        tbv = (
            Terugbelverzoek.objects.visible_to(door)
            .select_for_update(of=("self",))
            .filter(pk=tbv_id, niveau=Niveau.FULL)
            .first()
        )
        if tbv is None:
            raise NietBeschikbaar(_("This request is not yours to open again."))
        if tbv.status != Status.AFGEHANDELD:
            return tbv
        tbv.status = Status.OPGEPAKT if tbv.opgepakt_door_id else Status.NIEUW
        tbv.uitkomst, tbv.toelichting = "", ""
        tbv.afgehandeld_op = tbv.afgehandeld_door = None
        tbv.save(
            update_fields=[
                "status",
                "uitkomst",
                "toelichting",
                "afgehandeld_op",
                "afgehandeld_door",
            ]
        )
    return tbv


# --- calls of a campaign (proactief) -------------------------------------------------------


def belopdracht_aanmaken(
    *,
    partij: Partij,
    onderwerp: Onderwerp,
    vraag: str,
    telefoonnummer: str,
    afdeling: Afdeling,
    team: Team | None,
    deadline,
    contactmoment: Contactmoment | None = None,
    nu=None,
) -> Terugbelverzoek:
    """A call the municipality starts (a campaign's phone step): a work item in the
    department's queue like a callback request, already routed (the campaign names the team
    and the due date), so it is claimed, attempted and overseen the same way. No incoming
    contact is recorded: nobody asked; the attempts are the contacts. Runs in the caller's
    transaction."""
    e164 = normalise.parse_phone(telefoonnummer or "")
    if e164 is None:
        raise ValidationError({"telefoonnummer": _("This phone number is not right.")})
    nu = nu or timezone.now()
    with transaction.atomic(savepoint=False):
        return Terugbelverzoek.objects.create(
            soort=Terugbelverzoek.Soort.PROACTIEF,
            partij=partij,
            contactmoment=contactmoment,
            onderwerp=onderwerp,
            vraag=vraag.strip(),
            telefoonnummer=e164,
            afdeling=afdeling,
            team=team,
            status=Status.NIEUW,
            deadline=deadline,
            aangemaakt=nu,
            gerouteerd_op=nu,
        )


def belopdracht_intrekken(*, tbv_id: int, toelichting: str) -> bool:
    """Closes an open campaign call that must not be made any more (the person opted out,
    the campaign stopped). No contact is recorded: nobody was called. Returns whether it was
    still open. Runs in the caller's transaction; the row lock makes it wait for an agent
    who is recording an attempt on it at this moment."""
    with transaction.atomic(savepoint=False):
        tbv = (
            Terugbelverzoek.objects.select_for_update(of=("self",))
            .filter(pk=tbv_id, soort=Terugbelverzoek.Soort.PROACTIEF)
            .exclude(status=Status.AFGEHANDELD)
            .first()
        )
        if tbv is None:
            return False
        tbv.status, tbv.uitkomst = Status.AFGEHANDELD, Terugbelverzoek.Uitkomst.INGETROKKEN
        tbv.toelichting, tbv.afgehandeld_op = toelichting, timezone.now()
        tbv.save(update_fields=["status", "uitkomst", "toelichting", "afgehandeld_op"])
    return True


def belopdracht_afsluiten(
    *,
    door,
    tbv_id: int,
    gesproken: bool,
    verslag: str,
    toelichting: str,
    herkomst: Herkomst | None = None,
) -> tuple[Terugbelverzoek, Contactmoment]:
    """Records one attempt of a campaign call and closes the work item: each attempt is a
    work item of its own (the campaign's ladder makes the next one). The attempt is the
    outgoing contact moment, in the same klantreis as the campaign's earlier contacts.
    Runs in the caller's transaction, so the campaign's outcome commits with it."""
    with transaction.atomic(savepoint=False):
        medewerker, tbv = _eigen_lock(door, tbv_id)
        cm = _uitgaand_contact(
            tbv,
            door=door,
            vraag=tbv.vraag,
            antwoord=verslag.strip(),
            resultaat=(
                Contactmoment.Resultaat.BEANTWOORD
                if gesproken
                else Contactmoment.Resultaat.NIET_BEREIKT
            ),
            herkomst=herkomst,
        )
        Belpoging.objects.create(
            terugbelverzoek=tbv,
            tijdstip=cm.tijdstip,
            medewerker=medewerker,
            uitkomst=Belpoging.Uitkomst.GESPROKEN if gesproken else Belpoging.Uitkomst.GEEN_GEHOOR,
            notitie=verslag.strip(),
            contactmoment=cm,
        )
        nu = timezone.now()
        tbv.status = Status.AFGEHANDELD
        tbv.uitkomst = (
            Terugbelverzoek.Uitkomst.AFGEHANDELD
            if gesproken
            else Terugbelverzoek.Uitkomst.NIET_BEREIKT
        )
        tbv.toelichting = toelichting
        tbv.afgehandeld_op, tbv.afgehandeld_door = nu, medewerker
        if tbv.opgepakt_door_id is None:
            tbv.opgepakt_door, tbv.opgepakt_op = medewerker, nu
        tbv.save()
    return tbv, cm
