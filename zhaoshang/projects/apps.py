from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "zhaoshang.projects"
    verbose_name = "项目"

    def ready(self) -> None:
        from zhaoshang.core.importing.bulk import records_written

        from zhaoshang.organisation.models import Unit, subtree_moved

        from .models import Project
        from .models.credits import credits_moved
        from .models.projects import fill_counties

        # Rows an import writes in bulk skip save(): their county is set in one UPDATE.
        records_written.connect(fill_counties, sender=Project, dispatch_uid="projects-fill-counties")
        # The credits carry their unit's path (ProjectCredit.unit_path).
        subtree_moved.connect(credits_moved, sender=Unit, dispatch_uid="projects-credits-moved")
