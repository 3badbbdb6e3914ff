"""Import from XLSX/CSV: preview, all-or-nothing, duplicates, bad dates, empty rows, wrong sheet, limits."""

import datetime

import pytest

from mentoring.imports import ImportFileError, Target, import_run, limits, parse
from mentoring.models import MenteeProfile, MentorProfile, Person
from tests import factories
from tests.factories_banks import csv_bytes, people_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(content, *, target=Target.PEOPLE, year=None, dry_run=True, filename="люди.xlsx"):
    return import_run(content=content, filename=filename, target=target, year=year, dry_run=dry_run)


def test_preview_saves_nothing_and_reports_what_would_happen():
    existing = factories.PersonFactory(
        last_name="Учителев0",
        first_name="Пётр",
        patronymic="Ильич",
        birth_date=datetime.date(1980, 2, 1),
        email="old@school.example",
    )
    result = run(xlsx_bytes(people_rows(4)))
    assert result.summary["create"] == 3
    assert result.summary["update"] == 1
    assert not result.applied
    assert Person.objects.count() == 1
    existing.refresh_from_db()
    assert existing.email == "old@school.example"  # the preview changed nothing


def test_import_creates_people_with_parsed_fields():
    result = run(xlsx_bytes(people_rows(2)), dry_run=False)
    assert result.applied and result.summary["create"] == 2
    teacher = Person.objects.get(last_name="Учителев0")
    assert (teacher.first_name, teacher.patronymic, teacher.category) == ("Пётр", "Ильич", "teacher")
    assert teacher.birth_date == datetime.date(1980, 2, 1)
    assert teacher.email == "t0@school.example"
    pupil = Person.objects.get(last_name="Ученикова1")
    assert (pupil.category, pupil.grade) == ("student", "7Б")


def test_one_bad_row_saves_nothing_and_names_row_and_column():
    rows = people_rows(3)
    rows[1][5] = "31.02.2012"  # spreadsheet row 3
    result = run(xlsx_bytes(rows), dry_run=False)
    assert not result.applied
    assert Person.objects.count() == 0
    (error,) = result.errors
    assert error.row == 3
    assert error.column == "F «Дата рождения»"
    assert "31.02.2012" in str(error) and "ДД.ММ.ГГГГ" in str(error)
    assert str(error).startswith("Строка 3, столбец F «Дата рождения»")


@pytest.mark.parametrize("value", ["2012/13/01", "вчера", "01.01.1850", "01.01.2999"])
def test_bad_dates_are_row_errors(value):
    rows = people_rows(1)
    rows[0][5] = value
    result = run(xlsx_bytes(rows))
    assert [e.row for e in result.errors] == [2]


def test_excel_date_cells_and_year_only_are_accepted():
    rows = people_rows(2)
    rows[0][5] = datetime.datetime(1981, 4, 5)
    rows[1][5] = "2012"
    result = run(xlsx_bytes(rows), dry_run=False)
    assert result.applied
    assert Person.objects.get(last_name="Учителев0").birth_date == datetime.date(1981, 4, 5)
    assert Person.objects.get(last_name="Ученикова1").birth_date is None


def test_same_name_and_birth_date_updates_instead_of_duplicating():
    person = factories.PersonFactory(
        last_name="Учителев0",
        first_name="Пётр",
        patronymic="Ильич",
        birth_date=datetime.date(1980, 2, 1),
        email="",
        subject="химия",
    )
    result = run(xlsx_bytes(people_rows(1)), dry_run=False)
    assert result.rows[0].status == "update" and result.rows[0].rule == "birth_date"
    assert Person.objects.count() == 1
    person.refresh_from_db()
    assert (person.subject, person.email) == ("физика", "t0@school.example")


def test_same_email_updates_instead_of_duplicating_and_empty_cells_erase_nothing():
    person = factories.PersonFactory(
        last_name="Старая", first_name="Фамилия", email="T0@school.example", phone="+7 900 000-00-00"
    )
    run(xlsx_bytes(people_rows(1)), dry_run=False)
    assert Person.objects.count() == 1
    person.refresh_from_db()
    assert person.last_name == "Учителев0"
    assert person.phone == "+7 900 000-00-00"


def test_email_of_one_person_with_name_of_another_is_an_error():
    factories.PersonFactory(
        last_name="Учителев0",
        first_name="Пётр",
        patronymic="Ильич",
        birth_date=datetime.date(1980, 2, 1),
        email="a@school.example",
    )
    factories.PersonFactory(email="t0@school.example")
    result = run(xlsx_bytes(people_rows(1)))
    assert "принадлежит" in str(result.errors[0])


def test_an_exact_repeat_of_a_row_is_merged_with_a_note():
    rows = people_rows(2) + [people_rows(1)[0]]
    result = run(xlsx_bytes(rows), dry_run=False)
    assert result.applied and Person.objects.count() == 2
    merged = result.rows[2]
    assert (merged.row, merged.status, merged.note) == (4, "merged", "строка 4 повторяет строку 2")


def test_two_different_rows_of_the_same_person_are_an_error_naming_both():
    second = people_rows(1)[0]
    second[3] = "химия"
    result = run(xlsx_bytes(people_rows(2) + [second]))
    (error,) = result.errors
    assert error.row == 4 and "2" in error.message and "4" in error.message


def test_empty_rows_are_skipped():
    rows = people_rows(2)
    rows.insert(1, [None] * 7)
    rows.insert(2, ["", " ", "", "", "", "", ""])
    result = run(xlsx_bytes(rows), dry_run=False)
    assert result.applied
    assert result.summary["create"] == 2 and not result.errors


def test_wrong_sheet_is_refused_with_the_sheet_names():
    content = xlsx_bytes([], header=[], title="Итоги", sheets={"Итоги": [["Всего", 5], ["Из них", 3]]})
    with pytest.raises(ImportFileError, match="«Итоги»"):
        run(content)


def test_table_on_a_later_sheet_under_a_title_row_is_found():
    content = xlsx_bytes(people_rows(1), sheets={"Пояснения": [["Файл для импорта"]]}, title="База")
    result = run(content)
    assert result.sheet == "База" and result.summary["create"] == 1


def test_huge_file_is_refused(monkeypatch):
    with pytest.raises(ImportFileError, match="МБ|MB"):
        run(b"PK\x03\x04" + b"\x00" * (limits.MAX_FILE_BYTES + 1))


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(parse, "MAX_ROWS", 5)
    with pytest.raises(ImportFileError, match="5"):
        run(xlsx_bytes(people_rows(6)))


def test_not_a_spreadsheet_is_refused():
    with pytest.raises(ImportFileError):
        run(b"%PDF-1.4 nonsense", filename="scan.pdf")
    with pytest.raises(ImportFileError, match="xlsx"):
        run(b"PK\x03\x04garbage", filename="broken.xlsx")


def test_csv_in_cp1251_with_three_name_columns():
    header = ["Фамилия", "Имя", "Отчество", "Класс", "Дата рождения"]
    content = csv_bytes([["Петрова", "Анна", "Сергеевна", "5 а", "01.09.2014"]], header=header, encoding="cp1251")
    result = run(content, filename="class.csv", dry_run=False)
    assert result.applied
    assert Person.objects.get(last_name="Петрова").grade == "5А"


def test_student_without_class_is_a_row_error_in_russian():
    rows = [["Иванов Иван", "обучающийся", "", "", "", "", ""]]
    result = run(xlsx_bytes(rows))
    assert result.errors[0].column == "E «Класс»"
    assert "класс" in result.errors[0].message


def test_bank_import_requires_consent_for_each_row(year):
    with_consent = factories.PersonFactory(
        last_name="Учителев0", first_name="Пётр", patronymic="Ильич", birth_date=datetime.date(1980, 2, 1)
    )
    header = ["ФИО", "Дата рождения", "Направления", "Опыт и компетенции", "Сколько наставляемых"]
    rows = [
        ["Учителев0 Пётр Ильич", "01.02.1980", "Методическое, ИКТ и цифровизация", "20 лет в школе", 2],
        ["Новенький Олег Олегович", "03.03.1990", "", "", ""],
    ]
    result = run(xlsx_bytes(rows, header=header), target=Target.MENTORS, year=year, dry_run=False)
    assert not result.applied
    (error,) = result.errors
    assert error.row == 3 and "согласи" in error.message and "Новенький" in error.message
    assert not MentorProfile.objects.exists()

    result = run(xlsx_bytes(rows[:1], header=header), target=Target.MENTORS, year=year, dry_run=False)
    assert result.applied
    profile = MentorProfile.objects.get(person=with_consent)
    assert profile.directions == ["methodical", "digital"]
    assert (profile.competencies, profile.capacity) == ("20 лет в школе", 2)


def test_mentee_bank_import_updates_an_existing_entry(year):
    entry = factories.MenteeProfileFactory(year=year, request_text="старое")
    p = entry.person
    header = ["ФИО наставляемого", "Дата рождения", "Основной запрос", "Направления"]
    rows = [[p.full_name, p.birth_date.strftime("%d.%m.%Y"), "Подготовка к ОГЭ", "Предметно-профессиональное"]]
    result = run(xlsx_bytes(rows, header=header), target=Target.MENTEES, year=year, dry_run=False)
    assert result.applied and result.rows[0].bank == "update"
    entry.refresh_from_db()
    assert (entry.request_text, entry.requests) == ("Подготовка к ОГЭ", ["professional"])
    assert MenteeProfile.objects.count() == 1


def test_unknown_direction_names_the_allowed_ones(year):
    factories.PersonFactory(
        last_name="Учителев0", first_name="Пётр", patronymic="", birth_date=None, email="x@school.example"
    )
    header = ["ФИО", "Email", "Направления"]
    result = run(
        xlsx_bytes([["Учителев0 Пётр", "x@school.example", "астрология"]], header=header),
        target=Target.MENTORS,
        year=year,
    )
    assert "астрология" in result.errors[0].message and "методическое" in result.errors[0].message
