"""A partner that may send klantsignalen, with its key (shown once):
``manage.py signaalpartner "Stip Oost" --afdeling publiekszaken``. Again for the same name:
a new key, the old one stops working."""

from django.core.management.base import BaseCommand, CommandError

from leren import signalen
from permissions.models import Afdeling


class Command(BaseCommand):
    help = "Maak een partner die klantsignalen mag sturen, met een nieuwe sleutel."

    def add_arguments(self, parser):
        parser.add_argument("naam")
        parser.add_argument("--afdeling", required=True, help="code van de afdeling")

    def handle(self, *args, naam, afdeling, **options):
        gevonden = Afdeling.objects.filter(code=afdeling, actief=True).first()
        if gevonden is None:
            raise CommandError(f"Er is geen actieve afdeling met code {afdeling}.")
        partner, sleutel = signalen.partner_aanmaken(naam=naam, afdeling=gevonden)
        self.stdout.write(f"Sleutel voor {partner.naam} (bewaar hem; hij wordt niet meer getoond):")
        self.stdout.write(sleutel)
