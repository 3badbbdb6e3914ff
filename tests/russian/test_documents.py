"""Orders and consent forms name people in the right case, checked in the PDF text (issue 15 §1, quality bars)."""

import io
import re

import pytest
from pypdf import PdfReader

from reports.pdf import html_to_pdf, render_html
from reports.selectors import consent_form_document_context, order_document_context
from reports.services import order_create
from tests import factories


def pdf_words(data: bytes) -> str:
    """The PDF's text with whitespace (line breaks, non-breaking spaces) normalised to single spaces; a line
    broken after the hyphen of a double surname («Римскому-⏎Корсакову») is joined again."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return re.sub(r"(?<=[а-яё])- (?=[А-ЯЁ])", "-", text)


def order_pdf_text(order) -> str:
    return pdf_words(html_to_pdf(render_html("documents/order.html", order_document_context(order))))


@pytest.fixture(autouse=True)
def _school(db):
    factories.OrganisationFactory(director_name="С. И. Петров", director_position="Директор")


@pytest.mark.parametrize(
    ("name", "position", "appointed", "charged"),
    [
        (
            ("Смирнова", "Ольга", "Владимировна"),
            "заместитель директора по УВР",
            "Смирнову О. В., заместителя директора по УВР",
            "Смирновой О. В.",
        ),
        (("Шевчук", "Анна", "Ильинична"), "учитель математики", "Шевчук А. И., учителя математики", "Шевчук А. И."),
        (("Шевчук", "Тарас", "Кузьмич"), "старший воспитатель", "Шевчука Т. К., старшего воспитателя", "Шевчуку Т. К."),
        (("Дурново", "Иван", "Петрович"), "педагог-психолог", "Дурново И. П., педагога-психолога", "Дурново И. П."),
    ],
)
def test_organisation_order_appoints_in_the_accusative_and_charges_in_the_dative(
    year, curator, name, position, appointed, charged
):
    last, first, middle = name
    person = factories.PersonFactory(last_name=last, first_name=first, patronymic=middle, position=position)
    order = order_create(year=year, order_type="organisation", created_by=curator, appointee=person)
    text = order_pdf_text(order)
    assert f"Назначить куратором внедрения целевой модели наставничества {appointed}." in text
    assert f"Поручить куратору {charged} сформировать базы наставников и наставляемых" in text
    assert person.full_name in text  # «С приказом ознакомлены» keeps the nominative


def test_reward_order_thanks_people_in_the_dative(year, curator):
    woman = factories.PersonFactory(
        last_name="Петрова-Водкина", first_name="Мария", patronymic="Петровна", position="учитель музыки"
    )
    man = factories.PersonFactory(
        last_name="Римский-Корсаков",
        first_name="Николай",
        patronymic="Андреевич",
        position="педагог дополнительного образования",
    )
    pupil = factories.StudentFactory(last_name="Ильина", first_name="Вера", patronymic="Ильинична", grade="9А")
    order = order_create(
        year=year,
        order_type="reward",
        created_by=curator,
        people=[(woman, "Благодарность директора"), (man, ""), (pupil, "Благодарность")],
    )
    text = order_pdf_text(order)
    assert (
        "Объявить благодарность за активное участие в наставнической деятельности и достигнутые результаты: "
        "Петровой-Водкиной М. П., учителю музыки; Римскому-Корсакову Н. А., педагогу дополнительного образования; "
        "Ильиной В. И., обучающейся 9А класса."
    ) in text


def test_reward_order_keeps_other_rewards_in_the_annex(year, curator):
    person = factories.PersonFactory(last_name="Наградова", first_name="Ольга", patronymic="Ильинична")
    order = order_create(year=year, order_type="reward", created_by=curator, people=[(person, "Почётная грамота")])
    assert "Поощрить участников наставнической деятельности согласно приложению." in order.body
    assert "Объявить благодарность" not in order.body


def test_final_event_order_names_the_responsible_in_the_accusative(year, curator):
    woman = factories.PersonFactory(last_name="Шевчук", first_name="Анна", patronymic="Ильинична", position="методист")
    man = factories.PersonFactory(last_name="Алиев", first_name="Рашид", patronymic="Мамед оглы", position="учитель")
    order = order_create(year=year, order_type="final_event", created_by=curator, people=[(woman, ""), (man, "")])
    text = order_pdf_text(order)
    assert (
        "Назначить ответственными за подготовку и проведение мероприятия: Шевчук А. И., методиста; "
        "Алиева Р. М., учителя."
    ) in text


def test_the_cards_override_reaches_the_order(year, curator):
    person = factories.PersonFactory(
        last_name="Ким", first_name="Анна", patronymic="Сергеевна", position="учитель", surname_indeclinable=True
    )
    order = order_create(year=year, order_type="organisation", created_by=curator, appointee=person)
    assert "наставничества Ким А. С., учителя." in order.body


def consent_text(person) -> str:
    context = consent_form_document_context(person.pk)
    return pdf_words(html_to_pdf(render_html("documents/consent_forms.html", context)))


def test_consent_form_is_addressed_to_the_director_in_the_dative_from_the_adult(db):
    teacher = factories.PersonFactory(last_name="Иванова", first_name="Мария", patronymic="Петровна")
    text = consent_text(teacher)
    assert "Директору МБОУ СШ № 1 С. И. Петрову" in text
    assert "от Ивановой Марии Петровны" in text
    assert "зарегистрированная по адресу" in text


def test_consent_form_of_a_girl_agrees_with_her_and_comes_from_her_parent(db):
    pupil = factories.StudentFactory(last_name="Шевчук", first_name="Анна", patronymic="Тарасовна", grade="7Б")
    text = consent_text(pupil)
    assert "от Петровой Анны Сергеевны" in text  # the representative, in the genitive
    assert "действующая на основании" in text and "зарегистрированная по адресу" in text  # she is the mother
    assert "являясь законным представителем несовершеннолетней" in text
    assert "Шевчук Анна Тарасовна, обучающаяся 7Б класса" in text


def test_consent_form_of_a_boy(db):
    pupil = factories.StudentFactory(last_name="Шевчук", first_name="Тарас", patronymic="Тарасович", grade="5А")
    text = consent_text(pupil)
    assert "являясь законным представителем несовершеннолетнего" in text
    assert "Шевчук Тарас Тарасович, обучающийся 5А класса" in text
