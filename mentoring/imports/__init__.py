"""The one importer of people and bank entries, in four steps, each its own module (DESIGN.md «Imports»).

parse (sheets.py streams the file within limits.py; parse.py finds the table; rows.py reads a row) →
match (match.py) → validate (validate.py) → commit (commit.py); run.py chains them for one file and
jobs.py runs preview and commit as Celery jobs with progress.
"""

from .limits import MAX_FILE_BYTES, MAX_ROWS, ImportFileError
from .match import NEW
from .run import ImportResult, Target, import_run, import_uploads_sweep

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "NEW",
    "ImportFileError",
    "ImportResult",
    "Target",
    "import_run",
    "import_uploads_sweep",
]
