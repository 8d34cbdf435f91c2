"""Seed the link-state rules, and carry the free-text 产业链 of projects over to
chains (seeding.attach_by_name: matched by name to a chain of the project's county,
created when none has the name, the project attached to the chain's root link).
The projects migration that follows removes the text field."""

from django.db import migrations

from zhaoshang.chains.seeding import attach_by_name, seed_rules


def forwards(apps, schema_editor):
    seed_rules(apps.get_model("chains", "LinkStateRule"))
    Project = apps.get_model("projects", "Project")
    rows = Project.objects.exclude(industry_chain="").order_by("id").values_list("id", "introducing_unit__path", "industry_chain")
    attach_by_name(apps, list(rows))


class Migration(migrations.Migration):
    dependencies = [
        ("chains", "0001_chains_links_targets"),
        ("projects", "0011_remove_obstacle_resolution_note"),
        ("organisation", "0002_add_version"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
