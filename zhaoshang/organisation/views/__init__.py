"""Organisation screens, one module per object type."""

from .divisions import division_create, division_detail, division_edit, division_export, division_list
from .persons import (
    person_create,
    person_detail,
    person_edit,
    person_export,
    person_import,
    person_import_template,
    person_list,
    person_set_active,
)
from .units import (
    unit_create,
    unit_detail,
    unit_edit,
    unit_export,
    unit_import,
    unit_import_template,
    unit_move,
    unit_set_active,
    unit_tree,
)

__all__ = [
    "division_create",
    "division_detail",
    "division_edit",
    "division_export",
    "division_list",
    "person_create",
    "person_detail",
    "person_edit",
    "person_export",
    "person_import",
    "person_import_template",
    "person_list",
    "person_set_active",
    "unit_create",
    "unit_detail",
    "unit_edit",
    "unit_export",
    "unit_import",
    "unit_import_template",
    "unit_move",
    "unit_set_active",
    "unit_tree",
]
