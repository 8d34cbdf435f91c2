"""The county on the project row (issue 13: the list at province scale), filled in
one statement from the introducing unit's path before its index is built."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0002_add_version'),
        ('projects', '0012_remove_industry_chain'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='project',
            name='county',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisation.unit', verbose_name='所属县（市、区）'),
        ),
        migrations.RunSQL(
            """
            UPDATE projects_project SET county_id = (
                SELECT root.id FROM organisation_unit root, organisation_unit unit
                WHERE unit.id = projects_project.introducing_unit_id AND root.path = SUBSTR(unit.path, 1, 4)
            ) WHERE county_id IS NULL""",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['county', '-created_at', '-id'], name='project_county_recent'),
        ),
    ]
