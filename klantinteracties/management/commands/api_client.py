"""Makes an API client from the command line (for a deployment script, or the demo):

    manage.py api_client KISS --rol KCC-medewerker
    manage.py api_client ITA-WMO --rol Backoffice-medewerker --afdeling wmo
    manage.py api_client "Mijn Nijmegen" --portaal

prints the token once. In demo mode only, ``--demo-token`` gives the client a known token
(and sets it again when the client is there already), so ``./kcc run`` can print it."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from klantinteracties.clients import client_aanmaken, token_zetten
from klantinteracties.models import ApiClient
from permissions.models import Afdeling


class Command(BaseCommand):
    help = "Makes an API client for the Klantinteracties API and prints its token once."

    def add_arguments(self, parser):
        parser.add_argument("naam")
        parser.add_argument("--rol", default="")
        parser.add_argument("--afdeling", default="", help="department code")
        parser.add_argument("--portaal", action="store_true")
        parser.add_argument("--demo-token", default="", help="demo mode only: a known token")

    def handle(self, naam, rol, afdeling, portaal, demo_token, **options):
        if demo_token and not settings.DEMO_MODE:
            raise CommandError("Een bekend token kan alleen in de demo (KCC_DEMO=1).")
        bestaand = ApiClient.objects.filter(naam=naam).first()
        if bestaand is not None:
            if not demo_token:
                raise CommandError(f"Er is al een API-client met de naam {naam}.")
            token_zetten(bestaand, demo_token)
            self.stdout.write(demo_token)
            return
        groep = Group.objects.filter(name=rol).first() if rol else None
        if not portaal and groep is None:
            raise CommandError("Geef met --rol een bestaande rol, bijvoorbeeld KCC-medewerker.")
        afd = Afdeling.objects.filter(code=afdeling).first() if afdeling else None
        if afdeling and afd is None:
            raise CommandError(f"Er is geen afdeling met de code {afdeling}.")
        soort = ApiClient.Soort.PORTAAL if portaal else ApiClient.Soort.SYSTEEM
        client, token = client_aanmaken(naam=naam, rol=groep, afdeling=afd, soort=soort)
        if demo_token:
            token_zetten(client, demo_token)
            token = demo_token
        self.stdout.write(token)
