from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sources import zgw


class Command(BaseCommand):
    help = (
        "Registers the KCC's webhook for the 'zaken' channel at the Notificaties API "
        "(KCC_NOTIFICATIES_URL), with KCC_NOTIFICATIES_TOKEN as the secret it sends back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--callback",
            default="",
            help="the webhook's URL (default: KCC_BASIS_URL + zgw/notificaties/)",
        )

    def handle(self, *args, callback="", **options):
        if not settings.KCC_NOTIFICATIES_URL or not settings.KCC_NOTIFICATIES_TOKEN:
            raise CommandError("Stel KCC_NOTIFICATIES_URL en KCC_NOTIFICATIES_TOKEN in.")
        callback = callback or settings.KCC_BASIS_URL.rstrip("/") + "/zgw/notificaties/"
        try:
            abonnement = zgw.abonneren(callback)
        except zgw.ZgwFout as e:
            raise CommandError(
                f"De Notificaties API nam het abonnement niet aan ({e.reden})."
            ) from None
        self.stdout.write(f"Abonnement geregistreerd: {abonnement.get('url', '')} → {callback}")
