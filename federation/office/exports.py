"""The roll-up as XLSX for the regional ministry: one row per school and a row for the municipality.

Every indicator takes three columns (numerator, denominator, %) for a share and one for a count; a school that sent
nothing this year says so; the cells below the target carry a fill as well as the word in a «below» column.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from reports.monitoring.exports import _safe, _sheet

BELOW_FILL = PatternFill("solid", fgColor="F8D7DA")


def _header(data: dict) -> list[str]:
    header = [_("School"), _("Last package")]
    for indicator in data["indicators"]:
        if indicator.is_share:
            header += [
                f"{indicator.label}: {_('numerator')}",
                f"{indicator.label}: {_('denominator')}",
                f"{indicator.label}, %",
            ]
        else:
            header.append(indicator.label)
    return header + [_("Below a target")]


def _cells(data: dict, cells) -> list:
    out = []
    for indicator, cell in zip(data["indicators"], cells, strict=True):
        if indicator.is_share:
            pct = float(cell.percent) if cell.percent is not None else None
            out += [cell.numerator, cell.denominator, pct]
        else:
            out.append(cell.numerator)
    return out


def rollup_xlsx(academic_year: str, data: dict, office_name: str) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    rows = []
    for row in data["rows"]:
        if not row.sent:
            rows.append([row.school.name, _("sent no data this year")] + [None] * (len(_header(data)) - 2))
            continue
        below = ", ".join(i.label for i, c in zip(data["indicators"], row.cells, strict=True) if c.below)
        rows.append([row.school.name, row.last_package.strftime("%d.%m.%Y %H:%M"), *_cells(data, row.cells), below])
    totals = [i.total for i in data["indicators"]]
    below = ", ".join(i.label for i in data["indicators"] if i.total.below)
    rows.append([_("Municipality, total"), "", *_cells(data, totals), below])
    _sheet(wb, _("Roll-up"), _header(data), rows)
    ws = wb[_("Roll-up")[:31]]
    ws.insert_rows(1)
    ws["A1"] = _safe(
        _("%(office)s: roll-up of the indicators, %(year)s academic year")
        % {"office": office_name, "year": academic_year}
    )
    ws["A1"].font = Font(bold=True)
    ws.freeze_panes = "B3"
    _mark_below(ws, data)
    target_rows = [[i.label, float(i.target)] for i in data["indicators"] if i.target is not None]
    _sheet(wb, _("Targets"), [_("Indicator"), _("Target, %")], target_rows)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _mark_below(ws, data: dict) -> None:
    """Fill the percent cells under the target (rows start at 3: a title, then the header)."""
    column = 3
    columns = []
    for indicator in data["indicators"]:
        if indicator.is_share:
            columns.append(column + 2)
            column += 3
        else:
            columns.append(None)
            column += 1
    all_rows = [r.cells for r in data["rows"]] + [[i.total for i in data["indicators"]]]
    for offset, cells in enumerate(all_rows):
        for col, cell in zip(columns, cells, strict=True):
            if col and cell.below:
                ws.cell(row=3 + offset, column=col).fill = BELOW_FILL
