"""Spreadsheets for the import tests, written as raw XLSX parts so that any size or any damage is quick to make."""

import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="{dimension}"/><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def row_xml(number: int, values: list, start_column: int = 1) -> str:
    cells = "".join(
        f'<c r="{get_column_letter(start_column + i)}{number}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'
        for i, v in enumerate(values)
        if v not in (None, "")
    )
    return f'<row r="{number}">{cells}</row>'


def _package(sheet_parts, *, sheet_name: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A workbook whose sheet XML is the concatenation of `sheet_parts` (str or bytes), streamed into the zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        info = zipfile.ZipInfo(sheet_name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as sheet:
            for part in sheet_parts:
                sheet.write(part.encode() if isinstance(part, str) else part)
    return out.getvalue()


def raw_xlsx(header: list, rows, *, dimension: str = "A1") -> bytes:
    """A plain workbook: the header on row 1, then `rows` (an iterable of value lists)."""

    def parts():
        yield SHEET_HEAD.format(dimension=dimension) + row_xml(1, header)
        chunk = []
        for number, values in enumerate(rows, start=2):
            chunk.append(row_xml(number, values))
            if len(chunk) == 2000:
                yield "".join(chunk)
                chunk = []
        yield "".join(chunk) + SHEET_TAIL

    return _package(parts())


def huge_dimension_xlsx() -> bytes:
    """The 4.8 KB file of issue 14: the sheet says A1:XFD1048576 and its one cell is on the last row."""
    sheet = SHEET_HEAD.format(dimension="A1:XFD1048576") + row_xml(1048576, ["x"], start_column=16384) + SHEET_TAIL
    return _package([sheet])


def _deflate_segment(data: bytes) -> bytes:
    """Raw deflate of `data`, byte-aligned and not final: such segments can be laid end to end."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _zip_by_hand(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already deflated members: (name, raw deflate, CRC-32, inflated size)."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0))
        out.write(encoded + data)
        directory.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )  # fmt: skip
            + encoded
        )
    start, central = out.tell(), directory.getvalue()
    out.write(central)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0))
    return out.getvalue()


def zip_bomb_xlsx(inflated_bytes: int = 1024**3, *, declared_size: int | None = None) -> bytes:
    """A real bomb, as in issue 14: a few MB that inflate to `inflated_bytes` of sheet rows (built in ~1 s).

    `declared_size` makes the archive lie about the sheet's size in its directory.
    """
    row = row_xml(2, ["Иванов Иван Иванович", "7А", "01.01.2012"]).encode()
    block = row * (1024 * 1024 // len(row))
    head = SHEET_HEAD.format(dimension="A1").encode() + row_xml(1, ["ФИО", "Класс", "Дата рождения"]).encode()
    tail = SHEET_TAIL.encode()
    repeats = (inflated_bytes - len(head) - len(tail)) // len(block)
    segment, crc = _deflate_segment(block), zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    sheet = _deflate_segment(head) + segment * repeats + zlib.compress(tail, 9)[2:-4]  # the last one is final
    size = len(head) + len(block) * repeats + len(tail)
    members = []
    for name, text in (
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ):
        raw = text.encode()
        members.append((name, zlib.compress(raw, 9)[2:-4], zlib.crc32(raw), len(raw)))
    members.append(("xl/worksheets/sheet1.xml", sheet, crc, declared_size or size))
    return _zip_by_hand(members)


def truncated_xlsx() -> bytes:
    """A workbook whose sheet XML stops in the middle of a row."""
    rows = [row_xml(n, [f"Иванов{n} Иван", "7А"]) for n in range(2, 200)]
    sheet = SHEET_HEAD.format(dimension="A1:B200") + row_xml(1, ["ФИО", "Класс"]) + "".join(rows)
    return _package([sheet[: len(sheet) * 2 // 3]])


def many_rows_xlsx(count: int) -> bytes:
    header = ["ФИО", "Категория", "Класс", "Дата рождения"]
    return raw_xlsx(header, ([f"Ученик{i} Иван Петрович", "обучающийся", "7А", "01.09.2012"] for i in range(count)))
