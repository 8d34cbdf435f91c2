"""The portal's free-text 产业链 becomes links to the chain app: a promoted
project points at a chain node (the root link of the county's chain of that
name), an inquiry at a chain (of the county of its handling unit). A name no
chain of the county carries (spaces and case ignored) gets a chain of its own."""

import django.db.models.deletion
from django.db import migrations, models

from zhaoshang.chains.seeding import root_for, root_links


STEPLEN = 4


def map_chains(apps, schema_editor):
    """Each text to the chain of that name in the record's county (a promoted
    project: its root link), the chain created when the county has none of that
    name, so no old value is lost (chains.seeding.root_for, as for projects)."""
    Unit = apps.get_model("organisation", "Unit")
    PromotedProject = apps.get_model("portal", "PromotedProject")
    Inquiry = apps.get_model("portal", "Inquiry")
    roots = root_links(apps)

    def root(unit_path, text):
        return root_for(apps, roots, Unit.objects.filter(path=unit_path[:STEPLEN]).first(), text)

    for promoted in PromotedProject.objects.exclude(chain_text="").select_related("jurisdiction"):
        if (link := root(promoted.jurisdiction.path, promoted.chain_text)) is not None:
            PromotedProject.objects.filter(pk=promoted.pk).update(chain=link)
    for inquiry in Inquiry.objects.exclude(chain_text="").select_related("unit"):
        if (link := root(inquiry.unit.path, inquiry.chain_text)) is not None:
            Inquiry.objects.filter(pk=inquiry.pk).update(chain_id=link.chain_id)


def unmap_chains(apps, schema_editor):
    PromotedProject = apps.get_model("portal", "PromotedProject")
    Inquiry = apps.get_model("portal", "Inquiry")
    for promoted in PromotedProject.objects.exclude(chain=None).select_related("chain__chain"):
        PromotedProject.objects.filter(pk=promoted.pk).update(chain_text=promoted.chain.chain.name)
    for inquiry in Inquiry.objects.exclude(chain=None).select_related("chain"):
        Inquiry.objects.filter(pk=inquiry.pk).update(chain_text=inquiry.chain.name)


class Migration(migrations.Migration):

    dependencies = [
        ('chains', '0003_chain_report'),
        ('portal', '0003_portal_content_and_inquiries'),
        ('organisation', '0002_add_version'),
    ]

    operations = [
        migrations.RenameField(model_name='promotedproject', old_name='chain', new_name='chain_text'),
        migrations.RenameField(model_name='historicalpromotedproject', old_name='chain', new_name='chain_text'),
        migrations.RenameField(model_name='inquiry', old_name='chain', new_name='chain_text'),
        migrations.RenameField(model_name='historicalinquiry', old_name='chain', new_name='chain_text'),
        migrations.AddField(
            model_name='promotedproject',
            name='chain',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='promoted_projects', to='chains.link', verbose_name='产业链环节'),
        ),
        migrations.AddField(
            model_name='historicalpromotedproject',
            name='chain',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='chains.link', verbose_name='产业链环节'),
        ),
        migrations.AddField(
            model_name='inquiry',
            name='chain',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='inquiries', to='chains.chain', verbose_name='产业链'),
        ),
        migrations.AddField(
            model_name='historicalinquiry',
            name='chain',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='chains.chain', verbose_name='产业链'),
        ),
        migrations.RunPython(map_chains, unmap_chains),
        migrations.RemoveField(model_name='promotedproject', name='chain_text'),
        migrations.RemoveField(model_name='historicalpromotedproject', name='chain_text'),
        migrations.RemoveField(model_name='inquiry', name='chain_text'),
        migrations.RemoveField(model_name='historicalinquiry', name='chain_text'),
    ]
