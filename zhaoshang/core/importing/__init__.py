"""One pipeline for every Excel import: parse → validate rows → preview → confirm.

An app declares its import as a `Spec` (pipeline.py): the template's columns, a
row form (the cell-level checks), `check` (the checks against the database —
units, investors, projects, duplicates — done once per file with dicts, never per
row) and `write` (every row in bulk, history rows too, see bulk.py). The pipeline
reads the file (core/excel.read_rows within check_workbook's bounds and
IMPORT_MAX_ROWS), validates, and writes all rows in ONE transaction or none, with
each error in Chinese naming its row and column (core/excel.RowError).

Large imports run as background tasks with a progress bar (progress.py and the
project import's ImportLog); the small organisation and target sheets run the
same pipeline inside the request (`run`)."""
