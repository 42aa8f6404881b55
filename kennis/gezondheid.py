"""The knowledge sources on the health page: a source that could not be read keeps its last
good copy, searchable, and this says since when."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.datums import datum

from .selectors import bron_status


def bronnen() -> list[tuple[str, bool, str]]:
    rijen = []
    for b in bron_status():
        if b["soort"] == "lokaal":
            continue
        naam = _("Knowledge source %(naam)s") % {"naam": b["naam"]}
        laatst = (
            datum(timezone.localtime(b["laatst_gelukt"]), "j M Y H:i")
            if b["laatst_gelukt"]
            else _("never")
        )
        if b["fout"]:
            detail = _(
                "Not reachable (%(fout)s). The copy of %(laatst)s is used: %(aantal)s items."
            ) % {"fout": b["fout"], "laatst": laatst, "aantal": b["aantal"]}
            rijen.append((naam, False, detail))
        else:
            detail = _("Synchronised %(laatst)s: %(aantal)s items.") % {
                "laatst": laatst,
                "aantal": b["aantal"],
            }
            rijen.append((naam, True, detail))
    return rijen
