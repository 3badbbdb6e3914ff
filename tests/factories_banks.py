"""Helpers for the banks, consents and import tests: spreadsheets and scans built in memory."""

import io

from openpyxl import Workbook

PEOPLE_HEADER = ["ФИО", "Категория", "Должность", "Предмет", "Класс", "Дата рождения", "Контактные данные"]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def xlsx_bytes(rows: list[list], *, title: str = "Лист1", header: list | None = None, sheets: dict | None = None):
    """A workbook whose first sheet holds `header` + `rows`; `sheets` adds other sheets before it."""
    wb = Workbook()
    first = wb.active
    if sheets:
        first.title = next(iter(sheets))
        for value_row in sheets[first.title]:
            first.append(value_row)
        for name, value_rows in list(sheets.items())[1:]:
            ws = wb.create_sheet(name)
            for value_row in value_rows:
                ws.append(value_row)
        target = wb.create_sheet(title)
    else:
        first.title = title
        target = first
    if header is not None or rows:
        target.append(header if header is not None else PEOPLE_HEADER)
    for row in rows:
        target.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], *, header: list | None = None, encoding: str = "utf-8-sig") -> bytes:
    lines = [header or PEOPLE_HEADER, *rows]
    return "\n".join(";".join(str(c) for c in line) for line in lines).encode(encoding)


def people_rows(n: int, *, start: int = 0) -> list[list]:
    """n valid rows of teachers and pupils with distinct names and emails."""
    rows = []
    for i in range(start, start + n):
        if i % 2:
            rows.append([f"Ученикова{i} Мария Петровна", "обучающийся", "", "", "7Б", "12.03.2012", ""])
        else:
            rows.append(
                [f"Учителев{i} Пётр Ильич", "учитель", "учитель", "физика", "", "01.02.1980", f"t{i}@school.example"]
            )
    return rows
