"""The standard 行业 and 来源地区 lists, and every value projects and investors
already carry (kept as list entries, so nothing typed before is lost)."""

from django.db import migrations

from zhaoshang.catalogues.seeding import adopt_values, seed_lists


def forwards(apps, schema_editor):
    Industry, SourceRegion = apps.get_model("catalogues", "Industry"), apps.get_model("catalogues", "SourceRegion")
    seed_lists(Industry, SourceRegion)
    adopt_values(Industry, SourceRegion, apps.get_model("projects", "Project"), apps.get_model("projects", "Investor"))


class Migration(migrations.Migration):
    dependencies = [
        ("catalogues", "0001_industry_and_source_region_lists"),
        ("projects", "0008_currency_labels_renminbi_dollar"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
