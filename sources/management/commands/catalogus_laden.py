"""``manage.py catalogus_laden [--bestand FILE]``: the reference catalogue, for production.

Thin: ``sources.catalogus`` does the work; this command says what it did.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.catalogus import STANDAARD, CatalogusFout, catalogus_laden


class Command(BaseCommand):
    help = (
        "Loads the reference catalogue (domeinen, afdelingen, kanalen, onderwerpen, zaaktypen, "
        "default visibility, routing) from a TOML file; idempotent, keeps edited rules."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bestand", type=Path, default=STANDAARD, help=f"the file (default {STANDAARD.name})"
        )

    def handle(self, *args, **options):
        try:
            resultaat = catalogus_laden(options["bestand"])
        except CatalogusFout as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Catalogus versie {resultaat.versie}: {resultaat.bijgewerkt} onderdelen bijgewerkt, "
            f"{resultaat.regels} nieuwe zichtbaarheids- en routeringsregels."
        )
