"""The retention date: candidates and their signals go, the counts stay."""

import dataclasses

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from permissions.accesslog import bewaartermijn_loggen

from .. import selectors
from ..models import Campagne, Kandidaat
from .benaderen import alles_annuleren


def opschonen(vandaag=None) -> int:
    """Every campaign past its retention date: what waited is cancelled, the report's
    counts are kept on the campaign, the candidates (signals, values, attempts) removed.
    Contacts in the klantbeeld follow their own retention. Returns the campaigns done."""
    vandaag = vandaag or timezone.localdate()
    ids = list(
        Campagne.objects.filter(bewaren_tot__lt=vandaag)
        .exclude(status__in=[Campagne.Status.OPGESCHOOND, Campagne.Status.CONCEPT])
        .values_list("id", flat=True)
    )
    for campagne_id in ids:
        _een_opschonen(campagne_id)
    return len(ids)


def _een_opschonen(campagne_id: int) -> None:
    with transaction.atomic():
        campagne = Campagne.objects.select_for_update().get(pk=campagne_id)
        alles_annuleren(campagne, reden=_("retention date passed"))
        tellingen = dataclasses.asdict(selectors.rapport(campagne))
        tellingen.pop("bewaren_tot", None)
        aantal, _per_model = Kandidaat.objects.filter(campagne=campagne).delete()
        campagne.tellingen = tellingen
        campagne.status = Campagne.Status.OPGESCHOOND
        campagne.opgeschoond_op = timezone.now()
        campagne.save(update_fields=["tellingen", "status", "opgeschoond_op"])
        bewaartermijn_loggen(
            doel=_("Campaign %(titel)s: retention date") % {"titel": campagne.titel},
            object_type="kandidaat",
            aantal=aantal,
        )
