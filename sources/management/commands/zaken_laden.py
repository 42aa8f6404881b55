from django.core.management.base import BaseCommand, CommandError

from sources import zgw


class Command(BaseCommand):
    help = (
        "Loads every zaak from the Zaken API into the read model (KCC_ZAKEN_URL). Resumable: "
        "after a crash it goes on at the page it stopped at; --opnieuw starts over."
    )

    def add_arguments(self, parser):
        parser.add_argument("--opnieuw", action="store_true", help="start from page 1")

    def handle(self, *args, opnieuw=False, **options):
        if not zgw.ingesteld():
            raise CommandError("Er is geen zaaksysteem ingesteld (KCC_ZAKEN_URL).")
        try:
            sync = zgw.zaken_laden(opnieuw=opnieuw)
        except zgw.ZgwFout as e:
            raise CommandError(
                f"Het zaaksysteem gaf geen antwoord ({e.reden}). Start het commando opnieuw: "
                "het gaat verder waar het bleef."
            ) from None
        overgeslagen = ", ".join(f"{n} × {r}" for r, n in sync.overgeslagen.items()) or "geen"
        self.stdout.write(f"{sync.verwerkt} zaken gelezen; overgeslagen: {overgeslagen}.")
