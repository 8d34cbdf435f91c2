"""Project.EDITABLE_FIELDS is the one list of what may be set on a project: the
actions and the form take it as it is; the API's schemas (which carry their own
types and ranges) and the import's columns are held to it here."""

from django.db import models

from zhaoshang.projects.api.projects import ProjectCreate, ProjectUpdate
from zhaoshang.projects.importing.rows import PROJECT_HEADERS
from zhaoshang.projects.models import Project

# A new project's first stage event, its note and its credits: set by the create
# action through their own rules, never as fields.
CREATE_ONLY = {"stage", "stage_date", "note", "credits"}


def api_name(name: str) -> str:
    """The API names a foreign key by its id, as the model's attname does."""
    return Project._meta.get_field(name).attname


def test_the_api_creates_and_updates_exactly_the_declared_fields():
    declared = {api_name(name) for name in Project.EDITABLE_FIELDS}
    assert set(ProjectCreate.model_fields) - CREATE_ONLY == declared
    assert set(ProjectUpdate.model_fields) - {"version"} == declared


def test_the_import_sets_no_project_field_that_is_not_declared():
    model_fields = {f.name for f in Project._meta.get_fields() if isinstance(f, models.Field)}
    imported = {column for column in PROJECT_HEADERS if column in model_fields} - CREATE_ONLY
    assert imported <= set(Project.EDITABLE_FIELDS), imported - set(Project.EDITABLE_FIELDS)
    assert "name" in imported and "introducing_unit" in imported
