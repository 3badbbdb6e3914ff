"""Steps 3-4, validate and commit: sets loaded once, bulk writes in one transaction, constraints as the backstop."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.imports import import_run
from mentoring.imports.commit import rows_commit
from mentoring.imports.parse import table_read
from mentoring.imports.validate import rows_plan
from mentoring.models import MenteeProfile, MentorProfile, Person
from tests import factories
from tests.factories_imports import raw_xlsx

pytestmark = pytest.mark.django_db
HEADER = ["ФИО", "Категория", "Класс", "Дата рождения", "Email"]


def people_file(count: int, start: int = 0) -> bytes:
    rows = [[f"Ученик{i} Иван Петрович", "обучающийся", "7А", "01.09.2012", ""] for i in range(start, start + count)]
    return raw_xlsx(HEADER, rows)


def bank_file(people) -> bytes:
    header = ["ФИО наставляемого", "Год рождения", "Основной запрос"]
    return raw_xlsx(header, [[p.full_name, str(p.birth_date.year), "ОГЭ"] for p in people])


def queries_of(func) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        func()
    return [q["sql"] for q in captured.captured_queries]


def test_the_people_import_costs_the_same_queries_for_10_and_300_rows():
    small = queries_of(lambda: import_run(content=people_file(10), filename="a.xlsx", target="people", dry_run=False))
    big = queries_of(
        lambda: import_run(content=people_file(300, start=100), filename="a.xlsx", target="people", dry_run=False)
    )
    assert Person.objects.count() == 310
    assert len(big) == len(small) <= 12
    # No savepoint per row: the one transaction is a savepoint only because the test runs inside its own.
    assert sum("SAVEPOINT" in sql for sql in big) == sum("SAVEPOINT" in sql for sql in small) <= 2


def test_the_bank_import_costs_the_same_queries_for_10_and_300_rows(year):
    people = factories.StudentFactory.create_batch(310)
    small = queries_of(
        lambda: import_run(
            content=bank_file(people[:10]), filename="a.xlsx", target="mentees", year=year, dry_run=False
        )
    )
    big = queries_of(
        lambda: import_run(
            content=bank_file(people[10:]), filename="a.xlsx", target="mentees", year=year, dry_run=False
        )
    )
    assert MenteeProfile.objects.filter(year=year).count() == 310
    assert len(big) == len(small) <= 14
    assert sum("SAVEPOINT" in sql for sql in big) == sum("SAVEPOINT" in sql for sql in small) <= 2


def test_a_preview_writes_nothing():
    queries = queries_of(lambda: import_run(content=people_file(20), filename="a.xlsx", target="people"))
    assert not any(sql.startswith(("INSERT", "UPDATE", "DELETE")) for sql in queries)
    assert not Person.objects.exists()


def test_a_constraint_broken_meanwhile_rolls_back_the_file_and_names_the_row():
    content = raw_xlsx(HEADER, [["Первый Иван", "учитель", "", "", "a@school.example"],
                                ["Второй Иван", "учитель", "", "", "b@school.example"]])  # fmt: skip
    table = table_read(content=content, filename="a.xlsx")
    plans = rows_plan(table=table, target="people")
    assert [p.status for p in plans] == ["create", "create"]
    factories.PersonFactory(email="B@school.example")  # someone typed her in while the preview was open
    assert not rows_commit(plans=plans, target="people")
    assert not Person.objects.filter(last_name__in=["Первый", "Второй"]).exists()  # all or nothing
    assert [p.status for p in plans] == ["create", "error"]
    assert plans[1].errors[0].message == "у другого человека уже есть этот адрес электронной почты."


def test_a_bank_entry_made_meanwhile_is_reported_on_its_row(year):
    person = factories.PersonFactory(last_name="Занятая", birth_date=datetime.date(1980, 1, 1))
    content = raw_xlsx(["ФИО", "Дата рождения", "Сколько наставляемых"], [[person.full_name, "01.01.1980", "2"]])
    plans = rows_plan(table=table_read(content=content, filename="a.xlsx"), target="mentors", year=year)
    factories.MentorProfileFactory(person=person, year=year)
    assert not rows_commit(plans=plans, target="mentors", year=year)
    assert plans[0].errors[0].message == "этот человек уже есть в базе наставников этого года."


@pytest.mark.parametrize(("value", "message"), [("-3", "от 1 до 10"), ("11", "от 1 до 10"), ("два", "цифрами")])
def test_capacity_out_of_range_is_a_russian_message_on_its_column(year, value, message):
    person = factories.PersonFactory(last_name="Ёмкая", birth_date=datetime.date(1980, 1, 1))
    content = raw_xlsx(["ФИО", "Дата рождения", "Сколько наставляемых"], [[person.full_name, "01.01.1980", value]])
    result = import_run(content=content, filename="a.xlsx", target="mentors", year=year, dry_run=False)
    (error,) = result.errors
    assert error.column == "C «Сколько наставляемых»" and message in error.message
    assert not MentorProfile.objects.exists()


def test_a_too_long_position_is_a_row_error_not_a_database_error():
    content = raw_xlsx(["ФИО", "Должность"], [["Длинный Иван", "д" * 201]])
    result = import_run(content=content, filename="a.xlsx", target="people", dry_run=False)
    assert result.errors[0].column == "B «Должность»" and "200" in result.errors[0].message


def test_two_rows_with_one_new_email_are_an_error():
    content = raw_xlsx(HEADER, [["Первый Иван", "учитель", "", "", "a@school.example"],
                                ["Второй Иван", "учитель", "", "", "A@school.example"]])  # fmt: skip
    result = import_run(content=content, filename="a.xlsx", target="people")
    assert result.rows[1].errors[0].message == "тот же адрес электронной почты, что в строке 2."
