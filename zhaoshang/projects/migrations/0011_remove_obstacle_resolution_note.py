# The text moved into the obstacle's thread (0008); in its own migration so that
# PostgreSQL drops the column in a transaction without the notes' pending checks.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0010_obstacle_thread_and_instruction"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="historicalobstacle",
            name="resolution_note",
        ),
        migrations.RemoveField(
            model_name="obstacle",
            name="resolution_note",
        ),
    ]
