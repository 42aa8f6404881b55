"""The earlier preference "no proactive contact" on a Nijmegenaar becomes a row of the
opt-out register (scope: all proactive contact, source: earlier preference). Runs before
contacts drops the column."""

from django.db import migrations
from django.utils import timezone


def overzetten(apps, schema_editor):
    Partij = apps.get_model("contacts", "Partij")
    Afmelding = apps.get_model("proactief", "Afmelding")
    nu = timezone.now()
    rijen = (
        Partij.objects.filter(geen_proactief_contact=True)
        .exclude(bsn="")
        .values_list("bsn", "gewijzigd")
    )
    Afmelding.objects.bulk_create(
        [
            Afmelding(bsn=bsn, reikwijdte="alles", datum=gewijzigd or nu, bron="voorkeur")
            for bsn, gewijzigd in rijen.iterator()
        ],
        batch_size=5000,
    )


def terugzetten(apps, schema_editor):
    Partij = apps.get_model("contacts", "Partij")
    Afmelding = apps.get_model("proactief", "Afmelding")
    bsns = Afmelding.objects.filter(reikwijdte="alles").values("bsn")
    Partij.objects.filter(bsn__in=bsns).update(geen_proactief_contact=True)


class Migration(migrations.Migration):
    dependencies = [
        ("proactief", "0001_initial"),
        ("contacts", "0017_bericht_afgeleverd"),
    ]
    run_before = [("contacts", "0018_geen_proactief_naar_register")]

    operations = [migrations.RunPython(overzetten, terugzetten)]
