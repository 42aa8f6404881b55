"""The reconciliation import: what the live webhook missed, from the platform's report export
(CSV with a header: ``call_id,event,ts,queue,agent,caller[,to,state,cause]``, the same names
as the live events). Idempotent with the live events and with itself: an event that is
there already is not added again.

    manage.py telefonie_importeren export-2026-11-30.csv
"""

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sources import telefonie
from sources.models import Telefoniegebeurtenis

PARTIJ = 2000


class Command(BaseCommand):
    help = "Imports telephony events from a CSV export (idempotent with the live events)."

    def add_arguments(self, parser):
        parser.add_argument("bestand")

    def handle(self, bestand, **options):
        pad = Path(bestand)
        if not pad.is_file():
            raise CommandError(f"Het bestand {pad} bestaat niet.")
        ontvangen = nieuw = 0
        with pad.open(newline="", encoding="utf-8-sig") as f:
            lezer = csv.DictReader(f)
            if not lezer.fieldnames or not {"call_id", "event", "ts"} <= set(lezer.fieldnames):
                raise CommandError("De eerste regel moet de kolommen noemen: call_id,event,ts,…")
            partij = []
            for nr, rij in enumerate(lezer, start=2):
                try:
                    partij.append(telefonie.lezen({k: v for k, v in rij.items() if v}, nr))
                except ValidationError as exc:
                    raise CommandError(
                        f"Regel {nr}: {' '.join(exc.messages)} Er is niets ingelezen."
                    ) from None
                if len(partij) == PARTIJ:
                    ontvangen, nieuw = self._opslaan(partij, ontvangen, nieuw)
                    partij = []
            ontvangen, nieuw = self._opslaan(partij, ontvangen, nieuw)
        self.stdout.write(f"{ontvangen} gebeurtenissen gelezen, {nieuw} nieuw.")

    def _opslaan(self, partij, ontvangen, nieuw):
        if not partij:
            return ontvangen, nieuw
        uitkomst = telefonie.opslaan(partij, bron=Telefoniegebeurtenis.Bron.IMPORT, pop_up=False)
        return ontvangen + uitkomst.ontvangen, nieuw + uitkomst.nieuw
