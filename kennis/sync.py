"""A source synchronised into the local index, in named steps: read everything the source
has (``sources.kennisbronnen``), store each item through ``kennis.services``, remove what the
source no longer has. A source that cannot be read keeps its last good copy; the error is
kept on the source (and shown on the health page)."""

import logging
import os
from dataclasses import dataclass

from sources import kennisbronnen

from . import services
from .models import Bron

logger = logging.getLogger(__name__)


@dataclass
class Uitkomst:
    bron: str
    gelukt: bool
    nieuw: int = 0
    bijgewerkt: int = 0
    verwijderd: int = 0
    overgeslagen: dict | None = None
    fout: str = ""


def _lezen(bron: Bron) -> kennisbronnen.Oogst:
    token = os.environ.get(bron.token_variabele, "") if bron.token_variabele else ""
    if bron.soort == Bron.Soort.SITEMAP:
        lezer = kennisbronnen.Lezer(_site(bron.url), token)
        return kennisbronnen.sitemap_lezen(lezer, bron.url)
    lezer = kennisbronnen.Lezer(bron.url, token)
    if bron.soort == Bron.Soort.SDG:
        return kennisbronnen.sdg_lezen(lezer)
    soort = "vac" if bron.soort == Bron.Soort.OBJECTS_VAC else "kennisartikel"
    return kennisbronnen.objects_lezen(lezer, bron.objecttype, soort)


def _site(sitemap_url: str) -> str:
    """The site a sitemap is of: its pages must lie under the sitemap's folder."""
    return sitemap_url.rsplit("/", 1)[0]


def _opslaan(bron: Bron, oogst: kennisbronnen.Oogst) -> Uitkomst:
    uitkomst = Uitkomst(bron.code, True, overgeslagen=oogst.overgeslagen)
    for gegevens in oogst.items:
        _item, nieuw = services.item_opslaan(bron, gegevens)
        if nieuw:
            uitkomst.nieuw += 1
        else:
            uitkomst.bijgewerkt += 1
    uitkomst.verwijderd = services.items_opruimen(bron, {g.bron_id for g in oogst.items})
    return uitkomst


def bron_synchroniseren(bron: Bron) -> Uitkomst:
    if bron.soort == Bron.Soort.LOKAAL:
        return Uitkomst(bron.code, True)  # written here: nothing to read
    try:
        oogst = _lezen(bron)
    except kennisbronnen.KennisbronFout as e:
        services.bron_mislukt(bron, str(e))
        logger.warning("kennis.bron_onbereikbaar", extra={"bron": bron.code, "fout": str(e)})
        return Uitkomst(bron.code, False, fout=str(e))
    uitkomst = _opslaan(bron, oogst)
    services.bron_gelukt(bron)
    logger.info(
        "kennis.bron_gesynchroniseerd",
        extra={"bron": bron.code, "nieuw": uitkomst.nieuw, "verwijderd": uitkomst.verwijderd},
    )
    return uitkomst


def alles_synchroniseren() -> list[Uitkomst]:
    return [bron_synchroniseren(b) for b in Bron.objects.filter(actief=True).order_by("id")]
