"""Periods in Russian free form → dates of the school year 2026/2027; a roadmap written for 2020/2021 moves by six
years; what cannot be read is marked «уточнить срок» and gets no dates."""

import datetime

import pytest
from django.utils import translation

from roadmap.imports.periods import parse_period, source_school_year

D = datetime.date

# text, start, end, recurrence — read for 2026/2027, the file written for 2020/2021
READ = [
    ("до 15.11.2020", None, D(2026, 11, 15), ""),
    ("до 15.11.2020г.", None, D(2026, 11, 15), ""),
    ("15.11.2020", None, D(2026, 11, 15), ""),
    ("до 01.12.2020", None, D(2026, 12, 1), ""),
    ("Октябрь-декабрь 2020", D(2026, 10, 1), D(2026, 12, 31), ""),
    ("15-30 октября 2020 г.", D(2026, 10, 15), D(2026, 10, 30), ""),
    ("15-30 октября 2020 .", D(2026, 10, 15), D(2026, 10, 30), ""),
    ("с 1 ноября по 31 декабря 2020г.", D(2026, 11, 1), D(2026, 12, 31), ""),
    ("с 01.11.2020 по 31.12.2020", D(2026, 11, 1), D(2026, 12, 31), ""),
    ("Декабрь 2020", D(2026, 12, 1), D(2026, 12, 31), ""),
    ("Январь – март 2021 года", D(2027, 1, 1), D(2027, 3, 31), ""),
    ("май 2021 года", D(2027, 5, 1), D(2027, 5, 31), ""),
    ("первая декада сентября 2021 года", D(2027, 9, 1), D(2027, 9, 10), ""),
    ("Декабрь 2020 года\nДекабрь 2020 года\nЯнварь 2021 года", D(2026, 12, 1), D(2027, 1, 31), ""),
    ("первая декада сентября", D(2026, 9, 1), D(2026, 9, 10), ""),
    ("вторая декада октября", D(2026, 10, 11), D(2026, 10, 20), ""),
    ("третья декада февраля", D(2027, 2, 21), D(2027, 2, 28), ""),
    ("сентябрь – октябрь", D(2026, 9, 1), D(2026, 10, 31), ""),
    ("В течение первого месяца (сентябрь - октябрь)", D(2026, 9, 1), D(2026, 10, 31), ""),
    ("февраль-март", D(2027, 2, 1), D(2027, 3, 31), ""),
    ("апрель, май", D(2027, 4, 1), D(2027, 5, 31), ""),
    ("май", D(2027, 5, 1), D(2027, 5, 31), ""),
    ("октябрь", D(2026, 10, 1), D(2026, 10, 31), ""),
    ("до конца октября", None, D(2026, 10, 31), ""),
    ("ежемесячно", D(2026, 9, 1), D(2027, 5, 31), "monthly"),
    ("ежеквартально", D(2026, 9, 1), D(2027, 5, 31), "quarterly"),
    ("в течение года", D(2026, 9, 1), D(2027, 5, 31), "throughout"),
    ("В течение учебного года", D(2026, 9, 1), D(2027, 5, 31), "throughout"),
    ("в течение всего периода внедрения ЦМН", D(2026, 9, 1), D(2027, 5, 31), "throughout"),
    ("По мере поступления из Министерства образования Ростовской области", D(2026, 9, 1), D(2027, 5, 31), "on_demand"),
    ("по мере необходимости", D(2026, 9, 1), D(2027, 5, 31), "on_demand"),
]

UNCLEAR = [
    "",
    "до 2021",
    "по отдельному графику",
    "в соответствии со сроками реализации программ наставничества",
    "31.02.2021",
    "когда получится",
]


@pytest.mark.parametrize(("text", "start", "end", "recurrence"), READ)
def test_period_is_read_into_the_chosen_year(text, start, end, recurrence):
    reading = parse_period(text, 2026, source_year=2020)
    assert (reading.start, reading.end, reading.recurrence, reading.unclear) == (start, end, recurrence, False)
    assert reading.how


@pytest.mark.parametrize("text", UNCLEAR)
def test_unreadable_period_is_marked_and_never_guessed(text):
    with translation.override("ru"):
        reading = parse_period(text, 2026, source_year=2020)
    assert reading.unclear and reading.start is None and reading.end is None
    assert reading.how  # the preview says why, in Russian
    assert not reading.how.isascii()


def test_the_preview_says_how_and_that_years_moved():
    with translation.override("ru"):
        assert parse_period("до 15.11.2020", 2026, 2020).how == "крайний срок; годы сдвинуты на +6"
        assert parse_period("ежемесячно", 2026, 2020).how == "весь год, ежемесячно"
        assert parse_period("первая декада сентября", 2026, 2020).how == "декада месяца"


def test_a_file_for_the_same_year_keeps_its_dates():
    assert parse_period("до 15.11.2026", 2026, 2026).end == D(2026, 11, 15)
    assert parse_period("до 15.11.2026", 2026, None).end == D(2026, 11, 15)


def test_the_source_year_is_the_earliest_school_year_named():
    assert source_school_year(["Декабрь 2020 года", "июль-сентябрь 2021 года", "в течение года"]) == 2020
    assert source_school_year(["до 15.11.2020", "Январь 2021"]) == 2020
    assert source_school_year(["май", "ежемесячно"]) is None
