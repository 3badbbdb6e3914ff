"""The grammar service on real hard cases: both genders, indeclinable and double surnames, rare patronymics."""

import datetime
from types import SimpleNamespace

import pytest

from mentoring.russian import (
    agree,
    decline_full,
    decline_name_string,
    decline_phrase,
    decline_short,
    initials_first,
    person_gender,
    ru_date,
    ru_number,
    ru_percent,
)
from mentoring.russian.numbers import plural_count


def person(last, first, middle="", **extra):
    return SimpleNamespace(last_name=last, first_name=first, patronymic=middle, **extra)


@pytest.mark.parametrize(
    ("who", "case", "expected"),
    [
        (person("Смирнова", "Ольга", "Владимировна"), "acc", "Смирнову Ольгу Владимировну"),
        (person("Смирнова", "Ольга", "Владимировна"), "dat", "Смирновой Ольге Владимировне"),
        (person("Иванова", "Мария", "Петровна"), "gen", "Ивановой Марии Петровны"),
        (person("Петров", "Сергей", "Иванович"), "dat", "Петрову Сергею Ивановичу"),
        (person("Дурново", "Иван", "Петрович"), "gen", "Дурново Ивана Петровича"),
        (person("Шевчук", "Анна", "Ильинична"), "dat", "Шевчук Анне Ильиничне"),
        (person("Шевчук", "Тарас", "Кузьмич"), "acc", "Шевчука Тараса Кузьмича"),
        (person("Шевчук", "Тарас", "Кузьмич"), "ins", "Шевчуком Тарасом Кузьмичом"),
        (person("Петрова-Водкина", "Мария", "Петровна"), "acc", "Петрову-Водкину Марию Петровну"),
        (person("Римский-Корсаков", "Николай", "Андреевич"), "dat", "Римскому-Корсакову Николаю Андреевичу"),
        (person("Алиев", "Рашид", "Мамед оглы"), "dat", "Алиеву Рашиду Мамед оглы"),
        (person("Гасанова", "Лейла", "Рашид кызы"), "gen", "Гасановой Лейлы Рашид кызы"),
        (person("Толстой", "Лев", "Николаевич"), "loc", "Толстом Льве Николаевиче"),
    ],
)
def test_full_names_decline_with_the_persons_gender(who, case, expected):
    assert decline_full(who, case) == expected


def test_initials_stay_and_the_surname_declines():
    smirnova = person("Смирнова", "Ольга", "Владимировна")
    assert decline_short(smirnova, "acc") == "Смирнову О. В."
    assert initials_first(smirnova, "dat") == "О. В. Смирновой"
    assert decline_short(person("Шевчук", "Анна", "Ильинична"), "dat") == "Шевчук А. И."
    assert decline_short(person("Шевчук", "Тарас", "Кузьмич"), "dat") == "Шевчуку Т. К."
    assert decline_short(person("Петров", "Сергей", "Иванович"), "nom") == "Петров С. И."


def test_gender_from_the_patronymic_then_the_card_then_the_name():
    assert person_gender(person("Шевчук", "Саша", "Ильинична")) == "f"
    assert person_gender(person("Шевчук", "Саша", "Кузьмич")) == "m"
    assert person_gender(person("Алиев", "Рашид", "Мамед оглы")) == "m"
    assert person_gender(person("Шевчук", "Саша", "")) == ""  # nothing says: unknown
    assert person_gender(person("Шевчук", "Саша", "", gender="f")) == "f"  # the curator's choice
    assert person_gender(person("Смирнова", "Ольга", "")) == "f"  # the name's endings


def test_gender_of_a_name_typed_as_text():
    assert agree("Петрова Анна Сергеевна", "действующий", "действующая", "?") == "действующая"
    assert agree("Иванов Михаил Сергеевич", "действующий", "действующая", "?") == "действующий"
    assert agree("", "действующий", "действующая", "действующий(-ая)") == "действующий(-ая)"


def test_unknown_gender_and_foreign_names_stay_in_the_nominative():
    assert decline_full(person("Шевчук", "Саша"), "dat") == "Шевчук Саша"
    assert decline_full(person("Smith", "John", "", gender="m"), "gen") == "Smith John"


def test_the_cards_override_wins():
    durnovo = person("Дурнова", "Анна", "Петровна", surname_indeclinable=True)
    assert decline_full(durnovo, "dat") == "Дурнова Анне Петровне"
    explicit = person("Ким", "Анна", "Сергеевна", name_cases={"dat": "Ким Анне Сергеевне"})
    assert decline_full(explicit, "dat") == "Ким Анне Сергеевне"
    assert decline_short(explicit, "dat") == "Ким А. С."


def test_names_typed_as_text():
    assert decline_name_string("С. И. Петров", "dat") == "С. И. Петрову"
    assert decline_name_string("Петров С. И.", "dat") == "Петрову С. И."
    assert decline_name_string("А. А. Директорова", "dat") == "А. А. Директоровой"
    assert decline_name_string("Иванова Мария Петровна", "gen") == "Ивановой Марии Петровны"
    assert decline_name_string("С. И. Шевчук", "dat") == "С. И. Шевчук"  # nothing says the gender: unchanged
    assert decline_name_string("С. И. Шевчук", "dat", gender="m") == "С. И. Шевчуку"


@pytest.mark.parametrize(
    ("phrase", "case", "expected"),
    [
        ("заместитель директора по УВР", "acc", "заместителя директора по УВР"),
        ("заместитель директора по УВР", "dat", "заместителю директора по УВР"),
        ("Директор", "dat", "Директору"),
        ("учитель начальных классов", "gen", "учителя начальных классов"),
        ("старший воспитатель", "acc", "старшего воспитателя"),
        ("старший воспитатель, куратор наставничества", "acc", "старшего воспитателя, куратор наставничества"),
        ("старшая вожатая", "acc", "старшую вожатую"),
        ("классный руководитель 7Б класса", "dat", "классному руководителю 7Б класса"),
        ("социальный педагог", "ins", "социальным педагогом"),
        ("педагог-психолог", "dat", "педагогу-психологу"),
        ("Заведующая", "dat", "Заведующей"),
        ("заведующий", "acc", "заведующего"),
        ("исполняющий обязанности директора", "dat", "исполняющему обязанности директора"),
        ("молодой специалист", "acc", "молодого специалиста"),
        ("УВР", "dat", "УВР"),  # nothing to decline: unchanged
        ("", "dat", ""),
    ],
)
def test_positions_decline_with_agreeing_adjectives(phrase, case, expected):
    assert decline_phrase(phrase, case) == expected


def test_unknown_case_is_an_error():
    with pytest.raises(ValueError):
        decline_phrase("учитель", "vocative")


def test_agree_picks_the_form_of_the_persons_gender():
    assert agree(person("Кузнецова", "Марина", "Петровна"), "добавлен", "добавлена", "добавлен(а)") == "добавлена"
    assert agree(person("Кузнецов", "Марк", "Петрович"), "добавлен", "добавлена", "добавлен(а)") == "добавлен"
    assert agree(person("Шевчук", "Саша"), "добавлен", "добавлена", "добавлен(а)") == "добавлен(а)"


NBSP = "\u00a0"


def test_numbers_percentages_and_dates_the_russian_way():
    assert ru_number(10000) == f"10{NBSP}000"
    assert ru_number(1234567) == f"1{NBSP}234{NBSP}567"
    assert ru_number(85.714) == "85,7"
    assert ru_number(3.0) == "3"
    assert ru_number(0) == "0"
    assert ru_number(None) == ""
    assert ru_percent(85.714) == f"85,7{NBSP}%"
    assert ru_percent(100) == f"100{NBSP}%"
    assert ru_date(datetime.date(2026, 12, 1)) == f"1{NBSP}декабря 2026{NBSP}г."
    assert ru_date(datetime.date(2027, 5, 25)) == f"25{NBSP}мая 2027{NBSP}г."
    assert [plural_count(v) for v in (1, 5, 2.5, 3.0, None)] == [1, 5, 2, 3, 0]


def test_pymorphy_is_loaded_once_per_process():
    from mentoring.russian.declension import morph

    assert morph() is morph()
