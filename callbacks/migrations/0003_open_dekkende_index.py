"""Expand only (README "Upgrades"): a new index, built without locking the table against the
running release's writes (CONCURRENTLY, so outside a transaction)."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("callbacks", "0002_open_deadline_index"),
        ("contacts", "0009_partij_zoeknaam_c_idx"),
        ("permissions", "0013_identiteit_rolkoppeling"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="terugbelverzoek",
            index=models.Index(
                condition=models.Q(("status", "afgehandeld"), _negated=True),
                fields=["deadline"],
                include=(
                    "id",
                    "status",
                    "aangemaakt",
                    "onderwerp",
                    "afdeling",
                    "team",
                    "opgepakt_door",
                ),
                name="tbv_open_dekkend_idx",
            ),
        ),
    ]
