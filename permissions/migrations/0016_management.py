from django.db import migrations


def create_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="Management")


class Migration(migrations.Migration):
    dependencies = [("permissions", "0015_toegangslog_api_geraadpleegd")]

    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]
