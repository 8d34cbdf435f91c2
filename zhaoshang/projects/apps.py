from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "zhaoshang.projects"
    verbose_name = "项目"

    def ready(self) -> None:
        from zhaoshang.core.importing.bulk import records_written

        from .models import Project
        from .models.projects import fill_counties

        # Rows an import writes in bulk skip save(): their county is set in one UPDATE.
        records_written.connect(fill_counties, sender=Project, dispatch_uid="projects-fill-counties")
