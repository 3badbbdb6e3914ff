"""The four steps in a row, for one file: parse → match + validate → (unless a dry run) commit."""

import datetime
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from .commit import rows_commit
from .limits import ImportFileError
from .parse import table_read
from .rows import RowError
from .validate import BLOCKING, RowPlan, rows_plan

STATUSES = ("create", "update", "unchanged", "skip", "merged", "ambiguous", "no_consent", "error")
UPLOADS_DIR = "imports"


class Target:
    PEOPLE = "people"
    MENTEES = "mentees"
    MENTORS = "mentors"
    CHOICES = (PEOPLE, MENTEES, MENTORS)


@dataclass
class ImportResult:
    target: str
    sheet: str = ""
    rows: list[RowPlan] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def blocked(self) -> bool:
        return any(r.status in BLOCKING for r in self.rows)

    @property
    def summary(self) -> dict:
        counts = {s: sum(1 for p in self.rows if p.status == s) for s in STATUSES}
        counts["bank"] = sum(1 for p in self.rows if p.bank)
        return counts


def import_run(
    *, content: bytes, filename: str, target: str, year=None, dry_run: bool = True, choices=None, progress=None
) -> ImportResult:
    """Check (dry_run) or import a file: every row or none. Raises ImportFileError for an unreadable file."""
    if target not in Target.CHOICES:
        raise ValueError(target)
    if target != Target.PEOPLE and year is None:
        raise ImportFileError(_("Set the current academic year before importing into a bank."))
    table = table_read(content=content, filename=filename)
    if progress:
        progress(10)
    plans = rows_plan(
        table=table,
        target=target,
        year=year,
        choices=choices,
        progress=(lambda done, total: progress(10 + 70 * done // total)) if progress else None,
    )
    result = ImportResult(target=target, sheet=table.sheet, rows=plans, ignored_columns=table.ignored)
    if progress:
        progress(80)
    if not dry_run and not result.blocked:
        result.applied = rows_commit(plans=plans, target=target, year=year)
    return result


def import_uploads_sweep(*, older_than: datetime.timedelta) -> int:
    """Delete uploaded files whose preview was abandoned (neither imported nor cancelled); returns how many.

    They may hold personal data, so they are not kept longer than a working day (152-ФЗ: no longer than needed).
    """
    if not default_storage.exists(UPLOADS_DIR):
        return 0
    cutoff = timezone.now() - older_than
    _dirs, files = default_storage.listdir(UPLOADS_DIR)
    removed = 0
    for name in files:
        path = f"{UPLOADS_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed
