"""The preference "no proactive contact" is now a row of the opt-out register
(proactief.Afmelding; proactief's migration 0002 copies it before this one runs). The model
no longer has the field; the column stays in the database for one release, with its database
default, so the previous release's pods keep reading and writing it during an upgrade
(expand/contract, tests/test_upgrade.py). The next release drops it (``kcc_contract``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0017_bericht_afgeleverd"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="partij", name="geen_proactief_contact")
            ],
            database_operations=[],
        )
    ]
