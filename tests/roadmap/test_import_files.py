"""The seeds' roadmaps from .docx, .xlsx and .csv: every stage and item, the parties and documents recognised;
broken files refused with Russian messages."""

import io
import zipfile

import docx
import openpyxl
import pytest
from django.utils import translation

from mentoring.choices import Role
from roadmap.imports import reader
from roadmap.imports.parties import document_kind, parse_responsible
from roadmap.imports.reader import ImportRefused, read_document
from roadmap.imports.structure import build_draft, evaluate, heading_field, split_items
from tests.roadmap.seed_tables import EXPECTED, build_csv, build_docx, build_xlsx

BUILDERS = {"docx": build_docx, "xlsx": build_xlsx, "csv": build_csv}


def _read(name: str, kind: str, year: int = 2026) -> list[dict]:
    draft = build_draft(read_document(BUILDERS[kind](name), f"roadmap.{kind}"))
    return evaluate(draft, year)


def _items(stages):
    return [item for stage in stages for item in stage["items"]]


@pytest.mark.parametrize("kind", ["docx", "xlsx", "csv"])
@pytest.mark.parametrize("name", ["kirov", "azov", "ddt"])
def test_every_stage_and_item_of_each_seed(name, kind):
    stages = _read(name, kind)
    assert (len(stages), len(_items(stages))) == EXPECTED[name]
    assert all(item["title"] for item in _items(stages))


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_the_school_roadmap_stage_table(kind):
    stages = _read("kirov", kind)
    # The stage broken by a page break (heading repeated, «и обучение наставников» on the next page) is one stage.
    assert stages[3]["title"] == "Отбор/выдвижение и обучение наставников"
    assert [s["kind"] for s in stages] == [
        "preparation",
        "mentee_bank",
        "mentor_bank",
        "selection",
        "pairing",
        "work",
        "control",
        "completion",
    ]
    first = stages[0]["items"]
    assert [i["title"].split()[0] for i in first] == ["информировать", "определить", "обеспечить", "создать", "создать"]
    assert first[4]["title"] == "создать страницу на сайте ОО"
    assert all(i["reading"].start.isoformat() == "2026-09-01" for i in first)
    assert first[0]["document_type"] == "order" and first[0]["order_type"] == "organisation"
    assert [i["title"] for i in stages[6]["items"]] == [
        "Проведение открытых уроков",
        "Открытых мероприятий",
        "Итоги работы в выступлении на педагогическом совете школы",
    ]
    last = stages[7]["items"]  # three activities, three documents: paired
    assert [(i["document_type"], i["order_type"]) for i in last] == [
        ("questionnaire", ""),
        ("report", ""),
        ("order", "reward"),
    ]
    assert stages[5]["items"][0]["reading"].recurrence == "throughout"


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_the_municipal_roadmap(kind):
    stages = _read("azov", kind)
    items = {i["number"]: i for i in _items(stages)}
    assert stages[0]["title"].startswith("Нормативное правовое регулирование")
    # Rows broken across pages continue the item above.
    assert items["1.5."]["title"].endswith("детей-сирот (оставшихся без попечения родителей).")
    assert (
        items["3.1."]["result"]
        == "Базы наставляемых с перечнем запросов, необходимая для подбора кандидатов в наставники"
    )
    # «5.1.» heads its sub-items; an item with a list after a colon stays one item.
    assert items["5.1.1."]["title"].startswith(
        "Контроль реализации мероприятий по внедрению целевой модели наставничества: на уровне"
    )
    assert "5.1." not in items
    assert "встреча-знакомство" in items["3.5."]["title"]
    # Parties: the education department is external; heads of schools and curators map to roles.
    office = items["1.2."]["responsible_reading"]
    assert office.external and office.role == "" and office.text == "Управление образования г. Азова"
    assert items["1.1."]["responsible_reading"].parties == ("school_heads",)
    assert items["1.1."]["responsible_reading"].role == Role.DIRECTOR
    assert items["3.4."]["responsible_reading"].role == Role.CURATOR
    assert items["2.1."]["responsible_reading"].external  # «Сектор ИМР»
    # Periods, with the unreadable ones marked.
    unclear = sorted(number for number, i in items.items() if i["reading"].unclear)
    assert unclear == ["1.4.", "3.3.", "3.5.", "3.6."]
    assert items["1.1."]["reading"].end.isoformat() == "2026-11-15"
    assert items["2.1."]["reading"].recurrence == "on_demand"
    assert "уточнить срок" in items["3.3."]["all_problems"][0] or items["3.3."]["all_problems"]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_the_centre_of_additional_education_roadmap(kind):
    stages = _read("ddt", kind)
    assert [s["title"] for s in stages][:2] == [
        "Подготовка условий для запуска программы наставничества",
        "Формирование базы наставляемых",
    ]
    assert stages[6]["title"] == "Завершение наставничества"
    first = stages[0]["items"][0]
    assert first["responsible_reading"].parties == ("director", "methodical", "curator")
    assert first["responsible_reading"].role == Role.DIRECTOR
    assert (first["reading"].start.isoformat(), first["reading"].end.isoformat()) == ("2026-12-01", "2027-01-31")
    assert (first["document_type"], first["order_type"]) == ("order", "organisation")
    # The responsible cell merged down over two items gives both of them the curator.
    work = stages[5]["items"]
    assert [i["responsible"] for i in work] == ["Куратор программы наставничества"] * 2
    site = stages[0]["items"][4]["responsible_reading"]
    assert site.role == Role.SITE_EDITOR


def test_the_first_table_that_looks_like_a_roadmap_or_the_one_picked():
    document = read_document(build_docx("ddt"), "ddt.docx")
    assert len(document.tables) == 2  # the approval block, then the roadmap
    assert build_draft(document)["table_number"] == 2
    assert build_draft(document, 2)["table_number"] == 2
    with translation.override("ru"), pytest.raises(ImportRefused, match="Не найдена таблица"):
        build_draft(document, 1)
    with translation.override("ru"), pytest.raises(ImportRefused, match="нет таблицы № 5"):
        build_draft(document, 5)


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("№ п/п", "number"),
        ("№ этап", "number"),
        ("Наименование этапа", "stage"),
        ("Мероприятие", "title"),
        ("Наименование мероприятий", "title"),
        ("Содержание деятельности и примерный план мероприятий", "title"),
        ("Срок", "period"),
        ("Сроки реализации", "period"),
        ("Срок проведения", "period"),
        ("Срок исполнения", "period"),
        ("Длительность этапа", "period"),
        ("Ответственный", "responsible"),
        ("Ответственный исполнитель", "responsible"),
        ("Исполнитель", "responsible"),
        ("Результат", "result"),
        ("Вид документа", "result"),
        ("Результат. Вид документа", "result"),
        ("Документы", "result"),
        ("Рекомендуемые документы для этапа", "result"),
        ("На этом этапе важно:", "title"),
        ("", None),
    ],
)
def test_headings_in_every_spelling(heading, field):
    assert heading_field(heading) == field


def test_items_listed_inside_one_cell():
    assert split_items("- первое;\n- второе") == ["первое", "второе"]
    assert split_items("• первое\n• второе\nпродолжение") == ["первое", "второе продолжение"]
    assert split_items("1. первое\n2. второе") == ["первое", "второе"]
    assert split_items("- первое; - второе") == ["первое", "второе"]
    assert split_items("Организация работы пар: - встреча; - итог") == ["Организация работы пар: - встреча; - итог"]
    assert split_items("") == []


@pytest.mark.parametrize(
    ("text", "role", "external"),
    [
        ("Куратор", Role.CURATOR, False),
        ("Руководитель ОО", Role.DIRECTOR, False),
        ("Директор", Role.DIRECTOR, False),
        ("Заведующий", Role.DIRECTOR, False),
        ("Заместитель директора по УВР", "", False),
        ("Руководитель методического объединения", Role.METHODICAL_COUNCIL, False),
        ("Наставники", Role.MENTOR, False),
        ("Классные руководители", "", False),
        ("Управление образования", "", True),
    ],
)
def test_responsible_parties(text, role, external):
    reading = parse_responsible(text)
    assert (reading.role, reading.external, reading.text) == (role, external, text)


def test_a_municipal_office_can_map_the_parties_its_own_way():
    """Issue 20: the office passes its own map; heads of schools are then not its director."""
    reading = parse_responsible("Руководители ОО", roles={"education_office": Role.CURATOR})
    assert reading.role == "" and reading.parties == ("school_heads",)
    assert parse_responsible("Управление образования", roles={"education_office": Role.CURATOR}).role == Role.CURATOR


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Приказ «Об организации наставничества»", ("order", "organisation")),
        ("Приказ о закреплении наставнических пар", ("order", "pairing")),
        ("Приказ о поощрении участников", ("order", "reward")),
        ("Положение о наставничестве", ("regulation", "")),
        ("База наставляемых", ("register", "")),
        ("Анкеты удовлетворенности", ("questionnaire", "")),
        ("Отчет по итогам программы", ("report", "")),
        ("Согласование (в рамках компетенции)", ("other", "")),
        ("", ("", "")),
    ],
)
def test_result_documents(text, kinds):
    assert document_kind(text) == kinds


# --- Broken files ---------------------------------------------------------------------------------------------------


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<a>" + " " * 20_000_000 + "</a>")
    return out.getvalue()


def _docx_without_table() -> bytes:
    document = docx.Document()
    document.add_paragraph("Дорожная карта будет позже")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx_of(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BROKEN = [
    (b"not a zip at all", "roadmap.docx", "повреждён"),
    (b"PK\x03\x04garbage", "roadmap.xlsx", "повреждён"),
    (build_docx("kirov"), "roadmap.xlsx", "не удалось прочитать"),
    (b"", "roadmap.docx", "пустой"),
    (b"\x00\x01", "roadmap.pdf", "Загрузите файл .docx, .xlsx или .csv"),
    (b"x" * (reader.MAX_UPLOAD_BYTES + 1), "roadmap.csv", "больше 5 МБ"),
    (_zip_bomb(), "roadmap.docx", "слишком большой объём"),
    (("Мероприятие;Срок\n" + "a;b\n" * (reader.MAX_ROWS + 5)).encode(), "roadmap.csv", "больше 2000 строк"),
    (";".join(["x"] * 40).encode(), "roadmap.csv", "больше 30 столбцов"),
    ("Мероприятие;Срок\nа;б".encode("utf-16"), "roadmap.csv", "CSV"),
]


@pytest.mark.parametrize(("data", "filename", "message"), BROKEN)
def test_broken_files_are_refused_in_russian(data, filename, message):
    with translation.override("ru"), pytest.raises(ImportRefused) as refused:
        build_draft(read_document(data, filename))
    assert message in str(refused.value)
    assert not str(refused.value).isascii()


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (_docx_without_table(), "roadmap.docx"),
        (_xlsx_of([["Фамилия", "Имя"], ["Иванов", "Иван"]]), "roadmap.xlsx"),
        ("Фамилия;Имя\nИванов;Иван".encode(), "roadmap.csv"),
    ],
)
def test_files_without_a_roadmap_table_are_refused(data, filename):
    with translation.override("ru"), pytest.raises(ImportRefused) as refused:
        build_draft(read_document(data, filename))
    assert str(refused.value) in (
        "В файле нет таблицы.",
        ("Не найдена таблица с заголовками дорожной карты (мероприятие и срок, ответственный или результат)."),
    )


def test_too_many_activities_are_refused():
    rows = "Мероприятие;Срок\n" + "Встреча;май\n" * 950
    with translation.override("ru"), pytest.raises(ImportRefused, match="больше 900 мероприятий"):
        build_draft(read_document(rows.encode(), "roadmap.csv"))


VOCABULARY = [
    "",
    "",
    "",
    "1.",
    "2.1.",
    "5.1.1.",
    "1-й этап. Подготовка",
    "- пункт",
    "• пункт\n• ещё",
    "май",
    "до 15.11.2020",
    "в течение года",
    "Куратор",
    "Приказ",
    "и продолжение",
    "7",
    "№ п/п",
    "Срок",
]


@pytest.mark.parametrize("seed", range(40))
def test_any_table_reads_or_is_refused(seed):
    """Random tables under real headings never raise anything but ImportRefused."""
    import random

    rng = random.Random(seed)
    width = rng.randint(1, 7)
    headings = ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат", "Наименование этапа", "Вид документа"]
    rows = [rng.sample(headings, width)]
    rows += [[rng.choice(VOCABULARY) for _ in range(width)] for _ in range(rng.randint(0, 30))]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    try:
        draft = build_draft(read_document(out.getvalue(), "random.xlsx"))
    except ImportRefused:
        return
    assert all(item["all_problems"] is not None for stage in evaluate(draft, 2026) for item in stage["items"])


def test_other_spellings_numbering_without_dots_and_lists_in_a_cell():
    rows = [
        [
            "№",
            "Содержание деятельности и примерный план мероприятий",
            "Сроки проведения",
            "Ответственный",
            "Результат",
            "Вид документа",
        ],
        ["1", "Подготовка", None, None, None, None],
        [
            "1.1",
            "• Приказ о наставничестве\n• Положение о наставничестве",
            "ежемесячно",
            "Заместитель директора по УВР",
            "Утверждены",
            "Приказ об организации наставничества",
        ],
        ["2", "Работа пар", None, None, None, None],
        [
            "2.1",
            "1. Встреча-знакомство\n2. Итоговая встреча",
            "третья декада мая",
            "Наставники, классные руководители",
            "Проведены",
            "Протоколы",
        ],
    ]
    stages = evaluate(build_draft(read_document(_xlsx_of(rows), "plan.xlsx")), 2026)
    assert [s["title"] for s in stages] == ["Подготовка", "Работа пар"]
    first, second = stages[0]["items"], stages[1]["items"]
    assert [i["title"] for i in first] == ["Приказ о наставничестве", "Положение о наставничестве"]
    assert [i["title"] for i in second] == ["Встреча-знакомство", "Итоговая встреча"]
    assert first[0]["result"] == "Утверждены. Приказ об организации наставничества"
    assert (first[0]["document_type"], first[0]["order_type"]) == ("order", "organisation")
    assert first[0]["reading"].recurrence == "monthly"
    assert first[0]["responsible_reading"].role == "" and first[0]["responsible_reading"].parties == (
        "deputy_director",
    )
    assert second[0]["responsible_reading"].role == Role.MENTOR
    assert (second[1]["reading"].start.isoformat(), second[1]["reading"].end.isoformat()) == (
        "2027-05-21",
        "2027-05-31",
    )
