"""``manage.py campagne_demo``: the demo's proactive campaign in progress (demo.campagne).
Needs the BRP and NotifyNL (the stubs of ``./kcc run``); a second run changes nothing."""

from django.core.management.base import BaseCommand

from demo.campagne import campagne_laden
from demo.leren import leren_laden


class Command(BaseCommand):
    help = "Loads a proactive campaign in progress and a month of the learning loop (demo)."

    def handle(self, *args, **options):
        if leren_laden():
            self.stdout.write("Demo satisfaction answers, complaints and signals loaded.")
        campagne = campagne_laden()
        if campagne is None:
            self.stdout.write("The demo campaign is there already.")
        else:
            self.stdout.write(f"Demo campaign '{campagne.titel}' loaded.")
