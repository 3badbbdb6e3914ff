"""The interface agrees with a person's gender, and the curator can correct the grammar on the card."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from mentoring.models import Person
from tests import factories


def _new_person(client, **fields):
    data = {"category": "teacher", "first_name": "", "patronymic": "", "gender": "", **fields}
    response = client.post(reverse("mentoring:person_new"), data)
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def test_adding_a_woman_says_added_and_her_consent(client, curator, year):
    client.force_login(curator)
    response, messages = _new_person(client, last_name="Кузнецова", first_name="Марина", patronymic="Петровна")
    assert response.status_code == 302
    assert messages == [
        "Участница Кузнецова Марина Петровна добавлена. Теперь внесите её согласие на обработку персональных данных."
    ]


def test_adding_a_man_and_someone_of_unknown_gender(client, curator, year):
    client.force_login(curator)
    _response, messages = _new_person(client, last_name="Кузнецов", first_name="Марк", patronymic="Петрович")
    assert "Участник Кузнецов Марк Петрович добавлен. Теперь внесите его согласие" in messages[0]
    _response, messages = _new_person(client, last_name="Шевчук", first_name="Саша")
    assert "добавлен(а)" in messages[-1] and "его" not in messages[-1]


def test_a_girl_is_obuchayushchayasya_on_the_card_and_in_the_list(client, curator, year):
    girl = factories.StudentFactory(last_name="Шевчук", first_name="Анна", patronymic="Тарасовна")
    boy = factories.StudentFactory(last_name="Шевчук", first_name="Тарас", patronymic="Тарасович")
    client.force_login(curator)
    card = client.get(reverse("mentoring:person_detail", args=[girl.pk])).content.decode()
    assert "Обучающаяся" in card and "Не включена ни в одну базу." in card
    card = client.get(reverse("mentoring:person_detail", args=[boy.pk])).content.decode()
    assert "Обучающийся" in card and "Обучающаяся" not in card


def test_the_curator_sets_gender_and_forms_of_the_name_on_the_card(client, curator, year):
    person = factories.PersonFactory(last_name="Шевчук", first_name="Саша", patronymic="", position="учитель")
    client.force_login(curator)
    data = {
        "last_name": "Шевчук",
        "first_name": "Саша",
        "category": "teacher",
        "position": "учитель",
        "gender": "m",
        "name_dat": "Шевчуку Саше",
    }
    response = client.post(reverse("mentoring:person_edit", args=[person.pk]), data)
    assert response.status_code == 302
    person = Person.objects.get(pk=person.pk)
    assert person.gender == "m" and person.name_cases == {"dat": "Шевчуку Саше"}


# The service's error ends the request's outermost transaction, as in production: a real transaction here.
@pytest.mark.django_db(transaction=True)
def test_a_form_of_the_name_with_the_wrong_number_of_words_is_refused(client, curator, year):
    person = factories.PersonFactory(last_name="Ким", first_name="Анна", patronymic="Сергеевна")
    client.force_login(curator)
    data = {"last_name": "Ким", "first_name": "Анна", "patronymic": "Сергеевна", "category": "teacher"}
    response = client.post(reverse("mentoring:person_edit", args=[person.pk]), {**data, "name_gen": "Ким Анны"})
    assert response.status_code == 200
    assert "Запишите каждую форму ФИО полностью: 3 слова" in response.content.decode()
    assert Person.objects.get(pk=person.pk).name_cases == {}
