"""The portal's free-text 产业链 becomes links to the chain app: a promoted
project points at a chain node (the root link of the county's chain of that
name), an inquiry at a chain (of the county of its handling unit). Names no
chain of the county carries (spaces and case ignored) are left empty."""

import django.db.models.deletion
from django.db import migrations, models


STEPLEN = 4


def _key(name):
    return "".join((name or "").split()).lower()


def chain_index(Chain):
    """(county path, name key) → chain."""
    return {(c.county.path[:STEPLEN], _key(c.name)): c for c in Chain.objects.select_related("county")}


def match(index, unit_path, text):
    """The chain of the county of `unit_path` named `text` (spaces and case ignored)."""
    return index.get((unit_path[:STEPLEN], _key(text))) if _key(text) else None


def map_chains(apps, schema_editor):
    Link = apps.get_model("chains", "Link")
    PromotedProject = apps.get_model("portal", "PromotedProject")
    Inquiry = apps.get_model("portal", "Inquiry")
    index = chain_index(apps.get_model("chains", "Chain"))
    roots = {link.chain_id: link for link in Link.objects.filter(tier="root")}
    for promoted in PromotedProject.objects.exclude(chain_text="").select_related("jurisdiction"):
        chain = match(index, promoted.jurisdiction.path, promoted.chain_text)
        if chain is not None and chain.pk in roots:
            PromotedProject.objects.filter(pk=promoted.pk).update(chain=roots[chain.pk])
    for inquiry in Inquiry.objects.exclude(chain_text="").select_related("unit"):
        chain = match(index, inquiry.unit.path, inquiry.chain_text)
        if chain is not None:
            Inquiry.objects.filter(pk=inquiry.pk).update(chain=chain)


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
