from .decomposition import target_decomposition
from .periods import period_create, period_edit, period_list
from .trade import export_figure_set, export_figures, export_figures_export, export_figures_import, export_figures_template
from .targets import (
    target_create,
    target_edit,
    target_export,
    target_import,
    target_import_template,
    target_list,
)

__all__ = [
    "export_figure_set",
    "export_figures",
    "export_figures_export",
    "export_figures_import",
    "export_figures_template",
    "period_create",
    "period_edit",
    "period_list",
    "target_create",
    "target_decomposition",
    "target_edit",
    "target_export",
    "target_import",
    "target_import_template",
    "target_list",
]
