"""Step 1, parse: the file is streamed within hard limits; bombs and broken files get a Russian message, fast.

The hostile files are generated here; each is read in a child process that reports its time and its peak
memory (see import_probe.py), so the limits (< 2 s, < 200 MB) are measured, not assumed.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mentoring.imports import ImportFileError
from mentoring.imports.parse import table_read
from mentoring.imports.rows import RowReader, skip_reason
from tests.factories_banks import csv_bytes, xlsx_bytes
from tests.factories_imports import (
    huge_dimension_xlsx,
    many_rows_xlsx,
    raw_xlsx,
    row_xml,
    truncated_xlsx,
    zip_bomb_xlsx,
)

PROBE = Path(__file__).with_name("import_probe.py")
CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


def probe(tmp_path, content: bytes, name: str = "file.xlsx") -> dict:
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    done = subprocess.run(
        [sys.executable, str(PROBE), str(path), name], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def russian(message: str) -> bool:
    return len(CYRILLIC & set(message.lower())) >= 5


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb_xlsx()


def test_the_zip_bomb_is_refused_from_the_archive_directory_fast_and_small(tmp_path, bomb):
    assert len(bomb) < 5 * 1024 * 1024  # ~4 MB that inflate to 1 GB
    outcome = probe(tmp_path, bomb)
    assert outcome["refused"] and russian(outcome["message"]), outcome
    assert "распаковывается" in outcome["message"]
    assert outcome["seconds"] < 2 and outcome["peak_growth_mb"] < 200, outcome


def test_a_bomb_that_lies_about_its_size_is_stopped_at_the_declared_size(tmp_path):
    outcome = probe(tmp_path, zip_bomb_xlsx(declared_size=1024 * 1024))
    assert outcome["refused"] and russian(outcome["message"]), outcome
    assert outcome["seconds"] < 2 and outcome["peak_growth_mb"] < 200, outcome


def test_a_sheet_that_declares_a1_xfd1048576_is_not_trusted(tmp_path):
    content = huge_dimension_xlsx()
    assert len(content) < 5 * 1024
    outcome = probe(tmp_path, content)
    assert outcome["refused"] and russian(outcome["message"]), outcome
    assert outcome["seconds"] < 2 and outcome["peak_growth_mb"] < 200, outcome


def test_a_filled_cell_far_below_the_table_is_refused_with_its_row(tmp_path):
    from tests.factories_imports import SHEET_HEAD, SHEET_TAIL, _package

    sheet = (
        SHEET_HEAD.format(dimension="A1:XFD1048576")
        + row_xml(1, ["ФИО", "Класс"])
        + row_xml(2, ["Иванов Иван", "7А"])
        + row_xml(1048576, ["x"])
        + SHEET_TAIL
    )
    outcome = probe(tmp_path, _package([sheet]))
    assert outcome["refused"] and "1\u00a0048\u00a0576" in outcome["message"], outcome
    assert outcome["seconds"] < 2 and outcome["peak_growth_mb"] < 200, outcome


def test_ten_thousand_rows_are_accepted_and_a_hundred_thousand_refused_quickly(tmp_path):
    accepted = probe(tmp_path, many_rows_xlsx(10_000))
    assert not accepted["refused"] and accepted["rows"] == 10_000, accepted
    refused = probe(tmp_path, many_rows_xlsx(100_000))
    assert refused["refused"] and "10\u00a0000" in refused["message"], refused
    assert refused["seconds"] < 3.5 and refused["peak_growth_mb"] < 200, refused


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (truncated_xlsx(), "list.xlsx", "повреждён"),
        (b"\xef\xbb\xbf\xd0\xa4\xd0\x98\xd0\x9e;x\n\x00\x01\x02;y\n", "list.csv", "нулевой байт"),
        ("ФИО;Класс\nИванов Иван;7А\n".encode(), "list.xlsx", "не книга Excel"),
        (xlsx_bytes([["Иванов Иван", "учитель"]]), "list.csv", "назван .csv"),
        (b"%PDF-1.4 scan", "scan.pdf", "xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", ".xls"),
    ],
    ids=["truncated-sheet-xml", "csv-with-nul", "csv-called-xlsx", "xlsx-called-csv", "pdf", "old-xls"],
)
def test_broken_or_mislabelled_files_get_a_russian_message(content, name, words):
    with pytest.raises(ImportFileError) as caught:
        table_read(content=content, filename=name)
    assert words in str(caught.value) and russian(str(caught.value))


def test_a_zip_that_is_not_a_workbook_is_refused():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(ImportFileError, match="не книга Excel"):
        table_read(content=out.getvalue(), filename="letter.xlsx")


def test_federal_headings_are_read_and_unread_columns_listed():
    header = [
        "№", "ФИО наставляемого", "Год рождения", "Класс", "Основной запрос наставляемого", "Форма наставничества",
        "Место работы/учёбы", "Контактные данные для связи", "Телефон родителя", "Примечание",
    ]  # fmt: skip
    table = table_read(content=raw_xlsx(header, [["1", "Иванова Мария Петровна", "2012", "7Б"]]), filename="f.xlsx")
    assert set(table.columns) == {
        "full_name", "birth_date", "grade", "request_text", "form", "workplace", "contacts", "representative",
    }  # fmt: skip
    assert table.ignored == ["№", "Примечание"]


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Интересы наставника", "interests"),
        ("Контакты законного представителя", "representative"),
        ("Дата рождения (ДД.ММ.ГГГГ)", "birth_date"),
        ("Ф.И.О.", "full_name"),
        ("Место работы / учёбы", "workplace"),
    ],
)
def test_heading_spellings(heading, key):
    table = table_read(content=raw_xlsx(["ФИО", heading], [["Иванов Иван", "x"]]), filename="f.xlsx")
    assert table.columns[key] == 1 or key == "full_name"


def test_parent_phone_goes_to_the_representative_not_the_pupil():
    header = ["ФИО", "Класс", "Контактные данные", "Телефон родителя"]
    table = table_read(
        content=raw_xlsx(header, [["Иванова Мария", "7Б", "pupil@school.example", "+7 900 111-22-33"]]),
        filename="f.xlsx",
    )
    row = RowReader(table, "people").read(*table.rows[0])
    assert row.person["representative_contacts"] == "+7 900 111-22-33"
    assert row.person["email"] == "pupil@school.example" and "phone" not in row.person


def test_a_cell_neutralised_by_our_export_is_read_back_as_text():
    table = table_read(content=raw_xlsx(["ФИО", "Должность"], [["Иванов Иван", "'=учитель"]]), filename="f.xlsx")
    assert RowReader(table, "people").read(*table.rows[0]).person["position"] == "=учитель"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["Итого", "", "", "25"], "итогов"),
        (["ВСЕГО:", "", "", ""], "итогов"),
        (["ФИО", "Класс", "Год рождения", ""], "заголовков"),
        (["", "", "12", "25,5"], "только числа"),
        (["Иванов Иван", "7А", "2012", ""], None),
    ],
)
def test_rows_that_are_not_people(row, reason):
    table = table_read(content=raw_xlsx(["ФИО", "Класс", "Год рождения", "Баллы"], [row]), filename="f.xlsx")
    found = skip_reason(table, table.rows[0][1])
    assert (found is None) if reason is None else (reason in found)


def test_trailing_empty_rows_and_columns_are_ignored():
    rows = [["Иванов Иван", "7А"]] + [["", ""]] * 50
    table = table_read(content=xlsx_bytes(rows, header=["ФИО", "Класс"]), filename="f.xlsx")
    assert [number for number, _values in table.rows] == [2]


def test_csv_with_semicolons_in_cp1251():
    content = csv_bytes([["Петрова Анна", "5 а"]], header=["ФИО", "Класс"], encoding="cp1251")
    table = table_read(content=content, filename="class.csv")
    assert table.rows == [(2, ["Петрова Анна", "5 а"])] and not table.is_xlsx
