"""The knowledge sources of one set-up, made or brought up to date, and synchronised once:

    manage.py kennisbronnen --objects https://objecten.nijmegen.nl/api/v2 \\
        --vac-type https://objecttypen.nijmegen.nl/api/v2/objecttypes/<uuid> \\
        --artikel-type https://objecttypen.nijmegen.nl/api/v2/objecttypes/<uuid> \\
        --token-variabele KCC_OBJECTS_TOKEN --sdg https://sdg.nijmegen.nl \\
        --sitemap https://www.nijmegen.nl/sitemap.xml

Every option may be left out; the sources stay editable in /beheer/ (Kennisbronnen)."""

from django.core.management.base import BaseCommand

from kennis import sync
from kennis.models import Bron


class Command(BaseCommand):
    help = "Stel de kennisbronnen in en synchroniseer ze één keer."

    def add_arguments(self, parser):
        parser.add_argument("--objects", default="")
        parser.add_argument("--vac-type", default="")
        parser.add_argument("--artikel-type", default="")
        parser.add_argument("--token-variabele", default="")
        parser.add_argument("--sdg", default="")
        parser.add_argument("--sitemap", default="")

    def handle(self, *args, **o):
        bronnen = []
        if o["objects"] and o["vac_type"]:
            bronnen.append(("vac", "VAC", Bron.Soort.OBJECTS_VAC, o["objects"], o["vac_type"]))
        if o["objects"] and o["artikel_type"]:
            bronnen.append(
                ("kennisbank", "Kennisbank", Bron.Soort.OBJECTS_ARTIKEL, o["objects"],
                 o["artikel_type"])
            )  # fmt: skip
        if o["sdg"]:
            bronnen.append(("sdg", "Productencatalogus (SDG)", Bron.Soort.SDG, o["sdg"], ""))
        if o["sitemap"]:
            bronnen.append(("website", "nijmegen.nl", Bron.Soort.SITEMAP, o["sitemap"], ""))
        for code, naam, soort, url, objecttype in bronnen:
            bron, _nieuw = Bron.objects.update_or_create(
                code=code,
                defaults={
                    "naam": naam, "soort": soort, "url": url, "objecttype": objecttype,
                    "token_variabele": o["token_variabele"] if soort.startswith("objects") else "",
                    "actief": True,
                },
            )  # fmt: skip
            uitkomst = sync.bron_synchroniseren(bron)
            if uitkomst.gelukt:
                self.stdout.write(
                    f"{naam}: {uitkomst.nieuw} nieuw, {uitkomst.bijgewerkt} bijgewerkt, "
                    f"{uitkomst.verwijderd} verwijderd"
                )
            else:
                self.stdout.write(f"{naam}: niet bereikbaar ({uitkomst.fout})")
