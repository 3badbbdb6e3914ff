"""Step 2, match: every rule of issue 14 §1, ambiguous rows and the curator's choice, re-imports creating nobody."""

import datetime

import pytest

from mentoring.imports import NEW, import_run
from mentoring.models import MenteeProfile, MentorProfile, Person
from tests import factories
from tests.factories_imports import raw_xlsx

pytestmark = pytest.mark.django_db


def run(header, rows, *, target="people", year=None, dry_run=True, choices=None):
    content = raw_xlsx(header, rows)
    return import_run(content=content, filename="f.xlsx", target=target, year=year, dry_run=dry_run, choices=choices)


def pupil(**fields):
    values = {"last_name": "Иванова", "first_name": "Мария", "patronymic": "Петровна", "grade": "7Б"}
    return factories.StudentFactory(**(values | fields))


def test_email_matches_first_even_when_the_name_was_misspelt():
    person = factories.PersonFactory(last_name="Смирнова", email="smirnova@school.example")
    result = run(["ФИО", "Email"], [["Смирнва Ольга Ивановна", "SMIRNOVA@school.example"]], dry_run=False)
    (row,) = result.rows
    assert (row.status, row.person_id, row.rule) == ("update", person.pk, "email")
    assert Person.objects.count() == 1


def test_full_name_and_date_of_birth():
    person = pupil(birth_date=datetime.date(2012, 3, 12))
    pupil(birth_date=datetime.date(2013, 4, 1), grade="6А")  # a namesake
    (row,) = run(["ФИО", "Дата рождения"], [["Иванова Мария Петровна", "12.03.2012"]]).rows
    assert (row.status, row.person_id, row.rule) == ("unchanged", person.pk, "birth_date")


def test_full_name_and_year_of_birth_of_the_federal_form():
    person = pupil(birth_date=datetime.date(2012, 3, 12))
    pupil(birth_date=datetime.date(2011, 4, 1), grade="8А")
    (row,) = run(["ФИО наставляемого", "Год рождения"], [["Иванова Мария Петровна", "2012"]]).rows
    assert (row.status, row.person_id, row.rule) == ("unchanged", person.pk, "birth_year")
    assert "году рождения" in row.rule_label


def test_full_name_and_class_for_a_pupil_without_a_date():
    person = pupil(birth_date=None, grade="7Б")
    pupil(birth_date=None, grade="9А")
    (row,) = run(["ФИО", "Класс"], [["Иванова Мария Петровна", "7 б"]]).rows
    assert (row.status, row.person_id, row.rule) == ("unchanged", person.pk, "grade")


def test_full_name_and_position_for_staff():
    person = factories.PersonFactory(
        last_name="Петров", first_name="Олег", patronymic="", birth_date=None, email="", position="учитель физики"
    )
    factories.PersonFactory(
        last_name="Петров", first_name="Олег", patronymic="", birth_date=None, email="", position="завхоз"
    )
    (row,) = run(["ФИО", "Должность"], [["Петров Олег", "Учитель физики"]]).rows
    assert (row.status, row.person_id, row.rule) == ("update", person.pk, "position")  # the file's spelling wins


def test_several_candidates_wait_for_the_curators_choice():
    first = pupil(birth_date=datetime.date(2012, 3, 12), grade="7Б")
    second = pupil(birth_date=datetime.date(2012, 9, 1), grade="7В")
    header, rows = ["ФИО", "Год рождения"], [["Иванова Мария Петровна", "2012"]]
    result = run(header, rows, dry_run=False)
    (row,) = result.rows
    assert row.status == "ambiguous" and not result.applied
    assert {pk for pk, _label in row.candidates} == {first.pk, second.pk}
    assert any("7В" in label for _pk, label in row.candidates)

    result = run(header, rows, dry_run=False, choices={"2": str(second.pk)})
    assert result.applied and result.rows[0].person_id == second.pk and result.rows[0].rule == "choice"
    assert Person.objects.count() == 2


def test_the_curator_may_say_new_person():
    pupil(birth_date=datetime.date(2012, 3, 12), grade="7Б")
    pupil(birth_date=datetime.date(2012, 9, 1), grade="7В")
    result = run(["ФИО", "Год рождения", "Класс"], [["Иванова Мария Петровна", "2012", "5А"]], dry_run=False)
    assert result.rows[0].status == "ambiguous"
    result = run(
        ["ФИО", "Год рождения", "Класс"], [["Иванова Мария Петровна", "2012", "5А"]], dry_run=False, choices={"2": NEW}
    )
    assert result.applied and result.rows[0].status == "create"
    assert Person.objects.filter(grade="5А").count() == 1


def test_a_name_alone_is_not_proof():
    person = pupil(birth_date=None, grade="7Б")
    (row,) = run(["ФИО"], [["Иванова Мария Петровна"]]).rows
    assert row.status == "ambiguous" and row.candidates == [(person.pk, "Иванова Мария Петровна, 7Б")]


def test_a_namesake_with_another_birth_date_is_someone_else():
    pupil(birth_date=datetime.date(2012, 3, 12))
    (row,) = run(["ФИО", "Дата рождения", "Класс"], [["Иванова Мария Петровна", "01.01.2013", "6А"]]).rows
    assert row.status == "create" and row.rule == ""


def test_email_of_one_person_and_the_name_and_date_of_another_is_an_error():
    pupil(birth_date=datetime.date(2012, 3, 12))
    factories.PersonFactory(email="mail@school.example")
    header = ["ФИО", "Дата рождения", "Email"]
    (row,) = run(header, [["Иванова Мария Петровна", "12.03.2012", "mail@school.example"]]).rows
    assert row.status == "error" and "принадлежит" in row.errors[0].message


def test_reimporting_a_corrected_file_creates_nobody(year):
    """Issue 14: people went from 372 to 378 after a corrected file was imported again."""
    header = ["ФИО", "Категория", "Класс", "Дата рождения", "Контактные данные"]
    rows = [
        ["Иванова Мария Петровна", "обучающийся", "7Б", "12.03.2012", ""],
        ["Сидоров Пётр Ильич", "учитель", "", "01.02.1980", "sidorov@school.example"],
        ["Кузнецова Анна Олеговна", "обучающийся", "5А", "2014", ""],
    ]
    assert run(header, rows, dry_run=False).applied
    assert Person.objects.count() == 3
    rows[0][2] = "7В"  # corrected
    again = run(header, rows, dry_run=False)
    assert again.applied and Person.objects.count() == 3
    assert [(r.status, r.rule) for r in again.rows] == [
        ("update", "birth_date"),
        ("unchanged", "email"),
        ("unchanged", "grade"),  # the federal year was not stored: the class finds her
    ]
    assert Person.objects.get(last_name="Иванова").grade == "7В"


def test_the_federal_mentee_bank_after_consents_lands_everyone_once(year):
    """Issue 14: importing the mentee bank after recording everyone's consent failed on a «new» person."""
    people = [
        pupil(last_name=f"Ученица{i}", birth_date=datetime.date(2012, 1, 1 + i), grade="7Б", consent=None)
        for i in range(3)
    ]
    for person in people:
        factories.ConsentFactory(person=person)
    header = ["№", "ФИО наставляемого", "Год рождения", "Основной запрос наставляемого", "Телефон родителя"]
    rows = [[str(i + 1), p.full_name, "2012", "Подготовка к ОГЭ", f"+7 900 000-00-0{i}"] for i, p in enumerate(people)]
    rows.append(["", "Итого", "", "", "3"])
    rows.append(rows[1])  # an exact repeat
    result = run(header, rows, target="mentees", year=year, dry_run=False)
    assert result.applied, [str(e) for e in result.errors]
    assert [(r.status, r.bank) for r in result.rows] == [("update", "create")] * 3 + [("skip", ""), ("merged", "")]
    assert result.rows[0].changes == ["контакты родителя (законного представителя)"]
    assert result.rows[4].note == "строка 6 повторяет строку 3"
    assert MenteeProfile.objects.filter(year=year).count() == 3 and Person.objects.count() == 3
    assert people[0].__class__.objects.get(pk=people[0].pk).representative_contacts == "+7 900 000-00-00"
    again = run(header, rows, target="mentees", year=year, dry_run=False)
    assert again.applied and MenteeProfile.objects.count() == 3 and Person.objects.count() == 3
    assert {r.status for r in again.rows} <= {"unchanged", "skip", "merged"}


def test_a_found_person_without_consent_is_named_and_offered_the_consent_form(year):
    person = pupil(birth_date=datetime.date(2012, 3, 12), consent=None)
    result = run(["ФИО наставляемого", "Год рождения"], [[person.full_name, "2012"]], target="mentees", year=year)
    (row,) = result.rows
    assert row.status == "no_consent" and row.person_id == person.pk
    assert row.note == "нет действующего согласия на обработку персональных данных: Иванова Мария Петровна."
    assert not MenteeProfile.objects.exists()


def test_mentors_match_by_every_rule_not_only_by_email(year):
    """Issue 14: for mentors 3 of 4 rows failed; only the one with an e-mail matched."""
    by_email = factories.PersonFactory(last_name="Почтова", email="pochta@school.example")
    by_date = factories.PersonFactory(last_name="Датова", email="", birth_date=datetime.date(1980, 1, 2))
    by_year = factories.PersonFactory(last_name="Годова", email="", birth_date=datetime.date(1975, 6, 7))
    by_position = factories.PersonFactory(last_name="Должнова", email="", birth_date=None, position="методист")
    header = ["ФИО наставника", "Дата рождения", "Должность", "Контактные данные", "Интересы наставника"]
    rows = [
        [by_email.full_name, "", "", "pochta@school.example", "шахматы"],
        [by_date.full_name, "02.01.1980", "", "", "туризм"],
        [by_year.full_name, "1975", "", "", "хор"],
        [by_position.full_name, "", "Методист", "", "театр"],
    ]
    result = run(header, rows, target="mentors", year=year, dry_run=False)
    assert result.applied, [str(e) for e in result.errors]
    assert [r.rule for r in result.rows] == ["email", "birth_date", "birth_year", "position"]
    assert MentorProfile.objects.get(person=by_year).interests == "хор"
