import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _school(organisation, year):
    """Every document prints the school's requisites; every order belongs to the current year."""


@pytest.fixture
def curator_person(curator):
    person = factories.PersonFactory(
        last_name="Кураторова", first_name="Мария", patronymic="Петровна", position="заместитель директора"
    )
    person.user = curator
    person.save(update_fields=["user"])
    return person
