"""What a figure's scope asks of a credit, on the credit (issue 13: the county
dashboard at province scale): the unit's path and whether the project counts,
filled in one statement before their index is built."""

from django.db import migrations, models

import zhaoshang.organisation.models


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0002_add_version'),
        ('projects', '0013_project_county'),
    ]

    operations = [
        migrations.AddField(
            model_name='projectcredit',
            name='counted',
            field=models.BooleanField(default=True, editable=False, verbose_name='计入统计'),
        ),
        migrations.AddField(
            model_name='projectcredit',
            name='unit_path',
            field=zhaoshang.organisation.models.PathField(default='', editable=False, max_length=255, verbose_name='分成单位路径'),
        ),
        migrations.RunSQL(
            """
            UPDATE projects_projectcredit SET
                unit_path = (SELECT path FROM organisation_unit WHERE id = projects_projectcredit.unit_id),
                counted = (
                    SELECT duplicate_status NOT IN ('merged', 'suspected') FROM projects_project
                    WHERE id = projects_projectcredit.project_id
                )""",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name='projectcredit',
            index=models.Index(fields=['counted', 'unit_path', 'project', 'share_bp'], name='credit_scope_cover', opclasses=['bool_ops', 'varchar_pattern_ops', 'int8_ops', 'int4_ops']),
        ),
    ]
