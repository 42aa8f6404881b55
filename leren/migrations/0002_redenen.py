"""The team lead's starting list of reasons for a low score (changed in /beheer/ afterwards)."""

from django.db import migrations

REDENEN = [
    ("wachttijd", "Ik moest lang wachten"),
    ("doorverbonden", "Ik werd vaak doorverbonden"),
    ("onduidelijk", "Het antwoord was niet duidelijk"),
    ("niet-opgelost", "Mijn vraag is niet opgelost"),
    ("bejegening", "Ik werd niet goed behandeld"),
]


def aanmaken(apps, schema_editor):
    Reden = apps.get_model("leren", "Reden")
    for volgorde, (code, tekst) in enumerate(REDENEN):
        Reden.objects.get_or_create(code=code, defaults={"tekst": tekst, "volgorde": volgorde})


class Migration(migrations.Migration):
    dependencies = [("leren", "0001_initial")]
    operations = [migrations.RunPython(aanmaken, migrations.RunPython.noop)]
