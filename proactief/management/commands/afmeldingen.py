"""``manage.py afmeldingen exporteren [bestand]`` / ``afmeldingen importeren <bestand>``:
the opt-out register as CSV (``bsn,reikwijdte,regeling,datum,kanaal,bron``; UTF-8, comma),
to hand it to another register or to take one in. Thin: the services do the work."""

import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from core import csvveilig
from proactief import services


class Command(BaseCommand):
    help = "Exports or imports the opt-out register for proactive contact (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("actie", choices=["exporteren", "importeren"])
        parser.add_argument("bestand", nargs="?", default="-")
        parser.add_argument("--bron", default="import", choices=["import", "webformulier", "brief"])

    def handle(self, *args, **opties):
        if opties["actie"] == "exporteren":
            self._exporteren(opties["bestand"])
        else:
            self._importeren(opties["bestand"], opties["bron"])

    def _exporteren(self, bestand):
        uit = sys.stdout if bestand == "-" else open(bestand, "w", newline="", encoding="utf-8")  # noqa: SIM115
        try:
            schrijver = csvveilig.schrijver(uit)
            schrijver.writerow(services.AFMELDING_KOLOMMEN)
            schrijver.writerows(services.afmeldingen_rijen())
        finally:
            if uit is not sys.stdout:
                uit.close()

    def _importeren(self, bestand, bron):
        if bestand == "-":
            raise CommandError("Geef het bestand om in te lezen.")
        with open(bestand, newline="", encoding="utf-8-sig") as f:
            opgenomen, geweigerd = services.afmeldingen_importeren(csv.DictReader(f), bron=bron)
        for fout in geweigerd:
            self.stderr.write(f"rij {fout['rij']}: {fout['reden']}")
        self.stdout.write(f"{opgenomen} afmeldingen opgenomen, {len(geweigerd)} geweigerd.")
