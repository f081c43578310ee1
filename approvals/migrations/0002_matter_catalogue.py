from django.db import migrations


def load(apps, schema_editor):
    from approvals.catalogue import load_catalogue

    load_catalogue(apps.get_model("approvals", "Matter"), apps.get_model("approvals", "MaterialRequirement"))


class Migration(migrations.Migration):
    dependencies = [("approvals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
