"""Makes an API client from the command line (for a deployment script, or the demo):

    manage.py api_client KISS --rol KCC-medewerker
    manage.py api_client ITA-WMO --rol Backoffice-medewerker --afdeling wmo
    manage.py api_client "Mijn Nijmegen" --portaal

prints the token once."""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from klantinteracties.clients import client_aanmaken
from klantinteracties.models import ApiClient
from permissions.models import Afdeling


class Command(BaseCommand):
    help = "Makes an API client for the Klantinteracties API and prints its token once."

    def add_arguments(self, parser):
        parser.add_argument("naam")
        parser.add_argument("--rol", default="")
        parser.add_argument("--afdeling", default="", help="department code")
        parser.add_argument("--portaal", action="store_true")

    def handle(self, naam, rol, afdeling, portaal, **options):
        if ApiClient.objects.filter(naam=naam).exists():
            raise CommandError(f"Er is al een API-client met de naam {naam}.")
        groep = Group.objects.filter(name=rol).first() if rol else None
        if not portaal and groep is None:
            raise CommandError("Geef met --rol een bestaande rol, bijvoorbeeld KCC-medewerker.")
        afd = Afdeling.objects.filter(code=afdeling).first() if afdeling else None
        if afdeling and afd is None:
            raise CommandError(f"Er is geen afdeling met de code {afdeling}.")
        soort = ApiClient.Soort.PORTAAL if portaal else ApiClient.Soort.SYSTEEM
        _, token = client_aanmaken(naam=naam, rol=groep, afdeling=afd, soort=soort)
        self.stdout.write(token)
