"""The roadmap as an XLSX workbook: the seeds' columns plus status, one row per item under its stage."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from mentoring.models import AcademicYear

from .selectors import roadmap_timeline

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(ws, row: int, column: int, value):
    """Write a cell that Excel never evaluates: text starting like a formula stays text (CSV/formula injection)."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def roadmap_xlsx(year: AcademicYear) -> bytes:
    timeline = roadmap_timeline(year)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Roadmap")[:31]
    headers = [
        _("No."),
        _("Activity"),
        _("Period"),
        _("Start"),
        _("Deadline"),
        _("Responsible"),
        _("Result. Type of document"),
        _("Status"),
        _("Done on"),
    ]
    safe_cell(ws, 1, 1, _("Roadmap for %(year)s") % {"year": year.title}).font = Font(bold=True, size=13)
    for col, title in enumerate(headers, start=1):
        cell = safe_cell(ws, 3, col, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row = 4
    overdue_fill = PatternFill("solid", fgColor="F8D7DA")
    for stage_number, stage_row in enumerate(timeline["stages"], start=1):
        stage = stage_row.stage
        safe_cell(ws, row, 1, f"{stage_number}.").font = Font(bold=True)
        safe_cell(ws, row, 2, stage.title).font = Font(bold=True)
        safe_cell(ws, row, 3, stage.period_label)
        row += 1
        for item_number, item in enumerate(stage_row.items, start=1):
            status = item.get_status_display()
            if item.is_overdue:
                status = f"{status} ({_('overdue')})"
            result = item.result_document
            if item.document_type:
                kind = item.get_document_type_display()
                result = f"{result} ({kind})" if result else kind
            values = [
                f"{stage_number}.{item_number}.",
                item.title,
                item.period_label,
                item.period_start,
                item.period_end,
                item.responsible_label,
                result,
                status,
                item.done_on,
            ]
            for col, value in enumerate(values, start=1):
                cell = safe_cell(ws, row, col, value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if col in (4, 5, 9) and value:
                    cell.number_format = "DD.MM.YYYY"
                if item.is_overdue:
                    cell.fill = overdue_fill
            row += 1
    for letter, width in zip("ABCDEFGHI", (7, 60, 22, 12, 12, 28, 45, 18, 12), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    safe_cell(ws, row + 1, 1, _("Exported on %(date)s") % {"date": f"{timezone.localdate():%d.%m.%Y}"})
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
