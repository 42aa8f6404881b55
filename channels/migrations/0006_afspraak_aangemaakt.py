from django.db import migrations, models


class Migration(migrations.Migration):
    """One word for "when our record was made" (docs/woorden.md)."""

    dependencies = [("kcc_channels", "0005_afspraak")]

    operations = [
        migrations.RenameField("afspraak", "gemaakt_op", "aangemaakt"),
        migrations.AlterField(
            "afspraak",
            "aangemaakt",
            models.DateTimeField(auto_now_add=True, verbose_name="created"),
        ),
    ]
