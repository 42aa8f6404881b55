"""The small catalogues every page needs (channels, subjects with their domein, departments),
kept in each process and reloaded when the functioneel beheerder changes one.

Every request checks one version number in the shared cache (Redis); a save or delete of a
channel, subject, domein or department sets a new version (signals below), so all processes
reload on their next request. Without the cache the catalogues come from the database.
"""

import logging
import uuid
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from permissions.models import Afdeling, Domein

from .models import Kanaal, Onderwerp

logger = logging.getLogger(__name__)
VERSIE_KEY = "catalogus:versie"


@dataclass(frozen=True)
class Catalogus:
    kanalen: dict  # id → Kanaal
    onderwerpen: dict  # id → Onderwerp (with domein)
    afdelingen: dict  # id → naam

    def actieve_kanalen(self):
        return self._actieve_kanalen

    def actieve_onderwerpen(self):
        return self._actieve_onderwerpen

    # the same tuple object until the catalogue changes (``onderwerpen_opties`` keys on it)
    @cached_property
    def _actieve_kanalen(self):
        return tuple(k for k in self.kanalen.values() if k.actief)

    @cached_property
    def _actieve_onderwerpen(self):
        return tuple(o for o in self.onderwerpen.values() if o.actief)


_geheugen: dict = {"versie": None, "catalogus": None}


def _laden() -> Catalogus:

    return Catalogus(
        kanalen={k.id: k for k in Kanaal.objects.all()},
        onderwerpen={o.id: o for o in Onderwerp.objects.select_related("domein")},
        afdelingen=dict(Afdeling.objects.values_list("id", "naam")),
    )


def catalogus() -> Catalogus:
    try:
        versie = cache.get(VERSIE_KEY)
        if versie is None:
            versie = uuid.uuid4().hex
            cache.add(VERSIE_KEY, versie, None)
            versie = cache.get(VERSIE_KEY) or versie
    except Exception:  # the cache is away: read from the database, every time
        logger.warning("Cache unavailable; catalogues read from the database", exc_info=True)
        return _laden()
    if _geheugen["versie"] != versie:
        _geheugen["catalogus"] = _laden()
        _geheugen["versie"] = versie
    return _geheugen["catalogus"]


def catalogus_voor(rijen) -> Catalogus:
    """The catalogue that knows every channel, subject and department the rows (dicts with
    ``kanaal_id``, ``onderwerp_id`` and optionally ``afdeling_id``) refer to: reloaded once when
    a row names an entry this process has not seen yet (made in another process a moment ago)."""
    cat = catalogus()
    if any(
        r["kanaal_id"] not in cat.kanalen
        or r["onderwerp_id"] not in cat.onderwerpen
        or (r.get("afdeling_id") and r["afdeling_id"] not in cat.afdelingen)
        for r in rijen
    ):
        vernieuwen()
        cat = catalogus()
    return cat


def vernieuwen(**_kwargs):
    """Signal receiver: the catalogue changed; every process reloads it."""
    try:
        cache.set(VERSIE_KEY, uuid.uuid4().hex, None)
    except Exception:
        logger.warning("Could not mark the catalogues as changed", exc_info=True)
    _geheugen["versie"] = None


def connect_signals():

    for model in (Kanaal, Onderwerp, Domein, Afdeling):
        post_save.connect(vernieuwen, sender=model, dispatch_uid=f"catalogus-{model.__name__}")
        post_delete.connect(
            vernieuwen, sender=model, dispatch_uid=f"catalogus-del-{model.__name__}"
        )
