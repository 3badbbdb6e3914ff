"""Reading an uploaded roadmap into rows of cell texts: .docx (python-docx), .xlsx (openpyxl), .csv.

Hard limits are checked before a file is opened (size, zip entries, declared sizes, compression ratio) and while it
is read (rows, columns). Horizontally merged cells give their text once (the other cells of the span read empty);
vertically merged cells give it to every row they cover. Anything a library cannot read ends as ImportRefused with
a Russian message, never an exception to the view.

Self-contained on purpose: mentoring's spreadsheet reading is being rewritten; the two can be unified later."""

import csv
import io
import logging
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_ZIP_ENTRIES = 2000
MAX_ROWS = 2000
MAX_COLUMNS = 30
MAX_CELL_CHARS = 5000
EXTENSIONS = (".docx", ".xlsx", ".csv")


class ImportRefused(Exception):
    """The file cannot be imported; the message is for the curator."""


@dataclass
class Table:
    rows: list[list[str]]
    label: str = ""


@dataclass
class Document:
    tables: list[Table] = field(default_factory=list)


def _clean(value) -> str:
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return "\n".join(line.strip() for line in text.split("\n")).strip()[:MAX_CELL_CHARS]


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportRefused(_("The file is damaged or is not an Office document.")) from error
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportRefused(_("The file has too many parts to be a roadmap."))
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise ImportRefused(_("The file unpacks to too much data to be a roadmap."))


def _too_big(rows: int, columns: int) -> None:
    if rows > MAX_ROWS:
        raise ImportRefused(
            ngettext("The table has more than %(n)s row.", "The table has more than %(n)s rows.", MAX_ROWS)
            % {"n": MAX_ROWS}
        )
    if columns > MAX_COLUMNS:
        raise ImportRefused(
            ngettext("The table has more than %(n)s column.", "The table has more than %(n)s columns.", MAX_COLUMNS)
            % {"n": MAX_COLUMNS}
        )


def read_document(data: bytes, filename: str) -> Document:
    """Every table of the file as rows of texts; raises ImportRefused with the reason."""
    name = (filename or "").lower()
    if not name.endswith(EXTENSIONS):
        raise ImportRefused(_("Upload a .docx, .xlsx or .csv file."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused(_("The file is larger than %(n)s MB.") % {"n": MAX_UPLOAD_BYTES // (1024 * 1024)})
    if not data:
        raise ImportRefused(_("The file is empty."))
    try:
        if name.endswith(".csv"):
            return _read_csv(data)
        _check_zip(data)
        return _read_docx(data) if name.endswith(".docx") else _read_xlsx(data)
    except ImportRefused:
        raise
    except Exception as error:  # a library's own error on a broken file: the curator gets a reason, not a 500
        logger.info("roadmap import: unreadable %s: %r", filename, error)
        raise ImportRefused(_("The file could not be read: it is damaged or not of its declared type.")) from error


def _read_docx(data: bytes) -> Document:
    import docx

    doc = docx.Document(io.BytesIO(data))
    result = Document()
    for number, table in enumerate(doc.tables, start=1):
        rows = []
        _too_big(len(table.rows), len(table.columns))
        for row in table.rows:
            texts, seen = [], set()
            for cell in row.cells:
                tc = cell._tc
                if id(tc) in seen:  # the rest of a horizontal span
                    texts.append("")
                    continue
                seen.add(id(tc))
                texts.append(_clean(cell.text))
            rows.append(texts)
        result.tables.append(Table(rows=rows, label=_("Table %(n)s") % {"n": number}))
    return result


def _read_xlsx(data: bytes) -> Document:
    import openpyxl

    # Not read_only: merged ranges are only known to a full workbook. The zip check above bounds what it loads.
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    result = Document()
    for sheet in book.worksheets:
        _too_big(sheet.max_row, sheet.max_column)
        rows = [[_clean(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            value = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(rows) else ""
            for r in range(merged.min_row + 1, merged.max_row + 1):  # vertical spans: every row gets the text
                if r - 1 < len(rows):
                    rows[r - 1][merged.min_col - 1] = value
        result.tables.append(Table(rows=_trim(rows), label=sheet.title))
    return result


def _read_csv(data: bytes) -> Document:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRefused(_("The CSV file is in an unknown encoding; save it as UTF-8."))
    if "\x00" in text:
        raise ImportRefused(_("The file is not a text CSV file."))
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        rows.append([_clean(value) for value in row])
        _too_big(len(rows), len(row))
    return Document(tables=[Table(rows=_trim(rows), label="CSV")])


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Trailing empty rows and columns dropped; rows padded to one width."""
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(row) if v), default=0) for row in rows), default=0)
    return [(row + [""] * width)[:width] for row in rows]
