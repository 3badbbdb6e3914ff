"""Reading the rows of an XLSX or CSV file as a stream, within the hard limits of `limits`.

Nothing here trusts what the file says about itself: the archive's declared sizes and compression ratio are
checked before openpyxl opens it (and Python's zipfile stops a member at its declared size), the sheet's
`<dimension>` is dropped (openpyxl would pad every row to it), and rows and columns are counted while reading.
"""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ..russian import ru_number
from .limits import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_SHEET_ROW,
    MAX_UNPACKED_BYTES,
    ImportFileError,
    too_many_rows,
)

XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BROKEN_XLSX = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ValueError, TypeError, ParseError)


def _broken() -> ImportFileError:
    return ImportFileError(
        _("The file cannot be read as an Excel workbook (.xlsx): it is damaged or incomplete. Save it again as .xlsx.")
    )


def _bomb() -> ImportFileError:
    return ImportFileError(
        _(
            "The workbook unpacks to far more data than a list of people holds (a damaged or malicious file). "
            "Save the table again as a new .xlsx file."
        )
    )


def check_archive(content: bytes) -> None:
    """Refuse a zip whose members would inflate beyond the limits, from its directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise _broken() from exc
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise ImportFileError(
            _("The file is an archive but not an Excel workbook (.xlsx). Save the table as .xlsx or CSV.")
        )
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_RATIO and member.file_size > 1024 * 1024:
            raise _bomb()
        if member.filename == "xl/sharedStrings.xml" and member.file_size > MAX_SHARED_STRINGS_BYTES:
            raise _bomb()
    if total > MAX_UNPACKED_BYTES:
        raise _bomb()


def _beyond_limit(row_number: int) -> ImportFileError:
    return ImportFileError(
        _(
            "The sheet has filled cells in row %(row)s; a list for import ends before row %(limit)s. "
            "Delete what lies below the table (or split the file) and upload it again."
        )
        % {"row": ru_number(row_number), "limit": ru_number(MAX_SHEET_ROW)}
    )


PREFIX_RE = re.compile(rb"<(\w+:)?worksheet\b")


def _count_filled_rows(source) -> int:
    """Rows of a sheet's XML that hold a value, counted from the raw bytes (splitting at each row tag): cheap
    enough to refuse a sheet with far too many rows before parsing it cell by cell."""
    count, carry, markers = 0, b"", None
    while True:
        chunk = source.read(1024 * 1024)
        buffer = carry + chunk
        if markers is None:
            found = PREFIX_RE.search(buffer)
            prefix = (found.group(1) or b"") if found else b""
            row_tag = b"<" + prefix + b"row"
            markers = tuple(b"<" + prefix + tag for tag in (b"v>", b"v ", b"t>", b"t "))
        pieces = buffer.split(row_tag)
        carry = pieces.pop() if chunk else b""
        count += sum(1 for piece in pieces if any(m in piece for m in markers))
        if not chunk:
            return count + (1 if any(m in carry for m in markers) else 0)


def _rows_of(worksheet) -> Iterator[tuple[int, list]]:
    """(row number, values) of the rows that have a value, streamed; `<dimension>` ignored."""
    with worksheet.parent._archive.open(worksheet._worksheet_path) as source:
        if _count_filled_rows(source) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise too_many_rows(MAX_ROWS)
    worksheet.reset_dimensions()
    for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if not row:
            continue
        values = list(row[:MAX_COLUMNS])
        if not any(v is not None and str(v).strip() for v in values):
            continue
        if number > MAX_SHEET_ROW:
            raise _beyond_limit(number)
        yield number, values


def _workbook_sheets(content: bytes) -> Iterator[tuple[str, Iterator[tuple[int, list]]]]:
    check_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except BROKEN_XLSX as exc:
        raise _broken() from exc
    try:
        for worksheet in workbook.worksheets:
            if not hasattr(worksheet, "reset_dimensions"):
                continue  # a chart sheet
            yield worksheet.title, _guarded(_rows_of(worksheet))
    finally:
        workbook.close()


def _guarded(rows: Iterator) -> Iterator:
    try:
        yield from rows
    except BROKEN_XLSX as exc:  # a truncated or malformed sheet XML, a CRC error, a member cut short
        raise _broken() from exc


def _decode(content: bytes) -> str:
    if b"\x00" in content:
        raise ImportFileError(
            _(
                "The file holds binary data (a NUL byte), so it is not a CSV table. Save the table as CSV "
                "(UTF-8, separated by «;») or as .xlsx."
            )
        )
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The CSV file's encoding is unknown. Save it as UTF-8."))  # pragma: no cover


def _csv_rows(text: str) -> Iterator[tuple[int, list]]:
    delimiter = max(";,\t", key=text[:4096].count)
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            values = row[:MAX_COLUMNS]
            if not any(v.strip() for v in values):
                continue
            if number > MAX_SHEET_ROW:
                raise _beyond_limit(number)
            yield number, values
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file cannot be read (%(error)s). Save it again as CSV.") % {"error": exc}
        ) from exc


def sheets_read(*, content: bytes, filename: str) -> tuple[Iterator[tuple[str, Iterator]], bool]:
    """The sheets of a file as (title, rows) streams, and whether it is a workbook (columns named by letter)."""
    name = filename.lower()
    if content[:4] == b"PK\x03\x04":
        if name.endswith((".csv", ".txt")):
            raise ImportFileError(
                _("The file is called .csv but is an Excel workbook. Rename it to .xlsx and upload it again.")
            )
        return _workbook_sheets(content), True
    if name.endswith(".xls") or content[:8] == XLS_MAGIC:
        raise ImportFileError(
            _("Old Excel files (.xls) are not supported. Save the file as .xlsx and upload it again.")
        )
    if name.endswith(".xlsx"):
        raise ImportFileError(
            _("The file is called .xlsx but is not an Excel workbook. Open it in Excel and save it as .xlsx.")
        )
    if name.endswith((".csv", ".txt")):
        return iter([("CSV", _csv_rows(_decode(content)))]), False
    raise ImportFileError(_("Upload an Excel workbook (.xlsx) or a CSV file."))
