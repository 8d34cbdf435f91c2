from django.db import migrations

from zhaoshang.elements.defaults import seed_templates


def forwards(apps, schema_editor):
    seed_templates(apps.get_model("elements", "StepTemplate"))


class Migration(migrations.Migration):
    dependencies = [("elements", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
