from django.db import migrations

from zhaoshang.timelimits.seeding import seed_calendar, seed_policies


def seed(apps, schema_editor):
    seed_policies(apps.get_model("timelimits", "Policy"))
    seed_calendar(apps.get_model("timelimits", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("timelimits", "0001_clocks_policies_calendar")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
