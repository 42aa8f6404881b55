"""A campaign's life: prepared by its owner, approved by a second person, then active,
finished and at its retention date cleaned up (concept → goedgekeurd → actief → afgerond →
opgeschoond)."""

import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from contacts.services import onderwerp_bijwerken
from permissions import policy
from permissions.services import domein_bijwerken

from .. import teksten
from ..models import Campagne

Status = Campagne.Status
TEKSTVELDEN = {"brief": "brieftekst", "email": "emailtekst", "sms": "smstekst"}
BEWERKBAAR = [
    "titel", "regeling", "grondslag", "vorm", "gegevenscategorieen", "bewaren_tot", "dpia",
    "team", "ladder", "dagen_per_stap", "belscript", "brieftekst", "emailtekst", "smstekst",
]  # fmt: skip


def _teksten_controleren(campagne: Campagne) -> None:
    fouten: dict = {}
    for soort, veld in TEKSTVELDEN.items():
        tekst = getattr(campagne, veld)
        if soort in campagne.ladder and not tekst.strip():
            fouten[veld] = _("The attempts include this kind of message: write its text.")
            continue
        if tekst.strip():
            try:
                teksten.controleren(tekst, veld)
            except ValidationError as e:
                fouten.update(e.message_dict)
    if not campagne.ladder:
        fouten["ladder"] = _("Give at least one attempt, such as a phone call.")
    if fouten:
        raise ValidationError(fouten)


def campagne_opslaan(*, door, velden: dict, campagne_id: int | None = None) -> Campagne:
    """Creates or changes a campaign while it is a draft; its subject (the campaign's title,
    in the domein of proactive contacts) comes along. Changing an approved campaign sends it
    back to draft: the second person approves what is sent, not an earlier version."""
    with transaction.atomic():
        if campagne_id is None:
            campagne = Campagne(eigenaar=door)
        else:
            campagne = Campagne.objects.select_for_update().get(pk=campagne_id)
            if campagne.status not in (Status.CONCEPT, Status.GOEDGEKEURD):
                raise ValidationError(_("An active or finished campaign can no longer be changed."))
        for veld in BEWERKBAAR:
            if veld in velden:
                setattr(campagne, veld, velden[veld])
        _teksten_controleren(campagne)
        domein = domein_bijwerken(code=policy.PROACTIEF, naam="Proactieve dienstverlening")
        code = f"campagne-{slugify(campagne.titel)[:40]}"
        if campagne.onderwerp_id and campagne.onderwerp.code.startswith("campagne-"):
            code = campagne.onderwerp.code
        campagne.onderwerp = onderwerp_bijwerken(code=code, naam=campagne.titel, domein=domein)
        campagne.status, campagne.goedgekeurd_door, campagne.goedgekeurd_op = (
            Status.CONCEPT,
            None,
            None,
        )
        campagne.full_clean(exclude=["eigenaar", "onderwerp"])
        campagne.save()
    return campagne


def campagne_goedkeuren(*, door, campagne_id: int) -> Campagne:
    """The second person's approval: never the owner (the database holds that too)."""
    with transaction.atomic():
        campagne = Campagne.objects.select_for_update().get(pk=campagne_id)
        if campagne.status != Status.CONCEPT:
            raise ValidationError(_("Only a draft campaign can be approved."))
        if campagne.eigenaar_id == door.id:
            raise ValidationError(_("You prepared this campaign. A second person must approve it."))
        if not door.has_perm("proactief.goedkeuren_campagne"):
            raise ValidationError(_("You may not approve campaigns."))
        campagne.status, campagne.goedgekeurd_door = Status.GOEDGEKEURD, door
        campagne.goedgekeurd_op = timezone.now()
        campagne.save(update_fields=["status", "goedgekeurd_door", "goedgekeurd_op"])
    return campagne


def campagne_activeren(*, door, campagne_id: int) -> Campagne:
    """Starts the campaign. Refused, saying why, without the data categories, a retention
    date in the future or a second person's approval."""
    with transaction.atomic():
        campagne = Campagne.objects.select_for_update().get(pk=campagne_id)
        redenen = []
        if not campagne.gegevenscategorieen:
            redenen.append(_("name the categories of personal data the campaign uses"))
        if not campagne.bewaren_tot or campagne.bewaren_tot <= timezone.localdate():
            redenen.append(_("set a retention date in the future"))
        if campagne.status != Status.GOEDGEKEURD or not campagne.goedgekeurd_door_id:
            redenen.append(_("let a second person approve the campaign"))
        if redenen:
            raise ValidationError(
                _("The campaign cannot start yet: %(redenen)s.") % {"redenen": "; ".join(redenen)}
            )
        campagne.status = Status.ACTIEF
        campagne.save(update_fields=["status"])
    return campagne


def api_sleutel_maken(*, door, campagne_id: int) -> str:
    """A new key for the regeling's own system to send lists with; an earlier key stops
    working. Only the owner; the key is returned once and only its hash is kept."""
    with transaction.atomic():
        campagne = Campagne.objects.select_for_update().get(pk=campagne_id)
        if campagne.eigenaar_id != door.id:
            raise ValidationError(_("Only the owner of the campaign can make its key."))
        sleutel = secrets.token_urlsafe(32)
        campagne.api_sleutel_hash = hashlib.sha256(sleutel.encode()).hexdigest()
        campagne.save(update_fields=["api_sleutel_hash"])
    return sleutel


def campagne_bij_sleutel(campagne_id: int, sleutel: str) -> Campagne | None:
    """The campaign whose key this is (compared in constant time), or None."""
    campagne = Campagne.objects.select_related("eigenaar").filter(pk=campagne_id).first()
    if campagne is None or not campagne.api_sleutel_hash or not sleutel:
        return None
    gegeven = hashlib.sha256(sleutel.encode()).hexdigest()
    return campagne if hmac.compare_digest(gegeven, campagne.api_sleutel_hash) else None
